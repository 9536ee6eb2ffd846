"""Street functions and fallbacks: $splitStreet, $joinStreet, $default."""

import pytest

from syncyard_mapper.engine.functions import presence, streets


class TestSplitStreet:
    @pytest.mark.parametrize(
        ("line", "street", "number", "suffix"),
        [
            ("Keizersgracht 123a", "Keizersgracht", "123", "a"),
            ("Keizersgracht 123 A", "Keizersgracht", "123", "A"),
            ("Keizersgracht 123-2", "Keizersgracht", "123", "2"),
            ("Laan van Meerdervoort 7 bis", "Laan van Meerdervoort", "7", "bis"),
            ("Plein 1944 12", "Plein 1944", "12", None),
            ("Hauptstraße 5/2", "Hauptstraße", "5", "2"),
            ("Main Street 12a", "Main Street", "12", "a"),
            ("12 Main St", "Main St", "12", None),
            ("221B Baker Street", "Baker Street", "221", "B"),
            ("12, rue de Rivoli", "rue de Rivoli", "12", None),
            ("  Keizersgracht   123a ", "Keizersgracht", "123", "a"),
        ],
    )
    def test_splits_common_european_and_english_shapes(
        self, line: str, street: str, number: str, suffix: str | None
    ) -> None:
        assert streets.split_street(line) == {
            "street": street,
            "house_number": number,
            "suffix": suffix,
        }

    def test_keeps_a_line_without_a_number_as_the_street(self) -> None:
        assert streets.split_street("Postbus") == {
            "street": "Postbus",
            "house_number": None,
            "suffix": None,
        }

    def test_missing_line_is_undefined(self) -> None:
        assert streets.split_street(None) is None
        assert streets.split_street("") is None


class TestJoinStreet:
    @pytest.mark.parametrize(
        ("parts", "line"),
        [
            (("Keizersgracht", "123", "a"), "Keizersgracht 123a"),
            (("Keizersgracht", "123", "2"), "Keizersgracht 123-2"),
            (("Laan", "7", "bis"), "Laan 7 bis"),
            (("Laan", "7", "hs 2"), "Laan 7 hs 2"),
            (("Keizersgracht", "123", None), "Keizersgracht 123"),
            (("Keizersgracht", None, None), "Keizersgracht"),
            ((None, None, None), None),
        ],
    )
    def test_joins_street_number_and_suffix(
        self, parts: tuple[str | None, str | None, str | None], line: str | None
    ) -> None:
        assert streets.join_street(*parts) == line

    def test_round_trips_a_split_line(self) -> None:
        split = streets.split_street("Keizersgracht 123a")
        assert split is not None
        joined = streets.join_street(split["street"], split["house_number"], split["suffix"])
        assert joined == "Keizersgracht 123a"


class TestDefault:
    @pytest.mark.parametrize("missing", [None, "", []])
    def test_falls_back_when_the_value_is_missing(self, missing: object) -> None:
        assert presence.default(missing, "fallback") == "fallback"

    @pytest.mark.parametrize("value", ["x", 0, False, {"a": 1}])
    def test_keeps_a_present_value(self, value: object) -> None:
        assert presence.default(value, "fallback") == value
