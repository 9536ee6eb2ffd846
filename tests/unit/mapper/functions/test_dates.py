"""Date functions: time zones through zoneinfo, strftime pictures."""

import pytest

from syncyard_mapper.engine.functions import dates
from syncyard_mapper.engine.functions.errors import FunctionError


class TestDates:
    def test_to_time_zone_knows_summer_and_winter_time(self) -> None:
        winter = dates.to_time_zone("2026-11-23T09:00:00Z", "Europe/Amsterdam")
        summer = dates.to_time_zone("2026-07-01T09:00:00Z", "Europe/Amsterdam")
        assert winter == "2026-11-23T10:00:00+01:00"
        assert summer == "2026-07-01T11:00:00+02:00"

    def test_to_utc_reads_a_local_time_in_the_given_zone(self) -> None:
        assert dates.to_utc("2026-11-23 10:00", "Europe/Amsterdam") == "2026-11-23T09:00:00Z"
        assert dates.to_utc("2026-11-23T10:00:00+01:00") == "2026-11-23T09:00:00Z"

    def test_format_date_in_a_zone_can_change_the_day(self) -> None:
        assert dates.format_date("2026-11-23T23:30:00Z", "%d-%m-%Y", "Europe/Amsterdam") == (
            "24-11-2026"
        )
        assert dates.format_date("2026-11-23T23:30:00Z") == "2026-11-23"

    def test_parse_date_with_a_picture(self) -> None:
        parsed = dates.parse_date("24-11-2026 10:00", "%d-%m-%Y %H:%M", "Europe/Amsterdam")
        assert parsed == "2026-11-24T10:00:00+01:00"

    def test_bad_input_names_the_problem(self) -> None:
        with pytest.raises(FunctionError, match="ISO 8601"):
            dates.format_date("yesterday")
        with pytest.raises(FunctionError, match="time zone"):
            dates.to_time_zone("2026-11-23T09:00:00Z", "Mars/Olympus")
        with pytest.raises(FunctionError, match="picture"):
            dates.parse_date("24/11", "%d-%m")
