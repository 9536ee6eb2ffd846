"""The TLS trust store every outgoing HTTPS call verifies against, loaded once per process.

httpx builds a fresh SSLContext, and loads the whole CA bundle into it, for every client or
transport made without ``verify=``: about 26 ms of CPU each. Pass ``verify=trust_store()``.
"""

import functools
import ssl

import httpx


@functools.cache
def trust_store() -> ssl.SSLContext:
    """httpx's own default context (SSL_CERT_FILE / SSL_CERT_DIR, else certifi), built once.

    An SSLContext may be shared by clients, threads and event loops; nobody may change it."""
    return httpx.create_ssl_context()
