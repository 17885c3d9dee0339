"""tools/version.py: every package carries the workspace's version and repository URL, and a
package that drifts is named."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FILES = ["Cargo.toml", "node/package.json", "kotlin/pom.xml", "python/pyproject.toml", "docs/swift.md", "python/README.md", "node/README.md"]


def version(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "tools/version.py"), *args, "--root", str(root)], capture_output=True, text=True)


def copy(tmp: Path) -> Path:
    for f in FILES + [str(p.relative_to(ROOT)) for p in (ROOT / "node/npm").glob("*/package.json")]:
        (tmp / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / f, tmp / f)
    return tmp


def test_the_committed_packages_agree():
    out = version(ROOT, "check")
    assert out.returncode == 0, out.stderr


def test_a_package_that_drifts_is_named_and_set_mends_it(tmp_path):
    root = copy(tmp_path)
    pkg = root / "node/npm/linux-x64-gnu/package.json"
    data = json.loads(pkg.read_text())
    data["version"] = "9.9.9"
    pkg.write_text(json.dumps(data))
    out = version(root, "check")
    assert out.returncode != 0
    assert "node/npm/linux-x64-gnu/package.json: version is '9.9.9'" in out.stderr

    assert version(root, "set", "1.2.3").returncode == 0
    assert version(root, "check").returncode == 0
    assert version(root).stdout.strip() == "1.2.3"
    assert "<version>1.2.3</version>" in (root / "kotlin/pom.xml").read_text()
    assert json.loads(pkg.read_text())["version"] == "1.2.3"


def test_set_refuses_what_is_not_a_version(tmp_path):
    out = version(copy(tmp_path), "set", "v1")
    assert out.returncode != 0 and "not a semantic version" in out.stderr


def test_the_owners_repository_url_is_one_edit(tmp_path):
    root = copy(tmp_path)
    cargo = root / "Cargo.toml"
    cargo.write_text(cargo.read_text().replace('repository = "https://example.invalid/saasus"', 'repository = "https://github.com/acme/saasus"'))
    drifted = version(root, "check")
    assert drifted.returncode != 0
    assert "python/README.md: links https://example.invalid/saasus/blob/main/docs/python.md" in drifted.stderr
    assert version(root, "set", "0.1.0").returncode == 0
    assert version(root, "check").returncode == 0
    for rel in ("python/README.md", "node/README.md", "python/pyproject.toml", "kotlin/pom.xml", "docs/swift.md"):
        text = (root / rel).read_text()
        assert "example.invalid" not in text, rel
        assert "https://github.com/acme/saasus" in text, rel
    assert "scm:git:https://github.com/acme/saasus.git" in (root / "kotlin/pom.xml").read_text()
