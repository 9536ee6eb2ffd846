"""Vendored specs: each listed with source, commit, licence and sha256; missing ones fail in CI."""

import hashlib
import re
from pathlib import Path

import pytest

from tests import vendor_specs

ROOT = vendor_specs.ROOT
# Every vendored specification and the folder whose README.md and LICENSE describe it.
VENDORED = [
    ROOT / "specs/vendor/mijnwebwinkel/openapi.yaml",
    ROOT / "specs/vendor/mailchimp/marketing.openapi.json",
    ROOT / "simulators/mplus/src/syncyard_sim_mplus/wsdl/mplusqapi.wsdl",
]
PAPERWORK = {"README.md", "LICENSE"}


@pytest.mark.parametrize("spec", VENDORED, ids=lambda path: path.name)
def test_a_vendored_spec_is_unchanged_and_says_where_it_comes_from(spec: Path) -> None:
    readme = (spec.parent / "README.md").read_text()
    assert f"`{spec.name}`, copied unchanged" in readme
    for field in ("source", "commit", "licence", "sha256"):
        assert re.search(rf"^\| {field} \| \S", readme, re.M), f"{spec.parent}: no {field}"
    sha256 = re.search(r"^\| sha256 \| `([0-9a-f]{64})` \|", readme, re.M)
    assert sha256 is not None
    assert hashlib.sha256(spec.read_bytes()).hexdigest() == sha256.group(1)
    assert (spec.parent / "LICENSE").read_text().strip()


def test_nothing_is_vendored_without_its_readme_entry() -> None:
    folder = ROOT / "specs/vendor"
    found = {p for p in folder.rglob("*") if p.is_file() and p.parent != folder}
    listed = {spec for spec in VENDORED if spec.is_relative_to(folder)}
    assert {p for p in found if p.name not in PAPERWORK} == listed


def test_the_vendored_copy_is_read_first(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SYNCYARD_SPECS_DIR", str(tmp_path))
    (tmp_path / "mailchimp").mkdir()
    (tmp_path / "mailchimp/marketing.openapi.json").write_text("{}")
    assert vendor_specs.spec_path("mailchimp/marketing.openapi.json") == (
        ROOT / "specs/vendor/mailchimp/marketing.openapi.json"
    )


def test_a_spec_only_beside_the_repository_is_read_there(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SYNCYARD_SPECS_DIR", str(tmp_path))
    (tmp_path / "shopify").mkdir()
    (tmp_path / "shopify/schema.json.gz").write_bytes(b"")
    assert vendor_specs.spec_path("shopify/schema.json.gz") == tmp_path / "shopify/schema.json.gz"


def test_a_missing_spec_fails_in_ci_and_skips_elsewhere(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SYNCYARD_SPECS_DIR", str(tmp_path))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=re.escape("shopify/absent.json.gz is missing")):
        vendor_specs.spec_path("shopify/absent.json.gz")
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception, match=re.escape("specs/vendor/README.md")):
        vendor_specs.spec_path("shopify/absent.json.gz")
