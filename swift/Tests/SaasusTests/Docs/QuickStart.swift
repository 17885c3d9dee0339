// The quick start of docs/swift.md: the lines between the markers are the page's code, word for
// word (DocsTest checks that and runs it against the emulator).

// START quickstart
import Foundation
import Saasus

/// Reads SAASUS_API_KEY, SAASUS_SECRET_KEY and SAASUS_SAAS_ID (and SAASUS_BASE_URL, which the
/// emulator prints) from the environment, and names your app in the User-Agent.
func quickStart() async throws -> [String] {
    let client = try Client.fromEnv(appInfo: AppInfo(name: "acme-billing", version: "2.3.1"))
    let tenants = client.auth().tenant()
    let created = try await tenants.createTenant(
        input: CreateTenantParam(name: "Acme", attributes: ["plan": "gold", "seats": 5], backOfficeStaffEmail: "ops@acme.example"))
    var out = ["\(created.name): \(created.attributes["seats"]?.intValue ?? 0) seats"]

    // Every error is a SaasusError; an API's carries its status, type and trace id.
    do {
        _ = try await tenants.getTenant(tenantId: "no-such-tenant")
    } catch SaasusError.Api(let status, let errorType, _, _, let traceId) {
        out.append("\(status) \(errorType), trace id: \(traceId != nil)")
    }

    // Models are Codable, by the API's own JSON names.
    let json = try JSONEncoder().encode(CreateTenantParam(name: "Beta", attributes: [:], backOfficeStaffEmail: "ops@beta.example"))
    let param = try JSONDecoder().decode(CreateTenantParam.self, from: json)
    out.append(String(decoding: json, as: UTF8.self).contains("\"back_office_staff_email\"") ? "coded: \(param.name)" : "?")

    // Per-call settings, and an answer's status, trace id, headers and attempts beside its value.
    let r = try await client.withOptions(maxRetries: 0, traceId: "quick-start").withResponse { try await $0.auth().env().getEnvs() }
    out.append("\(r.status): \(r.value.envs.count) envs, trace \(r.traceId ?? "none"), \(r.attempts) attempt")
    return out
}
// END quickstart
