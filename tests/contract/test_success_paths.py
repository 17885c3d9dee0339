"""Each operation of the eight APIs beside Auth along its success path, its answer held to the contract.

Generated data rarely names a feedback, plan or API key that exists, so the fuzzing in
test_contract.py mostly meets refusals and seldom sees a success answer to validate. Here each
API's operations are called in an order that makes them succeed, on an emulator of the module's
own (so nothing the fuzzing left behind changes the answers): every answer must be a documented
2xx that keeps the contract (contract.keeps_the_contract). Each scenario must call every
operation of its API but ReturnInternalServerError (which test_contract.py checks answers its
500), so an operation added to a spec fails here until a scenario walks it.
"""

from __future__ import annotations

import base64
import io
import zipfile

import pytest

from conftest import run_emulator
from contract import APIS, call_kwargs, keeps_the_contract, load_schema, spec_path

pytestmark = pytest.mark.skipif(
    not all(spec_path(api).exists() for api in APIS), reason="the contract test reads the specs from ../shared"
)


class Walk:
    """Calls operations by their operationId, checks each answer, remembers which were called."""

    def __init__(self, emulator):
        self.emulator = emulator
        self.called: dict[str, set[str]] = {}

    def __call__(self, api, op, body=None, query=None, **path):
        case = load_schema(api).find_operation_by_id(op).Case(
            path_parameters=path, query=query, **({} if body is None else {"body": body})
        )
        response = case.call(**call_kwargs(self.emulator, api))
        keeps_the_contract(case, response, api, op)
        assert 200 <= response.status_code < 300, f"{api} {op}: {response.status_code} {response.text[:300]}"
        self.called.setdefault(api, set()).add(op)
        return response.json() if response.content else None

    def assert_every_operation_called(self, api):
        ops = {o.ok().definition.raw["operationId"] for o in load_schema(api).get_all_operations()}
        missing = ops - self.called.get(api, set()) - {"ReturnInternalServerError"}
        assert not missing, f"{api}: the scenario does not call {sorted(missing)}"


@pytest.fixture(scope="module")
def walk():
    with run_emulator() as emulator:
        yield Walk(emulator)


def auth_tenant_with_user(walk, name):
    """A tenant of Auth with one user in it: what API Gateway's keys and Marketplace's customers are for."""
    tenant = walk("auth", "CreateTenant", {"name": name, "attributes": {}, "back_office_staff_email": "staff@example.com"})
    email = f"{name.lower()}@example.com"
    walk("auth", "CreateSaasUser", {"email": email, "password": "Passw0rd!"})
    user = walk("auth", "CreateTenantUser", {"email": email, "attributes": {}}, tenant_id=tenant["id"])
    return tenant["id"], user["id"]


