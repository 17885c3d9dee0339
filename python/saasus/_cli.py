"""The `saasus` console script: the command line (`saasus auth tenant get-tenants`, `saasus
emulator`, ...) runs inside the native module; see `saasus --help`."""

from __future__ import annotations

import sys

from . import _native


def main() -> None:
    """Runs `saasus` with this process's arguments and exits with its code."""
    sys.stdout.flush()
    sys.exit(_native.cli_main(["saasus", *sys.argv[1:]]))
