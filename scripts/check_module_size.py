"""Fails when a Python module under libs/, services/ or simulators/ passes 400 lines unexplained."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ("libs", "services", "simulators")
LIMIT = 400
JUSTIFICATION = "# size: "
SKIPPED_PARTS = {".venv", "__pycache__", "build", "dist"}


def oversized(root: Path = ROOT) -> list[str]:
    """`path: N lines` for every checked module over the limit without a `# size: ` reason."""
    found = []
    for folder in CHECKED:
        for path in sorted((root / folder).rglob("*.py")):
            if SKIPPED_PARTS.intersection(path.relative_to(root).parts):
                continue
            text = path.read_text(encoding="utf-8")
            lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
            if lines > LIMIT and JUSTIFICATION not in text:
                found.append(f"{path.relative_to(root)}: {lines} lines (limit {LIMIT})")
    return found


def main() -> int:
    found = oversized()
    for line in found:
        print(line)
    if found:
        print(f"split these modules or add a '{JUSTIFICATION}<why>' comment")
        return 1
    print("module sizes ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
