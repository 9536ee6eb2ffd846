"""Fails when a vendor name appears in Python code outside the places allowed to know vendors."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = re.compile(r"shopify|bigcommerce|ecwid|mijnwebwinkel|myonlinestore|mailchimp|mplus", re.I)
# Path prefixes (relative to the repo root, '/'-separated) where vendor names belong.
ALLOWED_PREFIXES = (
    "services/connector-gateway/src/syncyard_gateway/connectors/",
    "services/mapper/src/syncyard_mapper/defaults/",
    "simulators/",
    "tests/",
    "bench/",
    "docs/",
    "scripts/",
    "deploy/",
)
ALLOWED_FILES = ("services/connector-gateway/src/syncyard_gateway/connectors/by_name.py",)
SKIPPED_PARTS = {".venv", "__pycache__", ".git", "build", "dist", "node_modules"}


def allowed(relative: str) -> bool:
    """True for vendor folders (connectors/<vendor>/...), simulators, tests, docs and tooling."""
    if relative in ALLOWED_FILES:
        return True
    connectors = ALLOWED_PREFIXES[0]
    if relative.startswith(connectors):
        # Only inside a vendor's own folder, not in connectors/*.py shared by all of them.
        return "/" in relative[len(connectors) :]
    return relative.startswith(ALLOWED_PREFIXES[1:])


def python_files(root: Path) -> list[Path]:
    """Every .py file of the repo, not descending into virtualenvs, caches or .git."""
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if name not in SKIPPED_PARTS]
        found += [Path(folder, name) for name in files if name.endswith(".py")]
    return sorted(found)


def offences(root: Path = ROOT) -> list[str]:
    """`path:line: text` for every vendor name in a .py file where it does not belong."""
    found = []
    for path in python_files(root):
        relative = path.relative_to(root).as_posix()
        if allowed(relative):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if VENDOR.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
    return found


def main() -> int:
    found = offences()
    for line in found:
        print(line)
    if found:
        print(
            "vendor names belong in connectors/<vendor>/, simulators/, connectors/by_name.py, defaults/"
        )
        return 1
    print("vendor names ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
