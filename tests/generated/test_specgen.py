"""The first stage's check (`tools/specgen.py --check`): it passes on the committed files, and
fails, naming the file, when a generated file is edited by hand or left over, or when a spec is
missing; a spec it does not know is an API of its own."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT.parent / "shared" / "spec"


def specgen(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "tools" / "specgen.py"), "--check", *args],
                          capture_output=True, text=True, timeout=300)


def generated_copy(tmp: Path) -> Path:
    for rel in ("core/src/models", "core/src/apis"):
        shutil.copytree(ROOT / rel, tmp / rel)
    shutil.copy(ROOT / "core/src/operation_table.rs", tmp / "core/src/operation_table.rs")
    return tmp


def spec_counts() -> dict[str, int]:
    """Each API's operations as its spec has them (read here, not taken from specgen)."""
    counts = {}
    for spec in SPECS.glob("saasus-*-api.yml"):
        paths = yaml.safe_load(spec.read_text(encoding="utf-8"))["paths"]
        ops = [op for item in paths.values() for method, op in item.items() if method in ("get", "post", "put", "patch", "delete")]
        counts[spec.name[len("saasus-") : -len("-api.yml")]] = len(ops)
    return counts


def test_the_committed_files_are_fresh():
    out = specgen()
    assert out.returncode == 0, out.stderr
    counts = spec_counts()
    order = ["auth", "pricing", "billing", "apilog", "communication", "integration", "awsmarketplace", "apigateway", "analysis"]
    assert sorted(order) == sorted(counts)
    each = ", ".join(f"{api} {counts[api]}" for api in order)
    assert f"{sum(counts.values())} operations ({each})" in out.stdout


def test_a_missing_spec_fails_naming_it(tmp_path):
    specs = tmp_path / "spec"
    shutil.copytree(SPECS, specs)
    (specs / "saasus-pricing-api.yml").unlink()
    out = specgen("--specs", str(specs))
    assert out.returncode == 1
    assert "no spec for pricing" in out.stderr


def test_a_file_edited_by_hand_or_left_over_fails_naming_it(tmp_path):
    out_dir = generated_copy(tmp_path)
    edited = out_dir / "core/src/apis/pricing/metering.rs"
    edited.write_text(edited.read_text() + "\n// a hand edit\n")
    (out_dir / "core/src/apis/billing/old_tag.rs").write_text("// from a tag the spec no longer has\n")
    out = specgen("--out", str(out_dir))
    assert out.returncode == 1
    assert "core/src/apis/pricing/metering.rs" in out.stderr
    assert "core/src/apis/billing/old_tag.rs (no longer generated)" in out.stderr


def test_a_spec_dropped_in_is_an_api_of_its_own(tmp_path):
    specs = tmp_path / "spec"
    shutil.copytree(SPECS, specs)
    shutil.copy(specs / "saasus-billing-api.yml", specs / "saasus-tenth-api.yml")
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "specgen.py"), "--specs", str(specs), "--out", str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "tenth 4" in out.stdout
    table = (tmp_path / "out/core/src/apis/tenth/operations.rs").read_text()
    assert "macro_rules! for_each_tenth_operation" in table
    listed = (tmp_path / "out/core/src/apis/mod.rs").read_text()
    assert "pub mod tenth;" in listed and "tenth for_each_tenth_operation for_each_tenth_model" in listed
