"""Where tests find the vendors' specifications: vendored in the repository, or beside it.

specs/vendor/ holds the ones whose licence allows it (specs/vendor/README.md); the others
(BigCommerce, Shopify) are read from ``../shared/specs`` or ``$SYNCYARD_SPECS_DIR``. A missing
one skips the test on a developer's machine and fails it in CI (``CI=true``): a drift check
must never pass there by being skipped.
"""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENDORED = ROOT / "specs" / "vendor"


def shared_dir() -> Path:
    return Path(os.environ.get("SYNCYARD_SPECS_DIR") or ROOT.parent / "shared" / "specs")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def spec_path(relative: str) -> Path:
    """The file ``<vendor>/<name>``: the vendored copy, else the shared one, else skip or fail."""
    for base in (VENDORED, shared_dir()):
        if (base / relative).is_file():
            return base / relative
    message = (
        f"vendor specification {relative} is missing: not in {VENDORED.relative_to(ROOT)} "
        f"(its licence does not allow it there) and not in {shared_dir()}; "
        "see specs/vendor/README.md for where to get it"
    )
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)
