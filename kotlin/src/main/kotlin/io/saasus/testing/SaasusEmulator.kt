package io.saasus.testing

import io.saasus.Client
import io.saasus.LocalEmulator
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

/**
 * A local SaaSus Platform on 127.0.0.1 and a free port, served by this library itself (no
 * binary, no Rust), with credentials of its own or those given. [close] stops it.
 */
class SaasusEmulator(
    apiKey: String? = null,
    secretKey: String? = null,
    saasId: String? = null,
    tokenTtlSeconds: Long? = null,
) : AutoCloseable {
    private val native = LocalEmulator(apiKey, secretKey, saasId, tokenTtlSeconds)

    /** `http://127.0.0.1:<port>/v1`. */
    val baseUrl: String = native.baseUrl()
    val apiKey: String = native.apiKey()
    val secretKey: String = native.secretKey()
    val saasId: String = native.saasId()

    /** The four `SAASUS_*` variables that point an SDK (this one or another) at it. */
    val env: Map<String, String>
        get() = mapOf("SAASUS_BASE_URL" to baseUrl, "SAASUS_API_KEY" to apiKey, "SAASUS_SECRET_KEY" to secretKey, "SAASUS_SAAS_ID" to saasId)

    /** A client for this emulator; `maxRetries` and the rest as [Client]'s constructor takes them. */
    fun client(maxRetries: UInt? = null): Client = Client(apiKey, secretKey, saasId, baseUrl, maxRetries = maxRetries)

    /**
     * Arms a fault: the next [count] requests to [path] (a prefix when it ends in `*`) answer
     * [status], or stall [stallMs] first; with [afterApplying], each is served first (its effect
     * kept) and its answer replaced, as when the platform did the work and a gateway failed.
     * Returns its id.
     */
    fun fault(
        path: String, status: Int? = null, method: String? = null, stallMs: Long? = null, retryAfter: Long? = null, count: Int = 1,
        afterApplying: Boolean = false,
    ): Long {
        val fields = mapOf("path" to JsonPrimitive(path), "status" to status?.let(::JsonPrimitive), "method" to method?.let(::JsonPrimitive),
            "stall_ms" to stallMs?.let(::JsonPrimitive), "retry_after" to retryAfter?.let(::JsonPrimitive), "count" to JsonPrimitive(count),
            "after_applying" to JsonPrimitive(afterApplying).takeIf { afterApplying })
        return control("faults", JsonObject(fields.filterValues { it != null }.mapValues { it.value!! })).getValue("id").jsonPrimitive.long
    }

    /** The code the login page would send to the callback URL after this user signs in: what `exchangeTempCode` takes. */
    fun signInCode(username: String, password: String): String =
        control("sign-in", JsonObject(mapOf("username" to JsonPrimitive(username), "password" to JsonPrimitive(password))))
            .getValue("code").jsonPrimitive.content

    private fun control(endpoint: String, body: JsonObject): JsonObject {
        val request = HttpRequest.newBuilder(URI.create(baseUrl.removeSuffix("/v1") + "/_emulator/" + endpoint))
            .header("content-type", "application/json")
            .header("x-saasus-emulator-token", native.controlToken())
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build()
        val response = http.send(request, HttpResponse.BodyHandlers.ofString())
        require(response.statusCode() in 200..299) { "the emulator refused $endpoint: ${response.statusCode()} ${response.body()}" }
        return Json.parseToJsonElement(response.body()).jsonObject
    }

    /** Stops it (requests in flight finish first); a second close does nothing. */
    override fun close() = native.stop()

    override fun toString() = "SaasusEmulator(baseUrl=$baseUrl)"

    private companion object {
        val http: HttpClient = HttpClient.newHttpClient()
    }
}
