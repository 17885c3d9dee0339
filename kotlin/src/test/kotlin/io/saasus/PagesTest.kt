package io.saasus

import io.saasus.models.CreateSaasUserParam
import io.saasus.models.CreateTenantParam
import io.saasus.models.CreateTenantUserParam
import io.saasus.models.SearchSaasUsersQuery
import io.saasus.models.SearchTenantUsersQuery
import io.saasus.apilog.GetLogsQuery
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonArray
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * The `Flow` of every item of each cursor-paged operation (`<operation>Flow`), against the
 * emulator: its cursors are real, and a fault answering a given body repeats one.
 */
class PagesTest {
    private suspend fun createUsers(client: Client, n: Int): List<String> =
        (0 until n).map { client.auth().saasUser().createSaasUser(CreateSaasUserParam(email = "user-%03d@example.com".format(it))).id }

    /** How many requests the emulator served whose path (query included) starts with [prefix]. */
    private fun pagesFetched(emu: Emulator, prefix: String): Int =
        emu.requests().count { it.path.startsWith(prefix) }

    @Test
    fun saasUsersTenantUsersAndLogsComeWholeInPagesOfTheLimit() = Emulator().use { emu ->
        runBlocking {
            val client = emu.client()
            val created = createUsers(client, 250) // also the emulator's first 250 API logs

            val logs = client.apilog().apiLog().getLogsFlow(GetLogsQuery(limit = 100)).toList()
            assertEquals(250, logs.size)
            assertEquals(250, logs.map { it.apiLogId }.toSet().size)
            assertTrue(logs.all { it.requestMethod == "POST" && it.requestUri == "/v1/auth/users" })
            assertEquals(3, pagesFetched(emu, "/v1/apilog/logs"))

            val tenant = client.auth().tenant().createTenant(CreateTenantParam("Paged Co", JsonObject(emptyMap()), "ops@paged.example"))
            for (i in 0 until 250) {
                client.auth().tenantUser().createTenantUser(tenant.id, CreateTenantUserParam(email = "user-%03d@example.com".format(i), attributes = JsonObject(emptyMap())))
            }

            val users = client.auth().saasUser().searchSaasUsersFlow(SearchSaasUsersQuery(limit = 100))
            val seen = users.toList().map { it.id }
            assertEquals(250, seen.size)
            assertEquals(created.toSet(), seen.toSet())
            assertEquals(3, pagesFetched(emu, "/v1/auth/users/search"))
            // A Flow is cold: collecting it again is a new iteration from the first page.
            assertEquals(250, users.toList().size)
            assertEquals(6, pagesFetched(emu, "/v1/auth/users/search"))

            val members = client.auth().tenantUser().searchTenantUsersFlow(SearchTenantUsersQuery(tenantId = tenant.id, limit = 100)).toList()
            assertTrue(members.all { it.tenantId == tenant.id })
            assertEquals(created.sorted(), members.map { it.id }.sorted())
            assertEquals(3, pagesFetched(emu, "/v1/auth/tenants/all/users/search"))

            // The filters go with every page: 100 of the 250 emails start with "user-1".
            val some = client.auth().saasUser().searchSaasUsersFlow(SearchSaasUsersQuery(email = "user-1", limit = 30)).toList()
            assertEquals(100, some.size)
            assertTrue(some.all { it.email.startsWith("user-1") })
        }
    }

    @Test
    fun aRepeatedCursorStopsTheFlowWithADecodeErrorNamingCursor() = Emulator().use { emu ->
        runBlocking {
            val client = emu.client()
            createUsers(client, 250)
            val users = client.auth().saasUser()
            // The emulator's cursors name the last user of a page: the first page's is known in advance.
            val first = users.searchSaasUsers(SearchSaasUsersQuery(limit = 100)).cursor!!
            val seen = mutableListOf<String>()
            val e = assertThrows<SaasusException.Decode> {
                runBlocking {
                    users.searchSaasUsersFlow(SearchSaasUsersQuery(limit = 100)).collect {
                        // The first page has come; page 2 is now answered as if it were page 1 again.
                        if (seen.isEmpty()) emu.fault("/v1/auth/users/search", status = 200, body = buildJsonObject { putJsonArray("users") {}; put("cursor", first) })
                        seen.add(it.id)
                    }
                }
            }
            assertEquals(100, seen.size, "the first page's users all come before the error")
            assertEquals(200, e.status)
            assertTrue(e.detail.startsWith("cursor: page 2 of SearchSaasUsers answered a cursor this iteration had already used"), e.detail)
        }
    }

    @Test
    fun aPageThatFailsFailsAsThePlainCall() = Emulator().use { emu ->
        runBlocking {
            val client = emu.client()
            createUsers(client, 150)
            emu.fault("/v1/auth/users/search", status = 403)
            val e = assertThrows<SaasusException.Api> { runBlocking { client.auth().saasUser().searchSaasUsersFlow().toList() } }
            assertEquals(403, e.status)
            val bad = assertThrows<SaasusException.Api> { runBlocking { client.auth().saasUser().searchSaasUsersFlow(SearchSaasUsersQuery(limit = 1000)).toList() } }
            assertEquals(400, bad.status)
        }
    }
}
