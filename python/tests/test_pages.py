"""Iterators over every item of the cursor-paged operations (`<operation>_iter`), blocking and
asyncio, against the emulator: its cursors are real, and a fault answering a given body repeats one."""

from __future__ import annotations

import asyncio

import pytest

import saasus
from saasus.apilog import ApiLog


def pages_fetched(emulator, prefix):
    """How many requests the emulator served whose path (query included) starts with `prefix`."""
    return sum(1 for r in emulator.requests() if r.path.startswith(prefix))


def forget_requests(emulator):
    emulator.clear_requests()


def create_users(client, n):
    return [client.auth.saas_user.create_saas_user(email=f"user-{i:03}@example.com").id for i in range(n)]


def test_saas_users_tenant_users_and_logs_come_whole_in_pages_of_the_limit(emulator):
    client = emulator.client()
    created = create_users(client, 250)  # also the emulator's first 250 API logs

    logs = list(client.apilog.api_log.get_logs_iter(limit=100))
    assert all(isinstance(log, ApiLog) for log in logs)
    assert len(logs) == 250 and len({log.api_log_id for log in logs}) == 250
    assert {(log.request_method, log.request_uri) for log in logs} == {("POST", "/v1/auth/users")}
    assert pages_fetched(emulator, "/v1/apilog/logs") == 3

    tenant = client.auth.tenant.create_tenant(name="Paged Co", attributes={}, back_office_staff_email="ops@paged.example")
    for i in range(250):
        client.auth.tenant_user.create_tenant_user(tenant.id, email=f"user-{i:03}@example.com", attributes={})

    forget_requests(emulator)
    users = client.auth.saas_user.search_saas_users_iter(limit=100)
    seen = [u.id for u in users]
    assert all(isinstance(u, saasus.SaasUser) for u in client.auth.saas_user.search_saas_users_iter(limit=100))
    assert len(seen) == 250 and set(seen) == set(created)
    assert pages_fetched(emulator, "/v1/auth/users/search") == 6  # 3 per iteration, two iterations

    members = list(client.auth.tenant_user.search_tenant_users_iter(tenant_id=tenant.id, limit=100))
    assert {m.tenant_id for m in members} == {tenant.id}
    assert sorted(m.id for m in members) == sorted(created)
    assert pages_fetched(emulator, "/v1/auth/tenants/all/users/search") == 3

    # The filters go with every page: 100 of the 250 emails start with "user-1".
    some = list(client.auth.saas_user.search_saas_users_iter(email="user-1", limit=30))
    assert len(some) == 100 and all(u.email.startswith("user-1") for u in some)


def test_async_iterators_page_the_same_way(emulator):
    created = create_users(emulator.client(), 250)
    forget_requests(emulator)

    async def main():
        aclient = emulator.client(saasus.AsyncClient)
        # The logs first: the searches would be logged too.
        logs = [log async for log in aclient.apilog.api_log.get_logs_iter(limit=100)]
        seen = [u.id async for u in aclient.auth.saas_user.search_saas_users_iter(limit=100)]
        return seen, logs

    seen, logs = asyncio.run(main())
    assert len(seen) == 250 and set(seen) == set(created)
    assert len({log.api_log_id for log in logs}) == 250
    assert pages_fetched(emulator, "/v1/auth/users/search") == 3
    assert pages_fetched(emulator, "/v1/apilog/logs") == 3


def test_a_repeated_cursor_stops_the_iteration_with_a_decode_error(emulator):
    client = emulator.client()
    create_users(client, 250)
    # The emulator's cursors name the last user of a page: the first page's is known in advance.
    first = client.auth.saas_user.search_saas_users(limit=100).cursor
    users = client.auth.saas_user.search_saas_users_iter(limit=100)
    seen = [next(users).id]
    # The first page has come; page 2 is now answered as if it were page 1 again.
    emulator.fault(path="/v1/auth/users/search", status=200, body={"users": [], "cursor": first})
    with pytest.raises(saasus.DecodeError) as e:
        for u in users:
            seen.append(u.id)
    assert len(seen) == 100, "the first page's users all come before the error"
    assert e.value.status == 200
    assert "cursor: page 2 of SearchSaasUsers answered a cursor this iteration had already used" in str(e.value)
    assert list(users) == [], "and the iterator is finished"

    async def repeated():
        emulator.fault(path="/v1/auth/users/search", status=200, body={"users": [], "cursor": "again"}, count=2)
        aclient = emulator.client(saasus.AsyncClient)
        return [u async for u in aclient.auth.saas_user.search_saas_users_iter(limit=100)]

    with pytest.raises(saasus.DecodeError, match="cursor: page 2 of SearchSaasUsers"):
        asyncio.run(repeated())


def test_errors_are_the_plain_operations(emulator):
    client = emulator.client()
    create_users(client, 150)
    users = client.auth.saas_user.search_saas_users_iter(limit=100)
    next(users)
    emulator.fault(path="/v1/auth/users/search", status=403)
    with pytest.raises(saasus.ForbiddenError):
        list(users)
    # Arguments are checked when the iterator is made, as the plain operation checks them.
    with pytest.raises(saasus.InvalidArgumentError, match="limit"):
        client.auth.saas_user.search_saas_users_iter(limit="many")
    with pytest.raises(saasus.InvalidArgumentError, match="no_such_filter"):
        client.auth.saas_user.search_saas_users_iter(no_such_filter=1)
    with pytest.raises(saasus.BadRequestError):
        list(client.auth.saas_user.search_saas_users_iter(limit=1000))
    # Only the paged operations have an iterator, and only where values (not Responses) come back.
    assert not hasattr(client.auth.saas_user, "get_saas_users_iter")
    assert not hasattr(client.with_response.auth.saas_user, "search_saas_users_iter")
