package io.saasus

import io.saasus.models.CreateTenantParam
import io.saasus.models.UpdateTenantParam
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

/** [parseEvent] on the emulator's events (what `saasus listen` forwards), and [verifyEvent]. */
class EventsTest {
    /** The emulator's events, each as its JSON text. */
    private fun events(emu: Emulator): List<String> {
        val origin = emu.baseUrl.removeSuffix("/v1")
        val text = HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create("$origin/_emulator/events")).build(), HttpResponse.BodyHandlers.ofString()).body()
        val array = kotlinx.serialization.json.Json.parseToJsonElement(text) as kotlinx.serialization.json.JsonArray
        return array.map { it.toString() }
    }

    @Test
    fun eventsAreReadIntoTheirOperationIdsAndBodies() = Emulator().use { emu ->
        val client = emu.client()
        val tenant = runBlocking {
            val t = client.auth().tenant().createTenant(CreateTenantParam("Acme", JsonObject(emptyMap()), "ops@acme.example"))
            client.auth().tenant().updateTenant(t.id, UpdateTenantParam("Acme 2", JsonObject(emptyMap()), "ops@acme.example"))
            client.auth().tenant().getTenants()
            t
        }
        val (created, updated) = events(emu).also { assertEquals(2, it.size, "a GET makes no event") }.map { parseEvent(it) }
        assertEquals(listOf("CreateTenant", "create_tenant", "auth"), listOf(created.operation, created.eventType, created.api))
        assertEquals(201, created.status.toInt())
        assertEquals(tenant.id, created.response!!["id"]!!.jsonPrimitive.content)
        assertEquals("UpdateTenant" to mapOf("tenant_id" to tenant.id), updated.operation to updated.pathParams)
        assertEquals("Acme 2", updated.request!!["name"]!!.jsonPrimitive.content)
        assertTrue(updated.time >= created.time)
        // The bodies as the operation's own types: a `when` over what happened.
        val body = created.body as SaasusEventBody.CreateTenant
        assertEquals("Acme" to tenant.id, body.input!!.name to body.output!!.id)
        when (val b = updated.body) {
            is SaasusEventBody.AuthUpdateTenant -> assertEquals("ops@acme.example", b.input!!.backOfficeStaffEmail)
            else -> throw AssertionError("$b")
        }
        // Unknown fields are kept; a detail alone reads the same.
        val envelope = kotlinx.serialization.json.Json.parseToJsonElement(events(emu)[0]) as JsonObject
        val newer = JsonObject(envelope + ("added_later" to kotlinx.serialization.json.JsonPrimitive(1)))
        assertEquals("1", parseEvent(newer.toString()).envelope["added_later"].toString())
        assertEquals("CreateTenant", parseEvent(envelope["detail"].toString()).operation)
        val refused = assertThrows<SaasusException.InvalidArgument> { parseEvent("[]") }
        assertEquals("event", refused.field)
    }

    @Test
    fun aSignatureIsCheckedForItsAge() {
        val e = assertThrows<SaasusException.InvalidArgument> { verifyEvent("whsec_x", "t=1000,v1=00", "{}".toByteArray()) }
        assertEquals("saasus-signature", e.field)
        assertThrows<SaasusException.InvalidArgument> { verifyEvent("whsec_x", "", "{}".toByteArray()) }
    }
}
