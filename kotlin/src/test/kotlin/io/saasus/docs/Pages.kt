// The paged searches of docs/kotlin.md: the lines between the markers are the page's code, word
// for word (DocsTest checks that and runs it against the emulator).
package io.saasus.docs

// START pages
import io.saasus.Client
import io.saasus.apilog.GetLogsQuery
import io.saasus.getLogsFlow
import io.saasus.models.CreateSaasUserParam
import io.saasus.models.SearchSaasUsersQuery
import io.saasus.searchSaasUsersFlow
import kotlinx.coroutines.flow.count
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList

suspend fun readers(client: Client): List<String> {
    for (i in 0 until 5) client.auth().saasUser().createSaasUser(CreateSaasUserParam(email = "reader-$i@example.com"))
    // Every user whose email starts with "reader-", fetched in pages of 2 as the Flow is collected.
    val readers = client.auth().saasUser().searchSaasUsersFlow(SearchSaasUsersQuery(email = "reader-", limit = 2))
    val emails = readers.map { it.email }.toList()
    val failed = client.apilog().apiLog().getLogsFlow(GetLogsQuery(limit = 100)).filter { it.responseStatus.startsWith("4") }.count()
    return emails + "failed calls: $failed"
}
// END pages
