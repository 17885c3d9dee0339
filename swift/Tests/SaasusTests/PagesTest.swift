import Foundation
import Saasus
import XCTest

/// The `AsyncSequence` of every item of each cursor-paged operation (`<operation>Sequence`),
/// against the emulator: its cursors are real, and a fault answering a given body repeats one.
final class PagesTest: EmulatorTestCase {
    private func createUsers(_ client: Client, _ n: Int) async throws -> [String] {
        var ids: [String] = []
        for i in 0..<n {
            let email = "user-" + String(format: "%03d", i) + "@example.com"
            ids.append(try await client.auth().saasUser().createSaasUser(input: CreateSaasUserParam(email: email)).id)
        }
        return ids
    }

    /// How many requests the emulator served whose path (query included) starts with `prefix`.
    private func pagesFetched(_ prefix: String) async throws -> Int {
        emulator.local.requests().filter { $0.path.hasPrefix(prefix) }.count
    }

    private func all<S: AsyncSequence>(_ sequence: S) async throws -> [S.Element] {
        var items: [S.Element] = []
        for try await item in sequence { items.append(item) }
        return items
    }

    func testSaasUsersTenantUsersAndLogsComeWholeInPagesOfTheLimit() async throws {
        let client = try emulator.client()
        let created = try await createUsers(client, 250) // also the emulator's first 250 API logs

        let logs = try await all(client.apilog().apiLog().getLogsSequence(Apilog.GetLogsQuery(limit: 100)))
        XCTAssertEqual(logs.count, 250)
        XCTAssertEqual(Set(logs.map(\.apiLogId)).count, 250)
        XCTAssertTrue(logs.allSatisfy { $0.requestMethod == "POST" && $0.requestUri == "/v1/auth/users" })
        let logPages = try await pagesFetched("/v1/apilog/logs")
        XCTAssertEqual(logPages, 3)

        let tenant = try await client.auth().tenant().createTenant(
            input: CreateTenantParam(name: "Paged Co", attributes: [:], backOfficeStaffEmail: "ops@paged.example"))
        for i in 0..<250 {
            let email = "user-" + String(format: "%03d", i) + "@example.com"
            _ = try await client.auth().tenantUser().createTenantUser(tenantId: tenant.id, input: CreateTenantUserParam(email: email, attributes: [:]))
        }

        let seen = try await all(client.auth().saasUser().searchSaasUsersSequence(SearchSaasUsersQuery(limit: 100))).map(\.id)
        XCTAssertEqual(seen.count, 250)
        XCTAssertEqual(Set(seen), Set(created))
        let userPages = try await pagesFetched("/v1/auth/users/search")
        XCTAssertEqual(userPages, 3)

        let members = try await all(client.auth().tenantUser().searchTenantUsersSequence(SearchTenantUsersQuery(tenantId: tenant.id, limit: 100)))
        XCTAssertTrue(members.allSatisfy { $0.tenantId == tenant.id })
        XCTAssertEqual(members.map(\.id).sorted(), created.sorted())
        let memberPages = try await pagesFetched("/v1/auth/tenants/all/users/search")
        XCTAssertEqual(memberPages, 3)

        // The filters go with every page: 100 of the 250 emails start with "user-1".
        let some = try await all(client.auth().saasUser().searchSaasUsersSequence(SearchSaasUsersQuery(email: "user-1", limit: 30)))
        XCTAssertEqual(some.count, 100)
        XCTAssertTrue(some.allSatisfy { $0.email.hasPrefix("user-1") })
    }

    func testARepeatedCursorStopsTheSequenceWithADecodeErrorNamingCursor() async throws {
        let client = try emulator.client()
        _ = try await createUsers(client, 250)
        let users = client.auth().saasUser()
        // The emulator's cursors name the last user of a page: the first page's is known in advance.
        let first = try await users.searchSaasUsers(input: SearchSaasUsersQuery(limit: 100)).cursor!
        var iterator = users.searchSaasUsersSequence(SearchSaasUsersQuery(limit: 100)).makeAsyncIterator()
        var seen = [try await iterator.next()!.id]
        // The first page has come; page 2 is now answered as if it were page 1 again.
        _ = try emulator.local.fault(path: "/v1/auth/users/search", status: 200, body: ["users": .array([]), "cursor": .string(first)])
        do {
            while let user = try await iterator.next() { seen.append(user.id) }
            XCTFail("the repeated cursor went unnoticed")
        } catch SaasusError.Decode(let status, let detail, _) {
            XCTAssertEqual(status, 200)
            XCTAssertTrue(detail.hasPrefix("cursor: page 2 of SearchSaasUsers answered a cursor this iteration had already used"), detail)
        }
        XCTAssertEqual(seen.count, 100, "the first page's users all come before the error")
        let after = try await iterator.next()
        XCTAssertNil(after, "and then it ends")
    }

    func testAPageThatFailsFailsAsThePlainCall() async throws {
        let client = try emulator.client()
        _ = try emulator.local.fault(path: "/v1/auth/users/search", status: 403)
        do {
            _ = try await all(client.auth().saasUser().searchSaasUsersSequence())
            XCTFail("the 403 went unnoticed")
        } catch SaasusError.Api(let status, _, _, _, _) {
            XCTAssertEqual(status, 403)
        }
    }
}
