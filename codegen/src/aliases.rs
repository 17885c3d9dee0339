//! Kotlin and Swift names for the other APIs' types. uniffi has one namespace per crate, so the
//! core gives each of their records, enums, unions and tag objects the API's name as a prefix
//! (`PricingPricingPlan`, `PricingPricingUnitsApi`); these files name them back as the specs do,
//! in a place per API: the Kotlin package `io.saasus.pricing`, the Swift namespace `Pricing`.

use crate::types::{Api, other_apis};
use saasus::model::TypeRef;
use saasus::naming::{group_class, pascal};
use std::fmt::Write;

pub fn files() -> Vec<(String, String)> {
    let apis = other_apis();
    let mut files: Vec<(String, String)> =
        apis.iter().map(|a| (format!("kotlin/src/main/kotlin/io/saasus/{0}/{1}.kt", a.name, pascal(a.name)), kotlin(a))).collect();
    files.push(("swift/Sources/Saasus/Namespaces.swift".into(), swift(&apis)));
    files
}

/// `(name as the spec says it, the name uniffi gives it, its Kotlin package)` for every type and
/// tag object of the API.
fn names(api: &Api) -> Vec<(String, String, &'static str)> {
    let prefix = pascal(api.name);
    let mut out: Vec<(String, String, &'static str)> = Vec::new();
    // Each type's uniffi name is the one the core gives it (`model!`'s, from tools/specgen.py).
    let types = api
        .models
        .iter()
        .map(|m| (m.name, m.uniffi))
        .chain(api.enums.iter().map(|e| (e.name, e.uniffi)))
        .chain(api.unions.iter().map(|u| (u.name, u.uniffi)));
    out.extend(types.map(|(n, u)| (n.to_string(), u.to_string(), "io.saasus.models")));
    out.push(("Api".into(), format!("{prefix}Api"), "io.saasus"));
    for (tag, _) in api.tags {
        let class = group_class(tag);
        out.push((class.clone(), format!("{prefix}{class}"), "io.saasus"));
    }
    out
}

fn kotlin(api: &Api) -> String {
    let mut out = crate::header("//");
    let _ = writeln!(out, "@file:Suppress(\"unused\")\n\npackage io.saasus.{}\n", api.name);
    let _ = writeln!(out, "// The {} API's types and tag classes by their spec names.", api.name);
    if let Some((name, target, package)) = names(api).into_iter().find(|(n, t, _)| n != t) {
        let _ = writeln!(out, "// `io.saasus.{}.{name}` is `{package}.{target}`: uniffi's one namespace needs the prefix.", api.name);
    }
    out.push_str("// Kotlin reaches no nested class through an alias: enum values and union cases are reached\n");
    out.push_str("// through the class's own name (as `io.saasus.models.PricingCurrency.Jpy`).\n\n");
    for (name, target, package) in names(api) {
        let _ = writeln!(out, "typealias {name} = {package}.{target}");
    }
    // A union's value from one of its cases' records: `PricingUnitForSave(PricingFixedUnitForSave(…))`.
    for u in &api.unions {
        for (variant, _, ty) in &u.variants {
            if let TypeRef::Model(m) = ty {
                let _ = writeln!(
                    out,
                    "\n/** A `{0}` of the `{1}` case. */\nfun {0}(value: {2}): {0} = io.saasus.models.{3}.{1}(value)",
                    u.name,
                    variant,
                    m().name,
                    u.uniffi
                );
            }
        }
    }
    out
}

fn swift(apis: &[Api]) -> String {
    let mut out = crate::header("//");
    out.push_str(
        "// Each other API's types and tag classes by their spec names, in a namespace per API\n\
         // (`Pricing.PricingPlan` is `PricingPricingPlan`: uniffi's names carry the API's).\n",
    );
    for api in apis {
        let _ = writeln!(out, "\n/// The {} API's types and tag classes.\npublic enum {} {{", api.name, pascal(api.name));
        for (name, target, _) in names(api) {
            // Qualified by the module: inside `enum Pricing`, `PricingPlan = PricingPlan` would
            // name the alias itself (Swift rejects it as circular).
            let _ = writeln!(out, "    public typealias {name} = Saasus.{target}");
        }
        out.push_str("}\n");
    }
    out
}
