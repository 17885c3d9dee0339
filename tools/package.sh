#!/usr/bin/env bash
# Builds what a user installs, release builds all, into target/dist (the jar into the local Maven
# repository too). The test suites install these artifacts, not the source tree; the release
# workflows (.github/workflows) build the same for every platform.
#
#   tools/package.sh python      the abi3 wheel (manylinux2014) and the sdist
#   tools/package.sh node        the npm tarball and this platform's package (`npm pack` of each)
#   tools/package.sh jar         the jar with this platform's native library, `mvn install`ed
#   tools/package.sh jar-native  only lays that library where the jar's resources come from
#   tools/package.sh uniffi-lib  builds the Kotlin and Swift library; prints its path
#
# On Linux x86-64 every native artifact — the wheel's module, the Node addon, libsaasus_uniffi.so —
# is linked by zig against glibc 2.17's symbols (tests/release.sh checks), so that each loads on
# every distribution since CentOS 7 (Amazon Linux 2, RHEL 8, Debian 11, Ubuntu 20.04), not only on
# systems as new as the build machine. All three build for the same target in the same tree.
set -euo pipefail
cd "$(dirname "$0")/.."
dist=$PWD/target/dist
# The glibc-versioned target cargo-zigbuild and maturin read; its output is target/$zig_triple.
zig_target=x86_64-unknown-linux-gnu.2.17
zig_triple=x86_64-unknown-linux-gnu
# Outside the clone, shared by every clone on the machine: cargo-zigbuild names its linker wrappers
# after its own path, and that path is in every compile command, so a venv per clone would make
# each clone's builds look new to the compiler cache (sccache, tests/run-all.sh).
venv=${SAASUS_BUILD_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/saasus/build-venv}

# Whether this machine builds with zig (Linux x86-64); elsewhere, native builds.
with_zig() {
  [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ]
}

# maturin, cargo-zigbuild and zig in the build venv, first on PATH. ziglang is pinned: zig 0.16's
# `ar` cannot create archives (cc-rs, aws-lc-sys); cargo-zigbuild is maturin's own version.
build_tools() {
  [ -x "$venv/bin/python" ] || { mkdir -p "$(dirname "$venv")" && python3 -m venv "$venv"; }
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "maturin>=1.15,<2" "ziglang==0.15.2" "cargo-zigbuild==0.24.0"
  PATH="$venv/bin:$PATH"
  export PATH
}

# What cargo-zigbuild sets for cargo to link with zig against glibc 2.17 — its linker and C/C++
# compiler wrappers, and the settings that keep them off the host's build scripts — read from
# cargo-zigbuild itself (it runs `$CARGO`, here a script that saves its environment) and exported,
# so that plain cargo, napi and maturin all build with the very same settings, into one tree. Each
# tool's own zig support (napi's -x, maturin's --zig) names its wrappers after its own path, and
# cargo rebuilds every crate whose linker changed: three release builds of every dependency.
#
# zig's linker takes the release profile's strip = "debuginfo" for stripping the symbol table too,
# where uniffi-bindgen reads the library's metadata (tools/uniffi.sh): the builds keep every symbol,
# and the copies that ship are stripped of debug information afterwards (strip_debug; the wheel's by
# maturin's --strip).
zig_env() {
  build_tools
  local dump line name
  dump=$(mktemp -d)
  printf '#!/bin/sh\nenv -0 > "%s/env"\n' "$dump" >"$dump/cargo"
  chmod +x "$dump/cargo"
  CARGO="$dump/cargo" cargo-zigbuild zigbuild --release --target "$zig_target" >/dev/null
  while IFS= read -r -d '' line; do
    name=${line%%=*}
    case "$name" in PATH | _ | CARGO | PWD | OLDPWD | SHLVL) continue ;; esac
    [ "${!name-}" = "${line#*=}" ] || export "${line?}"
  done <"$dump/env"
  rm -rf "$dump"
  [ -n "${CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER:-}" ] || { echo "package.sh: cargo-zigbuild set no linker" >&2; exit 1; }
  export CARGO_PROFILE_RELEASE_STRIP=none
}

strip_debug() {
  objcopy --strip-debug "$1"
}

