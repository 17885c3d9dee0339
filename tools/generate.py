#!/usr/bin/env python3
"""The one command that makes every generated file from the API specs.

    python3 tools/generate.py           # regenerate everything
    python3 tools/generate.py --check   # what the test command runs: exit 1, naming each file that
                                        # is stale, edited by hand or left over, or a missing spec

Three stages, each reading what the one before made:
  1. the specs (../shared/spec/saasus-<api>-api.yml) -> the Rust core's models, operation tables
     and API modules (tools/specgen.py, the only reader of the specs);
  2. the core -> the Python modules and stubs, the TypeScript declarations, the Kotlin packages and
     Swift namespaces per API (saasus-codegen, through tools/codegen.sh; it reads the core's own
     descriptions of its types and operations);
  3. the core's uniffi library -> the Kotlin and Swift sources (tools/uniffi.sh).
Names are converted once per stage: spec names to Rust names in specgen, Rust names to each
language's in `saasus::naming`. docs/generating.md says how to add an API. Needs PyYAML.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(stage: str, command: list[str]) -> bool:
    print(f"generate: {stage}", flush=True)
    return subprocess.run(command, cwd=ROOT).returncode == 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="change nothing; fail naming what differs")
    args = ap.parse_args()
    mode = ["--check"] if args.check else []
    stages = [
        ("1/3 specs -> core", [sys.executable, "tools/specgen.py", *mode]),
        ("2/3 core -> Python, TypeScript, Kotlin and Swift names", ["bash", "tools/codegen.sh", "check" if args.check else "write"]),
        ("3/3 core -> Kotlin and Swift sources (uniffi)", ["bash", "tools/uniffi.sh", *mode]),
    ]
    failed = []
    for stage, command in stages:
        if not run(stage, command):
            failed.append(stage)
            if not args.check:
                break  # a later stage would build on a core that was not written
    if failed:
        print(f"generate: failed: {'; '.join(failed)}", file=sys.stderr)
        return 1
    print("generate: every generated file is fresh" if args.check else "generate: done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
