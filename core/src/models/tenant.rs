//! Models of the `tenant` tag.

use crate::json::JsonObject;
use crate::model::{model, string_enum};

string_enum! {
    /// With a Stripe link: how a plan change is prorated.
    pub enum ProrationBehavior {
        CreateProrations = "create_prorations",
        None = "none",
        AlwaysInvoice = "always_invoice",
    }
}

string_enum! {
    /// The language of invoices.
    pub enum InvoiceLanguage {
        JaJp = "ja-JP",
        EnUs = "en-US",
    }
}

model! {
    /// A tenant's billing address.
    pub struct BillingAddress {
        /// Street address, apartment or suite number.
        pub street: String,
        /// City, district, suburb, town, or village.
        pub city: String,
        /// State name or abbreviation.
        pub state: String,
        /// Country as an ISO 3166-1 alpha-2 code, e.g. `JP`.
        pub country: String,
        /// Building name, floor, department.
        pub additional_address_info: Option<String>,
        /// ZIP or postal code.
        pub postal_code: String,
    }
}

model! {
    /// A tenant's billing information.
    pub struct BillingInfo {
        /// The tenant's name for billing.
        pub name: String,
        pub address: BillingAddress,
        pub invoice_language: InvoiceLanguage,
    }
}

model! {
    /// One entry of a tenant's plan history.
    pub struct PlanHistory {
        pub plan_id: String,
        /// When the plan was applied (Unix seconds).
        pub plan_applied_at: i64,
        pub tax_rate_id: Option<String>,
        pub proration_behavior: Option<ProrationBehavior>,
        /// With a Stripe link: whether metered items were deleted at the change.
        pub delete_usage: Option<bool>,
    }
}

model! {
    /// A tenant managed by the SaaSus Platform.
    pub struct Tenant {
        /// Tenant ID.
        pub id: String,
        /// The current pricing plan's ID.
        pub plan_id: Option<String>,
        pub billing_info: Option<BillingInfo>,
        /// Tenant name.
        pub name: String,
        /// The tenant's additional attributes, as defined by the tenant attribute schema.
        pub attributes: JsonObject,
        /// The administrative staff's email address.
        pub back_office_staff_email: String,
        /// The next pricing plan's ID (a reserved plan change).
        pub next_plan_id: Option<String>,
        /// When the reserved plan starts (Unix seconds).
        pub using_next_plan_from: Option<i64>,
        pub next_plan_tax_rate_id: Option<String>,
        pub proration_behavior: Option<ProrationBehavior>,
        pub delete_usage: Option<bool>,
        pub plan_histories: Vec<PlanHistory>,
    }
}

model! {
    /// A tenant with its current plan period.
    pub struct TenantDetail {
        /// Start of the current plan period (Unix seconds).
        pub current_plan_period_start: Option<i64>,
        /// End of the current plan period (Unix seconds).
        pub current_plan_period_end: Option<i64>,
        /// Tenant ID.
        pub id: String,
        pub plan_id: Option<String>,
        pub billing_info: Option<BillingInfo>,
        pub name: String,
        pub attributes: JsonObject,
        pub back_office_staff_email: String,
        pub next_plan_id: Option<String>,
        pub using_next_plan_from: Option<i64>,
        pub next_plan_tax_rate_id: Option<String>,
        pub proration_behavior: Option<ProrationBehavior>,
        pub delete_usage: Option<bool>,
        pub plan_histories: Vec<PlanHistory>,
    }
}

model! {
    /// The tenants of the SaaS.
    pub struct Tenants {
        pub tenants: Vec<Tenant>,
    }
}

model! {
    /// What a tenant is created with.
    pub struct CreateTenantParam {
        /// Tenant name.
        pub name: String,
        /// Values for the tenant attributes defined in the SaaS.
        pub attributes: JsonObject,
        /// The administrative staff's email address.
        pub back_office_staff_email: String,
    }
}

model! {
    /// What a tenant's details are replaced with.
    pub struct UpdateTenantParam {
        pub name: String,
        pub attributes: JsonObject,
        pub back_office_staff_email: String,
    }
}
