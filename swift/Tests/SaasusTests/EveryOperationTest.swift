import Foundation
import Saasus
import XCTest

/// Every operation of every API through the typed Swift surface, from the shared table of steps
/// (tests/fixtures/every_operation.json, wire names): each step's input is decoded into the
/// operation's input type (records, enums, unions, lists, maps, JsonObject) by the generated
/// Codable, the typed method of its tag's object is called (Operations.swift, generated), the
/// result must be the documented model (a union's: one of its known cases), and its JSON must hold
/// the values the step expects.
final class EveryOperationTest: EmulatorTestCase {
    private struct Fixture: Decodable {
        let steps: [[String: JSONValue]]
    }

    private let steps: [[String: JSONValue]] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../tests/fixtures/every_operation.json").standardized
        do {
            return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: path)).steps
        } catch {
            XCTFail("cannot read \(path.path): \(error)")
            return []
        }
    }()

    private func key(_ step: [String: JSONValue]) -> String {
        "\(step["api"]?.stringValue ?? "?").\(step["op"]?.stringValue ?? "?")"
    }

    /// `$name` anywhere in a step's value is what an earlier step saved under that name.
    private func resolve(_ value: JSONValue, _ saved: [String: JSONValue]) -> JSONValue {
        switch value {
        case .string(let s) where s.hasPrefix("$"):
            return saved[String(s.dropFirst())] ?? value
        case .array(let items):
            return .array(items.map { resolve($0, saved) })
        case .object(let members):
            return .object(members.mapValues { resolve($0, saved) })
        default:
            return value
        }
    }

    /// The value at a dotted path of wire names (`credentials.access_token`, `tiers.1.inf`).
    private func dig(_ value: JSONValue, _ path: String) -> JSONValue? {
        var at: JSONValue? = value
        for part in path.split(separator: ".").map(String.init) {
            if let index = Int(part), let items = at?.arrayValue {
                at = index < items.count ? items[index] : nil
            } else {
                at = at?[part]
            }
        }
        return at
    }

    /// A value with its objects' null members left out: a nil field is not encoded, and the table
    /// writes some as null.
    private func withoutNulls(_ value: JSONValue?) -> JSONValue {
        switch value {
        case nil, .null?: return .null
        case .array(let items)?: return .array(items.map(withoutNulls))
        case .object(let members)?: return .object(members.filter { !$0.value.isNull }.mapValues(withoutNulls))
        case let other?: return other
        }
    }

    func testTheTableCoversEveryOperationOfTheSpecs() throws {
        XCTAssertEqual(Set(steps.map(key)), Set(operations.keys))
        var counts: [String: Int] = [:]
        for name in operations.keys {
            counts[String(name.prefix { $0 != "." }), default: 0] += 1
        }
        XCTAssertEqual(counts, try specCounts())
    }

    /// Each API's operation count as its spec in shared/ (beside the repository) has it, an
    /// `operationId:` line each: a changed spec fails here, not a number written in a test.
    private func specCounts() throws -> [String: Int] {
        let specs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../../shared/spec").standardized
        var counts: [String: Int] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: specs.path)
        where file.hasPrefix("saasus-") && file.hasSuffix("-api.yml") {
            let api = String(file.dropFirst("saasus-".count).dropLast("-api.yml".count))
            let text = try String(contentsOf: specs.appendingPathComponent(file), encoding: .utf8)
            counts[api] = text.split(separator: "\n").filter { line in line.drop(while: { $0 == " " }).hasPrefix("operationId:") }.count
        }
        return counts
    }

    func testEveryOperationThroughTheTypedSurface() async throws {
        let client = try emulator.client()
        var saved: [String: JSONValue] = [:]
        var done: Set<String> = []
        for step in steps {
            let name = key(step)
            guard let operation = operations[name] else {
                XCTFail("\(name): not in the Swift binding's operations")
                continue
            }
            // A path parameter the spec types as an integer is a number in the fixture.
            let path = (step["path"].map { resolve($0, saved) }?.arrayValue ?? []).map { $0.stringValue ?? $0.intValue.map(String.init) ?? "" }
            XCTAssertEqual(path.count, operation.pathCount, "\(name): path parameters")
            guard path.count == operation.pathCount else { continue }
            let input = step["input"].map { resolve($0, saved) }

            if let status = step["error"]?.intValue {
                do {
                    _ = try await operation.call(client, path, input)
                    XCTFail("\(name): succeeded, expected a \(status)")
                } catch SaasusError.Api(let got, _, _, _, _) {
                    XCTAssertEqual(Int(got), status, name)
                }
                done.insert(name)
                continue
            }

            let result: (any Encodable)?
            do {
                result = try await operation.call(client, path, input)
            } catch {
                XCTFail("\(name) failed: \(error)")
                continue
            }
            switch (step["returns"]?.stringValue, operation.returns, result) {
            case (nil, nil, nil):
                break
            case (let want?, let returns?, let value?):
                XCTAssertEqual(returns.name, want, name)
                XCTAssertTrue(type(of: value) == returns.type, "\(name): a \(type(of: value)), not a \(returns.type)")
                // A union's answer is one of its known cases, never the unknown one.
                let mirror = Mirror(reflecting: value)
                if mirror.displayStyle == .enum {
                    XCTAssertNotEqual(mirror.children.first?.label, "unknown", "\(name): an unknown case: \(value)")
                }
            default:
                XCTFail("\(name): returned \(String(describing: result)), the table says \(String(describing: step["returns"]))")
                continue
            }
            let json = try result.map { try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode($0)) } ?? .null
            for (at, want) in step["expect"]?.objectValue ?? [:] {
                XCTAssertEqual(withoutNulls(dig(json, at)), withoutNulls(resolve(want, saved)), "\(name): \(at)")
            }
            for (as_, at) in step["save"]?.objectValue ?? [:] {
                saved[as_] = at.stringValue.flatMap { dig(json, $0) }
            }
            done.insert(name)
        }
        XCTAssertEqual(done, Set(operations.keys))
        let toSave = steps.flatMap { $0["save"]?.objectValue?.keys.map { $0 } ?? [] }
        XCTAssertEqual(Set(toSave), Set(saved.keys))
    }
}
