package io.saasus.testing

import io.saasus.Client
import io.saasus.LocalEmulator
import io.saasus.SeenRequest
import kotlinx.serialization.json.JsonObject
import java.nio.file.Path

/**
 * A local SaaSus Platform on 127.0.0.1 and a free port, served by this library itself (no
 * binary, no Rust), with credentials of its own or those given. [close] stops it. With [data],
 * its state is kept in that file (SQLite) and an emulator started again on it finds it there;
 * without, the state lives in memory and goes with [close].
 */
class SaasusEmulator(
    apiKey: String? = null,
    secretKey: String? = null,
    saasId: String? = null,
    tokenTtlSeconds: Long? = null,
    data: Path? = null,
) : AutoCloseable {
    private val native = LocalEmulator(apiKey, secretKey, saasId, tokenTtlSeconds, data?.toString())

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
     * [status] (with [body] as their JSON, when given), or stall [stallMs] first; with
     * [afterApplying], each is served first (its effect kept) and its answer replaced, as when the
     * platform did the work and a gateway failed. [retryAfter] seconds go with [status] as
     * `Retry-After` (as an HTTP date with [retryAfterAsDate]). Returns its id. It acts on the
     * emulator's state directly; a fault breaking a rule throws `SaasusException.InvalidArgument`
     * naming the field.
     */
    fun fault(
        path: String, status: Int? = null, method: String? = null, stallMs: Long? = null, retryAfter: Long? = null, count: Int = 1,
        afterApplying: Boolean = false, retryAfterAsDate: Boolean = false, body: JsonObject? = null,
    ): Long = native.fault(path, status, method, stallMs, retryAfter, retryAfterAsDate, count, afterApplying, body)

    /**
     * How many more requests the armed faults will take. A fault's count goes down as a matching
     * request arrives, before it stalls or answers: 0 once a stalled request is in its hands.
     */
    fun faultsLeft(): Long = native.faultsLeft()

    /** Disarms every fault. */
    fun clearFaults() = native.clearFaults()

    /**
     * The code the login page would send to the callback URL after this user (email or sign-in ID)
     * signs in, with [state] beside it: what `exchangeTempCode` takes. A wrong password throws
     * `SaasusException.InvalidArgument`.
     */
    fun signInCode(username: String, password: String, state: String? = null): String = native.signInCode(username, password, state)

    /** What the emulator was sent, oldest first (at most the last 1000). */
    fun requests(): List<SeenRequest> = native.requests()

    /** Forgets the request log. */
    fun clearRequests() = native.clearRequests()

    /** Stops it (requests in flight finish first); a second close does nothing. */
    override fun close() = native.stop()

    override fun toString() = "SaasusEmulator(baseUrl=$baseUrl)"
}
