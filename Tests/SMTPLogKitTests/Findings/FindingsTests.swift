import Foundation
import Testing
@testable import SMTPLogKit
import SMTPLogFuzzing

/// Real lines from the corpus, cut into Fixtures/findings (see its README), read as logs.
enum FindingFixtures {
    static func text(_ name: String) throws -> String {
        let url = Shell.packageRoot.appendingPathComponent("Tests/SMTPLogKitTests/Fixtures/findings/\(name)")
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The fixture as a log file: comment lines dropped.
    static func log(_ name: String, in folder: TemporaryFolder) throws -> String {
        let lines = try text(name).split(separator: "\n").filter { !$0.hasPrefix("# ") }
        return try folder.write(name, lines.joined(separator: "\n") + "\n")
    }

    /// Lines of the fixture (comments dropped) that contain every one of `all`: counted here
    /// from the raw text, not by smtplog.
    static func lines(_ name: String, containing all: [String]) throws -> [String] {
        try text(name).split(separator: "\n").map(String.init)
            .filter { !$0.hasPrefix("# ") && all.allSatisfy($0.contains) }
    }

    static func report(_ names: [String], rules: RuleSet = RuleSet(), window: TimeWindow? = nil, year: Int = 2026) throws -> Report {
        let folder = try TemporaryFolder()
        var options = AnalysisOptions(startingYear: year)
        options.rules = rules
        options.window = window
        let analyzer = Analyzer(options: options)
        let inputs = try names.map { analyzer.analyze(InputName(try log($0, in: folder))) }
        return Report(inputs: inputs, rules: rules, window: window)
    }
}

/// Each rule on real lines: the finding it must give, with its statement, severity, subjects,
/// examples and fix true to the lines, and the findings it must not give.
@Suite("Findings")
struct FindingsTests {
    static func report(_ paths: [String], year: Int? = nil) -> Report {
        let analyzer = Analyzer(options: AnalysisOptions(startingYear: year))
        return Report(inputs: paths.map { analyzer.analyze(InputName($0)) })
    }

    @Test("454 4.7.1 Relay access denied is a relay refusal, never our authentication service down")
    func relay454() throws {
        let report = try FindingFixtures.report(["relay-454-louisitvn.log"])
        let lines = try FindingFixtures.lines("relay-454-louisitvn.log", containing: ["454 4.7.1", "Relay access denied"])
        #expect(lines.count == 10)
        // The excerpt holds Postfix's own warnings about a stale table too; none is about logins.
        #expect(!report.findings.contains { $0.kind == .localFailures && $0.topic == "auth_service_down" },
                "\(report.findings.map(\.statement))")
        #expect(!report.findings.contains { $0.code == 454 && $0.kind != .relayRefusals })
        let relay = try #require(report.findings.first { $0.kind == .relayRefusals })
        #expect(relay.count == 10)
        #expect(relay.topic == "relay_denied")
        #expect(relay.fix.contains("reject_unauth_destination"))
        #expect(!relay.statement.contains("authentication"))
    }

