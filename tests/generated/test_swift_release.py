"""tools/swift_release.py: pins a release's XCFramework in Package.swift, refusing what SwiftPM
would not take. tests/swift.sh runs it on a fake release and has SwiftPM read the result."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import swift_release  # noqa: E402

URL = "https://github.com/o/r/releases/download/v1.2.3/SaasusFFI.xcframework.zip"


def test_the_committed_manifest_pins_nothing_and_a_release_pins_url_and_checksum(tmp_path):
    package = (ROOT / "Package.swift").read_text(encoding="utf-8")
    assert "let releaseXCFramework: (url: String, checksum: String)? = nil" in package
    zip_file = tmp_path / "SaasusFFI.xcframework.zip"
    zip_file.write_bytes(b"a fake release")
    (tmp_path / "Package.swift").write_text(package, encoding="utf-8")
    done = subprocess.run([sys.executable, ROOT / "tools/swift_release.py", URL, zip_file, "--package", tmp_path / "Package.swift"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    checksum = hashlib.sha256(b"a fake release").hexdigest()
    pinned = (tmp_path / "Package.swift").read_text(encoding="utf-8")
    assert f'= (url: "{URL}", checksum: "{checksum}")' in pinned
    assert pinned.replace(f'(url: "{URL}", checksum: "{checksum}")', "nil") == package


@pytest.mark.parametrize("url, checksum, rule", [
    ("http://example.com/x.zip", "0" * 64, "https://"),
    (URL, "ABC", "64 lowercase hex"),
])
def test_refuses_what_swiftpm_would_not_take(url, checksum, rule):
    with pytest.raises(ValueError, match=rule):
        swift_release.pin((ROOT / "Package.swift").read_text(encoding="utf-8"), url, checksum)
