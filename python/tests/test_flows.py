"""Flows across operations and APIs against the emulator, values asserted at each step: pricing
from a metering unit to a tenant's metered totals, a feedback's life in Communication, and
ApiLog reading back the calls just made."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timezone

import pytest

import saasus
from saasus import communication, pricing
from saasus.pricing import UpdateMeteringUnitTimestampCountMethod as Method

# 2024-02-29T00:00:00Z: counts at fixed moments, so their day and month are known here.
LEAP_DAY = 1_709_164_800
TIERS = [{"up_to": 100, "unit_amount": 10, "flat_amount": 0, "inf": False}, {"up_to": 0, "unit_amount": 5, "flat_amount": 1000, "inf": True}]


def utc(ts: int, fmt: str = "%Y-%m-%d") -> str:
    return datetime.fromtimestamp(ts, timezone.utc).strftime(fmt)


def test_units_of_four_kinds_a_menu_a_plan_a_tenant_on_it_and_its_metered_totals(client):
    p = client.pricing
    meter = p.metering.create_metering_unit(unit_name="api_calls", aggregate_usage="sum", display_name="API calls", description="")
    assert (meter.unit_name, meter.used, meter.aggregate_usage) == ("api_calls", False, pricing.AggregateUsage.SUM)

    common = dict(display_name="Unit", description="", currency=pricing.Currency.JPY)
    base = p.pricing_units.create_pricing_unit(type="fixed", name="base", unit_amount=3000, recurring_interval="month", **common)
    usage = p.pricing_units.create_pricing_unit(type="usage", name="calls", unit_amount=2, upper_count=0, metering_unit_name="api_calls",
                                                aggregate_usage="sum", **common)
    tiered = p.pricing_units.create_pricing_unit(type="tiered", name="calls_tiered", upper_count=0, metering_unit_name="api_calls",
                                                 tiers=[pricing.PricingTier(**t) for t in TIERS], **common)
    tiered_usage = p.pricing_units.create_pricing_unit(type="tiered_usage", name="calls_tu", upper_count=1000,
                                                       metering_unit_name="api_calls", tiers=TIERS, **common)
    # Amounts and counts are unsigned in the spec: a negative one is refused before sending, by its path.
    bad_tiers = [dict(TIERS[0]), dict(TIERS[1], up_to=-1)]
    with pytest.raises(saasus.InvalidArgumentError) as e:
        p.pricing_units.create_pricing_unit(type="tiered", name="neg", upper_count=0, metering_unit_name="api_calls",
                                            tiers=bad_tiers, **common)
    assert e.value.type == "tiers[1].up_to" and "must be 0 or more" in str(e.value)
    # Each kind is its own class, told apart by isinstance (or match), never a bare dict.
    kinds = [pricing.PricingFixedUnit, pricing.PricingUsageUnit, pricing.PricingTieredUnit, pricing.PricingTieredUsageUnit]
    units = [base, usage, tiered, tiered_usage]
    assert [type(u) for u in units] == kinds
    assert base.unit_amount == 3000 and base.recurring_interval == pricing.RecurringInterval.MONTH
    assert [t.to_dict() for t in tiered.tiers] == TIERS and tiered_usage.upper_count == 1000
    assert {u.metering_unit_id for u in units[1:]} == {meter.id}
    match usage:
        case pricing.PricingUsageUnit(unit_amount=amount):
            assert amount == 2
        case _:
            pytest.fail(f"not a usage unit: {usage!r}")
    ids = [u.id for u in units]
    assert [u.id for u in p.pricing_units.get_pricing_units().units] == ids
    assert p.pricing_units.get_pricing_unit(tiered.id) == tiered

    menu = p.pricing_menus.create_pricing_menu(name="standard", display_name="Standard", description="", unit_ids=ids)
    assert [u.id for u in menu.units] == ids
    plan = p.pricing_plans.create_pricing_plan(name="pro", display_name="Pro", description="", menu_ids=[menu.id])
    assert [m.id for m in plan.pricing_menus] == [menu.id] and not plan.used

    # An Auth tenant on the plan: the tenant shows it, and the plan is now in use.
    tenant = client.auth.tenant.create_tenant(name="Metered", attributes={}, back_office_staff_email="ops@metered.example")
    client.auth.tenant.update_tenant_plan(tenant.id, next_plan_id=plan.id)
    assert client.auth.tenant.get_tenant(tenant.id).plan_id == plan.id
    assert p.pricing_plans.get_pricing_plan(plan.id).used

    # Counts at fixed moments: each answer is the second's count after the method.
    m = p.metering
    sent: dict[int, int] = {}
    for ts, method, n, after in [(LEAP_DAY + 3600, Method.ADD, 10, 10), (LEAP_DAY + 3600, "add", 5, 15), (LEAP_DAY + 3600, Method.SUB, 3, 12),
                                 (LEAP_DAY + 7200, Method.DIRECT, 20, 20), (LEAP_DAY + 86_400, Method.ADD, 4, 4)]:
        r = m.update_metering_unit_timestamp_count(tenant.id, "api_calls", ts, method=method, count=n)
        assert r == pricing.MeteringUnitTimestampCount(metering_unit_name="api_calls", timestamp=ts, count=after)
        sent[ts] = after
    now = m.update_metering_unit_timestamp_count_now(tenant.id, "api_calls", method="add", count=6)
    assert (now.metering_unit_name, now.count) == ("api_calls", 6)
    sent[now.timestamp] = now.count

    def total(prefix: str) -> int:
        return sum(n for ts, n in sent.items() if utc(ts).startswith(prefix))

    assert (total("2024-02-29"), total("2024-02"), total("2024-03")) == (32, 32, 4)
    for day in ["2024-02-29", "2024-03-01", utc(now.timestamp)]:
        got = m.get_metering_unit_date_count_by_tenant_id_and_unit_name_and_date(tenant.id, "api_calls", day)
        assert got == pricing.MeteringUnitDateCount(metering_unit_name="api_calls", date=day, count=total(day))
        assert m.get_metering_unit_date_counts_by_tenant_id_and_date(tenant.id, day).counts == [got]
        month = m.get_metering_unit_month_count_by_tenant_id_and_unit_name_and_month(tenant.id, "api_calls", day[:7])
        assert (month.month, month.count) == (day[:7], total(day[:7]))
    today = m.get_metering_unit_date_count_by_tenant_id_and_unit_name_today(tenant.id, "api_calls")
    assert today.count == total(today.date)
    period = m.get_metering_unit_date_count_by_tenant_id_and_unit_name_and_date_period(
        tenant.id, "api_calls", start_timestamp=LEAP_DAY, end_timestamp=LEAP_DAY + 86_399)
    assert [(c.timestamp, c.count) for c in period.counts] == [(LEAP_DAY + 3600, 12), (LEAP_DAY + 7200, 20)]

    # A unit in use cannot be deleted (the API's 4xx); after the reset nothing is left.
    with pytest.raises(saasus.ApiError) as refused:
        p.pricing_units.delete_pricing_unit(base.id)
    assert 400 <= refused.value.status < 500
    client.auth.tenant.update_tenant_plan(tenant.id)
    p.pricing_plans.delete_all_plans_and_menus_and_units_and_meters_and_tax_rates()
    assert p.pricing_units.get_pricing_units().units == [] and p.pricing_plans.get_pricing_plans().pricing_plans == []


def test_a_feedback_with_votes_and_comments_asyncio(emulator):
    async def flow() -> None:
        c = emulator.client(saasus.AsyncClient)
        fb = c.communication.feedback
        user = await c.auth.saas_user.create_saas_user(email="author@example.com", password="Passw0rd!")
        created = await fb.create_feedback(user_id=user.id, feedback_title="Export to CSV", feedback_description="Monthly usage")
        assert (created.user_id, created.status, created.count, created.users, created.comments) == (user.id, 0, 0, [], [])
        # Three votes at once; voting twice counts once; one is withdrawn.
        await asyncio.gather(*(fb.create_vote_user(created.id, user_id=f"voter-{i}") for i in (1, 2, 3)))
        assert (await fb.create_vote_user(created.id, user_id="voter-2")).count == 3
        await fb.delete_vote_for_feedback(created.id, "voter-1")
        first = await fb.create_feedback_comment(created.id, body="Would use it daily")
        await fb.update_feedback_comment(created.id, first.id, body="Would use it every day")
        await fb.update_feedback_status(created.id, status=1)

        got = await fb.get_feedback(created.id)
        assert (got.status, got.count) == (1, 2)
        assert sorted(u.user_id for u in got.users) == ["voter-2", "voter-3"]
        assert [cm.body for cm in got.comments] == ["Would use it every day"]
        # Communication's own User, not Auth's of the same name.
        assert isinstance(got.users[0], communication.User) and not isinstance(got.users[0], saasus.User)
        await fb.delete_feedback(created.id)
        with pytest.raises(saasus.NotFoundError):
            await fb.get_feedback(created.id)
        assert (await fb.get_feedbacks()).feedbacks == []

    asyncio.run(flow())


def test_api_log_lists_the_calls_just_made(client):
    since = int(time.time())
    tenant = client.auth.tenant.create_tenant(name="Logged", attributes={}, back_office_staff_email="ops@logged.example")
    with pytest.raises(saasus.NotFoundError):
        client.auth.tenant.get_tenant("no-such-tenant")
    client.pricing.pricing_plans.get_pricing_plans()

    log = client.apilog.api_log
    listed = log.get_logs(created_at=utc(since, "%Y-%m-%dT%H:%M:%SZ"))
    seen = [(entry.request_method, entry.request_uri, entry.response_status) for entry in listed.api_logs]
    assert seen == [("GET", "/v1/pricing/plans", "200"), ("GET", "/v1/auth/tenants/no-such-tenant", "404"), ("POST", "/v1/auth/tenants", "201")]
    create = listed.api_logs[2]
    assert "Logged" in create.request_body and tenant.id in create.response_body
    assert log.get_log(create.api_log_id) == create
    with pytest.raises(saasus.NotFoundError):
        log.get_log("no-such-log")
