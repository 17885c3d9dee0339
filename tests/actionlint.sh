#!/usr/bin/env bash
# The release workflows (.github/workflows) cannot run here (no GitHub runners): this lints them
# with actionlint — workflow syntax, expressions, action inputs, runner labels, job dependencies —
# and, through it, the shell of every run: step with shellcheck. Any finding fails.
# actionlint is built from the Go module proxy at a pinned version into target/tools (reused).
set -euo pipefail
cd "$(dirname "$0")/.."
version=v1.7.12
tools="$PWD/target/tools"
actionlint="$tools/actionlint"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "actionlint.sh: needs root to run: $*" >&2
    return 1
  fi
}

apt_install() {
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if [ ! -x "$actionlint" ] || [ "$("$actionlint" -version | sed -n 1p)" != "$version" ]; then
  go=$(command -v go || true)
  if [ -z "$go" ] && [ -x /usr/local/go/bin/go ]; then
    go=/usr/local/go/bin/go
  fi
  if [ -z "$go" ]; then
    apt_install golang-go
    go=$(command -v go)
  fi
  # GOTOOLCHAIN=auto: a distribution's older Go fetches the toolchain actionlint's go.mod asks for.
  GOBIN="$tools" GOTOOLCHAIN=auto "$go" install "github.com/rhysd/actionlint/cmd/actionlint@$version"
fi

# Without shellcheck on PATH actionlint silently skips the run: scripts.
if ! command -v shellcheck >/dev/null; then
  apt_install shellcheck
fi

lines=$("$actionlint" -version)
echo "${lines%%$'\n'*}"
workflows=(.github/workflows/*.y*ml)
if [ -e .git ]; then
  "$actionlint" -no-color # the repository's workflows, the reusable ones checked with their callers
else
  "$actionlint" -no-color "${workflows[@]}" # outside a git checkout it needs the files named
fi
echo "actionlint: ${#workflows[@]} workflows clean (${workflows[*]##*/})"
