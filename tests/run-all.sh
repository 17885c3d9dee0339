#!/usr/bin/env bash
# The test command: every suite of every language, each starting its own emulator.
# Installs what it needs (Python venv + maturin + pytest, npm packages, Maven dependencies).
# Runs every suite even when one fails, then exits non-zero if any did.
set -uo pipefail
cd "$(dirname "$0")/.."
# A compiler cache shared by every clone on this machine (sccache, in ~/.cache/sccache): a fresh
# clone compiles again only what differs from an earlier run's, not the ~500 crates of its four
# build trees. Installed here once per machine (crates.io, a few minutes); without it, everything
# compiles as before. Incremental builds are off: sccache cannot cache them, and a test run never
# rebuilds the same tree twice.
if [ -z "${SAASUS_NO_SCCACHE:-}" ]; then
  if ! command -v sccache >/dev/null; then
    echo "=== installing sccache (once per machine) ==="
    cargo install --quiet --locked --no-default-features sccache --version 0.19.0 || echo "sccache: not installed; compiling without a cache"
  fi
  # A server already running (another clone's run) serves this one too.
  if command -v sccache >/dev/null && { sccache --start-server >/dev/null 2>&1 || sccache --show-stats >/dev/null 2>&1; }; then
    export RUSTC_WRAPPER=sccache CARGO_INCREMENTAL=0
    sccache --zero-stats >/dev/null
  fi
fi
# The Rust suites leave target/debug/saasus-emulator behind for the other languages' tests.
suites=(generated rust contract python node browser kotlin swift release)
failed=()
for suite in "${suites[@]}"; do
  echo "=== $suite ==="
  start=$SECONDS
  if bash "tests/$suite.sh"; then
    echo "=== $suite: ok ($((SECONDS - start)) s) ==="
  else
    echo "=== $suite: FAILED ($((SECONDS - start)) s) ==="
    failed+=("$suite")
  fi
done
if [ "${RUSTC_WRAPPER:-}" = sccache ]; then
  sccache --show-stats | grep -E '^(Compile requests|Cache hits|Cache misses) ' || true
fi
if ((${#failed[@]})); then
  echo "failed suites: ${failed[*]}"
  exit 1
fi
echo "all suites passed: ${suites[*]}"
