"""`saasus.Meter`: metered usage counted at memory speed, sent as one request per tenant, unit
and minute, never twice (the core's meter; docs/metering.md).

    with client.meter() as meter:             # or saasus.Meter(client)
        meter.add(tenant_id, "api_calls")     # returns at once
    # closed: everything held was sent; meter.close() answers a MeterReport

A meter still open when the interpreter exits is closed then (`atexit`), so a process that ends
normally sends what it held. A forked child cannot use its parent's meter (its task is not
there): make one in the child."""

from __future__ import annotations

import atexit
import os
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Optional, cast

from ._errors import SaasusError

if TYPE_CHECKING:
    from ._client import Client


@dataclass(frozen=True)
class MeterStats:
    """A meter's counts so far, as sums of counts (not of calls): `added` is always
    `sent + pending + failed + unknown + dropped`."""

    added: int
    """Counts given to `add` and `sub`."""
    sent: int
    """Counts the platform answered as counted."""
    pending: int
    """Counts held or being sent."""
    failed: int
    """Counts refused by the platform (no such tenant or unit), or not sent before the meter closed."""
    unknown: int
    """Counts whose request ended without saying whether it was applied: maybe counted."""
    dropped: int
    """Counts refused because `max_pending` sums were held."""
    requests: int
    """Requests sent."""


@dataclass(frozen=True)
class MeterFailure:
    """A sum not counted for sure. `outcome` is "failed" (not counted), "unknown" (maybe counted:
    read the count before sending it again) or "dropped" (refused at the bound, not counted)."""

    tenant_id: str
    metering_unit_name: str
    timestamp: int
    """The bucket's first second (Unix time), sent as the count's timestamp."""
    method: Literal["add", "sub"]
    count: int
    outcome: Literal["failed", "unknown", "dropped"]
    error: Optional[SaasusError]
    """What the request raised (an `OutcomeUnknownError` for "unknown"); None when dropped."""


@dataclass(frozen=True)
class MeterReport:
    """What `flush()` and `close()` answer: the stats, and every sum not counted for sure since
    the last report (each was also logged to the "saasus" logger at WARNING)."""

    stats: MeterStats
    failures: list[MeterFailure]
    failures_left_out: int
    """Failures beyond the 1,000 a meter keeps between reports (still in the stats)."""


def _report(raw: Any) -> MeterReport:
    stats, failures, left_out = raw
    return MeterReport(MeterStats(*stats), [MeterFailure(*f) for f in failures], left_out)


# Meters to close at exit: weakly held, so that a meter nobody holds is not kept for it.
_OPEN: "weakref.WeakSet[Meter]" = weakref.WeakSet()


@atexit.register
def _close_open_meters() -> None:
    for meter in list(_OPEN):
        meter.close()


class Meter:
    """Counts metered usage and sends it in sums, per tenant, metering unit, time bucket and
    direction. Settings (None for the default): `flush_interval` seconds between sends (10),
    `flush_at` sums held that start a send before then (1,000), `max_pending` sums held at most
    (10,000; a count for a new sum beyond it is dropped, counted and reported), `bucket` seconds
    per time bucket, dividing an hour (60), `concurrency` requests in flight (4). Thread-safe."""

    def __init__(self, client: Client, *, flush_interval: Optional[float] = None, flush_at: Optional[int] = None,
                 max_pending: Optional[int] = None, bucket: Optional[int] = None,
                 concurrency: Optional[int] = None) -> None:
        # The client's native side (not in its public stub).
        self._native = cast(Any, client)._native.meter(flush_interval=flush_interval, flush_at=flush_at,
                                                       max_pending=max_pending, bucket=bucket, concurrency=concurrency)
        self._pid = os.getpid()
        _OPEN.add(self)

    def add(self, tenant_id: str, metering_unit_name: str, count: int = 1) -> None:
        """Counts `count` more of the unit for the tenant, now; returns at once."""
        self._native.add(tenant_id, metering_unit_name, count)

    def sub(self, tenant_id: str, metering_unit_name: str, count: int = 1) -> None:
        """Counts `count` fewer, now (the platform stops a count at 0); sent after the adds."""
        self._native.sub(tenant_id, metering_unit_name, count)

    @property
    def stats(self) -> MeterStats:
        return MeterStats(*self._native.stats())

    def flush(self) -> MeterReport:
        """Sends every count held and blocks until each is answered. A sum that could not be sent
        at all (no connection, a 429 after the retries) stays held for the next send."""
        return _report(self._native.flush())

    async def aflush(self) -> MeterReport:
        """`flush()` as an awaitable."""
        return _report(await self._native.flush(asynchronous=True))

    def close(self) -> MeterReport:
        """Takes no more counts, sends every count held, and answers what became of them; what
        could not be sent is failed and reported. Closing again answers the report only."""
        _OPEN.discard(self)
        if os.getpid() != self._pid:
            # A forked child's copy: its parent sends what it held.
            return MeterReport(self.stats, [], 0)
        return _report(self._native.close())

    async def aclose(self) -> MeterReport:
        """`close()` as an awaitable."""
        _OPEN.discard(self)
        return _report(await self._native.close(asynchronous=True))

    def __enter__(self) -> Meter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    async def __aenter__(self) -> Meter:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"Meter({self.stats})"
