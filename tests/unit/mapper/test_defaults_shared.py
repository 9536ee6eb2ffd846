"""A field set that several shipped defaults hold is written once (``fields.<set>.json``)."""

import json
from collections import Counter
from importlib import resources
from importlib.abc import Traversable
from typing import Any

import pytest

ROOT = resources.files("syncyard_mapper.defaults")
FLOWS = sorted(entry.name for entry in ROOT.iterdir() if entry.is_dir() and entry.name[0] != "_")


def _json(entry: Traversable) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(entry.read_text("utf-8"))
    return found


def _pairs(flow: str) -> dict[str, dict[str, Any]]:
    return {
        entry.name: _json(entry)
        for entry in (ROOT / flow).iterdir()
        if entry.name.endswith(".json") and "." not in entry.name.removesuffix(".json")
    }


def _shared(flow: str) -> dict[str, dict[str, Any]]:
    return {
        entry.name.removeprefix("fields.").removesuffix(".json"): _json(entry)["fields"]
        for entry in (ROOT / flow).iterdir()
        if entry.name.startswith("fields.") and entry.name.endswith(".json")
    }


@pytest.mark.parametrize("flow", FLOWS)
def test_no_field_set_is_written_twice(flow: str) -> None:
    inline = [pair["fields"] for pair in _pairs(flow).values() if "fields" in pair]
    written = Counter(json.dumps(fields, sort_keys=True) for fields in inline)
    written.update(json.dumps(fields, sort_keys=True) for fields in _shared(flow).values())
    repeated = [fields[:80] for fields, times in written.items() if times > 1]
    assert not repeated, f"{flow}: share these fields in fields.<set>.json: {repeated}"


@pytest.mark.parametrize("flow", FLOWS)
def test_every_shared_set_is_used_by_several_defaults(flow: str) -> None:
    used = Counter(pair.get("fields_from") for pair in _pairs(flow).values())
    for name in _shared(flow):
        assert used[name] >= 2, f"{flow}/fields.{name}.json: used {used[name]} times"
    assert set(used) - {None} <= set(_shared(flow)), f"{flow}: fields_from names a missing set"
