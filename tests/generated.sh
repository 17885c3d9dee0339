#!/usr/bin/env bash
# The generated files: every one is fresh against the nine specs and the core
# (`tools/generate.py --check`, which names each stale, hand-edited or left-over file and each
# missing spec), every package carries the one version and repository URL (tools/version.py), and
# the checks themselves are tested to fail on such files (tests/generated).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=tools/.venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "pyyaml>=6" "pytest>=8"
"$venv/bin/python" tools/generate.py --check
"$venv/bin/python" tools/version.py check
bash tests/actionlint.sh
"$venv/bin/python" -m pytest -q -p no:cacheprovider tests/generated
