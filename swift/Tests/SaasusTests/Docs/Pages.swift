// The paged searches of docs/swift.md: the lines between the markers are the page's code, word
// for word (DocsTest checks that and runs it against the emulator).
import Saasus

// START pages
func readers(_ client: Client) async throws -> [String] {
    for i in 0..<5 {
        _ = try await client.auth().saasUser().createSaasUser(input: CreateSaasUserParam(email: "reader-\(i)@example.com"))
    }
    // Every user whose email starts with "reader-", fetched in pages of 2 as the loop asks for them.
    var emails: [String] = []
    for try await user in client.auth().saasUser().searchSaasUsersSequence(SearchSaasUsersQuery(email: "reader-", limit: 2)) {
        emails.append(user.email)
    }
    var failed = 0
    for try await log in client.apilog().apiLog().getLogsSequence(Apilog.GetLogsQuery(limit: 100)) where log.responseStatus.hasPrefix("4") {
        failed += 1
    }
    return emails + ["failed calls: \(failed)"]
}
// END pages
