#!/usr/bin/env bash
# The Python suite: builds the wheel from source with `pip install ./python` (as a user would)
# into python/.venv, then runs pytest against emulators the tests start.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet -p saasus-emulator
venv=python/.venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
export PATH="$PWD/$venv/bin:$PATH"
python -m pip install --quiet --disable-pip-version-check "maturin>=1.9,<2" "pytest>=8" "hypothesis>=6.100" "mypy>=1.15" "fastapi>=0.110" "httpx>=0.27" "flask>=3"
# A debug build keeps the suite quick; a user's `pip install ./python` builds release.
MATURIN_PEP517_ARGS="--profile dev" python -m pip install --quiet --disable-pip-version-check --no-build-isolation --force-reinstall --no-deps ./python
# Run from python/tests so `import saasus` is the installed package, not the source folder.
cd python/tests
# The typing: the stubs match the package (stubtest), and mypy --strict accepts the docs'
# snippets and a file that calls every tag.
export MYPY_CACHE_DIR="$(mktemp -d)"  # never a cache from an earlier build of the package
python -m mypy.stubtest saasus --allowlist ../stubtest-allowlist.txt
snippets=$(mktemp -d)/doc_snippets.py
python -c "import re,sys; print('\n'.join(re.findall(r'\x60\x60\x60python\n(.*?)\x60\x60\x60', open('../../docs/python.md').read(), re.S)))" > "$snippets"
python -m mypy --strict --no-incremental typed_usage.py "$snippets"
python -m pytest -q -p no:cacheprovider
