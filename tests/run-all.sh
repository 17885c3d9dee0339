#!/usr/bin/env bash
# The test command: every suite of every language, each starting its own emulator.
# Installs what it needs (Python venv + maturin + pytest, npm packages, Maven dependencies).
# Runs every suite even when one fails, then exits non-zero if any did.
set -uo pipefail
cd "$(dirname "$0")/.."
# A compiler cache shared by every clone on this machine (sccache, ~/.cache/sccache, at most 6 GB):
# used when installed (`cargo install --locked --no-default-features sccache`), or when
# SAASUS_SCCACHE=install asks this command to install it. Not installed by default: on a machine
# whose cache is empty it made the run slower (measured 2026-12-06: the rust suite 592 s against
# 484 s, python 838 s against 606 s: a cold cache adds its hashing and writing to every compile),
# and its gain on a warm machine is not measured yet (issue 33).
# Incremental builds are off with it: sccache cannot cache them.
if [ "${SAASUS_SCCACHE:-}" = install ] && ! command -v sccache >/dev/null; then
  cargo install --quiet --locked --no-default-features sccache --version 0.19.0 || echo "sccache: not installed"
fi
if [ "${SAASUS_SCCACHE:-}" != off ] && command -v sccache >/dev/null; then
  export SCCACHE_CACHE_SIZE=${SCCACHE_CACHE_SIZE:-6G}
  # A server already running (another clone's run) serves this one too.
  if sccache --start-server >/dev/null 2>&1 || sccache --show-stats >/dev/null 2>&1; then
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