def test_pricing(walk):
    p = "pricing"
    base = {"display_name": "Unit", "description": "a unit", "currency": "JPY"}
    tiers = [{"up_to": 10, "unit_amount": 100, "flat_amount": 0, "inf": False},
             {"up_to": 0, "unit_amount": 50, "flat_amount": 0, "inf": True}]
    meter = walk(p, "CreateMeteringUnit", {"unit_name": "api_calls", "aggregate_usage": "sum", "display_name": "API calls", "description": "calls"})
    walk(p, "UpdateMeteringUnitByID", {"unit_name": "api_calls", "aggregate_usage": "sum", "display_name": "Calls", "description": "calls"},
         metering_unit_id=meter["id"])
    units = [
        walk(p, "CreatePricingUnit", {**base, "name": "fixed", "type": "fixed", "unit_amount": 1000, "recurring_interval": "month"}),
        walk(p, "CreatePricingUnit", {**base, "name": "usage", "type": "usage", "unit_amount": 10, "upper_count": 0, "metering_unit_name": "api_calls"}),
        walk(p, "CreatePricingUnit", {**base, "name": "tiered", "type": "tiered", "upper_count": 0, "metering_unit_name": "api_calls", "tiers": tiers}),
        walk(p, "CreatePricingUnit", {**base, "name": "tiered_usage", "type": "tiered_usage", "upper_count": 0, "metering_unit_name": "storage", "aggregate_usage": "max", "tiers": tiers}),
    ]
    # Every kind answered, one by one and listed: where the discriminator's variant is what validates them.
    for unit in units:
        walk(p, "GetPricingUnit", pricing_unit_id=unit["id"])
    walk(p, "GetPricingUnits")
    walk(p, "UpdatePricingUnit", {**base, "name": "fixed", "type": "fixed", "unit_amount": 2000, "recurring_interval": "year"},
         pricing_unit_id=units[0]["id"])
    spare = walk(p, "CreatePricingUnit", {**base, "name": "spare", "type": "fixed", "unit_amount": 1, "recurring_interval": "month"})
    walk(p, "DeletePricingUnit", pricing_unit_id=spare["id"])

    menu = walk(p, "CreatePricingMenu", {"name": "menu", "display_name": "Menu", "description": "m", "unit_ids": [u["id"] for u in units]})
    walk(p, "UpdatePricingMenu", {"name": "menu", "display_name": "Menu 2", "description": "m", "unit_ids": [u["id"] for u in units]}, menu_id=menu["id"])
    walk(p, "GetPricingMenu", menu_id=menu["id"])
    walk(p, "GetPricingMenus")
    plan = walk(p, "CreatePricingPlan", {"name": "plan", "display_name": "Plan", "description": "p", "menu_ids": [menu["id"]]})
    walk(p, "UpdatePricingPlan", {"name": "plan", "display_name": "Plan 2", "description": "p", "menu_ids": [menu["id"]]}, plan_id=plan["id"])
    walk(p, "GetPricingPlan", plan_id=plan["id"])
    walk(p, "GetPricingPlans")
    walk(p, "UpdatePricingPlansUsed", {"plan_ids": [plan["id"]]})
    spare_menu = walk(p, "CreatePricingMenu", {"name": "spare", "display_name": "Spare", "description": "s", "unit_ids": []})
    spare_plan = walk(p, "CreatePricingPlan", {"name": "spare", "display_name": "Spare", "description": "s", "menu_ids": [spare_menu["id"]]})
    walk(p, "DeletePricingPlan", plan_id=spare_plan["id"])
    walk(p, "DeletePricingMenu", menu_id=spare_menu["id"])
    walk(p, "LinkPlanToStripe")
    walk(p, "DeleteStripePlan")

    tax = walk(p, "CreateTaxRate", {"name": "jp", "display_name": "JP", "percentage": 10, "inclusive": False, "country": "JP", "description": "tax"})
    walk(p, "UpdateTaxRate", {"display_name": "JP tax", "description": "tax"}, tax_rate_id=tax["id"])
    walk(p, "GetTaxRates")

    at = {"tenant_id": "4c4eefe8-35fd-4e51-8bd4-798e090e439d", "metering_unit_name": "api_calls"}
    walk(p, "UpdateMeteringUnitTimestampCount", {"method": "add", "count": 5}, timestamp=1_700_000_000, **at)
    walk(p, "UpdateMeteringUnitTimestampCountNow", {"method": "add", "count": 3}, **at)
    walk(p, "GetMeteringUnitDateCountByTenantIdAndUnitNameAndDate", date="2023-11-14", **at)
    walk(p, "GetMeteringUnitDateCountByTenantIdAndUnitNameToday", **at)
    walk(p, "GetMeteringUnitMonthCountByTenantIdAndUnitNameThisMonth", **at)
    walk(p, "GetMeteringUnitMonthCountByTenantIdAndUnitNameAndMonth", month="2023-11", **at)
    walk(p, "GetMeteringUnitDateCountByTenantIdAndUnitNameAndDatePeriod",
         query={"start_timestamp": 1_699_000_000, "end_timestamp": 1_800_000_000}, **at)
    walk(p, "GetMeteringUnitDateCountsByTenantIdAndDate", tenant_id=at["tenant_id"], date="2023-11-14")
    walk(p, "GetMeteringUnitMonthCountsByTenantIdAndMonth", tenant_id=at["tenant_id"], month="2023-11")
    walk(p, "DeleteMeteringUnitTimestampCount", timestamp=1_700_000_000, **at)
    walk(p, "GetMeteringUnits")
    spare_meter = walk(p, "CreateMeteringUnit", {"unit_name": "spare", "display_name": "Spare", "description": "s"})
    walk(p, "DeleteMeteringUnitByID", metering_unit_id=spare_meter["id"])
    walk(p, "DeleteAllPlansAndMenusAndUnitsAndMetersAndTaxRates")
    walk.assert_every_operation_called(p)


