#!/usr/bin/env bash
# The Python suite, against what a user installs: the release wheel (tools/package.sh python),
# installed into a fresh venv. Then a user's project, with nothing but that venv and no cargo on
# the path, runs its tests through the wheel's pytest plugin and emulator; and the sdist compiles.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/package.sh python
wheel=$(ls target/dist/python/saasus-*.whl)
sdist=$(ls target/dist/python/saasus-*.tar.gz)
# What pip reads: the platform tag and the licence.
case "$wheel" in
  *-cp39-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl) ;;
  *) echo "the wheel is not abi3 manylinux2014: $wheel" >&2; exit 1 ;;
esac
# (The listing read whole first: `grep -q` quitting at the match would break the pipe under pipefail.)
listing=$(python3 -m zipfile -l "$wheel")
grep -q 'dist-info/licenses/LICENSE' <<<"$listing"

venv=$PWD/target/python-venv
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$wheel" \
  "pytest>=8" "hypothesis>=6.100" "mypy>=1.15" "fastapi>=0.110" "httpx>=0.27" "flask>=3" "uvicorn>=0.30" \
  "django>=4.2" "djangorestframework>=3.15" "pydantic>=2.7" "pdoc>=16"

# A user's project: outside the checkout, PATH without cargo, no SAASUS_* settings.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp tests/packages/python/test_installed.py "$scratch/"
(cd "$scratch" && env -i HOME="$HOME" PATH="$venv/bin:/usr/bin:/bin" python -m pytest -q -p no:cacheprovider)

export PATH="$venv/bin:$PATH"
# Run from python/tests so `import saasus` is the installed package, not the source folder.
cd python/tests
# The typing: the stubs match the package (stubtest), and mypy --strict accepts the docs' and
# PyPI page's snippets and a file that calls every tag.
MYPY_CACHE_DIR=$(mktemp -d)  # never a cache from an earlier build of the package
export MYPY_CACHE_DIR
python -m mypy.stubtest saasus --allowlist ../stubtest-allowlist.txt
for page in ../../docs/python.md ../README.md; do
  snippets=$(mktemp -d)/$(basename "$page" .md)_snippets.py
  python -c "import re,sys; print('\n'.join(re.findall(r'\x60\x60\x60python\n(.*?)\x60\x60\x60', open(sys.argv[1]).read(), re.S)))" "$page" > "$snippets"
  python -m mypy --strict --no-incremental "$snippets"
done
python -m mypy --strict --no-incremental typed_usage.py
# The API reference (pdoc, into target/docs/python) of the installed package, its docstrings from
# the stubs as an editor shows them: anything pdoc warns about fails it.
docs_log=$(python -m pdoc -o ../../target/docs/python saasus 2>&1)
if [ -n "$docs_log" ]; then
  echo "$docs_log" >&2
  echo "pdoc warned: the Python API reference must build cleanly" >&2
  exit 1
fi
python -m pytest -q -p no:cacheprovider
cd ../..

# The sdist builds where no wheel fits: unpacked outside the checkout, the crate its pyproject names
# compiles from the sdist's own sources (`cargo check`: the rust suite's clippy built the
# dependencies' metadata, so only the five workspace crates are checked; a debug build of pyo3 and
# the core again took ~3 minutes for what the release wheel's build already showed links), and
# it carries every file of the Python package that the wheel carries.
mkdir -p "$scratch/sdist"
tar xzf "$sdist" -C "$scratch/sdist"
unpacked=$(echo "$scratch"/sdist/saasus-*)
manifest=$(python -c "import sys, tomllib; print(tomllib.load(open(sys.argv[1], 'rb'))['tool']['maturin']['manifest-path'])" "$unpacked/pyproject.toml")
CARGO_TARGET_DIR=$PWD/target cargo check --quiet --offline --manifest-path "$unpacked/$manifest" --lib
python - "$wheel" "$unpacked" <<'PY'
import pathlib, sys, zipfile
wheel, unpacked = sys.argv[1], pathlib.Path(sys.argv[2])
in_wheel = {n for n in zipfile.ZipFile(wheel).namelist() if n.startswith("saasus/") and not n.endswith(".so")}
in_sdist = {str(p.relative_to(unpacked)) for p in (unpacked / "saasus").rglob("*") if p.is_file()}
missing = sorted(in_wheel - in_sdist)
assert not missing, f"the sdist lacks files of the wheel's package: {missing}"
print(f"sdist: {len(in_sdist)} package files, every one of the wheel's; its crate compiles")
PY
