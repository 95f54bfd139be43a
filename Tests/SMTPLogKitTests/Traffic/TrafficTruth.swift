import Foundation
import Testing
@testable import SMTPLogKit

/// The report's `messages` and `sessions` against a generator's truth, key for key: the keys
/// the truth has (gen-maillog's rules, ../shared/bench/README.md), with its meanings.
enum TrafficTruth {
    static func expectEqual(_ ours: [String: Any], _ truth: [String: Any], _ name: String,
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = try #require(truth["messages"] as? [String: Any], sourceLocation: sourceLocation)
        let actual = try #require(ours["messages"] as? [String: Any], sourceLocation: sourceLocation)
        #expect(expected.count >= 10, "the truth names the traffic figures", sourceLocation: sourceLocation)
        for (key, value) in expected {
            #expect(NSDictionary(dictionary: ["v": actual[key] as Any]) == NSDictionary(dictionary: ["v": value]),
                    "\(name): messages.\(key) is \(actual[key] ?? "absent"), the truth \(value)", sourceLocation: sourceLocation)
        }
        let expectedSessions = try #require(truth["sessions"] as? [String: Any], sourceLocation: sourceLocation)
        let actualSessions = try #require(ours["sessions"] as? [String: Any], sourceLocation: sourceLocation)
        for (key, value) in expectedSessions {
            #expect(NSDictionary(dictionary: ["v": actualSessions[key] as Any]) == NSDictionary(dictionary: ["v": value]),
                    "\(name): sessions.\(key) differs", sourceLocation: sourceLocation)
        }
    }

    static func json(_ results: [InputResult]) throws -> [String: Any] {
        let text = try Report(inputs: results).rendered(.json)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }
}
