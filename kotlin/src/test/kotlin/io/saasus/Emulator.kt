package io.saasus

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
        val url = URI.create(baseUrl.removeSuffix("/v1") + "/_emulator/faults")
        val request = HttpRequest.newBuilder(url).header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build()
        val response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString())
        check(response.statusCode() in 200..299) { "arming $json: ${response.statusCode()} ${response.body()}" }
    }

    /** What the emulator was sent (its request log, docs/emulator.md): the JSON array's text. */
    fun requests(): String {
        val url = URI.create(baseUrl.removeSuffix("/v1") + "/_emulator/requests")
        val response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString())
        check(response.statusCode() == 200) { "the request log: ${response.statusCode()} ${response.body()}" }
        return response.body()
    }

    override fun close() {
        process.destroy()
        process.waitFor()
    }
}
