package io.saasus

/** A call's value and how its answer came: status, trace id, headers (by lower-case name), attempts. */
data class ApiResponse<T>(
    val value: T,
    val status: Int,
    val traceId: String?,
    val headers: Map<String, String>,
    val attempts: Int,
)

/**
 * The value [block] returns with the metadata of the last answer of the calls it makes through
 * the client it is given (uniffi carries no generic `Response<T>`: the client records instead):
 * `val r = client.withResponse { it.auth().env().getEnvs() }`; then `r.value.envs`, `r.status`.
 */
suspend fun <T> Client.withResponse(block: suspend (Client) -> T): ApiResponse<T> =
    ResponseRecorder().use { recorder ->
        val value = recording(recorder).use { block(it) }
        val meta = recorder.last()
            ?: throw SaasusException.InvalidArgument("block", "made no call through the client it was given")
        ApiResponse(value, meta.status.toInt(), meta.traceId, meta.headers, meta.attempts.toInt())
    }
