import Foundation
import Testing
import MailLogGenerator
@testable import SMTPLogKit

/// `smtplog report --journal-file`, end to end: a generated Postfix or Exim log is written into
/// a journal file as its entries (time, host, identifier, pid, message), and the report on the
/// journal must equal the report on the same lines read from a file, to the last figure,
/// finding and example line. smtplog runs three hours east of UTC, so a stamp rendered in the
/// wrong zone moves every hour and day.
@Suite("the systemd journal as input", .serialized, .enabled(if: JournalFixture.remoteTool != nil, JournalFixture.missing))
struct JournalReportTests {
    /// A generated log, its entries in a journal file, and the mail lines as smtplog renders
    /// them from the journal, written out by the test in a file of their own.
    struct Made {
        var log: String
        var journal: String
        var rendered: String
        var mailLines: Int
        var otherLines: Int
        var lines: [JournalFixture.LogLine]
        var micros: [Int]
    }

    static func make(_ flavor: Flavor, in folder: TemporaryFolder) throws -> Made {
        let options = try GeneratorArguments.options(["--flavor", flavor.rawValue, "--size", "400K", "--seed", "12",
                                                      "--start", "2026-11-21T00:00:00", "--days", "2"])
        let log = folder.path("\(flavor.rawValue).log")
        _ = try LogGenerator.write(options, to: log, truth: nil)
        let text = try String(contentsOfFile: log, encoding: .utf8)
        var lines: [JournalFixture.LogLine] = []
        for line in text.split(separator: "\n") {
            let parsed = flavor == .exim ? JournalFixture.parse(exim: line, pid: 4242) : JournalFixture.parse(syslog: line, year: 2026)
            lines.append(try #require(parsed, "cannot take apart: \(line)"))
        }
        // Lines within one second get rising microseconds, so realtime keeps their order.
        var micros: [Int] = []
        var previous = Int.min, within = 0
        for line in lines {
            within = line.epoch == previous ? within + 1 : 0
            previous = line.epoch
            micros.append(within * 1_001)
        }
        let journal = folder.path("\(flavor.rawValue).journal")
        try JournalFixture.write(zip(lines, micros).map { $0.entry(micros: $1) }, to: journal, in: folder)
        let mail = zip(lines, micros).filter { $0.0.isMailProgram }
        let rendered = try folder.write("\(flavor.rawValue)-rendered.log", mail.map { $0.rendered(micros: $1) + "\n" }.joined())
        return Made(log: log, journal: journal, rendered: rendered, mailLines: mail.count,
                    otherLines: lines.count - mail.count, lines: lines, micros: micros)
    }

    static func report(_ arguments: [String]) throws -> [String: Any] {
        let result = try JournalFixture.smtplog(["--format", "json"] + arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return try JournalFixture.jsonObject(result.stdout)
    }

    /// The keys that say what the log held, as opposed to how it was read.
    static let figures = ["events", "codes", "classes", "implied_codes", "written_codes", "enhanced_codes", "by_day", "by_hour",
                          "directions", "codes_by_direction", "auth_failures", "relay_refusals", "top_peers", "auth_users",
                          "auth_mechanisms", "relay_domains", "first", "last"]

    static func withoutExamples(_ json: Any) -> Any {
        if var object = json as? [String: Any] {
            object["examples"] = nil
            return object.mapValues(withoutExamples)
        }
        if let array = json as? [Any] { return array.map(withoutExamples) }
        return json
    }

    @Test("a journal's report equals the report on the same lines read from a file", arguments: [Flavor.postfix, .exim])
    func equalsFile(_ flavor: Flavor) throws {
        let folder = try TemporaryFolder()
        let made = try JournalReportTests.make(flavor, in: folder)
        let journal = try JournalReportTests.report(["--journal-file", made.journal])
        let file = try JournalReportTests.report([made.rendered])
        #expect((journal["events"] as? Int ?? 0) > 500, "the generated log should hold many replies")
        #expect(!((journal["findings"] as? [Any]) ?? []).isEmpty, "the generated log plants attacks: findings expected")
        let ours = try #require(JournalFixture.withoutInputNames(journal) as? [String: Any])
        let theirs = try #require(JournalFixture.withoutInputNames(file) as? [String: Any])
        let same = JournalFixture.equal(ours, theirs)
        #expect(same, "\(flavor): differs from the file in \(JournalFixture.differingKeys(ours, theirs))")
        let lineCounts = try #require(journal["line_counts"] as? [String: Any])
        #expect(lineCounts["read"] as? Int == made.mailLines)
        #expect(lineCounts["other_programs"] as? Int == 0, "only Postfix's and Exim's entries are read")

        // The log as written (syslog stamps with --year, or Exim's own, with the other
        // programs' lines): the same replies on the same days and hours, the same findings.
        let original = try JournalReportTests.report(flavor == .exim ? [made.log] : ["--year", "2026", made.log])
        for key in JournalReportTests.figures {
            let same = JournalFixture.equal(journal[key] as Any, original[key] as Any)
            #expect(same, "\(flavor): \(key) differs from the log's")
        }
        let sameFindings = JournalFixture.equal(JournalReportTests.withoutExamples(journal["findings"] as Any),
                                                JournalReportTests.withoutExamples(original["findings"] as Any))
        #expect(sameFindings, "\(flavor): the findings differ from the log's")
        if flavor == .postfix {
            #expect(made.otherLines > 0, "the generated Postfix log has other programs' lines, which the journal leaves out")
        }
    }

    @Test("a window seeks by the journal's timestamps and cuts on local time, as the file's lines are cut")
    func windows() throws {
        let folder = try TemporaryFolder()
        let made = try JournalReportTests.make(.postfix, in: folder)
        let windows: [[String]] = [["--day", "2026-11-22"], ["--since", "2026-11-21 22:30", "--until", "2026-11-22 07:15:30"],
                                   ["--since", "2026-11-22 18:00"], ["--until", "2026-11-21 06:00"]]
        for window in windows {
            let journal = try JournalReportTests.report(window + ["--journal-file", made.journal])
            let file = try JournalReportTests.report(window + [made.rendered])
            // Example lines are numbered by the lines read: the file's count those before the
            // window too, so only what the examples stand for is compared.
            for key in JournalReportTests.figures + ["findings", "replies", "window"] {
                let same = JournalFixture.equal(JournalReportTests.withoutExamples(journal[key] as Any),
                                                JournalReportTests.withoutExamples(file[key] as Any))
                #expect(same, "\(window): \(key) differs")
            }
            // The file reads every line and counts those outside; the journal is entered at
            // the window's start and left at its end.
            let ours = try #require(journal["line_counts"] as? [String: Int])
            let theirs = try #require(file["line_counts"] as? [String: Int])
            #expect(ours["outside_window"] == 0)
            #expect(ours["read"] == theirs["read"]! - theirs["outside_window"]!, "\(window)")
            #expect((ours["read"] ?? 0) > 0 && (theirs["outside_window"] ?? 0) > 0, "\(window) should cut the log")
        }
    }

    @Test("usage errors: --unit without a journal, --journal-file with --journal-directory, an empty unit")
    func usage() throws {
        for arguments in [["--unit", "postfix@-", "samples/postfix.log"],
                          ["--journal-file", "a.journal", "--journal-directory", "/var/log/journal"],
                          ["--journal", "--unit", ""]] {
            let result = try JournalFixture.smtplog(arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
        }
    }

    @Test("a journal file that does not exist is an input error naming it, and the files are still reported")
    func missingJournal() throws {
        let result = try JournalFixture.smtplog(["--format", "json", "--journal-file", "no/such.journal", "samples/exim.log"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("smtplog: journal:no/such.journal: cannot open the journal: no such file or directory"),
                "\(result.stderr)")
        #expect(try JournalFixture.jsonObject(result.stdout)["events"] as? Int == 41)
    }
}
