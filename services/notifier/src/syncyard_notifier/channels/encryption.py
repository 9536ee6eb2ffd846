"""AES-256-GCM for webhook signing secrets at rest, bound to their tenant and channel.

Stored form: ``key_id (1 byte) | nonce (12 bytes) | ciphertext+tag``. The associated data is
``tenant_id|channel_id|signing_secret`` so a ciphertext copied onto another row fails to
decrypt. The key comes from ``SYNCYARD_NOTIFIER_SECRET_KEY``; in development and test, when
it is unset, a key is derived from the JWT secret (production refuses to start without it).
"""

import base64
import hashlib
import os
import uuid

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from syncyard_notifier.settings import NotifierSettings

KEY_ID = 1
_NONCE_BYTES = 12


class SecretUnreadable(ValueError):
    """A stored secret that does not decrypt with the configured key."""


def key_from_settings(settings: NotifierSettings) -> bytes:
    """The 32-byte key: configured, or derived from the JWT secret outside production."""
    if settings.notifier_secret_key is not None:
        key = base64.b64decode(settings.notifier_secret_key.get_secret_value(), validate=True)
        if len(key) != 32:
            raise ValueError("SYNCYARD_NOTIFIER_SECRET_KEY must be base64 of 32 bytes")
        return key
    seed = settings.jwt_secret.get_secret_value().encode()
    return hashlib.sha256(b"syncyard-notifier-secret-key|" + seed).digest()


def _associated_data(tenant_id: uuid.UUID, channel_id: uuid.UUID) -> bytes:
    return f"{tenant_id}|{channel_id}|signing_secret".encode()


def seal(*, key: bytes, tenant_id: uuid.UUID, channel_id: uuid.UUID, secret: str) -> bytes:
    """Encrypt one signing secret for one channel."""
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, secret.encode(), _associated_data(tenant_id, channel_id))
    return bytes([KEY_ID]) + nonce + sealed


def open_sealed(*, key: bytes, tenant_id: uuid.UUID, channel_id: uuid.UUID, sealed: bytes) -> str:
    """Decrypt what ``seal`` produced for the same tenant and channel."""
    if len(sealed) < 1 + _NONCE_BYTES or sealed[0] != KEY_ID:
        raise SecretUnreadable("unknown key id")
    nonce, ciphertext = sealed[1 : 1 + _NONCE_BYTES], sealed[1 + _NONCE_BYTES :]
    try:
        plain = AESGCM(key).decrypt(nonce, ciphertext, _associated_data(tenant_id, channel_id))
    except InvalidTag as exc:
        raise SecretUnreadable("the stored secret does not decrypt") from exc
    return plain.decode()
