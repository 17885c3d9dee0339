#!/usr/bin/env python3
"""Pins a release's XCFramework in Package.swift: the zip's URL on the tag's GitHub release and its
SwiftPM checksum (the SHA-256 of the zip, what `swift package compute-checksum` prints).

    python3 tools/swift_release.py URL ZIP [--package Package.swift]

Run by .github/workflows/release-swift.yml on the release commit it tags; tested on a fake release
by tests/swift.sh (the manifest is then read by `swift package dump-package`).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

LINE = re.compile(r"^let releaseXCFramework: \(url: String, checksum: String\)\? = .*$", re.M)


def pin(package: str, url: str, checksum: str) -> str:
    if not url.startswith("https://") or not url.endswith(".zip"):
        raise ValueError(f"URL must be an https:// address of a .zip, not {url!r}")
    if not re.fullmatch(r"[0-9a-f]{64}", checksum):
        raise ValueError(f"checksum must be 64 lowercase hex digits, not {checksum!r}")
    found = LINE.findall(package)
    if len(found) != 1:
        raise ValueError("Package.swift must declare `let releaseXCFramework: (url: String, checksum: String)? = …` once")
    return LINE.sub(f'let releaseXCFramework: (url: String, checksum: String)? = (url: "{url}", checksum: "{checksum}")', package)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("url")
    ap.add_argument("zip", type=Path)
    ap.add_argument("--package", type=Path, default=Path(__file__).resolve().parent.parent / "Package.swift")
    args = ap.parse_args()
    checksum = hashlib.sha256(args.zip.read_bytes()).hexdigest()
    try:
        text = pin(args.package.read_text(encoding="utf-8"), args.url, checksum)
    except ValueError as e:
        print(f"swift_release: {e}", file=sys.stderr)
        return 1
    args.package.write_text(text, encoding="utf-8")
    print(f"swift_release: {args.package.name} pins {args.url} ({checksum})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
