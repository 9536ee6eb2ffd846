"""Every rule number cited in the repository (``R11``) resolves to docs/rules/reliability.md."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
RULES = ROOT / "docs/rules/reliability.md"

# Where code, comments and docs live; generated and third-party trees are left out.
SEARCHED = ("libs", "services", "simulators", "scripts", "tests", "bench", "deploy", "docs")
SUFFIXES = {".py", ".md", ".ts", ".tsx", ".yaml", ".yml", ".toml", ".sh", ".sql", ".json"}
SKIPPED_PARTS = {"node_modules", "__pycache__", ".venv", "dist", "build", ".mypy_cache"}

CITATION = re.compile(r"\bR(\d{1,3})\b")
# A rule is an anchor followed by its bold number: <a id="r11"></a> / * **R11 Title**
RULE = re.compile(r'<a id="r(\d+)"></a>\n\* \*\*R(\d+) ')


def rule_numbers(text: str) -> set[int]:
    numbers = set()
    for anchor, bold in RULE.findall(text):
        assert anchor == bold, f"anchor r{anchor} introduces rule R{bold}"
        numbers.add(int(bold))
    return numbers


def citations(root: Path) -> dict[int, list[str]]:
    """Rule number → the files (relative paths) that cite it."""
    cited: dict[int, list[str]] = {}
    for top in SEARCHED:
        for path in sorted((root / top).rglob("*")):
            if path.suffix not in SUFFIXES or SKIPPED_PARTS.intersection(path.parts):
                continue
            if not path.is_file():
                continue
            text = path.read_text(errors="replace")
            for number in {int(n) for n in CITATION.findall(text)}:
                cited.setdefault(number, []).append(str(path.relative_to(root)))
    return cited


def test_every_cited_rule_number_is_a_rule_in_the_repository() -> None:
    rules = rule_numbers(RULES.read_text())
    missing = {n: files for n, files in citations(ROOT).items() if n not in rules}
    assert not missing, f"cited but not in docs/rules/reliability.md: {missing}"


def test_the_rules_are_numbered_without_gaps_or_repeats() -> None:
    text = RULES.read_text()
    found = [int(bold) for _, bold in RULE.findall(text)]
    assert found == list(range(1, len(found) + 1)), found


def test_the_scan_sees_the_citations_it_must_check() -> None:
    # Guards the scan itself: the gateway's place-order command cites R11 and R12.
    cited = citations(ROOT)
    place_order = "services/connector-gateway/src/syncyard_gateway/commands/place_order.py"
    assert place_order in cited[11]
    assert place_order in cited[12]


def test_a_citation_of_an_unknown_rule_is_reported(tmp_path: Path) -> None:
    (tmp_path / "libs").mkdir()
    unknown = "R" + "99"  # spelled in two parts so this file cites no unknown rule itself
    (tmp_path / "libs/module.py").write_text(f"# Safe to repeat ({unknown}).\n")
    assert citations(tmp_path) == {99: ["libs/module.py"]}
    assert 99 not in rule_numbers(RULES.read_text())
