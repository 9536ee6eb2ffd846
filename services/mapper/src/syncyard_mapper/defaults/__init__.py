"""Shipped default mappings: ``<flow>/<source>_to_<target>.json``, version 0.

Pairs whose fields are the same name one shared set instead of repeating it:
``"fields_from": "into_till"`` takes the fields of ``<flow>/fields.into_till.json``."""

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from syncyard_mapper.engine.document import MappingDocument

DEFAULT_VERSION = 0


@dataclass(frozen=True)
class DefaultMapping:
    flow: str
    source_connector: str
    target_connector: str
    document: MappingDocument

    @property
    def name(self) -> str:
        return f"{self.flow}/{self.source_connector}_to_{self.target_connector}"

    @property
    def mapping_id(self) -> str:
        return f"default:{self.name}"

    def sample(self) -> dict[str, Any]:
        """The sample source record shipped beside the mapping."""
        return _read(self.flow, f"{self.source_connector}_to_{self.target_connector}.sample.json")

    def expected(self) -> dict[str, Any]:
        """What the mapping must make of the sample."""
        name = f"{self.source_connector}_to_{self.target_connector}.expected.json"
        return _read(self.flow, name)


def _read(flow: str, name: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(
        (resources.files(__package__) / flow / name).read_text("utf-8")
    )
    return found


@cache
def load_all() -> tuple[DefaultMapping, ...]:
    """Every shipped default (read once from the package)."""
    found: list[DefaultMapping] = []
    root = resources.files(__package__)
    for flow_dir in sorted(root.iterdir(), key=lambda entry: entry.name):
        if not flow_dir.is_dir() or flow_dir.name.startswith("_"):
            continue
        for entry in sorted(flow_dir.iterdir(), key=lambda item: item.name):
            stem = entry.name.removesuffix(".json")
            if not entry.name.endswith(".json") or "." in stem or "_to_" not in stem:
                continue  # skips *.sample.json, *.expected.json and fields.*.json
            source, target = stem.split("_to_", 1)
            document = _document(flow_dir.name, json.loads(entry.read_text("utf-8")))
            found.append(DefaultMapping(flow_dir.name, source, target, document))
    return tuple(found)


def _document(flow: str, raw: dict[str, Any]) -> MappingDocument:
    """A shipped default, its shared field set (``fields_from``) filled in."""
    shared = raw.pop("fields_from", None)
    if shared is not None:
        if "fields" in raw:
            raise ValueError(f"A default of {flow} has both fields and fields_from {shared!r}.")
        raw["fields"] = _read(flow, f"fields.{shared}.json")["fields"]
    return MappingDocument.model_validate(raw)


def of_flow(flow: str) -> list[DefaultMapping]:
    """Every shipped default of a flow, whatever the connector pair."""
    return [mapping for mapping in load_all() if mapping.flow == flow]


def find(
    flow: str, source_connector: str | None, target_connector: str | None
) -> DefaultMapping | None:
    """The default for a flow and connector pair; without a pair, the flow's only default."""
    candidates = [mapping for mapping in load_all() if mapping.flow == flow]
    if source_connector is None and target_connector is None:
        return candidates[0] if len(candidates) == 1 else None
    for mapping in candidates:
        if (mapping.source_connector, mapping.target_connector) == (
            source_connector,
            target_connector,
        ):
            return mapping
    return None
