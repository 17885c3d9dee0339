// The quick start of docs/kotlin.md: the lines between the markers are the page's code, word for
// word (DocsTest checks that and runs this `main` in a JVM of its own against the emulator).
package io.saasus.docs

// START quickstart
import io.saasus.AppInfo
import io.saasus.Client
import io.saasus.SaasusException
import io.saasus.models.CreateTenantParam
import io.saasus.withResponse
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonPrimitive

fun main() = runBlocking<Unit> {
    // SAASUS_API_KEY, SAASUS_SECRET_KEY, SAASUS_SAAS_ID and SAASUS_BASE_URL; your app in the User-Agent
    val client = Client.fromEnv(appInfo = AppInfo(name = "acme-billing", version = "2.3.1"))
    val tenants = client.auth().tenant()

    val attributes = JsonObject(mapOf("plan" to JsonPrimitive("gold"), "seats" to JsonPrimitive(5)))
    val created = tenants.createTenant(
        CreateTenantParam(name = "Acme", attributes = attributes, backOfficeStaffEmail = "ops@acme.example"),
    )
    val tenant = tenants.getTenant(created.id)
    println("${tenant.name}: ${tenant.attributes["seats"]?.jsonPrimitive?.int} seats")

    try {
        tenants.getTenant("no-such-tenant")
    } catch (e: SaasusException.Api) {
        println("${e.status} ${e.errorType}: ${e.errorMessage} (trace ${e.traceId})")
    }

    // Per-call settings, and an answer's status, trace id, headers and attempts beside its value.
    val r = client.withOptions(maxRetries = 0u, traceId = "quick-start").withResponse { it.auth().env().getEnvs() }
    println("${r.status}: ${r.value.envs.size} envs, trace ${r.traceId}, ${r.attempts} attempt")
}
// END quickstart