def test_billing(walk):
    walk("billing", "UpdateStripeInfo", {"secret_key": "sk_test_contract"})
    walk("billing", "GetStripeInfo")
    walk("billing", "DeleteStripeInfo")
    walk.assert_every_operation_called("billing")


def test_communication(walk):
    c = "communication"
    user = "0f0d8a8e-0000-4000-8000-000000000001"
    feedback = walk(c, "CreateFeedback", {"user_id": user, "feedback_title": "Title", "feedback_description": "Text"})
    fid = feedback["id"]
    walk(c, "UpdateFeedback", {"feedback_title": "Title 2", "feedback_description": "Text 2"}, feedback_id=fid)
    walk(c, "UpdateFeedbackStatus", {"status": 1}, feedback_id=fid)
    walk(c, "CreateVoteUser", {"user_id": user}, feedback_id=fid)
    comment = walk(c, "CreateFeedbackComment", {"body": "Thanks"}, feedback_id=fid)
    walk(c, "UpdateFeedbackComment", {"body": "Thanks!"}, feedback_id=fid, comment_id=comment["id"])
    walk(c, "GetFeedbackComment", feedback_id=fid, comment_id=comment["id"])
    walk(c, "GetFeedback", feedback_id=fid)
    walk(c, "GetFeedbacks")
    walk(c, "DeleteFeedbackComment", feedback_id=fid, comment_id=comment["id"])
    walk(c, "DeleteVoteForFeedback", feedback_id=fid, user_id=user)
    walk(c, "DeleteFeedback", feedback_id=fid)
    walk.assert_every_operation_called(c)


def test_integration(walk):
    i = "integration"
    walk(i, "SaveEventBridgeSettings", {"aws_account_id": "123456789012", "aws_region": "ap-northeast-1"})
    walk(i, "GetEventBridgeSettings")
    walk(i, "CreateEventBridgeEvent", {"event_messages": [{"event_type": "api_call", "event_detail_type": "create_user", "message": "{}"}]})
    walk(i, "CreateEventBridgeTestEvent")
    walk(i, "DeleteEventBridgeSettings")
    walk.assert_every_operation_called(i)


def test_awsmarketplace(walk):
    m = "awsmarketplace"
    tenant_id, _ = auth_tenant_with_user(walk, "Marketplace")
    walk(m, "UpdateSettings", {"product_code": "prod", "role_arn": "arn:aws:iam::123456789012:role/r", "sqs_arn": "arn:aws:sqs:us-east-1:123456789012:q"})
    walk(m, "GetSettings")
    walk(m, "UpdateListingStatus", {"listing_status": "public"})
    walk(m, "GetListingStatus")
    walk(m, "GetCatalogEntityVisibility")
    walk(m, "GetCloudFormationLaunchStackLink")
    plan = walk("pricing", "CreatePricingPlan", {"name": "mp", "display_name": "MP", "description": "p", "menu_ids": []})
    walk(m, "SavePlan", {"plan_id": plan["id"], "plan_name": "mp_month"})
    walk(m, "GetPlans")
    walk(m, "GetPlanByPlanName", plan_name="mp_month")
    walk(m, "VerifyRegistrationToken", {"registration_token": "token-1"})
    walk(m, "CreateCustomer", {"tenant_id": tenant_id, "registration_token": "token-1"})
    customers = walk(m, "GetCustomers", query={"tenant_ids": [tenant_id]})
    identifier = customers["customers"][0]["customer_identifier"]
    walk(m, "GetCustomer", customer_identifier=identifier)
    walk(m, "SyncCustomer", customer_identifier=identifier)
    walk.assert_every_operation_called(m)


