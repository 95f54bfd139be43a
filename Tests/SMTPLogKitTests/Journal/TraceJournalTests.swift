import Foundation
import Testing
@testable import SMTPLogKit

/// `smtplog trace --journal-file`: the sample Postfix log written into a journal file as its
/// entries gives the same traces as the file, but for where each line was read.
@Suite("smtplog trace on the systemd journal", .serialized, .enabled(if: JournalFixture.remoteTool != nil, JournalFixture.missing))
struct TraceJournalTests {
    static func trace(_ arguments: [String]) throws -> [String: Any] {
        var environment = ProcessInfo.processInfo.environment
        environment["TZ"] = JournalFixture.zone
        let result = try Shell.run(Shell.smtplog, ["trace", "--format", "json"] + arguments,
                                   environment: environment, directory: Shell.packageRoot)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return try JournalFixture.jsonObject(result.stdout)
    }

    /// The messages without `input` and `line`, which name the file or the journal.
    static func messages(_ document: [String: Any]) -> [Any] {
        func strip(_ value: Any) -> Any {
            if let object = value as? [String: Any] {
                return object.filter { $0.key != "input" && $0.key != "line" }.mapValues(strip)
            }
            if let list = value as? [Any] { return list.map(strip) }
            return value
        }
        return (document["messages"] as? [Any] ?? []).map(strip)
    }

    @Test("the journal's trace of a bounced and of a deferred message equals the file's")
    func equalsFile() throws {
        let folder = try TemporaryFolder()
        let text = try String(contentsOfFile: Shell.packageRoot.appendingPathComponent("samples/postfix.log").path, encoding: .utf8)
        let lines = text.split(separator: "\n").compactMap { JournalFixture.parse(syslog: $0, year: 2026) }
        #expect(lines.count == text.split(separator: "\n").count)
        let journal = folder.path("postfix.journal")
        try JournalFixture.write(lines.map { $0.entry(micros: 0) }, to: journal, in: folder)
        for id in ["A1D3F5B7C9", "3C5E7A9B1D"] {
            let fromJournal = try Self.trace(["--id", id, "--journal-file", journal])
            let fromFile = try Self.trace(["--id", id, "--year", "2026", "samples/postfix.log"])
            let journalMessages = Self.messages(fromJournal)
            #expect(!journalMessages.isEmpty)
            #expect(JournalFixture.equal(journalMessages, Self.messages(fromFile)), "\(id)")
            #expect((fromJournal["inputs"] as? [String])?.first?.hasPrefix("journal") == true)
        }
    }
}
