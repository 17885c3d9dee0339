"""A FastAPI endpoint for `saasus listen --forward-to http://localhost:8000/saasus-events`: each
event's signature checked with the secret `listen` printed (SAASUS_LISTEN_SECRET here), then read.
python/tests/test_events.py serves it with uvicorn and runs `saasus listen` against it."""

from __future__ import annotations

import os
from typing import Optional

from fastapi import FastAPI, Header, HTTPException, Request

import saasus
import saasus.events

app = FastAPI()
received: list[saasus.events.Event] = []


@app.post("/saasus-events")
async def saasus_event(request: Request, saasus_signature: Optional[str] = Header(default=None)) -> dict[str, Optional[str]]:
    body = await request.body()
    try:
        saasus.events.verify(body, saasus_signature, os.environ["SAASUS_LISTEN_SECRET"])
    except saasus.InvalidArgumentError:
        raise HTTPException(400, "not an event saasus listen signed") from None
    event = saasus.events.parse(body)
    received.append(event)
    return {"operation": event.operation}
