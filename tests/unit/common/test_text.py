"""The text rule: what no store can hold is cleaned (shop data) or found (REST input)."""

import json

from hypothesis import given
from hypothesis import strategies as st

from syncyard_common.web import text

# Any code point, surrogates included: what json.loads makes of "\ud800" or "\u0000".
ANY_TEXT = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF))
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=20,
)


def _storable_everywhere(value: str) -> bool:
    """PostgreSQL text/jsonb takes it (UTF-8, no NUL) and XML 1.0 does too."""
    value.encode("utf-8")  # raises on a lone surrogate
    return all(
        ch in "\t\n\r" or (ord(ch) >= 0x20 and ord(ch) not in (0xFFFE, 0xFFFF)) for ch in value
    )


class TestCleanText:
    @given(ANY_TEXT)
    def test_never_raises_and_leaves_only_storable_text(self, value: str) -> None:
        assert _storable_everywhere(text.clean_text(value))

    @given(ANY_TEXT)
    def test_is_idempotent(self, value: str) -> None:
        once = text.clean_text(value)
        assert text.clean_text(once) == once

    @given(st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs", "Co", "Cn"))))
    def test_keeps_ordinary_text_as_it_is(self, value: str) -> None:
        assert text.clean_text(value) == value

    def test_removes_nul_and_controls_and_replaces_lone_surrogates(self) -> None:
        assert text.clean_text("Jan\x00 de\x07 Vries\ud800") == "Jan de Vries\ufffd"
        assert text.clean_text("tab\tline\nreturn\r") == "tab\tline\nreturn\r"

    def test_keeps_rtl_and_emoji(self) -> None:
        hebrew, arabic = "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627"
        value = f"\u202e{hebrew} {arabic} \U0001f9c2\U0001f469\u200d\U0001f467"
        assert text.clean_text(value) == value


class TestCleanJson:
    @given(JSON_VALUES)
    def test_every_string_and_key_ends_storable(self, value: object) -> None:
        cleaned = text.clean_json(value)
        dumped = json.dumps(cleaned, ensure_ascii=False)
        assert _storable_everywhere(dumped.replace("\\u0000", "?"))
        assert "\\u0000" not in json.dumps(cleaned)
        assert text.clean_json(cleaned) == cleaned

    @given(JSON_VALUES)
    def test_the_raw_scan_never_misses_what_cleaning_would_change(self, value: object) -> None:
        raw = json.dumps(value).encode()  # escapes: \u0000, \ud800, \b ...
        if text.clean(json.loads(raw)) != json.loads(raw):
            assert text.may_need_cleaning(raw)


class TestFirstUnstorable:
    def test_names_the_path_of_the_first_bad_value_or_key(self) -> None:
        body = {"name": "ok", "lines": [{"title": "fine"}, {"title": "bad\x00"}]}
        assert text.first_unstorable(body) == ("lines", 1, "title")
        assert text.first_unstorable({"settings": {"k\ud800": 1}}) == ("settings", "k\ud800")
        assert text.first_unstorable({"name": "ok \u202e🧂\t\n"}) is None
        assert text.first_unstorable({"note": "bell \x07"}) == ("note",)
