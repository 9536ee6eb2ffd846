"""Secrets at rest: AES-256-GCM sealing with a key ring, bound to the row they belong to.

The one implementation every service stores secrets with (the gateway's connection
credentials, the notifier's webhook signing secrets). A value is sealed with the ring's
active key and a fresh 96-bit random nonce; the associated data names the row, so a
ciphertext copied onto another row does not open. Every sealed value names its key id, so
keys rotate without downtime: put the new key first, ``reseal`` what the old one sealed, then
remove the old key. How a service stores a ``Sealed`` (two columns, a one-byte prefix) is
that service's own codec.
"""

import base64
import binascii
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12  # 96-bit random nonce, the size GCM is specified for
KEY_BYTES = 32  # AES-256


class InvalidKeys(ValueError):
    """The configured keys are missing or malformed."""


class Unreadable(Exception):
    """A sealed value does not open: its key is not in the ring, or the ciphertext, key id or
    associated data changed (tampered, moved to another row)."""


@dataclass(frozen=True)
class KeyRing:
    """Ordered keys: ``active_key_id`` seals, any key of the ring opens."""

    active_key_id: str
    keys: dict[str, bytes]

    @classmethod
    def parse(cls, text: str, *, setting: str = "the key ring") -> "KeyRing":
        """Parse ``key_id:base64key,key_id:base64key`` (the first is active); ``setting`` is
        the variable the text came from, named in the errors."""
        keys: dict[str, bytes] = {}
        for item in (part.strip() for part in text.split(",")):
            if not item:
                continue
            key_id, separator, encoded = item.partition(":")
            key_id = key_id.strip()
            if not separator or not key_id:
                raise InvalidKeys(f"each key in {setting} must look like 'key_id:base64key'")
            if key_id in keys:
                raise InvalidKeys(f"key id {key_id!r} appears twice in {setting}")
            keys[key_id] = decode_key(encoded, name=f"key {key_id!r} of {setting}")
        if not keys:
            raise InvalidKeys(f"{setting} is empty")
        return cls(active_key_id=next(iter(keys)), keys=keys)

    @classmethod
    def single(cls, key_id: str, key: bytes) -> "KeyRing":
        """A ring of one key (no rotation)."""
        if len(key) != KEY_BYTES:
            raise InvalidKeys(f"a key must be {KEY_BYTES} bytes")
        return cls(active_key_id=key_id, keys={key_id: key})

    def __repr__(self) -> str:  # never show key material
        return f"KeyRing(active_key_id={self.active_key_id!r}, key_ids={list(self.keys)!r})"


@dataclass(frozen=True)
class Sealed:
    """A sealed value: the id of the key that sealed it and ``nonce || ciphertext || tag``."""

    key_id: str
    ciphertext: bytes


def decode_key(encoded: str, *, name: str) -> bytes:
    """A base64 key of ``KEY_BYTES`` bytes; raises InvalidKeys naming ``name``."""
    try:
        key = base64.b64decode(encoded.strip(), validate=True)
    except binascii.Error:
        raise InvalidKeys(f"{name} is not valid base64") from None
    if len(key) != KEY_BYTES:
        raise InvalidKeys(f"{name} must be base64 of {KEY_BYTES} bytes")
    return key


def seal(keyring: KeyRing, plaintext: bytes, *, aad: bytes) -> Sealed:
    """Seal with the active key and a fresh random nonce, bound to ``aad``."""
    nonce = os.urandom(NONCE_BYTES)
    body = AESGCM(keyring.keys[keyring.active_key_id]).encrypt(nonce, plaintext, aad)
    return Sealed(key_id=keyring.active_key_id, ciphertext=nonce + body)


def open_sealed(keyring: KeyRing, sealed: Sealed, *, aad: bytes) -> bytes:
    """The plaintext, opened with the key the sealed value names; raises Unreadable."""
    key = keyring.keys.get(sealed.key_id)
    if key is None:
        raise Unreadable(f"key {sealed.key_id!r} is not configured")
    nonce, body = sealed.ciphertext[:NONCE_BYTES], sealed.ciphertext[NONCE_BYTES:]
    try:
        return AESGCM(key).decrypt(nonce, body, aad)
    except InvalidTag:
        raise Unreadable("the sealed value failed its integrity check") from None


def reseal(keyring: KeyRing, sealed: Sealed, *, aad: bytes) -> Sealed:
    """Rotation: open with whichever key sealed it, seal again with the active key (a value
    the active key sealed is returned as it is)."""
    if sealed.key_id == keyring.active_key_id:
        return sealed
    return seal(keyring, open_sealed(keyring, sealed, aad=aad), aad=aad)


def generate_key() -> str:
    """A fresh random key, base64-encoded, for a key ring's configuration."""
    return base64.b64encode(os.urandom(KEY_BYTES)).decode()
