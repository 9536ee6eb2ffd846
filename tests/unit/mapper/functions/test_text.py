"""Text functions: $titleCase, $capitalize, $collapseSpaces, $padLeft, $truncate."""

import pytest

from syncyard_mapper.engine.functions import text
from syncyard_mapper.engine.functions.errors import FunctionError


class TestText:
    def test_title_case_and_capitalize(self) -> None:
        assert text.title_case("jan de VRIES") == "Jan De Vries"
        assert text.capitalize("jan de vries") == "Jan de vries"
        assert text.title_case(None) is None

    def test_collapse_spaces(self) -> None:
        assert text.collapse_spaces("  Keizersgracht   123 ") == "Keizersgracht 123"

    def test_pad_left_makes_fixed_width_codes(self) -> None:
        assert text.pad_left(42, 6) == "000042"
        assert text.pad_left("7", 3, " ") == "  7"
        assert text.pad_left(12.0, 4) == "0012"
        with pytest.raises(FunctionError, match="width"):
            text.pad_left("7", "six")

    def test_truncate_fits_a_maximum_length(self) -> None:
        assert text.truncate("A very long name", 6) == "A very"
        assert text.truncate(None, 6) is None
        with pytest.raises(FunctionError):
            text.truncate("x", -1)
