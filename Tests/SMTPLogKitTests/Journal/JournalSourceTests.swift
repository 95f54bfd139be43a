import Foundation
import Testing
@testable import SMTPLogKit

/// `JournalSource` in this process: which entries it selects, how it renders each as a line
/// (missing fields, binary messages, newlines), and that a huge message is skipped as an
/// oversized line without being held whole.
@Suite("reading journal entries as lines", .enabled(if: JournalFixture.remoteTool != nil, JournalFixture.missing))
struct JournalSourceTests {
    /// 2026-11-22 06:25:01 UTC.
    static let base: UInt64 = 1_795_328_701_000_000

    /// Every line the source renders, through the reader the report uses.
    static func lines(_ selection: JournalSelection, maxLineLength: Int = LineReader.defaultMaxLineLength) throws
        -> (lines: [[UInt8]?], source: JournalSource) {
        let source = try JournalSource(selection, window: nil, after: nil, maxLineLength: maxLineLength)
        var lines: [[UInt8]?] = []
        try LineReader(bufferSize: 4_096, maxLineLength: maxLineLength).forEachLine(in: source) { line, info in
            lines.append(info.isOversized ? nil : Array(line))
        }
        return (lines, source)
    }

    /// The line without its stamp (`2026-11-22T06:25:01.000000+00:00 `), whose zone is the
    /// machine's here; the command-line tests check stamps in a fixed zone.
    static func unstamped(_ line: [UInt8]?) -> [UInt8]? {
        guard let line, line.count > 33, line[4] == 0x2D, line[10] == 0x54, line[19] == 0x2E, line[32] == 0x20 else { return line }
        return Array(line[33...])
    }

    static func journal(_ entries: [JournalFixture.Entry], in folder: TemporaryFolder) throws -> String {
        let path = folder.path("test.journal")
        try JournalFixture.write(entries, to: path, in: folder)
        return path
    }

