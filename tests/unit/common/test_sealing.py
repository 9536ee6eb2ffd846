"""Secrets at rest (syncyard_common.sealing): AES-256-GCM round trip, integrity, binding to
the row through the associated data, unknown key ids and key rotation."""

import base64

import pytest

from syncyard_common import sealing

AAD = b"tenant|row"
SECRET = b'{"secret": "s3cr3t-value"}'


def keyring(*key_ids: str, keys: dict[str, str] | None = None) -> sealing.KeyRing:
    keys = keys or {}
    text = ",".join(f"{key_id}:{keys.get(key_id) or sealing.generate_key()}" for key_id in key_ids)
    return sealing.KeyRing.parse(text)


def flipped(sealed: sealing.Sealed, position: int) -> sealing.Sealed:
    changed = bytearray(sealed.ciphertext)
    changed[position] ^= 0x01
    return sealing.Sealed(sealed.key_id, bytes(changed))


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
        with pytest.raises(sealing.InvalidKeys):
            sealing.KeyRing.parse(text)

    def test_errors_name_the_setting_the_keys_came_from(self) -> None:
        with pytest.raises(sealing.InvalidKeys, match="SYNCYARD_X_KEYS is empty"):
            sealing.KeyRing.parse("", setting="SYNCYARD_X_KEYS")

    def test_a_single_key_ring_takes_32_bytes_only(self) -> None:
        assert sealing.KeyRing.single("1", b"k" * 32).active_key_id == "1"
        with pytest.raises(sealing.InvalidKeys):
            sealing.KeyRing.single("1", b"k" * 16)

    def test_repr_shows_no_key_material(self) -> None:
        key = sealing.generate_key()
        ring = sealing.KeyRing.parse(f"k1:{key}")
        assert key not in repr(ring)
        assert "k1" in repr(ring)


class TestSealing:
    def test_round_trip(self) -> None:
        ring = keyring("k1")
        sealed = sealing.seal(ring, SECRET, aad=AAD)
        assert sealed.key_id == "k1"
        assert SECRET not in sealed.ciphertext
        assert sealing.open_sealed(ring, sealed, aad=AAD) == SECRET

    def test_every_seal_uses_a_fresh_nonce(self) -> None:
        ring = keyring("k1")
        first = sealing.seal(ring, SECRET, aad=AAD)
        second = sealing.seal(ring, SECRET, aad=AAD)
        nonce = sealing.NONCE_BYTES
        assert first.ciphertext[:nonce] != second.ciphertext[:nonce]
        assert first.ciphertext != second.ciphertext

    @pytest.mark.parametrize("position", [0, sealing.NONCE_BYTES, -1])
    def test_a_tampered_nonce_ciphertext_or_tag_does_not_open(self, position: int) -> None:
        ring = keyring("k1")
        sealed = sealing.seal(ring, SECRET, aad=AAD)
        with pytest.raises(sealing.Unreadable, match="integrity check"):
            sealing.open_sealed(ring, flipped(sealed, position), aad=AAD)

    def test_a_truncated_value_does_not_open(self) -> None:
        ring = keyring("k1")
        sealed = sealing.seal(ring, SECRET, aad=AAD)
        with pytest.raises(sealing.Unreadable):
            sealing.open_sealed(ring, sealing.Sealed("k1", sealed.ciphertext[:10]), aad=AAD)

    def test_other_associated_data_does_not_open(self) -> None:
        ring = keyring("k1")
        sealed = sealing.seal(ring, SECRET, aad=AAD)
        for aad in (b"tenant|other-row", b"other-tenant|row", b""):
            with pytest.raises(sealing.Unreadable):
                sealing.open_sealed(ring, sealed, aad=aad)

    def test_an_unknown_key_id_does_not_open(self) -> None:
        ring = keyring("k1")
        sealed = sealing.seal(ring, SECRET, aad=AAD)
        with pytest.raises(sealing.Unreadable, match="'gone' is not configured"):
            sealing.open_sealed(ring, sealing.Sealed("gone", sealed.ciphertext), aad=AAD)

    def test_another_key_under_the_same_id_does_not_open(self) -> None:
        sealed = sealing.seal(keyring("k1"), SECRET, aad=AAD)
        with pytest.raises(sealing.Unreadable):
            sealing.open_sealed(keyring("k1"), sealed, aad=AAD)


class TestRotation:
    def test_a_value_sealed_with_the_old_key_opens_after_a_new_key_is_added(self) -> None:
        old_key, new_key = sealing.generate_key(), sealing.generate_key()
        sealed = sealing.seal(keyring("old", keys={"old": old_key}), SECRET, aad=AAD)
        after = keyring("new", "old", keys={"old": old_key, "new": new_key})
        assert sealing.open_sealed(after, sealed, aad=AAD) == SECRET
        assert sealing.seal(after, SECRET, aad=AAD).key_id == "new"

    def test_reseal_moves_to_the_active_key_and_survives_removing_the_old_one(self) -> None:
        old_key, new_key = sealing.generate_key(), sealing.generate_key()
        sealed = sealing.seal(keyring("old", keys={"old": old_key}), SECRET, aad=AAD)
        both = keyring("new", "old", keys={"old": old_key, "new": new_key})
        resealed = sealing.reseal(both, sealed, aad=AAD)
        assert resealed.key_id == "new"
        only_new = keyring("new", keys={"new": new_key})
        assert sealing.open_sealed(only_new, resealed, aad=AAD) == SECRET
        with pytest.raises(sealing.Unreadable):
            sealing.open_sealed(only_new, sealed, aad=AAD)

    def test_reseal_leaves_a_value_of_the_active_key_alone(self) -> None:
        ring = keyring("k1")
        sealed = sealing.seal(ring, SECRET, aad=AAD)
        assert sealing.reseal(ring, sealed, aad=AAD) is sealed

    def test_reseal_refuses_a_value_no_key_opens(self) -> None:
        sealed = sealing.seal(keyring("old"), SECRET, aad=AAD)
        with pytest.raises(sealing.Unreadable):
            sealing.reseal(keyring("new", "old"), sealed, aad=AAD)