    @Test("35 hosts of one network rank above 2 hosts with a run; each finding shows its own hosts' lines")
    func distributedGuessing() throws {
        let report = try FindingFixtures.report(["guessing-artik292.log"])
        let network = try #require(report.findings.first { $0.kind == .distributedPasswordGuessing })
        let run = try #require(report.findings.first { $0.kind == .passwordGuessing })
        #expect(network.severity == .critical && run.severity == .critical)
        let networkLines = try FindingFixtures.lines("guessing-artik292.log", containing: ["[46.148.40."])
        #expect(network.count == networkLines.count)
        #expect(network.peers.entries.map(\.name) == ["46.148.40.0/24"])
        #expect(network.subjects[.clients]?.distinct == Set(networkLines.map { line in
            line.components(separatedBy: "[")[1].components(separatedBy: "]")[0]
        }).count)
        #expect(report.findings.firstIndex { $0.kind == .distributedPasswordGuessing }!
                < report.findings.firstIndex { $0.kind == .passwordGuessing }!, "the larger attack first")
        #expect(Set(run.peers.entries.map(\.name)) == ["141.98.10.159", "141.98.10.151"])
        for example in run.examples {
            #expect(example.text.contains("141.98.10.159") || example.text.contains("141.98.10.151"), "\(example.text)")
        }
        for example in network.examples { #expect(example.text.contains("[46.148.40."), "\(example.text)") }
        // Users most tried first, with counts that the raw lines confirm.
        let users = try #require(run.subjects[.users])
        #expect(users.entries.map(\.count) == users.entries.map(\.count).sorted(by: >))
        let top = try #require(users.entries.first)
        let runLines = try FindingFixtures.lines("guessing-artik292.log", containing: ["set_id=\(top.name))"])
            .filter { $0.contains("141.98.10.15") }
        #expect(top.count == runLines.count)
        // The reason is at the end of an example line, and it is kept.
        #expect(run.examples.allSatisfy { $0.text.hasSuffix(")") && $0.text.contains("Incorrect authentication data") })
    }

    @Test("a full queue disk is a critical finding of our own, with the 452 replies clients got")
    func diskFull() throws {
        let report = try FindingFixtures.report(["own-failures-kdent.log"])
        let disk = try #require(report.findings.first { $0.kind == .localFailures && $0.topic == "disk_full" })
        let warnings = try FindingFixtures.lines("own-failures-kdent.log", containing: ["not enough free space"])
        let replies = try FindingFixtures.lines("own-failures-kdent.log", containing: ["452 4.3.1"])
        #expect(warnings.count == 17 && replies.count == 17)
        #expect(disk.count == warnings.count + replies.count)
        #expect(disk.severity == .critical)
        #expect(disk.code == 452)
        #expect(disk.fix.contains("df -h"))
        #expect(disk.examples.first?.text.contains("not enough free space") == true, "the system's own line says why")
        let limit = try #require(report.findings.first { $0.kind == .localFailures && $0.topic == "process_limit" })
        #expect(limit.count == 3)
        #expect(limit.fix.contains("default_process_limit"))
    }

    @Test("bounces with no reply code are found, by reason and destination, in a log with no reply at all")
    func unrouteable() throws {
        let report = try FindingFixtures.report(["unrouteable-raspim.log"])
        #expect(report.summary.events == 0)
        let failures = try #require(report.findings.first { $0.kind == .deliveryFailures })
        let lines = try FindingFixtures.lines("unrouteable-raspim.log", containing: [" ** ", "Unrouteable address"])
        #expect(failures.count == lines.count && !lines.isEmpty)
        #expect(failures.topic == "dns")
        #expect(failures.statement.contains("failed for good"))
        #expect(failures.severity == .warning)
    }

    @Test("a 451 Temporary local problem is the destination's own trouble, not greylisting or reputation")
    func localProblemDeferrals() throws {
        var rules = RuleSet()
        rules.configure(DeferralsRule.self) { $0.threshold = 1 }
        let report = try FindingFixtures.report(["deferrals.log"], rules: rules)
        let deferrals = report.findings.filter { $0.kind == .deferrals }
        let local = try #require(deferrals.first { $0.topic == "server_problem" })
        #expect(local.count == (try FindingFixtures.lines("deferrals.log", containing: ["451 Temporary local problem"])).count)
        #expect(!local.statement.contains("greylisting") && !local.fix.contains("greylist"))
        #expect(!local.statement.contains("reputation"))
        // The cached verdicts repeat a 421 and count as messages held back on that destination.
        let held = try FindingFixtures.lines("deferrals.log", containing: ["temporarily suspended"]).count
        #expect(deferrals.reduce(0) { $0 + $1.heldBack } == held && held > 0)
    }

    @Test("550 5.7.1 with a text saying the mailbox does not exist is an unknown recipient, not a policy block")
    func unknownBehind571() throws {
        let report = try FindingFixtures.report(["unknown-5.7.1-louisitvn.log"])
        #expect(!report.findings.contains { $0.kind == .policyBlocks })
        let invalid = try #require(report.findings.first { $0.kind == .invalidRecipients })
        #expect(invalid.count == 12)
        #expect(!invalid.fix.contains("SPF") && !invalid.fix.contains("DKIM"))
        #expect(invalid.subjects[.addresses]?.entries.isEmpty == false)
    }

    @Test("a relay host refusing our credentials is found from cached verdicts alone, with the mail held back")
    func cachedSASLVerdicts() throws {
        let report = try FindingFixtures.report(["sasl-cached-verdict.log"])
        #expect(report.summary.events == 0, "cached verdicts are not replies")
        let finding = try #require(report.findings.first { $0.kind == .relayHostAuth })
        #expect(finding.severity == .critical)
        #expect(finding.heldBack == 3)
        #expect(finding.peers.entries.map(\.name) == ["smtp.relay.example"])
        #expect(finding.statement.contains("3 messages held back"))
        #expect(finding.fix.contains("smtp_sasl_password_maps"))
    }

    @Test("a log whose newest line is older than the window is a log that stopped, naming that line's time")
    func stoppedLog() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("mail.log", """
            Apr  3 06:25:01 mx1 postfix/smtpd[100]: connect from unknown[203.0.113.9]
            Apr  3 06:25:02 mx1 postfix/smtpd[100]: disconnect from unknown[203.0.113.9] ehlo=1 quit=1 commands=2

            """)
        let window = TimeWindow.day(20261129)
        var options = AnalysisOptions(startingYear: 2026)
        options.window = window
        let report = Report(inputs: [Analyzer(options: options).analyze(InputName(path))], window: window)
        let stopped = try #require(report.findings.first { $0.kind == .logStopped })
        #expect(stopped.severity == .warning)
        #expect(stopped.statement.contains("2026-04-03 06:25:02"))
        // The same log over a window that holds its lines is no finding.
        var inside = options
        inside.window = TimeWindow.day(20260403)
        let quiet = Report(inputs: [Analyzer(options: inside).analyze(InputName(path))], window: inside.window)
        #expect(!quiet.findings.contains { $0.kind == .logStopped })
        // Without a window there is no "now" to be late for.
        #expect(!FindingsTests.report([path], year: 2026).findings.contains { $0.kind == .logStopped })
    }

    @Test("our relay host answering Relay access denied is an outbound relay refusal: mail through it is not leaving")
    func relayRefusedToUs() throws {
        let folder = try TemporaryFolder()
        // Postfix's smtp client line for a reply it received (smtp_trouble.c's format).
        let path = try folder.write("mail.log", """
            Nov 22 06:25:01 mx1 postfix/smtp[4100]: 3F2A1B4C5D: to=<ana@customer.example>, relay=smarthost.isp.example[192.0.2.25]:25, delay=0.4, delays=0.1/0/0.2/0.1, dsn=5.7.1, status=bounced (host smarthost.isp.example[192.0.2.25] said: 554 5.7.1 <ana@customer.example>: Relay access denied (in reply to RCPT TO command))
            Nov 22 06:26:01 mx1 postfix/smtp[4101]: 4A3B2C1D0E: to=<bo@other.example>, relay=smarthost.isp.example[192.0.2.25]:25, delay=0.4, delays=0.1/0/0.2/0.1, dsn=5.7.1, status=bounced (host smarthost.isp.example[192.0.2.25] said: 554 5.7.1 <bo@other.example>: Relay access denied (in reply to RCPT TO command))

            """)
        let report = FindingsTests.report([path], year: 2026)
        #expect(report.summary.relayRefusals.outbound == 2)
        #expect(report.summary.relayRefusals.servers.counts == ["smarthost.isp.example": 2])
        let finding = try #require(report.findings.first { $0.kind == .relayRefusedToUs })
        #expect(finding.severity == .critical && finding.direction == .outbound && finding.count == 2)
        #expect(finding.fix.contains("smtp_sasl_auth_enable"))
        #expect(!report.findings.contains { $0.kind == .policyBlocks }, "a relay refusal is not a policy block")
    }

    @Test("the samples give every kind of finding they were written to show")
    func samples() throws {
        let root = Shell.packageRoot.appendingPathComponent("samples")
        let report = FindingsTests.report([root.appendingPathComponent("postfix.log").path,
                                           root.appendingPathComponent("exim.log").path], year: 2026)
        let kinds = Set(report.findings.map(\.kind))
        #expect(kinds.isSuperset(of: [.passwordGuessing, .relayHostAuth, .relayRefusals, .userNotLocal]))
        let run = try #require(report.findings.first { $0.kind == .passwordGuessing })
        #expect(run.peers.entries.map(\.name).contains("203.0.113.45"))
        #expect(run.peers.entries.map(\.name).contains("203.0.113.77"))
        let moved = try #require(report.findings.first { $0.kind == .userNotLocal })
        #expect(moved.subjects[.addresses]?.entries.contains { $0.name.hasSuffix("@new.example.net") } == true)
        #expect(report.findings.map(\.severity) == report.findings.map(\.severity).sorted(by: >))
    }

    @Test("thresholds and windows come from the configuration")
    func configuredThresholds() throws {
        let path = Shell.packageRoot.appendingPathComponent("samples/postfix.log").path
        var rules = RuleSet()
        rules.configure(ClientAuthFailuresRule.self) { $0.window = 60 }
        var options = AnalysisOptions(startingYear: 2026)
        options.rules = rules   // the window is counted while reading, as the CLI does
        let result = Analyzer(options: options).analyze(InputName(path))
        let strict = Report(inputs: [result], rules: rules)
        #expect(!strict.findings.contains { $0.kind == .passwordGuessing })
        #expect(strict.findings.contains { $0.kind == .authFailures && $0.severity == .warning })
    }

    @Test("every example of every finding names one of the finding's subjects",
          arguments: ["relay-454-louisitvn.log", "guessing-artik292.log", "own-failures-kdent.log", "unrouteable-raspim.log",
                      "deferrals.log", "unknown-5.7.1-louisitvn.log", "sasl-cached-verdict.log"])
    func examplesNameSubjects(_ fixture: String) throws {
        var rules = RuleSet()
        rules.configure(DeferralsRule.self) { $0.threshold = 1 }
        let report = try FindingFixtures.report([fixture], rules: rules)
        #expect(!report.findings.isEmpty)
        for finding in report.findings {
            #expect(FindingChecks.examplesNamingNoSubject(finding).isEmpty, "\(finding.kind.rawValue): \(finding.examples)")
            for (_, list) in finding.subjects {
                #expect(list.entries.map(\.count) == list.entries.map(\.count).sorted(by: >), "most frequent first")
            }
        }
    }
}

