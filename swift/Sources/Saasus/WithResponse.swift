// Hand-written: `withResponse`, over the generated `Client.recording(recorder:)`.

/// A call's value and how its answer came: status, trace id, headers (by lower-case name), attempts.
public struct ApiResponse<Value> {
    public let value: Value
    public let status: Int
    public let traceId: String?
    public let headers: [String: String]
    public let attempts: Int
}

extension ApiResponse: Sendable where Value: Sendable {}

extension Client {
    /// The value `body` returns with the metadata of the last answer of the calls it makes
    /// through the client it is given (uniffi carries no generic `Response<T>`: the client
    /// records instead): `let r = try await client.withResponse { try await $0.auth().env().getEnvs() }`.
    public func withResponse<T>(_ body: (Client) async throws -> T) async throws -> ApiResponse<T> {
        let recorder = ResponseRecorder()
        let value = try await body(recording(recorder: recorder))
        guard let meta = recorder.last() else {
            throw SaasusError.InvalidArgument(field: "body", rule: "made no call through the client it was given")
        }
        return ApiResponse(value: value, status: Int(meta.status), traceId: meta.traceId, headers: meta.headers, attempts: Int(meta.attempts))
    }
}
