"""Credential encryption: AES-256-GCM round trip, integrity, row binding and key rotation."""

import base64
import uuid

import pytest

from syncyard_gateway.connections import crypto

TENANT = uuid.UUID("00000000-0000-4000-8000-000000000001")
CONNECTION = uuid.UUID("00000000-0000-4000-8000-0000000000c1")
AAD = crypto.aad_for(tenant_id=TENANT, connection_id=CONNECTION)
SECRET = b'{"secret": "s3cr3t-value"}'


def keyring(*key_ids: str, keys: dict[str, str] | None = None) -> crypto.KeyRing:
    keys = keys or {}
    text = ",".join(f"{key_id}:{keys.get(key_id) or crypto.generate_key()}" for key_id in key_ids)
    return crypto.KeyRing.parse(text)


class TestKeyRing:
    def test_first_key_is_active(self) -> None:
        ring = keyring("2026-11", "2026-05")
        assert ring.active_key_id == "2026-11"
        assert set(ring.keys) == {"2026-11", "2026-05"}

    @pytest.mark.parametrize(
        "text",
        [
            "",
            " , ",
            "no-separator",
            ":" + base64.b64encode(b"k" * 32).decode(),
            "k1:not base64!!",
            "k1:" + base64.b64encode(b"short").decode(),
            "k1:{0},k1:{0}".format(base64.b64encode(b"k" * 32).decode()),
        ],
    )
    def test_refuses_missing_or_malformed_keys(self, text: str) -> None:
        with pytest.raises(crypto.InvalidKeys):
            crypto.KeyRing.parse(text)

    def test_repr_shows_no_key_material(self) -> None:
        key = crypto.generate_key()
        ring = crypto.KeyRing.parse(f"k1:{key}")
        assert key not in repr(ring)
        assert "k1" in repr(ring)


class TestEncryption:
    def test_round_trip(self) -> None:
        ring = keyring("k1")
        sealed = crypto.encrypt(ring, SECRET, aad=AAD)
        assert sealed.key_id == "k1"
        assert SECRET not in sealed.ciphertext
        assert crypto.decrypt(ring, sealed, aad=AAD) == SECRET

    def test_every_encryption_uses_a_fresh_nonce(self) -> None:
        ring = keyring("k1")
        first = crypto.encrypt(ring, SECRET, aad=AAD)
        second = crypto.encrypt(ring, SECRET, aad=AAD)
        assert first.ciphertext[: crypto.NONCE_BYTES] != second.ciphertext[: crypto.NONCE_BYTES]
        assert first.ciphertext != second.ciphertext

    @pytest.mark.parametrize("position", [0, crypto.NONCE_BYTES, -1])
    def test_tampered_ciphertext_fails(self, position: int) -> None:
        ring = keyring("k1")
        sealed = crypto.encrypt(ring, SECRET, aad=AAD)
        flipped = bytearray(sealed.ciphertext)
        flipped[position] ^= 0x01
        with pytest.raises(crypto.CredentialsUndecryptable):
            crypto.decrypt(ring, crypto.Sealed(sealed.key_id, bytes(flipped)), aad=AAD)

    def test_ciphertext_moved_to_another_connection_fails(self) -> None:
        ring = keyring("k1")
        sealed = crypto.encrypt(ring, SECRET, aad=AAD)
        other_connection = crypto.aad_for(tenant_id=TENANT, connection_id=uuid.uuid4())
        other_tenant = crypto.aad_for(tenant_id=uuid.uuid4(), connection_id=CONNECTION)
        for aad in (other_connection, other_tenant):
            with pytest.raises(crypto.CredentialsUndecryptable):
                crypto.decrypt(ring, sealed, aad=aad)

    def test_wrong_key_under_the_same_id_fails(self) -> None:
        sealed = crypto.encrypt(keyring("k1"), SECRET, aad=AAD)
        with pytest.raises(crypto.CredentialsUndecryptable):
            crypto.decrypt(keyring("k1"), sealed, aad=AAD)


class TestRotation:
    def test_old_ciphertext_decrypts_after_a_new_key_is_added(self) -> None:
        old_key, new_key = crypto.generate_key(), crypto.generate_key()
        before = keyring("old", keys={"old": old_key})
        sealed = crypto.encrypt(before, SECRET, aad=AAD)
        after = keyring("new", "old", keys={"old": old_key, "new": new_key})
        assert crypto.decrypt(after, sealed, aad=AAD) == SECRET

    def test_reencrypt_moves_to_the_active_key_and_survives_removing_the_old_one(self) -> None:
        old_key, new_key = crypto.generate_key(), crypto.generate_key()
        sealed = crypto.encrypt(keyring("old", keys={"old": old_key}), SECRET, aad=AAD)
        both = keyring("new", "old", keys={"old": old_key, "new": new_key})
        rewrapped = crypto.reencrypt(both, sealed, aad=AAD)
        assert rewrapped.key_id == "new"
        only_new = keyring("new", keys={"new": new_key})
        assert crypto.decrypt(only_new, rewrapped, aad=AAD) == SECRET
        with pytest.raises(crypto.CredentialsUndecryptable):
            crypto.decrypt(only_new, sealed, aad=AAD)

    def test_reencrypt_leaves_current_ciphertext_alone(self) -> None:
        ring = keyring("k1")
        sealed = crypto.encrypt(ring, SECRET, aad=AAD)
        assert crypto.reencrypt(ring, sealed, aad=AAD) is sealed
