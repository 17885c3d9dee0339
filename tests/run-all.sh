#!/usr/bin/env bash
# The test command: every suite of every language, each starting its own emulator.
# Installs what it needs (Python venv + maturin + pytest, npm packages, Maven dependencies).
# Runs every suite even when one fails, then exits non-zero if any did.
set -uo pipefail
cd "$(dirname "$0")/.."
# The Rust suites leave target/debug/saasus-emulator behind for the other languages' tests.
suites=(generated rust contract python node browser kotlin swift)
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
if ((${#failed[@]})); then
  echo "failed suites: ${failed[*]}"
  exit 1
fi
echo "all suites passed: ${suites[*]}"
