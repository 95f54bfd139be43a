import Testing
@testable import SMTPLogKit

/// `Observation.key` remembers the last two keys it made for its line (`ExampleMemo`), so that
/// rules keying the same field of one line (the user name of an authentication failure, keyed
/// by three rules) keep one string between them instead of a copy each.
@Suite("Keys made once per line")
struct ObservationKeyTests {
    static func observation(_ line: UnsafeBufferPointer<UInt8>, memo: ExampleMemo) -> Observation {
        Observation(content: .traffic(TrafficFact(kind: .received)), line: line, time: nil, topics: [], peer: nil,
                    program: 0..<0, file: "mail.log", lineNumber: 1, exampleMemo: memo)
    }

    /// Whether two strings share their storage (the same bytes in memory, not only equal).
    static func sameStorage(_ one: String, _ two: String) -> Bool {
        var one = one, two = two
        return one.withUTF8 { first in two.withUTF8 { second in first.baseAddress == second.baseAddress } }
    }

    @Test("the same range gives the same string, other ranges their own, the next line nothing of this one")
    func remembered() {
        let memo = ExampleMemo(file: "mail.log")
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

/// The example memo holds the file, the line and its number (`ExampleMemo`): an observation
/// reads them there, makes its example once, and the next observation makes its own.
@Suite("An observation's example and seconds")
struct ObservationExampleTests {
    @Test("one example per line, with the memo's file and the line's number; seconds from the time")
    func examplePerLine() {
        let memo = ExampleMemo(file: "maillog.1")
        let time = LogTime(year: 2026, month: 5, day: 2, hour: 10, minute: 11, second: 12)
        let first = Array("May  2 10:11:12 mx postfix/smtpd[1]: warning: one".utf8)
        first.withUnsafeBufferPointer { line in
            let observation = Observation(content: .traffic(TrafficFact(kind: .received)), line: line, time: time,
                                          topics: [], peer: nil, program: 0..<0, file: "maillog.1", lineNumber: 41,
                                          exampleMemo: memo)
            let example = observation.example()
            #expect(example.file == "maillog.1" && example.line == 41 && example.text.hasSuffix("warning: one"))
            #expect(observation.example() == example)
            #expect(observation.file == "maillog.1" && observation.lineNumber == 41)
            #expect(observation.epochSeconds == time.epochSeconds)
        }
        let second = Array("May  2 10:11:13 mx postfix/smtpd[1]: warning: two".utf8)
        second.withUnsafeBufferPointer { line in
            let observation = Observation(content: .traffic(TrafficFact(kind: .received)), line: line, time: nil,
                                          topics: [], peer: nil, program: 0..<0, file: "maillog.1", lineNumber: 42,
                                          epochSeconds: .some(nil), exampleMemo: memo)
            #expect(observation.example().line == 42 && observation.example().text.hasSuffix("warning: two"))
            #expect(observation.epochSeconds == nil)
        }
        // Without a memo, the observation makes its own with its file.
        second.withUnsafeBufferPointer { line in
            let observation = Observation(content: .traffic(TrafficFact(kind: .received)), line: line, time: time,
                                          topics: [], peer: nil, program: 0..<0, file: "other.log", lineNumber: 7)
            #expect(observation.example().file == "other.log" && observation.example().line == 7)
        }
    }
}
