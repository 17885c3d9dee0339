"""The second stage's check (`saasus-codegen check`): it passes on the committed files, and fails,
naming the file, when a generated file is edited by hand or one it no longer makes is left over
(an API or tag gone from the specs)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Where the generated files live (codegen/src/main.rs's FOLDERS).
FOLDERS = ["python/saasus", "node", "swift/Sources/Saasus", "kotlin/src/main/kotlin/io/saasus", "swift/Tests/SaasusTests"]


def codegen(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "tools/codegen.sh", "check", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)


def generated_copy(tmp: Path) -> Path:
    for folder in FOLDERS:
        ignore = shutil.ignore_patterns("node_modules", "__pycache__", "*.node", "*.so", "test", "npm", "testing")
        shutil.copytree(ROOT / folder, tmp / folder, ignore=ignore)
    shutil.copy(ROOT / "python/stubtest-allowlist.txt", tmp / "python/stubtest-allowlist.txt")
    # The uniffi binding's typed event bodies: one generated file among hand-written ones.
    (tmp / "bindings/uniffi/src").mkdir(parents=True)
    shutil.copy(ROOT / "bindings/uniffi/src/event_body.rs", tmp / "bindings/uniffi/src/event_body.rs")
    return tmp


def test_a_copy_of_the_committed_files_is_fresh(tmp_path):
    out = codegen("--out", str(generated_copy(tmp_path)))
    assert out.returncode == 0, out.stderr
    assert "files fresh" in out.stdout


def test_a_file_edited_by_hand_or_left_over_fails_naming_it(tmp_path):
    out_dir = generated_copy(tmp_path)
    edited = out_dir / "python/saasus/pricing.pyi"
    edited.write_text(edited.read_text() + "\n# a hand edit\n")
    typed = out_dir / "node/index.d.ts"
    typed.write_text(typed.read_text().replace("readonly pricing: pricing.Api", "readonly pricing: unknown"))
    # What an API no longer in the specs would leave: its generated Kotlin package.
    gone = out_dir / "kotlin/src/main/kotlin/io/saasus/retired/Retired.kt"
    gone.parent.mkdir()
    gone.write_text((out_dir / "kotlin/src/main/kotlin/io/saasus/billing/Billing.kt").read_text())
    out = codegen("--out", str(out_dir))
    assert out.returncode == 1
    assert "python/saasus/pricing.pyi" in out.stderr and "node/index.d.ts" in out.stderr
    assert "kotlin/src/main/kotlin/io/saasus/retired/Retired.kt (no longer generated)" in out.stderr
    # A hand-written file beside the generated ones is not the generator's business.
    assert "JSONValue.swift" not in out.stderr and "_client.py," not in out.stderr
