import Foundation
import Testing
@testable import SMTPLogKit

/// `--journal --state`: the journal cursor kept in the state, so that each run reports the
/// entries that came after the last one counted, none twice and none lost: entries appended to
/// the journal, a journal rotated into a second file, a window's end, a run without
/// `--journal` in between, and a cursor that cannot be used.
@Suite("the journal cursor in --state", .serialized, .enabled(if: JournalFixture.remoteTool != nil, JournalFixture.missing))
struct JournalStateTests {
    /// samples/postfix.log as journal entries, in two halves.
    static func entries() throws -> (first: [JournalFixture.Entry], second: [JournalFixture.Entry], all: [JournalFixture.LogLine]) {
        let text = try String(contentsOf: Shell.packageRoot.appendingPathComponent("samples/postfix.log"), encoding: .utf8)
        let lines = try text.split(separator: "\n").map { try #require(JournalFixture.parse(syslog: $0, year: 2026), "\($0)") }
        let entries = lines.enumerated().map { $1.entry(micros: $0) }
        return (Array(entries[..<120]), Array(entries[120...]), lines)
    }

    struct Run {
        var events: Int
        var read: Int
        var codes: [String: Int]
        var lineNumbers: [Int]
        var stderr: String
    }

    static func run(_ arguments: [String], state: String) throws -> Run {
        let result = try JournalFixture.smtplog(["--format", "json", "--state", state] + arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        let json = try JournalFixture.jsonObject(result.stdout)
        let numbers = ((json["replies"] as? [[String: Any]]) ?? []).flatMap { reply in
            ((reply["examples"] as? [[String: Any]]) ?? []).compactMap { $0["line"] as? Int }
        }
        return Run(events: json["events"] as? Int ?? -1, read: (json["line_counts"] as? [String: Int])?["read"] ?? -1,
                   codes: json["codes"] as? [String: Int] ?? [:], lineNumbers: numbers, stderr: result.stderr)
    }

    static func saved(_ state: String) throws -> ReadState {
        try #require(try ReadState.load(path: state))
    }

    static func added(_ a: [String: Int], _ b: [String: Int]) -> [String: Int] { a.merging(b, uniquingKeysWith: +) }

    /// The whole sample as one file: what the runs must add up to.
    static func whole() throws -> Run {
        let folder = try TemporaryFolder()
        return try run(["--year", "2026", "samples/postfix.log"], state: folder.path("whole.state"))
    }

    @Test("entries appended to the journal: the next run reads only them, and a run with nothing new reads nothing")
    func appended() throws {
        let folder = try TemporaryFolder()
        let (first, second, _) = try JournalStateTests.entries()
        let journal = folder.path("system.journal")
        let state = folder.path("smtplog.state")
        try JournalFixture.write(first, to: journal, in: folder)

        let one = try JournalStateTests.run(["--journal-file", journal], state: state)
        let afterOne = try JournalStateTests.saved(state)
        let position = try #require(afterOne.journal, "the state keeps the journal's position")
        #expect(position.lines == one.read)
        #expect(JournalPosition.isWellFormed(position.cursor))

        let idle = try JournalStateTests.run(["--journal-file", journal], state: state)
        #expect(idle.read == 0 && idle.events == 0)
        #expect(try JournalStateTests.saved(state).journal == position, "nothing new: the cursor stays")

        // A run over files only keeps the journal's place.
        _ = try JournalStateTests.run(["samples/exim.log"], state: state)
        #expect(try JournalStateTests.saved(state).journal == position)

        try JournalFixture.write(second, to: journal, in: folder)
        let two = try JournalStateTests.run(["--journal-file", journal], state: state)
        let whole = try JournalStateTests.whole()
        #expect(one.events + two.events == whole.events)
        #expect(JournalStateTests.added(one.codes, two.codes) == whole.codes)
        #expect(one.events > 0 && two.events > 0)
        #expect(two.lineNumbers.allSatisfy { $0 > one.read }, "line numbers go on from the first run's \(one.read)")
        #expect(try JournalStateTests.saved(state).journal?.lines == one.read + two.read)
        #expect(try JournalStateTests.run(["--journal-file", journal], state: state).read == 0)
    }

    @Test("a journal rotated into a second file: the run over both reads only the new file's entries")
    func rotated() throws {
        let folder = try TemporaryFolder()
        let (first, second, _) = try JournalStateTests.entries()
        let archived = folder.path("system@0001.journal")
        let current = folder.path("system.journal")
        let state = folder.path("smtplog.state")
        try JournalFixture.write(first, to: archived, in: folder)
        let one = try JournalStateTests.run(["--journal-file", archived], state: state)
        try JournalFixture.write(second, to: current, in: folder)
        let two = try JournalStateTests.run(["--journal-file", archived, "--journal-file", current], state: state)
        let whole = try JournalStateTests.whole()
        #expect(JournalStateTests.added(one.codes, two.codes) == whole.codes)
        #expect(one.events + two.events == whole.events)
        #expect(two.stderr.isEmpty, "\(two.stderr)")

        // The same two files as a directory.
        let directoryState = folder.path("directory.state")
        let all = try JournalStateTests.run(["--journal-directory", folder.url.path], state: directoryState)
        #expect(all.events == whole.events)
    }

    @Test("a run that stops at the window's end leaves the cursor before it: the next run starts there")
    func windowEnd() throws {
        let folder = try TemporaryFolder()
        let (first, second, _) = try JournalStateTests.entries()
        let journal = folder.path("system.journal")
        let state = folder.path("smtplog.state")
        try JournalFixture.write(first + second, to: journal, in: folder)
        let before = try JournalStateTests.run(["--until", "2026-11-22 02:00", "--journal-file", journal], state: state)
        let rest = try JournalStateTests.run(["--journal-file", journal], state: state)
        let whole = try JournalStateTests.whole()
        #expect(before.events > 0 && rest.events > 0)
        #expect(JournalStateTests.added(before.codes, rest.codes) == whole.codes)
        #expect(before.events + rest.events == whole.events)
    }

    @Test("a damaged journal cursor in the state gives a warning and a full read")
    func damagedCursor() throws {
        let folder = try TemporaryFolder()
        let (first, second, _) = try JournalStateTests.entries()
        let journal = folder.path("system.journal")
        try JournalFixture.write(first + second, to: journal, in: folder)
        let whole = try JournalStateTests.whole()
        for cursor in ["s=xyz", "", "s=12;i=3 --foo", String(repeating: "a=1;", count: 80) + "b=2"] {
            let state = folder.path("damaged-\(UUID().uuidString).state")
            try ReadState(generation: 3, journal: JournalPosition(cursor: cursor, lines: 5)).save(path: state)
            let run = try JournalStateTests.run(["--journal-file", journal], state: state)
            #expect(run.stderr.contains("state file is damaged (journal cursor is not a systemd cursor)"), "\(cursor): \(run.stderr)")
            #expect(run.events == whole.events)
        }
        let state = folder.path("lines.state")
        try ReadState(generation: 3, journal: JournalPosition(cursor: "s=1;i=2", lines: -1)).save(path: state)
        #expect(try JournalStateTests.run(["--journal-file", journal], state: state).stderr.contains("journal lines -1 out of range"))
    }

    @Test("a cursor that is not in the journal (another journal, or vacuumed): a warning, and reading on from its place")
    func unknownCursor() throws {
        let folder = try TemporaryFolder()
        let (first, second, _) = try JournalStateTests.entries()
        let journal = folder.path("system.journal")
        try JournalFixture.write(first + second, to: journal, in: folder)
        // Another journal's cursor (its own sequence-number id and boot), at the time of the
        // second half's first entry: sd-journal finds its place by that time.
        let middle = second[0].realtime
        let cursor = "s=0123456789abcdef0123456789abcdef;i=5;b=00112233445566778899aabbccddeeff;m=1;t=\(String(middle, radix: 16));x=1"
        let state = folder.path("other.state")
        try ReadState(generation: 1, journal: JournalPosition(cursor: cursor, lines: 10)).save(path: state)
        let run = try JournalStateTests.run(["--journal-file", journal], state: state)
        #expect(run.stderr.contains("the entry where the last run stopped is not in the journal any more"), "\(run.stderr)")
        let secondHalf = second.filter { entry in
            entry.fields.contains { $0.0 == "SYSLOG_IDENTIFIER" && String(decoding: $0.1, as: UTF8.self).hasPrefix("postfix") }
        }
        #expect(run.read == secondHalf.count, "read on from the entry at the cursor's time")
    }
}
