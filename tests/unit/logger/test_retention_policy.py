"""Retention date arithmetic and daily partition names."""

from datetime import UTC, date, datetime, timedelta, timezone

from syncyard_logger.entries import partitions
from syncyard_logger.retention import policy

NOW = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)


class TestRetentionPolicy:
    def test_cutoff_is_now_minus_the_retention_in_utc(self) -> None:
        amsterdam = NOW.astimezone(timezone(timedelta(hours=1)))
        assert policy.cutoff(amsterdam, 30) == datetime(2026, 10, 24, 14, 30, tzinfo=UTC)

    def test_partitions_are_created_for_today_and_the_days_ahead(self) -> None:
        assert policy.days_to_create(NOW, ahead=2) == [
            date(2026, 11, 23),
            date(2026, 11, 24),
            date(2026, 11, 25),
        ]

    def test_crossing_midnight_in_utc_counts_the_utc_day(self) -> None:
        late = datetime(2026, 11, 23, 23, 30, tzinfo=timezone(timedelta(hours=-2)))
        assert policy.days_to_create(late, ahead=0) == [date(2026, 11, 24)]

    def test_longest_retention_includes_the_default(self) -> None:
        assert policy.longest_retention([7, 14], default_days=30) == 30
        assert policy.longest_retention([7, 365], default_days=30) == 365
        assert policy.longest_retention([], default_days=30) == 30

    def test_drops_only_days_entirely_older_than_the_longest_retention(self) -> None:
        days = [date(2026, 10, 22), date(2026, 10, 23), date(2026, 10, 24), date(2026, 11, 23)]
        # Cut-off 2026-10-24 14:30: the 22nd and 23rd end before it; the 24th straddles it.
        assert policy.partitions_to_drop(days, now=NOW, longest_days=30) == [
            date(2026, 10, 22),
            date(2026, 10, 23),
        ]


class TestPartitionNames:
    def test_name_and_day_round_trip(self) -> None:
        day = date(2026, 1, 5)
        assert partitions.name_for(day) == "entry_p20260105"
        assert partitions.day_of("entry_p20260105") == day
        assert partitions.day_of("entry_default") is None

    def test_bounds_cover_one_utc_day(self) -> None:
        start, end = partitions.bounds(date(2026, 3, 29))
        assert start == datetime(2026, 3, 29, tzinfo=UTC)
        assert end - start == timedelta(days=1)
