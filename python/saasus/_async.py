"""The asyncio side of the native bridge: one `_native._Bridge` per event loop, through which
calls finished on the native runtime are settled on the loop's own thread."""

from __future__ import annotations

import asyncio
import functools
import weakref
from typing import Any

from . import _native

_bridges: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any]" = weakref.WeakKeyDictionary()


def _bridge_of(loop: asyncio.AbstractEventLoop) -> Any:
    """The loop's bridge, made on first use. (The native side keeps the last one a thread used,
    so this runs once per loop and thread, not per call.)"""
    bridge = _bridges.get(loop)
    if bridge is None:
        bridge = _native._Bridge()  # type: ignore[attr-defined]  # private: not in the public stubs
        try:
            loop.add_reader(bridge.fileno(), bridge.drain)
        except (NotImplementedError, OSError):  # a loop that cannot watch a socket (Windows' proactor)
            bridge.wake_with(functools.partial(loop.call_soon_threadsafe, bridge.drain))
        _bridges[loop] = bridge
    return bridge