/// The property the findings promise, on every report there is: the samples behind the goldens,
/// and every file of the corpus when ../shared is beside the checkout.
@Suite("Findings true to their lines")
struct FindingsTruthTests {
    static func check(_ report: Report, _ name: String) {
        for finding in report.findings {
            #expect(FindingChecks.examplesNamingNoSubject(finding).isEmpty, "\(name): \(finding.kind.rawValue): \(finding.examples)")
            for (role, list) in finding.subjects {
                #expect(list.entries.map(\.count) == list.entries.map(\.count).sorted(by: >), "\(name): \(role) not most frequent first")
                #expect(list.hidden >= 0 && list.distinct >= list.entries.count, "\(name): \(role)")
            }
            #expect(!finding.fix.isEmpty && !finding.explanation.isEmpty, "\(name): \(finding.kind.rawValue) without its fix")
        }
    }

    @Test("the samples' findings show their own subjects' lines")
    func samples() {
        for sample in ["postfix.log", "exim.log"] {
            let path = Shell.packageRoot.appendingPathComponent("samples/\(sample)").path
            FindingsTruthTests.check(FindingsTests.report([path], year: 2026), sample)
        }
    }

    @Test("every corpus file's findings show their own subjects' lines (when ../shared is there)")
    func corpus() throws {
        guard let files = Shell.corpusLogs else {
            print("skipped: no ../shared/corpus beside the checkout")
            return
        }
        var reports = 0
        for file in files {
            FindingsTruthTests.check(FindingsTests.report([file.path]), file.name)
            reports += 1
        }
        #expect(reports > 30)
    }
}

