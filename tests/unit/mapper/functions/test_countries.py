"""Country functions: ISO2, ISO3 and names in any of the three (and common local names)."""

import pytest

from syncyard_mapper.engine.functions import countries
from syncyard_mapper.engine.functions.errors import FunctionError


class TestCountries:
    @pytest.mark.parametrize("given", ["NL", "nl", "NLD", "Netherlands", "Nederland", "Holland"])
    def test_any_spelling_gives_the_codes_and_the_name(self, given: str) -> None:
        assert countries.country_iso2(given) == "NL"
        assert countries.country_iso3(given) == "NLD"
        assert countries.country_name(given) == "Netherlands"

    def test_common_names_are_preferred(self) -> None:
        assert countries.country_name("TW") == "Taiwan"
        assert countries.country_iso3("Germany") == "DEU"

    def test_unknown_country_fails_with_the_value(self) -> None:
        with pytest.raises(FunctionError, match="Atlantis"):
            countries.country_iso2("Atlantis")
        assert countries.country_iso2(None) is None
