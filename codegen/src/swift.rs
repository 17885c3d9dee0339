//! Swift's share of the generated code, beside what uniffi writes:
//! - `Codable.swift`: `Codable` for every record, enum and union, by the JSON's wire names (uniffi
//!   gives the types no coding; a Swift user caches, logs or forwards a model as the API's JSON).
//! - the test table of every operation (`swift/Tests/SaasusTests/Operations.swift`): Swift has
//!   no reflection to call a method by name, so the table-driven test over the shared fixture
//!   calls each operation through a closure written here, which calls the typed method a user calls.

use crate::types::{all_types, other_apis};
use saasus::model::{EnumInfo, ModelInfo, TypeRef, UnionInfo};
use saasus::naming::{camel, pascal};
use saasus::operation::ParamType;
use saasus::{InputKind, OperationInfo};
use std::fmt::Write;

pub fn files() -> Vec<(String, String)> {
    vec![("swift/Sources/Saasus/Codable.swift".into(), codable()), ("swift/Tests/SaasusTests/Operations.swift".into(), operations())]
}

/// A Swift identifier of a Rust field (`r#type` → `type`, `tenant_id` → `tenantId`), as uniffi names it.
fn field(name: &str) -> String {
    camel(name.trim_start_matches("r#"))
}

/// A Swift enum case of a Rust variant (`TempCodeAuth` → `tempCodeAuth`), as uniffi names it.
fn case(variant: &str) -> String {
    let mut chars = variant.chars();
    chars.next().map(|f| f.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

/// Every type of one API (each description carries the name uniffi gives it).
struct Types {
    models: Vec<ModelInfo>,
    enums: Vec<EnumInfo>,
    unions: Vec<UnionInfo>,
}

fn every_api() -> Vec<Types> {
    let (models, enums) = all_types();
    let mut all = vec![Types { models, enums, unions: Vec::new() }];
    all.extend(other_apis().into_iter().map(|a| Types { models: a.models, enums: a.enums, unions: a.unions }));
    all
}

const CODABLE_PRELUDE: &str = r#"
import Foundation

// Every model encodes to, and decodes from, the API's own JSON: fields by their wire names
// (`back_office_staff_email`), optional fields left out when nil, enums as their wire strings
// (an unknown one kept as `.unknown(value:)`), unions by their discriminator (an unknown kind
// kept whole as `.unknown(kind:raw:)`).

/// A coding key by its wire name.
struct WireKey: CodingKey, ExpressibleByStringLiteral {
    let stringValue: String
    init(stringValue: String) { self.stringValue = stringValue }
    init(stringLiteral value: String) { self.stringValue = value }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}

extension KeyedDecodingContainer where Key == WireKey {
    /// A required field, its type the one the initializer it is passed to takes.
    func field<T: Decodable>(_ key: WireKey) throws -> T { try decode(T.self, forKey: key) }
    /// An optional field: nil when missing or null.
    func optional<T: Decodable>(_ key: WireKey) throws -> T? { try decodeIfPresent(T.self, forKey: key) }
    /// A query parameter's field, by its wire name (`auth-flow`) or its field's (`auth_flow`).
    func field<T: Decodable>(_ key: WireKey, or name: WireKey) throws -> T {
        try decode(T.self, forKey: contains(key) || !contains(name) ? key : name)
    }
    func optional<T: Decodable>(_ key: WireKey, or name: WireKey) throws -> T? {
        try decodeIfPresent(T.self, forKey: key) ?? decodeIfPresent(T.self, forKey: name)
    }
}
"#;

fn codable() -> String {
    let mut out = crate::header("//");
    out.push_str(CODABLE_PRELUDE);
    for api in every_api() {
        for m in &api.models {
            record(&mut out, m.uniffi, m);
        }
        for e in &api.enums {
            string_enum(&mut out, e.uniffi, e);
        }
        for u in &api.unions {
            union(&mut out, u);
        }
    }
    out
}

fn record(out: &mut String, name: &str, m: &ModelInfo) {
    let _ = writeln!(out, "\nextension {name}: Codable {{");
    if m.fields.is_empty() {
        out.push_str("    public init(from decoder: any Decoder) throws { self.init() }\n");
        out.push_str("    public func encode(to encoder: any Encoder) throws { _ = encoder.container(keyedBy: WireKey.self) }\n}\n");
        return;
    }
    out.push_str("    public init(from decoder: any Decoder) throws {\n        let c = try decoder.container(keyedBy: WireKey.self)\n        self.init(\n");
    for (i, f) in m.fields.iter().enumerate() {
        let get = if matches!(f.ty, TypeRef::Optional(_)) { "optional" } else { "field" };
        let comma = if i + 1 < m.fields.len() { "," } else { "" };
        let name = f.name.trim_start_matches("r#");
        let or = if f.wire != name { format!(", or: \"{name}\"") } else { String::new() };
        let _ = writeln!(out, "            {}: try c.{get}(\"{}\"{or}){comma}", field(f.name), f.wire);
    }
    out.push_str("        )\n    }\n\n    public func encode(to encoder: any Encoder) throws {\n        var c = encoder.container(keyedBy: WireKey.self)\n");
    for f in &m.fields {
        let put = if matches!(f.ty, TypeRef::Optional(_)) { "encodeIfPresent" } else { "encode" };
        let _ = writeln!(out, "        try c.{put}(self.{}, forKey: \"{}\")", field(f.name), f.wire);
    }
    out.push_str("    }\n}\n");
}

fn string_enum(out: &mut String, name: &str, e: &EnumInfo) {
    let _ = writeln!(out, "\nextension {name}: Codable {{");
    let _ = writeln!(out, "    /// The value as the API writes it (`{}`).", e.values.first().map(|v| v.1).unwrap_or(""));
    out.push_str("    public var wireValue: String {\n        switch self {\n");
    for (variant, wire) in &e.values {
        let _ = writeln!(out, "        case .{}: return \"{wire}\"", case(variant));
    }
    out.push_str("        case .unknown(let value): return value\n        }\n    }\n\n");
    out.push_str("    /// The case of a value as the API writes it; `.unknown(value:)` for one this SDK does not know.\n");
    out.push_str("    public init(wireValue: String) {\n        switch wireValue {\n");
    for (variant, wire) in &e.values {
        let _ = writeln!(out, "        case \"{wire}\": self = .{}", case(variant));
    }
    out.push_str("        default: self = .unknown(value: wireValue)\n        }\n    }\n\n");
    out.push_str(
        "    public init(from decoder: any Decoder) throws {\n        self.init(wireValue: try decoder.singleValueContainer().decode(String.self))\n    }\n\n",
    );
    out.push_str(
        "    public func encode(to encoder: any Encoder) throws {\n        var c = encoder.singleValueContainer()\n        try c.encode(wireValue)\n    }\n}\n",
    );
}

fn union(out: &mut String, u: &UnionInfo) {
    let name = u.uniffi;
    let _ = writeln!(out, "\nextension {name}: Codable {{");
    out.push_str("    public init(from decoder: any Decoder) throws {\n");
    let _ = writeln!(out, "        let kind: String = try decoder.container(keyedBy: WireKey.self).field(\"{}\")", u.discriminator);
    out.push_str("        switch kind {\n");
    for (variant, wire, ty) in &u.variants {
        let TypeRef::Model(m) = ty else { continue };
        let _ = writeln!(out, "        case \"{wire}\": self = .{}(try {}(from: decoder))", case(variant), m().uniffi);
    }
    out.push_str("        default: self = .unknown(kind: kind, raw: try [String: JSONValue](from: decoder))\n        }\n    }\n\n");
    out.push_str("    public func encode(to encoder: any Encoder) throws {\n        switch self {\n");
    for (variant, _, _) in &u.variants {
        let _ = writeln!(out, "        case .{}(let value): try value.encode(to: encoder)", case(variant));
    }
    out.push_str("        case .unknown(_, let raw): try raw.encode(to: encoder)\n        }\n    }\n}\n");
}

const OPERATIONS_PRELUDE: &str = r#"
import Foundation
import Saasus

/// One operation of the Swift binding, called with the path parameters in order and the body or
/// query as JSON (decoded into the operation's input type); it answers the typed result, or nil
/// for an operation that answers with a status only.
struct TypedOperation {
    /// How many path parameters the method takes before its input.
    let pathCount: Int
    /// The result's model as the spec names it in its API (nil: no content), and its Swift type
    /// reached by that name (`Pricing.PricingPlan`), so the namespaces' aliases are checked too.
    let returns: (name: String, type: Any.Type)?
    let call: (Client, [String], JSONValue?) async throws -> (any Encodable)?
}

/// The input of a step, as the type the method takes.
func decode<T: Decodable>(_ input: JSONValue?) throws -> T {
    try JSONDecoder().decode(T.self, from: JSONEncoder().encode(input ?? .object([:])))
}

/// A path parameter the spec types as an integer, from the step's text.
func integer(_ text: String) throws -> Int64 {
    guard let value = Int64(text) else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not an integer: \(text)")) }
    return value
}

/// Every operation of every API by `api.op` (the core's snake-case names).
let operations: [String: TypedOperation] = {
    var table: [String: TypedOperation] = [:]
"#;

fn operations() -> String {
    let mut out = crate::header("//");
    out.push_str(OPERATIONS_PRELUDE);
    let mut every: Vec<OperationInfo> = saasus::operations();
    for api in other_apis() {
        every.extend(api.ops);
    }
    for o in &every {
        let mut args: Vec<String> = o
            .path_params
            .iter()
            .zip(o.path_types)
            .enumerate()
            .map(|(i, (p, t))| match t {
                ParamType::String => format!("{}: path[{i}]", camel(p)),
                ParamType::Integer | ParamType::Unsigned => format!("{}: try integer(path[{i}])", camel(p)),
            })
            .collect();
        if !matches!(o.input_kind, InputKind::None) {
            args.push("input: decode(input)".into());
        }
        let receiver = format!("client.{}().{}()", camel(o.api), camel(o.tag));
        let call = format!("try await {receiver}.{}({})", camel(o.name), args.join(", "));
        let (returns, body) = match (o.output)() {
            TypeRef::Unit => ("nil".to_string(), format!("{call}; return nil")),
            ty => {
                let spec = match ty {
                    TypeRef::Model(m) => m().name,
                    TypeRef::Union(u) => u().name,
                    TypeRef::Enum(e) => e().name,
                    other => panic!("{}.{}: a result that is not a model: {other:?}", o.api, o.name),
                };
                let swift = if o.api == "auth" { spec.to_string() } else { format!("{}.{spec}", pascal(o.api)) };
                (format!("(\"{spec}\", {swift}.self)"), format!("return {call}"))
            }
        };
        let _ = writeln!(
            out,
            "    table[\"{}.{}\"] = TypedOperation(pathCount: {}, returns: {returns}) {{ client, path, input in {body} }}",
            o.api,
            o.name,
            o.path_params.len()
        );
    }
    out.push_str("    return table\n}()\n");
    out
}