uniffi_lib() {
  if with_zig; then
    zig_env
    cargo build --quiet --release --target "$zig_triple" -p saasus-uniffi --lib >&2
    echo "target/$zig_triple/release/libsaasus_uniffi.so"
  else
    cargo build --quiet --release -p saasus-uniffi --lib >&2
    local lib
    for lib in target/release/libsaasus_uniffi.dylib target/release/libsaasus_uniffi.so target/release/saasus_uniffi.dll; do
      [ -f "$lib" ] && break
    done
    echo "$lib"
  fi
}

python_wheel() {
  build_tools
  rm -rf "$dist/python"
  if with_zig; then
    # manylinux2014 is glibc 2.17: linked by zig with the other artifacts' settings, in their tree.
    zig_env
    (cd python && maturin build --quiet --release --strip --target "$zig_triple" --compatibility manylinux2014 --out "$dist/python")
  else
    (cd python && maturin build --quiet --release --strip --out "$dist/python")
  fi
  (cd python && maturin sdist --out "$dist/python")
  ls "$dist/python"
}

# napi-rs's name for this platform: the suffix of the addon and of its npm package.
node_platform() {
  node -p "const a = process.arch, p = process.platform;
    p === 'linux' ? 'linux-' + a + (process.report.getReport().header.glibcVersionRuntime ? '-gnu' : '-musl')
      : p === 'win32' ? 'win32-' + a + '-msvc' : p + '-' + a"
}

node_packages() {
  local platform
  platform=$(node_platform)
  if [ ! -d "node/npm/$platform" ]; then
    echo "package.sh: no npm platform package for $platform (node/npm/*)" >&2
    exit 1
  fi
  (
    cd node
    # A fresh checkout installs with `npm ci`; see tests/node.sh for why `npm install` follows.
    if [[ -d node_modules ]] || ! npm ci --no-audit --no-fund --loglevel=error 2>/dev/null; then
      npm install --no-audit --no-fund --loglevel=error
    fi
    if with_zig; then
      # `npm run build`'s command, linked by zig for glibc 2.17 with the other artifacts' settings.
      zig_env
      npx napi build --platform --release --target "$zig_triple" --manifest-path ../bindings/node/Cargo.toml \
        --output-dir . --js native.js --dts native.d.ts
      strip_debug "saasus.$platform.node"
    else
      npm run --silent build
    fi
    cp "saasus.$platform.node" "npm/$platform/"
  )
  # npm packs no symbolic links: the licence goes in as a copy (ignored by git).
  cp LICENSE node/
  cp LICENSE "node/npm/$platform/"
  rm -rf "$dist/node"
  mkdir -p "$dist/node"
  (cd node && npm pack --silent --pack-destination "$dist/node" >/dev/null)
  (cd "node/npm/$platform" && npm pack --silent --pack-destination "$dist/node" >/dev/null)
  ls "$dist/node"
}

# JNA's resource folder for this platform (com.sun.jna.Platform.RESOURCE_PREFIX).
jna_prefix() {
  local os arch
  case "$(uname -s)" in
    Linux) os=linux ;; Darwin) os=darwin ;; *) os=win32 ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=x86-64 ;; aarch64 | arm64) arch=aarch64 ;; *) arch=$(uname -m) ;;
  esac
  echo "$os-$arch"
}

jar_native() {
  local lib
  lib=$(uniffi_lib)
  rm -rf kotlin/native
  mkdir -p "kotlin/native/$(jna_prefix)"
  cp "$lib" "kotlin/native/$(jna_prefix)/"
  if with_zig; then
    strip_debug "kotlin/native/$(jna_prefix)/$(basename "$lib")"
  fi
}

case "${1:-}" in
  python) python_wheel ;;
  node) node_packages ;;
  jar-native) jar_native ;;
  uniffi-lib) uniffi_lib ;;
  jar)
    jar_native
    (cd kotlin && mvn -B -ntp -q -DskipTests install)
    mkdir -p "$dist/jvm"
    cp "kotlin/target/saasus-$(python3 tools/version.py).jar" "$dist/jvm/"
    ls "$dist/jvm"
    ;;
  *)
    echo "usage: tools/package.sh python|node|jar|jar-native|uniffi-lib" >&2
    exit 2
    ;;
esac
