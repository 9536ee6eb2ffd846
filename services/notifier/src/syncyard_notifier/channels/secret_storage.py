"""How a webhook channel's signing secret is stored: sealed with ``syncyard_common.sealing``,
bound to its tenant and channel.

Stored form (unchanged since the first release): ``key_id (1 byte) | nonce (12 bytes) |
ciphertext+tag``. The associated data is ``tenant_id|channel_id|signing_secret`` so a
ciphertext copied onto another row fails to decrypt. The key comes from
``SYNCYARD_NOTIFIER_SECRET_KEY``; in development and test, when it is unset, a key is derived
from the JWT secret (production refuses to start without it).
"""

import hashlib
import uuid

from syncyard_common import sealing
from syncyard_notifier.settings import NotifierSettings

KEY_ID = 1  # the one key id there is: the stored byte that names the key


class SecretUnreadable(ValueError):
    """A stored secret that does not decrypt with the configured key."""


def key_from_settings(settings: NotifierSettings) -> bytes:
    """The 32-byte key: configured, or derived from the JWT secret outside production."""
    if settings.notifier_secret_key is not None:
        return sealing.decode_key(  # InvalidKeys, a ValueError, when it is not 32 bytes
            settings.notifier_secret_key.get_secret_value(), name="SYNCYARD_NOTIFIER_SECRET_KEY"
        )
    seed = settings.jwt_secret.get_secret_value().encode()
    return hashlib.sha256(b"syncyard-notifier-secret-key|" + seed).digest()


def _keyring(key: bytes) -> sealing.KeyRing:
    return sealing.KeyRing.single(str(KEY_ID), key)


def _associated_data(tenant_id: uuid.UUID, channel_id: uuid.UUID) -> bytes:
    return f"{tenant_id}|{channel_id}|signing_secret".encode()


def seal(*, key: bytes, tenant_id: uuid.UUID, channel_id: uuid.UUID, secret: str) -> bytes:
    """Encrypt one signing secret for one channel."""
    aad = _associated_data(tenant_id, channel_id)
    sealed = sealing.seal(_keyring(key), secret.encode(), aad=aad)
    return bytes([KEY_ID]) + sealed.ciphertext


def open_sealed(*, key: bytes, tenant_id: uuid.UUID, channel_id: uuid.UUID, sealed: bytes) -> str:
    """Decrypt what ``seal`` produced for the same tenant and channel."""
    if len(sealed) < 1 + sealing.NONCE_BYTES or sealed[0] != KEY_ID:
        raise SecretUnreadable("unknown key id")
    stored = sealing.Sealed(key_id=str(KEY_ID), ciphertext=sealed[1:])
    try:
        plain = sealing.open_sealed(
            _keyring(key), stored, aad=_associated_data(tenant_id, channel_id)
        )
    except sealing.Unreadable as exc:
        raise SecretUnreadable("the stored secret does not decrypt") from exc
    return plain.decode()
