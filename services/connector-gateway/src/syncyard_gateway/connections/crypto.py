"""AES-256-GCM encryption of connection credentials with key ids for rotation."""

import base64
import binascii
import os
import uuid
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12  # 96-bit random nonce, the size GCM is specified for
KEY_BYTES = 32


class InvalidKeys(ValueError):
    """SYNCYARD_CREDENTIAL_KEYS is missing or malformed."""


class CredentialsUndecryptable(Exception):
    """Ciphertext, key id or AAD do not match: tampered, swapped between rows, or key removed."""


@dataclass(frozen=True)
class KeyRing:
    """Ordered keys: ``active_key_id`` encrypts, any known key decrypts."""

    active_key_id: str
    keys: dict[str, bytes]

    @classmethod
    def parse(cls, text: str) -> "KeyRing":
        """Parse ``key_id:base64key,key_id:base64key`` (first = active)."""
        keys: dict[str, bytes] = {}
        order: list[str] = []
        for item in (part.strip() for part in text.split(",")):
            if not item:
                continue
            key_id, separator, encoded = item.partition(":")
            key_id = key_id.strip()
            if not separator or not key_id:
                raise InvalidKeys("each credential key must look like 'key_id:base64key'")
            if key_id in keys:
                raise InvalidKeys(f"credential key id {key_id!r} appears twice")
            try:
                key = base64.b64decode(encoded.strip(), validate=True)
            except binascii.Error:
                raise InvalidKeys(f"credential key {key_id!r} is not valid base64") from None
            if len(key) != KEY_BYTES:
                raise InvalidKeys(f"credential key {key_id!r} must be {KEY_BYTES} bytes")
            keys[key_id] = key
            order.append(key_id)
        if not order:
            raise InvalidKeys("SYNCYARD_CREDENTIAL_KEYS is empty")
        return cls(active_key_id=order[0], keys=keys)

    def __repr__(self) -> str:  # never show key material
        return f"KeyRing(active_key_id={self.active_key_id!r}, key_ids={list(self.keys)!r})"


@dataclass(frozen=True)
class Sealed:
    key_id: str
    ciphertext: bytes  # nonce || ciphertext || tag


def aad_for(*, tenant_id: uuid.UUID, connection_id: uuid.UUID) -> bytes:
    """Additional data binding a ciphertext to its row, so swapped rows fail to decrypt."""
    return f"{tenant_id}|{connection_id}".encode()


def encrypt(keyring: KeyRing, plaintext: bytes, *, aad: bytes) -> Sealed:
    """Encrypt with the active key and a fresh random nonce."""
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(keyring.keys[keyring.active_key_id]).encrypt(nonce, plaintext, aad)
    return Sealed(key_id=keyring.active_key_id, ciphertext=nonce + sealed)


def decrypt(keyring: KeyRing, sealed: Sealed, *, aad: bytes) -> bytes:
    """Decrypt with the key the ciphertext names; raises CredentialsUndecryptable."""
    key = keyring.keys.get(sealed.key_id)
    if key is None:
        raise CredentialsUndecryptable(f"credential key {sealed.key_id!r} is not configured")
    nonce, body = sealed.ciphertext[:NONCE_BYTES], sealed.ciphertext[NONCE_BYTES:]
    try:
        return AESGCM(key).decrypt(nonce, body, aad)
    except InvalidTag:
        raise CredentialsUndecryptable("credentials failed their integrity check") from None


def reencrypt(keyring: KeyRing, sealed: Sealed, *, aad: bytes) -> Sealed:
    """Rotation: decrypt with whichever key sealed it, encrypt with the active key."""
    if sealed.key_id == keyring.active_key_id:
        return sealed
    return encrypt(keyring, decrypt(keyring, sealed, aad=aad), aad=aad)


def generate_key() -> str:
    """A fresh base64 key for SYNCYARD_CREDENTIAL_KEYS."""
    return base64.b64encode(os.urandom(KEY_BYTES)).decode()
