package io.saasus

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put
import java.io.BufferedReader
import java.io.InputStreamReader
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

/** A real emulator process on 127.0.0.1, started for a test and stopped after it. */
class Emulator : AutoCloseable {
    private val process: Process
    val baseUrl: String
    val apiKey: String
    val secretKey: String
    val saasId: String

    init {
        val binary = System.getenv("SAASUS_EMULATOR_BIN") ?: System.getProperty("saasus.emulator")
        val builder = ProcessBuilder(binary, "--port", "0", "--quiet").redirectError(ProcessBuilder.Redirect.INHERIT)
        builder.environment().keys.removeIf { it.startsWith("SAASUS_") }
        process = builder.start()
        val reader = BufferedReader(InputStreamReader(process.inputStream))
        val values = (1..4).associate { reader.readLine().split("=", limit = 2).let { (k, v) -> k to v } }
        baseUrl = values.getValue("SAASUS_BASE_URL")
        apiKey = values.getValue("SAASUS_API_KEY")
        secretKey = values.getValue("SAASUS_SECRET_KEY")
        saasId = values.getValue("SAASUS_SAAS_ID")
    }

    fun client(secret: String = secretKey): Client = Client(apiKey, secret, saasId, baseUrl)

    /** The four variables the emulator printed, as `Client.fromEnv()` reads them. */
    fun env(): Map<String, String> =
        mapOf("SAASUS_BASE_URL" to baseUrl, "SAASUS_API_KEY" to apiKey, "SAASUS_SECRET_KEY" to secretKey, "SAASUS_SAAS_ID" to saasId)

    /** Arms a fault of the emulator (its JSON as docs/emulator.md shows it). */
    fun fault(json: String) {
        control("POST", "faults", json)
    }

    /** What the emulator was sent (its request log, docs/emulator.md): the JSON array's text. */
    fun requests(): String = control("GET", "requests", null)

    /** Forgets the request log. */
    fun clearRequests() {
        control("DELETE", "requests", null)
    }

    /** How many requests the log holds whose path starts with [prefix]; the log is then forgotten. */
    fun callsTo(prefix: String): Int {
        val seen = Json.parseToJsonElement(requests()).jsonArray
        clearRequests()
        return seen.count { it.jsonObject["path"]?.jsonPrimitive?.content?.startsWith(prefix) == true }
    }

    /** The code the login page would send the callback URL after signing [username] in (with [state]). */
    fun signInCode(username: String, password: String, state: String? = null): String {
        val body = buildJsonObject {
            put("username", username)
            put("password", password)
            if (state != null) put("state", state)
        }
        return Json.parseToJsonElement(control("POST", "sign-in", body.toString())).jsonObject.getValue("code").jsonPrimitive.content
    }

    /** A request to one of the control endpoints (`/_emulator/<endpoint>`), its answer's text. */
    private fun control(method: String, endpoint: String, json: String?): String {
        val url = URI.create(baseUrl.removeSuffix("/v1") + "/_emulator/" + endpoint)
        val body = json?.let { HttpRequest.BodyPublishers.ofString(it) } ?: HttpRequest.BodyPublishers.noBody()
        val request = HttpRequest.newBuilder(url).header("content-type", "application/json").method(method, body).build()
        val response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString())
        check(response.statusCode() in 200..299) { "$method $endpoint ${json ?: ""}: ${response.statusCode()} ${response.body()}" }
        return response.body()
    }

    override fun close() {
        process.destroy()
        process.waitFor()
    }
}
