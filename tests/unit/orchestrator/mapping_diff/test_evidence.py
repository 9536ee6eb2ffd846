"""What a run sent, picked from its activity log: the mapper's latest ``map`` step."""

from typing import Any

from syncyard_orchestrator.mapping_diff.evidence import MappedRecord, last_mapping

SOURCE = {"source_id": "1001", "currency": "EUR"}


def entry(step: str, service: str, outcome: str = "ok", **fields: Any) -> dict[str, Any]:
    return {"step": step, "source_service": service, "outcome": outcome, **fields}


class TestLastMapping:
    def test_the_mappers_map_step_gives_the_source_and_what_was_sent(self) -> None:
        entries = [
            entry("fetch", "orchestrator", source_payload=SOURCE),
            entry("map", "orchestrator", sent_payload={"type": "mapper.record.map.v1"}),
            entry(
                "map",
                "mapper",
                source_payload=SOURCE,
                sent_payload={"currency": "EUR", "x": 1},
                mapping_version=2,
                occurred_at="2026-12-07T06:00:00Z",
            ),
            entry("place_order", "orchestrator", sent_payload={"order": {}}),
        ]

        assert last_mapping(entries) == MappedRecord(
            source=SOURCE,
            sent={"currency": "EUR", "x": 1},
            mapping_version=2,
            mapped_at="2026-12-07T06:00:00Z",
        )

    def test_a_retried_run_is_judged_by_its_latest_mapping(self) -> None:
        entries = [
            entry("map", "mapper", source_payload=SOURCE, sent_payload={"v": 1}, mapping_version=1),
            entry("retry", "orchestrator"),
            entry("map", "mapper", source_payload=SOURCE, sent_payload={"v": 2}, mapping_version=2),
        ]

        found = last_mapping(entries)

        assert found is not None
        assert (found.sent, found.mapping_version) == ({"v": 2}, 2)

    def test_a_failed_mapping_sent_nothing(self) -> None:
        entries = [entry("map", "mapper", "failed", source_payload=SOURCE, mapping_version=3)]

        found = last_mapping(entries)

        assert found is not None
        assert (found.source, found.sent, found.mapping_version) == (SOURCE, None, 3)

    def test_a_run_without_a_mapping_step_or_log_has_none(self) -> None:
        assert last_mapping([]) is None
        assert last_mapping([entry("fetch", "orchestrator", source_payload=SOURCE)]) is None
        assert last_mapping([entry("map", "mapper", source_payload=None)]) is None
