import Foundation

/// Counts metered usage and sends it in sums per tenant, metering unit, time bucket and
/// direction, never twice (docs/metering.md): `add` returns at once; the sums are sent on an
/// interval, when `flushAt` are held, on `flush()` and on `close()`. Close it before the program
/// ends: what is still held then is not sent. Safe to share between tasks and threads.
///
/// ```swift
/// let meter = try client.meter()
/// try meter.add(tenantId: tenantId, meteringUnitName: "api_calls")
/// let report = try await meter.close()
/// ```
public final class Meter: Sendable, CustomStringConvertible {
    private let native: NativeMeter

    init(_ native: NativeMeter) {
        self.native = native
    }

    /// Counts `count` more of the unit for the tenant, now.
    public func add(tenantId: String, meteringUnitName: String, count: Int64 = 1) throws {
        try native.add(tenantId: tenantId, meteringUnitName: meteringUnitName, count: count)
    }

    /// Counts `count` fewer, now (the platform stops a count at 0); sent after the adds.
    public func sub(tenantId: String, meteringUnitName: String, count: Int64 = 1) throws {
        try native.sub(tenantId: tenantId, meteringUnitName: meteringUnitName, count: count)
    }

    /// The counts so far (sums of counts: `added == sent + pending + failed + unknown + dropped`).
    public var stats: MeterStats { native.stats() }

    /// Sends every count held and returns when each is answered; a sum that could not be sent at
    /// all (no connection, a 429 after the retries) stays held for the next send.
    public func flush() async throws -> MeterReport {
        try await native.flush()
    }

    /// Takes no more counts, sends every count held, and answers what became of them.
    @discardableResult
    public func close() async throws -> MeterReport {
        try await native.shutdown()
    }

    public var description: String { "Meter(\(stats))" }
}

extension Client {
    /// A `Meter` sending through this client. Each setting left nil takes its default:
    /// `flushInterval` between sends (10 s), `flushAt` sums held that start a send sooner (1,000),
    /// `maxPending` sums held at most (10,000; a count for a new sum beyond it is dropped, counted
    /// and reported), `bucket` per time bucket, whole seconds dividing an hour (60 s),
    /// `concurrency` requests in flight (4).
    public func meter(
        flushInterval: TimeInterval? = nil,
        flushAt: UInt32? = nil,
        maxPending: UInt32? = nil,
        bucket: TimeInterval? = nil,
        concurrency: UInt32? = nil
    ) throws -> Meter {
        Meter(try nativeMeter(
            flushInterval: flushInterval, flushAt: flushAt, maxPending: maxPending, bucket: bucket, concurrency: concurrency))
    }
}
