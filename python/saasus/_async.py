"""The asyncio side of the native bridge."""

from __future__ import annotations

import asyncio
from typing import Any


def _resolve(future: "asyncio.Future[Any]", ok: bool, value: Any) -> None:
    """Runs on the event loop (scheduled thread-safely by the native runtime)."""
    if future.done():  # cancelled meanwhile
        return
    if ok:
        future.set_result(value)
    else:
        future.set_exception(value)