def test_apigateway(walk):
    g = "apigateway"
    tenant_id, user_id = auth_tenant_with_user(walk, "Gateway")
    walk(g, "UpdateApiGatewaySettings", {
        "role_arn": "arn:aws:iam::123456789012:role/r", "internal_endpoint_health_check_port": 443,
        "internal_endpoint_health_check_protocol": "HTTPS", "domain_name": "api.example.com", "tenant_routing_type": "path",
        "endpoint_settings_list": [{"path": "/items", "method": "GET", "mapping_endpoint_id": "items",
                                    "throttlings": [{"target": "tenant", "range": 60, "limit": 100}]}],
    })
    walk(g, "GetApiGatewaySettings")
    walk(g, "CreateApiGateway")
    walk(g, "PublishApiGateway")
    walk(g, "UnpublishApiGateway")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("main.py", "def handler():\n    pass\n")
    content = base64.b64encode(archive.getvalue()).decode()
    walk(g, "UpdateOpenApiDefinition", {"content": "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n"})
    walk(g, "UploadGenerationFiles", {"content": content})
    walk(g, "GetDraftApiGatewaySettings")
    walk(g, "ApplyDraftApiGatewaySettings")
    walk(g, "UploadGenerationFiles", {"content": content})
    walk(g, "CancelDraftApiGatewaySettings")
    walk(g, "GetCloudFormationLaunchStackLink")
    # Created, with a domain and the endpoints the draft applied: the settings at their fullest.
    walk(g, "GetApiGatewaySettings")
    key = walk(g, "CreateApiKey", {"tenant_id": tenant_id, "env_id": 1, "user_id": user_id})
    walk(g, "CreateApiKey", {"tenant_id": tenant_id, "env_id": 1})
    walk(g, "GetApiKeys", query={"tenant_id": tenant_id, "env_id": 1})
    walk(g, "GetApiKeys", query={"tenant_only": "true"})
    walk(g, "GetApiKey", api_key=key["api_key"])
    walk(g, "RefreshClientSecret", api_key=key["api_key"])
    walk(g, "UpdateTenant", {"allowed_ips": ["192.168.0.0/24"], "routing": {"path": "/gateway"}}, tenant_id=tenant_id)
    walk(g, "GetTenant", tenant_id=tenant_id)
    walk.assert_every_operation_called(g)


def test_analysis(walk):
    a = "analysis"
    tenant = "4c4eefe8-35fd-4e51-8bd4-798e090e439d"
    user = "0f0d8a8e-0000-4000-8000-000000000001"
    day = 1_700_000_000 - 1_700_000_000 % 86_400  # 2023-11-14T00:00:00Z
    walk(a, "UpdateUserBehaviorHistoriesByDay", {"timestamp": day, "user_id": user, "histories": [
        {"timestamp": day + 60, "referer": "https://app.example.com/home"}]})
    walk(a, "GetUserBehaviorHistories", user_id=user)
    walk(a, "GetPageStatistics", query={"start_timestamp": day, "end_timestamp": day + 86_399})
    walk(a, "UpdateActiveUsers", {"type": "daily", "date": "2023-11-14", "tenant_id": tenant, "env_id": 1, "active_users": 3})
    walk(a, "GetActiveUsers", query={"type": "daily", "date_from": "2023-11-01"})
    walk(a, "GetAggregatedMetrics", query={"metrics_type": "create_tenant", "start_date": "2023-11-01", "end_date": "2023-11-30"})
    walk(a, "GetAggregatedUserInfo", query={"start_date": "2023-11-01", "end_date": "2023-11-30"})
    walk.assert_every_operation_called(a)


def test_apilog(walk):
    logs = walk("apilog", "GetLogs", query={"limit": 5})
    walk("apilog", "GetLogs", query={"limit": 5, "cursor": logs["cursor"]})
    walk("apilog", "GetLog", api_log_id=logs["api_logs"][0]["api_log_id"])
    walk.assert_every_operation_called("apilog")
