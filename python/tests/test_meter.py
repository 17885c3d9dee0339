"""saasus.Meter against the emulator: exact totals from many threads and tasks after close(),
a sum applied then answered 502/504 counted once and reported unknown, the bound, a child
process that exits normally sending what it held, and errors that name the field."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
import threading
from datetime import datetime, timezone

import pytest

import saasus
from test_faults import arm

PATH = "/v1/pricing/metering/tenants/*"


def setup(client, *units):
    for unit in units or ("api_calls",):
        client.pricing.metering.create_metering_unit(unit_name=unit, display_name=unit, description="", aggregate_usage="sum")
    return client.auth.tenant.create_tenant(name="Acme", attributes={}, back_office_staff_email="ops@acme.example").id


def today(client, tenant, unit="api_calls"):
    return client.pricing.metering.get_metering_unit_date_count_by_tenant_id_and_unit_name_today(tenant, unit).count


def test_adds_from_eight_threads_are_exact_after_close(emulator):
    client = emulator.client()
    tenant = setup(client, "api_calls", "storage")
    meter = client.meter(flush_interval=0.1)
    day = datetime.now(timezone.utc).date()

    def work(i):
        for n in range(12_500):
            meter.add(tenant, "storage" if n % 5 == 0 else "api_calls", 1)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    report = meter.close()
    if datetime.now(timezone.utc).date() != day:
        pytest.skip("the UTC day changed while counting")
    assert report.failures == []
    s = report.stats
    assert (s.added, s.sent, s.pending, s.failed, s.unknown, s.dropped) == (100_000, 100_000, 0, 0, 0, 0)
    assert s.requests < 1_000, f"{s.requests} requests for 100,000 counts"
    assert (today(client, tenant), today(client, tenant, "storage")) == (80_000, 20_000)
    with pytest.raises(saasus.InvalidArgumentError, match="closed"):
        meter.add(tenant, "api_calls")


def test_adds_from_asyncio_tasks_are_exact_after_aclose(emulator):
    async def main():
        client = emulator.client(saasus.AsyncClient)
        tenant = (await client.auth.tenant.create_tenant(name="Acme", attributes={}, back_office_staff_email="o@a.example")).id
        await client.pricing.metering.create_metering_unit(unit_name="api_calls", display_name="calls", description="",
                                                           aggregate_usage="sum")
        async with client.meter(flush_interval=0.1) as meter:
            async def work():
                for n in range(1_000):
                    meter.add(tenant, "api_calls", 2)
                    if n % 100 == 0:
                        await asyncio.sleep(0)
            await asyncio.gather(*(work() for _ in range(8)))
            report = await meter.aflush()
            assert report.stats.pending == 0 and report.failures == []
        assert meter.stats.sent == 16_000
        return (await client.pricing.metering.get_metering_unit_date_count_by_tenant_id_and_unit_name_today(tenant, "api_calls")).count

    assert asyncio.run(main()) == 16_000


@pytest.mark.parametrize("status", [502, 504])
def test_a_sum_applied_then_answered_an_error_is_counted_once_and_reported_unknown(emulator, status):
    client = emulator.client()
    tenant = setup(client)
    with client.meter() as meter:
        arm(emulator, path=PATH, method="PUT", status=status, after_applying=True)
        meter.add(tenant, "api_calls", 5)
        report = meter.flush()
        assert today(client, tenant) == 5, "applied once, never sent again"
        [failure] = report.failures
        assert (failure.outcome, failure.count, failure.method, failure.tenant_id) == ("unknown", 5, "add", tenant)
        assert isinstance(failure.error, saasus.OutcomeUnknownError) and failure.error.status == status
        assert failure.timestamp % 60 == 0
        assert (report.stats.unknown, report.stats.sent, report.stats.requests) == (5, 0, 1)
        # Reads are still retried: the same fault on a GET is invisible.
        arm(emulator, path=PATH, method="GET", status=status, count=2)
        assert today(client, tenant) == 5


def test_a_refused_sum_is_reported_failed_and_the_bound_drops_and_reports(emulator):
    client = emulator.client()
    tenant = setup(client)
    meter = saasus.Meter(client, max_pending=1, flush_at=1, flush_interval=3600)
    meter.add(tenant, "no_such_unit", 2)
    report = meter.flush()
    [failure] = report.failures
    assert failure.outcome == "failed" and isinstance(failure.error, saasus.ApiError) and 400 <= failure.error.status < 500
    # Fill the bound faster than the task sends: some counts for new sums are dropped, each
    # counted and reported; none is lost without a word.
    for n in range(500):
        meter.add(f"tenant-{n}", "api_calls", 1)
    report = meter.close()
    s = report.stats
    assert s.added == 502 and s.added == s.sent + s.pending + s.failed + s.unknown + s.dropped
    assert s.pending == 0
    dropped = sum(f.count for f in report.failures if f.outcome == "dropped")
    assert dropped == s.dropped


def test_a_child_process_that_exits_normally_sends_what_it_held(emulator, tmp_path):
    client = emulator.client()
    tenant = setup(client)
    script = textwrap.dedent(f"""
        import saasus
        client = saasus.Client(api_key={emulator.api_key!r}, secret_key={emulator.secret_key!r},
                               saas_id={emulator.saas_id!r}, base_url={emulator.base_url!r})
        meter = client.meter(flush_interval=3600)
        for _ in range(1234):
            meter.add({tenant!r}, "api_calls")
        print(meter.stats.pending)
        # No close(): the interpreter's exit closes it.
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1234"
    assert today(client, tenant) == 1234


def test_bad_counts_and_settings_name_the_field(client):
    with pytest.raises(saasus.InvalidArgumentError, match="bucket"):
        client.meter(bucket=7)
    with pytest.raises(saasus.InvalidArgumentError, match="flush_interval"):
        client.meter(flush_interval="1")
    with pytest.raises(saasus.InvalidArgumentError, match="concurrency"):
        client.meter(concurrency=0)
    meter = client.meter()
    for args, field in [(("", "u"), "tenant_id"), (("t", None), "metering_unit_name"), (("t", "u", -1), "count"),
                        (("t", "u", "1"), "count"), (("t", "u", True), "count"), (("t", "u", 2**64), "count")]:
        with pytest.raises(saasus.InvalidArgumentError) as e:
            meter.add(*args)
        assert field in str(e.value)
    assert repr(meter).startswith("Meter(MeterStats(added=0")
    meter.close()
    assert meter.close().stats.added == 0, "closing again answers the report"
