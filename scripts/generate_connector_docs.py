"""Writes what the connectors declare into every place that repeats it.

Each connector declares its capabilities once (``Connector.capabilities``, in its
``capabilities.py`` or ``connector.py``). From that declaration this script writes:

* the orchestrator's copy, ``integrations/connector_capabilities.json`` (the orchestrator may
  not import the gateway, yet it refuses a flow a connector cannot carry);
* the block between the markers under "## Capabilities" in each connector's ``README.md``;
* ``docs/connectors/<name>.md``: a header line and the connector's README;
* the overview table between the markers in ``docs/connectors/README.md``.

Everything outside the markers is hand-written and read from disk as it is.
tests/unit/docs/test_generated_docs.py fails when a written file is stale.
Run: .venv/bin/python scripts/generate_connector_docs.py
"""

import json
from collections.abc import Iterable
from pathlib import Path

from syncyard_common.canonical import ChargeKind, OrderStatus
from syncyard_common.canonical.order_limits import OrderLimits, TextField
from syncyard_gateway.connectors import by_name
from syncyard_gateway.connectors.base import Capabilities, Connector, Entity

ROOT = Path(__file__).resolve().parent.parent
COMMAND = ".venv/bin/python scripts/generate_connector_docs.py"
CONNECTORS = ROOT / "services/connector-gateway/src/syncyard_gateway/connectors"
DOCS = ROOT / "docs/connectors"
TARGET = (
    ROOT
    / "services/orchestrator/src/syncyard_orchestrator/integrations/connector_capabilities.json"
)

BEGIN = "<!-- generated from capabilities.py by scripts/generate_connector_docs.py: do not edit -->"
END = "<!-- end generated -->"
CHARGE_BOOKING = {
    "field": "its own field",
    "line": "a line on the tenant's article",
    "none": "not written (the run records the difference)",
}


def capabilities() -> dict[str, dict[str, object]]:
    """The orchestrator's copy: what each connector reads, writes and can set."""
    found: dict[str, dict[str, object]] = {}
    for name, connector in sorted(by_name.CONNECTORS.items()):
        declared = connector.capabilities
        found[name] = {
            "title": connector.title,
            "reads": sorted(entity.value for entity in declared.reads),
            "writes": sorted(entity.value for entity in declared.writes),
            "order_statuses": sorted(status.value for status in declared.order_statuses),
            "product_fields": sorted(declared.product_fields),
            "product_extras": sorted(declared.product_extras),
        }
    return found


def render() -> str:
    """The orchestrator's connector_capabilities.json."""
    return json.dumps(capabilities(), indent=2) + "\n"


def _entities(entities: Iterable[Entity]) -> str:
    chosen = set(entities)
    return ", ".join(entity.value for entity in Entity if entity in chosen) or "none"


def _statuses(statuses: Iterable[OrderStatus]) -> str:
    chosen = set(statuses)
    return ", ".join(status.value for status in OrderStatus if status in chosen) or "none"


def _names(names: Iterable[str]) -> str:
    return ", ".join(f"`{name}`" for name in names) or "none"


def _intake(declared: Capabilities) -> str:
    if not declared.polled_reads:
        return declared.change_intake.value
    return f"{declared.change_intake.value}; polled: {_entities(declared.polled_reads)}"


def _limit_rows(limits: OrderLimits) -> list[tuple[str, str]]:
    texts = ", ".join(
        f"{field.value} {limits.texts[field]}" for field in TextField if field in limits.texts
    )
    quantity = f"{limits.min_quantity} or more"
    if limits.max_quantity is not None:
        quantity = f"{limits.min_quantity} to {limits.max_quantity}"
    decimals = "as the currency has"
    if limits.currency_exponents is not None:
        decimals = " or ".join(str(exponent) for exponent in sorted(limits.currency_exponents))
        decimals += " only"
    discounts = (
        "its own field per line"
        if limits.line_discounts
        else "none: a discounted line is written at its discounted unit price"
    )
    charges = "; ".join(
        f"{kind.value}: {CHARGE_BOOKING[limits.charges.get(kind, 'none')]}" for kind in ChargeKind
    )
    return [
        ("Order texts, longest (characters)", texts or "not limited"),
        ("Order line quantity", quantity),
        ("Amount decimals", decimals),
        ("Line discounts", discounts),
        ("Order charges", charges),
    ]


def _sentence(text: str) -> str:
    """A declared reason as a sentence (a leading code name such as find_order stays as is)."""
    first = text.split(" ", 1)[0]
    start = text if "_" in first else text[:1].upper() + text[1:]
    return start.replace("<", "&lt;") + ("" if text.endswith(".") else ".")


def capability_block(connector: type[Connector]) -> str:
    """The generated part of a connector README's Capabilities section."""
    declared = connector.capabilities
    rows = [
        ("Reads (change feed)", _entities(declared.reads)),
        ("Writes", _entities(declared.writes)),
        ("Change intake", _intake(declared)),
        ("Webhook topics", _names(declared.webhook_topics)),  # in the declared order
        ("Order statuses set", _statuses(declared.order_statuses)),
        ("Product fields (beyond name, SKU, description)", _names(sorted(declared.product_fields))),
        ("Product extras (`extras.<name>`)", _names(sorted(declared.product_extras))),
        *_limit_rows(declared.order_limits),
    ]
    lines = [
        BEGIN,
        f"Declared in `{connector.name}` (`capabilities`), served by `GET /v1/connectors`:",
        "",
        "| Capability | Declared |",
        "|---|---|",
        *(f"| {name} | {value} |" for name, value in rows),
        "",
        "Not supported, and why:",
        "",
        *(f"* {_sentence(reason)}" for reason in declared.not_supported),
        END,
    ]
    return "\n".join(lines) + "\n"


def overview_block() -> str:
    """The overview table of docs/connectors/README.md."""
    lines = [
        BEGIN,
        "| connector | system | reads (change feed) | writes | change intake "
        "| order statuses set | page |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, connector in sorted(by_name.CONNECTORS.items()):
        declared = connector.capabilities
        lines.append(
            f"| `{name}` | {connector.title} | {_entities(declared.reads)} "
            f"| {_entities(declared.writes)} | {_intake(declared)} "
            f"| {_statuses(declared.order_statuses)} | [{name}.md]({name}.md) |"
        )
    return "\n".join([*lines, END]) + "\n"


def with_block(text: str, block: str, where: Path) -> str:
    """``text`` with the part from BEGIN to END (and its line end) replaced by ``block``."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"{where}: no '{BEGIN}' ... '{END}' markers")
    return text[:start] + block + text[end + len(END) :].removeprefix("\n")


def page_header(name: str) -> str:
    """The first line of docs/connectors/<name>.md."""
    readme = (CONNECTORS / name / "README.md").relative_to(ROOT)
    return f"<!-- A copy of {readme}, written by {COMMAND}: edit the README. -->\n"


def generated_files() -> dict[Path, str]:
    """Every file this script writes, with the text it should hold now."""
    files = {TARGET: render()}
    for name, connector in sorted(by_name.CONNECTORS.items()):
        readme_path = CONNECTORS / name / "README.md"
        readme = with_block(
            readme_path.read_text(encoding="utf-8"), capability_block(connector), readme_path
        )
        files[readme_path] = readme
        files[DOCS / f"{name}.md"] = page_header(name) + readme
    overview = DOCS / "README.md"
    files[overview] = with_block(overview.read_text(encoding="utf-8"), overview_block(), overview)
    return files


def main() -> None:
    for path, text in generated_files().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
