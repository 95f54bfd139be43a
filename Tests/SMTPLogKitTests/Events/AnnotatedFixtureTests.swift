import Foundation
import Testing
@testable import SMTPLogKit

/// Real lines from the corpus, each with the event it must give written in the comment above it
/// (fail2ban's fixture style). See Fixtures/lines/README.md for the format.
@Suite("Annotated real lines")
struct AnnotatedFixtureTests {
    struct Fixture: Sendable, CustomStringConvertible {
        let file: String
        let lineNumber: Int
        let expectation: String
        let line: String
        var description: String { "\(file):\(lineNumber)" }
    }

    static var folder: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("lines")
    }

    static let fixtures: [Fixture] = {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        var fixtures: [Fixture] = []
        for name in names.sorted() where name.hasSuffix(".log") {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
            let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
            var pending: String?
            for (index, raw) in lines.enumerated() {
                let text = String(decoding: raw, as: UTF8.self)
                if text.hasPrefix("# expect:") {
                    pending = text.dropFirst("# expect:".count).trimmingCharacters(in: .whitespaces)
                } else if text.hasPrefix("#") || text.isEmpty {
                    continue
                } else if let expectation = pending {
                    fixtures.append(Fixture(file: name, lineNumber: index + 1, expectation: expectation, line: text))
                    pending = nil
                }
            }
        }
        return fixtures
    }()

    @Test("the fixture folder holds many annotated lines")
    func fixturesExist() {
        #expect(AnnotatedFixtureTests.fixtures.count >= 100)
    }

    @Test("each annotated line gives exactly its expected event", arguments: fixtures)
    func lineGivesExpectation(_ fixture: Fixture) throws {
        let (parsed, event) = Analyzer.parseLine(fixture.line)
        switch fixture.expectation {
        case "none":
            // No reply: understood as nothing, or as a notice (a warning, a failed delivery, a
            // cached verdict), which the findings read and the reply counts never do.
            if case .notice = parsed.kind { return }
            guard case .nonEvent = parsed.kind else {
                Issue.record("\(fixture): expected no reply, got \(parsed.kind) \(event.map { "\($0.code)" } ?? "")")
                return
            }
        case "continuation":
            // Continuations only exist after a reject log entry: check the line has no prefix.
            var bytes = Array(fixture.line.utf8)
            #expect(bytes.withUnsafeMutableBufferPointer { LinePrefix.parse(UnsafeBufferPointer($0)) } == nil)
        case "other-program":
            guard case .otherProgram = parsed.kind else {
                Issue.record("\(fixture): expected another program's line, got \(parsed.kind)")
                return
            }
        case "not-understood":
            guard case .notUnderstood = parsed.kind else {
                Issue.record("\(fixture): expected not understood, got \(parsed.kind)")
                return
            }
        default:
            let expected = try #require(
                try JSONSerialization.jsonObject(with: Data(fixture.expectation.utf8)) as? [String: Any],
                "\(fixture): the expectation is not a JSON object")
            let event = try #require(event, "\(fixture): expected an event, got \(parsed.kind)")
            let actual: [String: Any?] = [
                "direction": event.direction.rawValue, "code": event.code, "implied": event.implied,
                "enhanced": event.enhancedStatus, "peerName": event.peerName, "peerAddress": event.peerAddress,
                "sender": event.sender, "recipient": event.recipient, "saslMechanism": event.saslMechanism,
                "saslUser": event.saslUser, "stage": event.stage, "relayRefusal": event.isRelayRefusal,
            ]
            for (key, value) in expected {
                guard let known = actual[key] else {
                    Issue.record("\(fixture): unknown key \(key) in the expectation")
                    continue
                }
                let same = NSDictionary(dictionary: ["v": known as Any]) == NSDictionary(dictionary: ["v": value])
                #expect(same, "\(fixture): \(key) is \(String(describing: known ?? nil)), expected \(value)")
            }
            if expected["relayRefusal"] == nil {
                #expect(!event.isRelayRefusal, "\(fixture): unexpected relay refusal")
            }
        }
    }
}

extension LinePrefix: Equatable {
    public static func == (lhs: LinePrefix, rhs: LinePrefix) -> Bool {
        lhs.format == rhs.format && lhs.time == rhs.time && lhs.program == rhs.program && lhs.message == rhs.message
    }
}

/// Every prefix of every fixture line, and the line with bytes flipped: the parser must
/// classify them all without crashing (a cheap stand-in between fuzzing runs).
@Suite("Truncated and damaged lines")
struct TruncatedLineTests {
    @Test("every prefix of every annotated line parses without a crash")
    func everyPrefix() {
        let parser = LineParser(years: .startingYear(2026))
        var parsed = 0
        for fixture in AnnotatedFixtureTests.fixtures {
            let bytes = Array(fixture.line.utf8)
            for length in 0...bytes.count {
                var slice = Array(bytes[0..<length])
                slice.withUnsafeMutableBufferPointer { _ = parser.parse(UnsafeBufferPointer($0)) }
                parsed += 1
            }
            var damaged = bytes
            for index in stride(from: 0, to: damaged.count, by: 7) { damaged[index] = [0x00, 0xFF, 0x5B, 0x3A, 0x20][index % 5] }
            damaged.withUnsafeMutableBufferPointer { _ = parser.parse(UnsafeBufferPointer($0)) }
        }
        #expect(parsed > 10_000)
    }
}
