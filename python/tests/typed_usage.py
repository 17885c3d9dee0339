"""Checked by `mypy --strict` in the test command (not run by pytest): the stubs cover what a
user writes, every tag included."""

from __future__ import annotations

import asyncio

import saasus


def every_tag(client: saasus.Client) -> list[object]:
    a = client.auth
    tenant: saasus.Tenant = a.tenant.create_tenant(name="Acme", attributes={"seats": 5}, back_office_staff_email="ops@acme.example")
    detail: saasus.TenantDetail = a.tenant.get_tenant(tenant.id)
    a.tenant.update_tenant(tenant.id, name="Acme", attributes={}, back_office_staff_email="ops@acme.example")
    a.tenant.update_tenant_plan(tenant.id, next_plan_id="p", proration_behavior=saasus.ProrationBehavior.CREATE_PRORATIONS)
    a.tenant.update_tenant_billing_info(
        tenant.id, name="Acme", address={"street": "s", "city": "c", "state": "st", "country": "JP", "postal_code": "1"}, invoice_language="ja-JP"
    )
    user: saasus.CreatedSaasUser = a.saas_user.create_saas_user(email="a@example.com", password="Passw0rd!")
    info: saasus.UserInfo = a.user_info.get_user_info_by_email(email="a@example.com")
    roles: list[saasus.Role] = a.role.get_roles().roles
    env: saasus.Env = a.env.get_env(3)
    envs: saasus.Envs = a.env.get_envs()
    attrs: saasus.UserAttributes = a.user_attribute.get_user_attributes()
    tattrs: saasus.TenantAttributes = a.tenant_attribute.get_tenant_attributes()
    members: saasus.Users = a.tenant_user.get_tenant_users(tenant.id)
    basic: saasus.BasicInfo = a.basic_info.get_basic_info()
    auth_info: saasus.AuthInfo = a.auth_info.get_auth_info()
    keys: saasus.ApiKeys = a.saasus_tenant.get_api_keys()
    creds: saasus.Credentials = a.credential.get_auth_credentials(code="c", auth_flow="tempCodeAuth")
    invitations: saasus.Invitations = a.invitation.get_tenant_invitations(tenant.id)
    single: saasus.SingleTenantSettings = a.single_tenant.get_single_tenant_settings()
    a.error.return_internal_server_error()
    kind: saasus.AttributeType = attrs.user_attributes[0].attribute_type if attrs.user_attributes else saasus.AttributeType.STRING
    admin: bool = saasus.has_role(info, tenant.id, "admin", 3)
    token: str | None = saasus.bearer_token("Bearer x")
    return [detail, user, roles, env, envs, tattrs, members, basic, auth_info, keys, creds, invitations, single, kind, admin, token]


async def asynchronous(client: saasus.AsyncClient) -> str:
    tenants = await asyncio.gather(*(client.auth.env.get_env(i) for i in (1, 2, 3)))
    user = await client.authenticate("token")
    return tenants[0].name + user.email


def errors(client: saasus.Client) -> str | None:
    try:
        client.auth.tenant.get_tenant("nope")
    except saasus.NotFoundError as e:
        status: int | None = e.status
        return e.trace_id if status else None
    return None


def other_apis(client: saasus.Client) -> list[object]:
    """Each of the eight other APIs, its models from its own module."""
    from saasus import analysis, apigateway, apilog, awsmarketplace, billing, communication, integration, pricing

    unit: pricing.PricingUnit = client.pricing.pricing_units.create_pricing_unit(
        type="usage", name="calls", display_name="Calls", description="", currency=pricing.Currency.JPY, unit_amount=2,
        upper_count=0, metering_unit_name="api_calls")
    fixed = client.pricing.pricing_units.create_pricing_unit(
        type="fixed", name="base", display_name="Base", description="", currency="JPY", unit_amount=1, recurring_interval="month")
    amount: int = fixed.unit_amount if isinstance(fixed, pricing.PricingFixedUnit) else 0
    kind: str = unit.kind if isinstance(unit, pricing.UnknownPricingUnit) else unit.type
    plans: list[pricing.PricingPlan] = client.pricing.pricing_plans.get_pricing_plans().pricing_plans
    count: pricing.MeteringUnitDateCount = client.pricing.metering.get_metering_unit_date_count_by_tenant_id_and_unit_name_today("t", "api_calls")
    stripe: billing.StripeInfo = client.billing.stripe.get_stripe_info()
    logs: apilog.ApiLogs = client.apilog.api_log.get_logs(limit=10)
    feedback: communication.Feedback = client.communication.feedback.create_feedback(user_id="u", feedback_title="t", feedback_description="d")
    voters: list[communication.User] = feedback.users
    bridge: integration.EventBridgeSettings = client.integration.event_bridge.get_event_bridge_settings()
    listing: awsmarketplace.ListingStatus = client.awsmarketplace.aws_marketplace.get_listing_status().listing_status
    gateway: apigateway.ApiGatewaySettings = client.apigateway.smart_api_gateway.get_api_gateway_settings()
    metrics: analysis.AggregatedMetrics = client.analysis.metrics.get_aggregated_metrics(
        metrics_type=analysis.GetAggregatedMetricsQueryMetricsType.CREATE_TENANT, start_date="2024-01-01", end_date="2024-01-31", tenant_ids=["t"])
    return [unit, amount, kind, plans, count, stripe, logs, voters, bridge, listing, gateway, metrics]


async def other_apis_async(client: saasus.AsyncClient) -> int:
    units = await client.pricing.pricing_units.get_pricing_units()
    return len(units.units)
