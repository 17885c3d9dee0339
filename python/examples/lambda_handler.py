"""An AWS Lambda function behind an EventBridge rule on the SaaSus partner event source (pattern
`{"source": [{"prefix": "aws.partner/saasus.io"}]}`): each event read into the operation it
records, applied only when newer than what was applied to its tenant (delivery is unordered).
python/tests/test_events.py runs it on the emulator's events."""

from __future__ import annotations

from typing import Any, Optional

import saasus.events

# The time of the last event applied per tenant. Keep it in a table (DynamoDB) in production:
# a Lambda's memory lasts only as long as its container.
last_applied: dict[str, str] = {}


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    e = saasus.events.parse(event)
    tenant_id: Optional[str] = e.path_params.get("tenant_id") or (e.response or {}).get("id")
    if tenant_id is None or not e.is_newer_than(last_applied.get(tenant_id)):
        return {"applied": False, "operation": e.operation}
    if e.operation == "CreateTenant":
        print(f"new tenant {e.output.name} (trace {e.trace_id})")
    last_applied[tenant_id] = e.time
    return {"applied": True, "operation": e.operation, "tenant_id": tenant_id}