    @Test("Postfix's and Exim's identifiers are read and other programs are not; --unit reads a unit's entries")
    func selection() throws {
        let folder = try TemporaryFolder()
        let entries: [JournalFixture.Entry] = [
            .init(realtime: Self.base, identifier: "postfix/smtpd", pid: 11, unit: "postfix@-.service", message: Array("connect from a[192.0.2.1]".utf8)),
            .init(realtime: Self.base + 1, identifier: "dovecot", pid: 12, unit: "dovecot.service", message: Array("imap-login: Login".utf8)),
            .init(realtime: Self.base + 2, identifier: "postfix-out/smtp", pid: 13, unit: "postfix@out.service", message: Array("out".utf8)),
            .init(realtime: Self.base + 3, identifier: "exim4", pid: 14, unit: "exim4.service", message: Array("exim line".utf8)),
            .init(realtime: Self.base + 4, identifier: "postfix/master", pid: 15, unit: "postfix@-.service", message: Array("daemon started".utf8)),
            .init(realtime: Self.base + 5, identifier: "postfix-script", pid: 16, unit: "postfix@-.service", message: Array("starting".utf8)),
        ]
        let path = try Self.journal(entries, in: folder)
        func read(_ units: [String]) throws -> [String] {
            try Self.lines(JournalSelection(location: .files([path]), units: units)).lines
                .map { String(decoding: Self.unstamped($0) ?? [], as: UTF8.self) }
        }
        #expect(try read([]) == ["mx1 postfix/smtpd[11]: connect from a[192.0.2.1]", "mx1 postfix-out/smtp[13]: out",
                                 "mx1 exim4[14]: exim line", "mx1 postfix/master[15]: daemon started", "mx1 postfix-script[16]: starting"])
        #expect(try read(["postfix@-"]) == ["mx1 postfix/smtpd[11]: connect from a[192.0.2.1]", "mx1 postfix/master[15]: daemon started",
                                            "mx1 postfix-script[16]: starting"])
        #expect(try read(["postfix@*"]).count == 4, "a glob takes every postfix instance")
        #expect(try read(["dovecot", "exim4.service"]) == ["mx1 dovecot[12]: imap-login: Login", "mx1 exim4[14]: exim line"])
        let none = try Self.lines(JournalSelection(location: .files([path]), units: ["nosuch"]))
        #expect(none.lines.isEmpty)
        #expect(none.source.notes.contains { $0.contains("no unit in the journal matches nosuch.service") }, "\(none.source.notes)")
    }

    @Test("a journal without Postfix or Exim entries yields no line and a note naming --unit, never every entry")
    func noMailEntries() throws {
        let folder = try TemporaryFolder()
        let path = try Self.journal([.init(realtime: Self.base, identifier: "dovecot", pid: 1, message: Array("x".utf8)),
                                     .init(realtime: Self.base + 1, identifier: "sshd", pid: 2, message: Array("y".utf8))], in: folder)
        let result = Analyzer().analyze(journal: JournalSelection(location: .files([path])), after: nil).result
        #expect(result.summary.lines.read == 0)
        #expect(result.error == nil)
        #expect(result.warnings.contains { $0.message.contains("holds no entries of Postfix or Exim") && $0.message.contains("--unit") },
                "\(result.warnings)")
    }

    @Test("fields as journalctl shows them: no host, no pid, the process name without an identifier, newlines as #012, bytes as they are")
    func rendering() throws {
        let folder = try TemporaryFolder()
        let binary: [UInt8] = Array("warning: a\nb".utf8) + [0x00, 0xFF, 0x1B] + Array("c\r".utf8)
        let path = try Self.journal([
            .init(realtime: Self.base, host: nil, identifier: "postfix/qmgr", message: Array("ABC: removed".utf8)),
            .init(realtime: Self.base + 1, [("_HOSTNAME", Array("mx2".utf8)), ("_COMM", Array("smtpd".utf8)),
                                            ("_PID", Array("77".utf8)), ("SYSLOG_IDENTIFIER", Array("postfix/smtpd".utf8)),
                                            ("MESSAGE", binary)]),
            .init(realtime: Self.base + 2, [("SYSLOG_IDENTIFIER", Array("exim4".utf8)), ("_PID", Array("5".utf8))]),
        ], in: folder)
        let read = try Self.lines(JournalSelection(location: .files([path])))
        #expect(read.lines.map(Self.unstamped) == [
            Array("postfix/qmgr: ABC: removed".utf8),
            Array("mx2 postfix/smtpd[77]: warning: a#012b".utf8) + [0x00, 0xFF, 0x1B] + Array("c".utf8),
            Array("exim4[5]: ".utf8),
        ])
        let stamp = Array(try #require(read.lines.first ?? nil).prefix(32))
        #expect(stamp.count == 32 && stamp[19] == 0x2E && (stamp[26] == 0x2B || stamp[26] == 0x2D) && stamp[29] == 0x3A,
                "RFC 3339 with microseconds and an offset: \(String(decoding: stamp, as: UTF8.self))")
        #expect(read.source.entries == 3)
    }

    @Test("a message past the line limit is an oversized line, read no further than the limit; the entries after it are read")
    func hugeMessage() throws {
        let folder = try TemporaryFolder()
        let huge = [UInt8](repeating: 0x41, count: 8 << 20) + [0x0A] + [UInt8](repeating: 0x42, count: 1_000)
        let path = try Self.journal([
            .init(realtime: Self.base, identifier: "postfix/smtpd", pid: 1, message: Array("before".utf8)),
            .init(realtime: Self.base + 1, identifier: "postfix/smtpd", pid: 1, message: huge),
            .init(realtime: Self.base + 2, identifier: "postfix/smtpd", pid: 1, message: Array("after".utf8)),
        ], in: folder)
        let read = try Self.lines(JournalSelection(location: .files([path])), maxLineLength: 4_096)
        #expect(read.lines.count == 3)
        #expect(read.lines[1] == nil, "the huge message is an oversized line")
        #expect(read.lines[2].map { String(decoding: $0, as: UTF8.self).hasSuffix("postfix/smtpd[1]: after") } == true)
        // The rendered bytes: two short lines and the huge one cut just past the limit.
        #expect(read.source.consumedBytes < 4_096 + 3 * 200, "\(read.source.consumedBytes) bytes handed out")

        var options = AnalysisOptions()
        options.maxLineLength = 4_096
        let result = Analyzer(options: options).analyze(journal: JournalSelection(location: .files([path])), after: nil).result
        #expect(result.summary.lines.oversized == 1)
        #expect(result.summary.lines.read == 3)
    }

    @Test("the journal cursor's form is checked before libsystemd sees it")
    func cursorForm() {
        #expect(JournalPosition.isWellFormed("s=a262068ad9e3470bb91bba2a8fb24732;i=1;b=0123456789abcdef0123456789abcdef;m=3e8;t=6608b015f3000;x=6cfe69580af2d46d"))
        for bad in ["", "s=", "s=xyz", "S=12", "s=12;", ";s=12", "s=12;i=3 --x", "s=12\n", String(repeating: "a=1;", count: 64) + "b=2"] {
            #expect(!JournalPosition.isWellFormed(bad), "\(bad)")
        }
    }

    @Test("a state without a journal position reads as before, and one with it keeps it")
    func stateField() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("state")
        try ReadState(generation: 2).save(path: path)
        #expect(!(try String(contentsOfFile: path, encoding: .utf8)).contains("journal"), "no journal field unless the journal was read")
        #expect(try ReadState.load(path: path)?.journal == nil)
        let position = JournalPosition(cursor: "s=1f;i=2", lines: 7)
        try ReadState(generation: 2, journal: position).save(path: path)
        #expect(try ReadState.load(path: path)?.journal == position)
        #expect(try ReadState.load(path: path)?.schema == "smtplog.state/2")
    }

    @Test("Postfix and Exim program names are told as the line parser tells them")
    func mailPrograms() {
        for name in ["postfix/smtpd", "postfix-out/smtp", "postfix/submission/smtpd", "exim", "exim4", "postfix"] {
            #expect(JournalSource.isMailProgram(Array(name.utf8)), "\(name)")
        }
        for name in ["dovecot", "sshd", "opendkim", "post", "amavis", "systemd"] {
            #expect(!JournalSource.isMailProgram(Array(name.utf8)), "\(name)")
        }
    }
}
