#!/usr/bin/env bash
# Builds what a user installs, release builds all, into target/dist (the jar into the local Maven
# repository too). The test suites install these artifacts, not the source tree; the release
# workflows (.github/workflows) build the same for every platform.
#
#   tools/package.sh python      the abi3 wheel (manylinux2014, linked with zig) and the sdist
#   tools/package.sh node        the npm tarball and this platform's package (`npm pack` of each)
#   tools/package.sh jar         the jar with this platform's native library, `mvn install`ed
#   tools/package.sh jar-native  only lays that library where the jar's resources come from
set -euo pipefail
cd "$(dirname "$0")/.."
dist=$PWD/target/dist

python_wheel() {
  # maturin, and zig as the C compiler and linker: glibc 2.17's symbol versions, so that pip
  # takes the wheel on every distribution since CentOS 7 (manylinux2014), from this newer system.
  # ziglang is pinned: zig 0.16's `ar` cannot create archives (cc-rs, aws-lc-sys).
  local venv=target/build-venv
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "maturin>=1.15,<2" "ziglang==0.15.2"
  rm -rf "$dist/python"
  # maturin finds zig as `python -m ziglang` of the first python on PATH.
  (cd python && PATH="$PWD/../$venv/bin:$PATH" maturin build --quiet --release --zig --compatibility manylinux2014 --out "$dist/python")
  (cd python && "../$venv/bin/maturin" sdist --out "$dist/python")
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
    npm run --silent build
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
  cargo build --quiet --release -p saasus-uniffi --lib
  local lib
  for lib in target/release/libsaasus_uniffi.so target/release/libsaasus_uniffi.dylib target/release/saasus_uniffi.dll; do
    [ -f "$lib" ] && break
  done
  rm -rf kotlin/native
  mkdir -p "kotlin/native/$(jna_prefix)"
  cp "$lib" "kotlin/native/$(jna_prefix)/"
}

case "${1:-}" in
  python) python_wheel ;;
  node) node_packages ;;
  jar-native) jar_native ;;
  jar)
    jar_native
    (cd kotlin && mvn -B -ntp -q -DskipTests install)
    mkdir -p "$dist/jvm"
    cp kotlin/target/saasus-*.jar "$dist/jvm/"
    ls "$dist/jvm"
    ;;
  *)
    echo "usage: tools/package.sh python|node|jar|jar-native" >&2
    exit 2
    ;;
esac
