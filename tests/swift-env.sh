#!/usr/bin/env bash
# The Swift toolchain for the Swift suite. Debian bookworm (this machine) has no Swift compiler;
# trixie's `swiftlang` (Swift 6.0.3 with Foundation, XCTest and Swift Testing) needs trixie's
# glibc, so it lives in a trixie root made by debootstrap.
#
#   bash tests/swift-env.sh                 make the root if missing (or reuse it), print its path
#   bash tests/swift-env.sh CMD [ARGS...]   also run CMD inside it, in this checkout
#
# The root is kept outside the checkout, at $SAASUS_SWIFT_ROOT (default /var/cache/saasus-swift),
# because it is 3.3 GB and ~4 minutes to make: CI's fresh clone on this same machine finds it
# there and reuses it, and `git clean` of a checkout does not throw it away.
# CMD runs in a private mount namespace (unshare): /proc, /dev and the checkout (at its own
# path, so target/ and the paths in Package.swift mean the same inside) are mounted for that
# command only, so nothing stays mounted and two checkouts can use the root at once.
set -euo pipefail
root=${SAASUS_SWIFT_ROOT:-/var/cache/saasus-swift}
repo=$(cd "$(dirname "$0")/.." && pwd)
# Without libc6-dev the link stops at Scrt1.o; without ca-certificates the client (rustls with the
# system roots) refuses to be built, even for the emulator's plain http; git is how SwiftPM
# fetches a `.package(url:)` dependency (tests/swift.sh's consumer package).
# nodejs and curl: AppSessionTest starts the app's backend (tests/app-backend/server.js) and calls it.
packages=(swiftlang libc6-dev libstdc++-14-dev ca-certificates git nodejs curl)

fail() { echo "swift-env: cannot create the Swift environment at $root: $*" >&2; exit 1; }

# Installs the packages into the root at $1.
install() {
  unshare --mount --propagation private bash -c '
    set -e
    dir=$1; shift
    mount -t proc proc "$dir/proc"
    chroot "$dir" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive chroot "$dir" apt-get install -y -qq --no-install-recommends "$@"
    chroot "$dir" apt-get clean
  ' _ "$1" "${packages[@]}"
}

create() {
  [ "$(id -u)" -eq 0 ] || fail "needs root (debootstrap, chroot)"
  if ! command -v debootstrap >/dev/null; then
    { apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null; } ||
      fail "apt-get install debootstrap failed"
  fi
  # Made beside the final place and renamed at the end, so a half-made root (an interrupted
  # run) is never taken for a ready one.
  local tmp="$root.partial"
  rm -rf "$tmp"
  mkdir -p "$(dirname "$root")"
  debootstrap --variant=minbase trixie "$tmp" >"$tmp.log" 2>&1 ||
    fail "debootstrap trixie failed (see $tmp.log)"
  install "$tmp" >>"$tmp.log" 2>&1 || fail "apt-get install ${packages[*]} in the trixie root failed (see $tmp.log)"
  # swift finds its libraries by $ORIGIN, which glibc resolves through /proc/self/exe.
  unshare --mount --propagation private bash -c 'mount -t proc proc "$1/proc" && chroot "$1" swift --version' _ "$tmp" \
    >>"$tmp.log" 2>&1 || fail "swift does not run in the trixie root (see $tmp.log)"
  echo "${packages[*]}" >"$tmp/.saasus-swift-ready"
  rm -rf "$root"
  mv "$tmp" "$root"
  rm -f "$tmp.log"
}

# One creator at a time (two checkouts' suites starting together wait for the first).
mkdir -p "$(dirname "$root")"
exec 9>"$root.lock"
flock 9
# A marker, not /usr/bin/swift: that is a symlink to an absolute path, which only resolves inside.
if [ ! -f "$root/.saasus-swift-ready" ]; then
  start=$SECONDS
  echo "swift-env: creating the Swift environment at $root (debootstrap trixie + swiftlang)" >&2
  create
  echo "swift-env: created in $((SECONDS - start)) s" >&2
elif [ "$(cat "$root/.saasus-swift-ready")" != "${packages[*]}" ]; then
  # A root made for an earlier package list: what is missing is added in place.
  echo "swift-env: adding to the Swift environment at $root: ${packages[*]}" >&2
  install "$root" >/dev/null 2>&1 || fail "apt-get install ${packages[*]} in the trixie root failed"
  echo "${packages[*]}" >"$root/.saasus-swift-ready"
fi
flock -u 9

if (($# == 0)); then
  echo "$root"
  exit 0
fi
# shared/ beside the checkout (the specs the tests count operations against), read-only, when
# there is one.
shared=$(cd "$repo/.." && pwd)/shared
[ -d "$shared" ] || shared=
exec unshare --mount --propagation private bash -c '
  set -e
  root=$1 repo=$2 shared=$3; shift 3
  mount -t proc proc "$root/proc"
  mount --rbind /dev "$root/dev"
  mkdir -p "$root$repo"
  mount --bind "$repo" "$root$repo"
  if [ -n "$shared" ]; then
    mkdir -p "$root$shared"
    mount --bind -o ro "$shared" "$root$shared"
  fi
  cd /
  exec chroot "$root" /usr/bin/env -C "$repo" HOME=/root PATH=/usr/local/bin:/usr/bin:/bin \
    ${SAASUS_UNIFFI_LIB_DIR:+"SAASUS_UNIFFI_LIB_DIR=$SAASUS_UNIFFI_LIB_DIR"} "$@"
' _ "$root" "$repo" "$shared" "$@"
