"""The platform's events: one Amazon EventBridge event (`detail-type` `api_call`) for every
operation that is not a GET, whose `detail.event` is the request's API log as a JSON string.

    event = saasus.events.parse(body)            # the envelope, or its detail alone
    if event.operation == "CreateTenant":
        tenant = event.output                     # a saasus.TenantDetail, as the API answered
    event.path_params.get("tenant_id")            # the ids in the request's path

`saasus listen --forward-to URL` forwards them to a local endpoint, signed: check with `verify`.
Delivery is unordered: keep each entity's last applied `time` and apply an event only when
`event.is_newer_than(last)`, or sort a batch with `in_order`.
"""

from __future__ import annotations

import json
import time as _time
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional, Union

from . import _native

__all__ = ["Event", "parse", "verify", "in_order", "SIGNATURE_HEADER"]

#: The header `saasus listen` signs each forwarded event with (`t=<unix seconds>,v1=<hex>`).
SIGNATURE_HEADER = "saasus-signature"


@dataclass(frozen=True)
class Event:
    """A SaaSus event, read. `operation` is the operationId (`CreateTenant`; None for one newer than
    this SDK) and `event_type` its snake-case name as the event says; `input` and `output` are the
    request and response bodies as the operation's models where they parse as them (else None),
    `request` and `response` the same as plain JSON. `envelope` keeps every field, unknown ones too."""

    id: str
    time: str
    event_type: str
    operation: Optional[str]
    api: Optional[str]
    path_params: dict[str, str]
    status: int
    trace_id: str
    request: Any = field(repr=False)
    response: Any = field(repr=False)
    input: Any = field(repr=False)
    output: Any = field(repr=False)
    envelope: dict[str, Any] = field(repr=False)
    call: dict[str, Any] = field(repr=False)

    def is_newer_than(self, last_time: Optional[str]) -> bool:
        """Whether to apply this event over the one applied at `last_time` (RFC 3339, UTC)."""
        return last_time is None or self.time > last_time


def parse(body: Union[str, bytes, dict[str, Any]]) -> Event:
    """Reads an event: the EventBridge envelope (a Lambda's `event`, or what `saasus listen`
    POSTs), or its `detail` alone. Raises `saasus.InvalidArgumentError` for what is not one."""
    if isinstance(body, dict):
        body = json.dumps(body)
    elif isinstance(body, (bytes, bytearray)):
        body = bytes(body).decode("utf-8")
    p = _native.parse_event(body)
    envelope = p["envelope"]
    detail = envelope.get("detail", {})
    return Event(id=envelope.get("id", ""), time=envelope.get("time", ""), event_type=detail.get("event_type", ""),
                 operation=p["operation"], api=p["api"], path_params=dict(p["path_params"]), status=p["status"],
                 trace_id=detail.get("trace_id", ""), request=p["request"], response=p["response"], input=p["input"],
                 output=p["output"], envelope=envelope, call=p["call"])


def verify(body: Union[str, bytes], signature: Optional[str], secret: str, *, tolerance: float = 300) -> None:
    """Checks the `saasus-signature` header of an event `saasus listen` forwarded: signed with
    `secret` (the one `listen` prints) over this exact body, at most `tolerance` seconds ago.
    Raises `saasus.InvalidArgumentError` saying which check failed."""
    raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
    _native.verify_event(secret, signature or "", raw, int(tolerance), int(_time.time()))


def in_order(events: Iterable[Event]) -> list[Event]:
    """The events sorted by their `time`, then id."""
    return sorted(events, key=lambda e: (e.time, e.id))