@Suite("Destination findings")
struct DestinationFindingTests {
    @Test("deferrals and invalid recipients on a generated log equal the lines that show them")
    func generated() throws {
        let folder = try TemporaryFolder()
        let (log, _) = try GeneratedTruthTests.generate(GeneratedTruthTests.flavors[0], in: folder)
        let text = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        let deferred = text.filter { $0.contains("postfix/smtp[") && $0.contains(" said: 4") }.count
        let unknown = text.filter { $0.contains("postfix/smtp[") && $0.contains(" said: 550") && $0.contains("5.1.1") }.count
        var rules = RuleSet()
        rules.configure(DeferralsRule.self) { $0.threshold = 1 }
        rules.configure(InvalidRecipientsRule.self) { $0.threshold = 1 }
        var options = AnalysisOptions(startingYear: 2026)
        options.rules = rules
        let report = Report(inputs: [Analyzer(options: options).analyze(InputName(log))], rules: rules)
        let deferrals = report.findings.filter { $0.kind == .deferrals }
        #expect(deferrals.reduce(0) { $0 + $1.count } == deferred && deferred > 0)
        #expect(deferrals.allSatisfy { $0.direction == .outbound })
        let invalid = try #require(report.findings.first { $0.kind == .invalidRecipients })
        #expect(invalid.count == unknown && unknown > 0)
        #expect(!report.findings.contains { $0.kind == .policyBlocks && $0.code == 535 }, "refusals of our credentials are not policy blocks")
    }

