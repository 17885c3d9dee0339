"""What an editor shows on hover comes from the specs: each operation's summary and description in
the Python stubs' docstrings (read here as an editor reads a .pyi, from its syntax tree) and each
model field's description on its property. node/test/editor-docs.test.js checks the TypeScript
declarations through the TypeScript compiler's own API."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def stub_class(path: str, name: str) -> ast.ClassDef:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    return next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name)


def method_doc(cls: ast.ClassDef, name: str) -> str:
    fn = next(n for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name)
    return ast.get_docstring(fn) or ""


def test_get_tenants_shows_its_summary_and_description():
    for cls in ("TenantApi", "AsyncTenantApi"):
        doc = method_doc(stub_class("python/saasus/_client.pyi", cls), "get_tenants")
        assert doc.startswith("Get Tenants (GET /tenants)."), doc
        assert "Get tenants managed by SaaSus Platform." in doc


def test_arguments_carry_their_fields_descriptions():
    doc = method_doc(stub_class("python/saasus/_client.pyi", "TenantApi"), "create_tenant")
    assert "back_office_staff_email: administrative staff email address" in doc
    doc = method_doc(stub_class("python/saasus/_client.pyi", "TenantApi"), "get_tenant")
    assert "tenant_id: path parameter" in doc


def test_a_models_properties_carry_their_descriptions():
    props = {n.name: ast.get_docstring(n) for n in stub_class("python/saasus/_native.pyi", "Tenant").body
             if isinstance(n, ast.FunctionDef)}
    assert props["back_office_staff_email"] == "administrative staff email address"


def test_other_apis_operations_are_documented_too():
    doc = method_doc(stub_class("python/saasus/pricing.pyi", "PricingPlansApi"), "get_pricing_plans")
    assert doc.startswith("Get Pricing Plans"), doc


def doc_before(path: str, declaration: str) -> str:
    """The doc comment right above the first line holding `declaration` (KDoc or Swift's `/** */`)."""
    text = (ROOT / path).read_text(encoding="utf-8")
    head = text[: text.index(declaration)]
    head = head[: head.rindex("\n")].rstrip()  # what precedes the declaration's line
    assert head.endswith("*/"), f"no doc comment above {declaration!r} in {path}"
    return head[head.rindex("/**"):]


def test_kotlin_and_swift_methods_carry_the_operations_docs():
    """uniffi turns the core's doc attributes into KDoc and Swift doc comments: the table's docs
    reach the Kotlin and Swift methods (and rustdoc) through bindings/uniffi's macro."""
    for path, declaration in (("kotlin/src/main/kotlin/io/saasus/saasus_uniffi.kt", "suspend fun `getTenants`()"),
                              ("swift/Sources/Saasus/Saasus.swift", "func getTenants() async throws")):
        doc = doc_before(path, declaration)
        assert "Get Tenants" in doc and "Get tenants managed by SaaSus Platform." in doc, doc
    doc = doc_before("kotlin/src/main/kotlin/io/saasus/saasus_uniffi.kt", "suspend fun `getPricingPlans`()")
    assert "Get Pricing Plans" in doc, doc
