import Testing
@testable import SMTPLogKit

/// `Observation.key` remembers the last two keys it made for its line (`ExampleMemo`), so that
/// rules keying the same field of one line (the user name of an authentication failure, keyed
/// by three rules) keep one string between them instead of a copy each.
@Suite("Keys made once per line")
struct ObservationKeyTests {
    static func observation(_ line: UnsafeBufferPointer<UInt8>, memo: ExampleMemo) -> Observation {
        Observation(content: .traffic(TrafficFact(kind: .received)), line: line, time: nil, topics: [], peer: nil,
                    program: 0..<0, file: "mail.log", lineNumber: 1, exampleMemo: memo.cleared())
    }

    /// Whether two strings share their storage (the same bytes in memory, not only equal).
    static func sameStorage(_ one: String, _ two: String) -> Bool {
        var one = one, two = two
        return one.withUTF8 { first in two.withUTF8 { second in first.baseAddress == second.baseAddress } }
    }

    @Test("the same range gives the same string, other ranges their own, the next line nothing of this one")
    func remembered() {
        let memo = ExampleMemo()
        let user = 0..<26, mechanism = 27..<32, domain = 33..<56
        let text = Array("alice.longname@example.com LOGIN mail.example-domain.org".utf8)
        text.withUnsafeBufferPointer { line in
            let observation = ObservationKeyTests.observation(line, memo: memo)
            let first = observation.key(user)
            #expect(first == "alice.longname@example.com")
            #expect(observation.key(mechanism) == "LOGIN")
            // Still one of the last two: the same string, shared.
            let again = observation.key(user)
            #expect(again == first && ObservationKeyTests.sameStorage(first!, again!))
            // A third range pushes the oldest out; a key made again is still right.
            #expect(observation.key(domain) == "mail.example-domain.org")
            #expect(observation.key(mechanism) == "LOGIN")
            #expect(observation.key(user) == "alice.longname@example.com")
            #expect(observation.key(nil) == nil && observation.key(3..<3) == nil)
        }
        // The next line, with the same memo emptied: its own bytes, whatever the ranges.
        let next = Array("bob.other.longname@example.org PLAIN".utf8)
        next.withUnsafeBufferPointer { line in
            let observation = ObservationKeyTests.observation(line, memo: memo)
            #expect(observation.key(user) == "bob.other.longname@example")
            #expect(observation.key(mechanism) == "org P")
        }
    }
}