    @Test("refusals on policy are grouped by what they say, above the threshold only, with the fix for that")
    func policyBlocks() throws {
        let folder = try TemporaryFolder()
        var text = ""
        for index in 0..<4 {
            text += "Nov 22 06:2\(index):01 mx1 postfix/smtp[4\(index)]: 3F2A1B4C5\(index): to=<u\(index)@example.net>, "
                + "relay=mx.example.net[198.51.100.7]:25, delay=1, delays=0.1/0/0.5/0.4, dsn=5.7.26, status=bounced "
                + "(host mx.example.net[198.51.100.7] said: 550-5.7.26 Unauthenticated email is not accepted 550 5.7.26 "
                + "due to DMARC policy (in reply to end of DATA command))\n"
        }
        text += "Nov 22 06:30:01 mx1 postfix/smtp[50]: 3F2A1B4C60: to=<v@example.org>, relay=mx.example.org[203.0.113.5]:25, "
            + "delay=1, delays=0.1/0/0.5/0.4, dsn=5.7.1, status=bounced (host mx.example.org[203.0.113.5] said: 554 5.7.1 "
            + "Service unavailable; client blocked using a blocklist (in reply to RCPT TO command))\n"
        let path = try folder.write("mail.log", text)
        let report = Report(inputs: [Analyzer(options: AnalysisOptions(startingYear: 2026)).analyze(InputName(path))])
        let blocks = report.findings.filter { $0.kind == .policyBlocks }
        #expect(blocks.count == 1, "mx.example.org's single refusal is below the default threshold of 3")
        let dmarc = try #require(blocks.first)
        #expect(dmarc.count == 4)
        #expect(dmarc.topic == "dmarc")
        #expect(dmarc.peers.entries.map(\.name) == ["mx.example.net"])
        #expect(dmarc.fix.contains("DKIM") && !dmarc.fix.contains("delisting"))
    }
}
