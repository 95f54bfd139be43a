import Foundation
import Testing
@testable import SMTPLogKit

/// Findings on real logs from the corpus and on the samples. Expected figures are counted
/// here independently, from the raw text, not taken from the tool.
@Suite("Findings")
struct FindingsTests {
    static func report(_ paths: [String], year: Int? = nil) -> Report {
        let analyzer = Analyzer(options: AnalysisOptions(startingYear: year))
        return Report(inputs: paths.map { analyzer.analyze(InputName($0)) })
    }

    static func corpus(_ path: String) -> String { (Shell.shared?.appendingPathComponent("corpus/\(path)").path) ?? path }

    /// The corpus tests read ../shared/corpus; without it beside the checkout they are skipped.
    static let needsCorpus = Testing.ConditionTrait.enabled(if: Shell.shared != nil, "../shared/corpus is not beside the checkout")

    static func lines(_ path: String, containing all: [String]) throws -> Int {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return data.split(separator: 0x0A).filter { line in
            let text = String(decoding: line, as: UTF8.self)
            return all.allSatisfy { text.contains($0) }
        }.count
    }

    @Test("the Exim brute force in Artik292 is a critical password-guessing run", FindingsTests.needsCorpus)
    func eximBruteForce() throws {
        let path = FindingsTests.corpus("Artik292-DDoS-exim/exim_mainlog")
        let expected = try FindingsTests.lines(path, containing: ["authenticator failed", ": 535 "])
        let report = FindingsTests.report([path])
        let run = try #require(report.findings.first { $0.kind == .passwordGuessing })
        #expect(run.severity == .critical)
        #expect(report.findings.first == run, "the most severe finding comes first")
        let inbound = report.findings.filter { $0.kind == .passwordGuessing || $0.kind == .authFailures }
        #expect(inbound.reduce(0) { $0 + $1.count } == expected)
        #expect(expected > 5_000)
        #expect(!run.peers.isEmpty && run.peers.count <= 10)
        #expect(!run.mechanisms.isEmpty)
        #expect(run.first != nil && run.last != nil && run.first! <= run.last!)
        #expect(!run.examples.isEmpty)
        #expect(run.fix.localizedCaseInsensitiveContains("fail2ban"))
    }

    @Test("Postfix SASL failures are auth findings, grouped by client", FindingsTests.needsCorpus, arguments: [
        "louisitvn-pflgviewer/mail.log", "lightmeter-controlcenter/complete/mail.warn.4",
    ])
    func postfixSASL(_ file: String) throws {
        let path = FindingsTests.corpus(file)
        let failures = try FindingsTests.lines(path, containing: ["SASL", "authentication failed"])
        let lost = try FindingsTests.lines(path, containing: ["authentication failed", "Connection lost to authentication server"])
        let report = FindingsTests.report([path])
        let auth = report.findings.filter { $0.kind == .passwordGuessing || $0.kind == .authFailures }
        #expect(!auth.isEmpty)
        #expect(auth.reduce(0) { $0 + $1.count } == failures - lost)
        #expect(auth.allSatisfy { $0.direction == .inbound && $0.code == 535 })
        if lost > 0 {
            #expect(report.findings.contains { $0.kind == .localFailures && $0.code == 454 && $0.count == lost })
        }
    }

    @Test("relay refusals in small Postfix logs name the clients and the domains they tried", FindingsTests.needsCorpus, arguments: [
        "LadyWhyFi-Task-Mail/mail.log", "shlomif-postfix-problem/maillog",
    ])
    func relayRefusals(_ file: String) throws {
        let path = FindingsTests.corpus(file)
        let expected = try FindingsTests.lines(path, containing: ["reject:", "Relay access denied"])
        let report = FindingsTests.report([path])
        let relay = try #require(report.findings.first { $0.kind == .relayRefusals })
        #expect(relay.count == expected)
        #expect(relay.direction == .inbound)
        #expect(!relay.peers.isEmpty)
        #expect(!relay.domains.isEmpty)
    }

    @Test("530 bounces from a relay host are a critical outbound finding", FindingsTests.needsCorpus)
    func relayHostRefusesUs() throws {
        let path = FindingsTests.corpus("forum-excerpts/forum-530.log")
        let expected = try FindingsTests.lines(path, containing: ["said: 530"])
        let report = FindingsTests.report([path])
        let finding = try #require(report.findings.first { $0.kind == .relayHostAuth })
        #expect(finding.severity == .critical)
        #expect(finding.direction == .outbound)
        #expect(finding.count == expected)
        #expect(expected == 5)
    }

    @Test("the samples give every kind of finding they were written to show")
    func samples() throws {
        let root = Shell.packageRoot.appendingPathComponent("samples")
        let report = FindingsTests.report([root.appendingPathComponent("postfix.log").path,
                                           root.appendingPathComponent("exim.log").path], year: 2026)
        let kinds = Set(report.findings.map(\.kind))
        #expect(kinds.isSuperset(of: [.passwordGuessing, .relayHostAuth, .relayRefusals, .userNotLocal, .localFailures]))
        let run = try #require(report.findings.first { $0.kind == .passwordGuessing })
        #expect(run.peers.map(\.name).contains("203.0.113.45"))
        #expect(run.peers.map(\.name).contains("203.0.113.77"))
        let moved = try #require(report.findings.first { $0.kind == .userNotLocal })
        #expect(moved.addresses.contains { $0.name.hasSuffix("@new.example.net") })
        #expect(report.findings.map(\.severity) == report.findings.map(\.severity).sorted(by: >))
    }

    @Test("thresholds come from the configuration")
    func configuredThresholds() throws {
        let path = Shell.packageRoot.appendingPathComponent("samples/postfix.log").path
        var config = FindingsConfig()
        config.auth.window = 60
        var options = AnalysisOptions(startingYear: 2026)
        options.authWindow = config.auth.window   // the window is counted while reading, as the CLI does
        let result = Analyzer(options: options).analyze(InputName(path))
        let strict = Report(inputs: [result], config: config)
        #expect(!strict.findings.contains { $0.kind == .passwordGuessing })
        #expect(strict.findings.contains { $0.kind == .authFailures && $0.severity == .warning })
    }
}

@Suite("Destination findings")
struct DestinationFindingTests {
    @Test("deferrals and invalid recipients on a generated log equal the lines that show them")
    func generated() throws {
        let folder = try TemporaryFolder()
        let (log, _) = try GeneratedTruthTests.generate(GeneratedTruthTests.flavors[0], in: folder)
        let deferred = try FindingsTests.lines(log, containing: ["postfix/smtp[", " said: 4"])
        let unknown = try FindingsTests.lines(log, containing: ["postfix/smtp[", " said: 550-5.1.1"])
        var config = FindingsConfig()
        config.deferrals.threshold = 1
        config.invalidRecipients.threshold = 1
        let result = Analyzer(options: AnalysisOptions(startingYear: 2026)).analyze(InputName(log))
        let report = Report(inputs: [result], config: config)
        let deferrals = try #require(report.findings.first { $0.kind == .deferrals })
        #expect(deferrals.count == deferred && deferred > 0)
        #expect(deferrals.direction == .outbound)
        let invalid = try #require(report.findings.first { $0.kind == .invalidRecipients })
        #expect(invalid.count == unknown && unknown > 0)
        #expect(!invalid.domains.isEmpty)
        #expect(!report.findings.contains { $0.kind == .policyBlocks }, "refusals of our credentials are not policy blocks")
    }

    @Test("5.7.x refusals from one destination are policy blocks, above the threshold only")
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
        let blocks = try #require(report.findings.first { $0.kind == .policyBlocks })
        #expect(blocks.count == 4, "mx.example.org's single refusal is below the default threshold of 3")
        #expect(blocks.peers.map(\.name) == ["mx.example.net"])
        #expect(blocks.fix.localizedCaseInsensitiveContains("DMARC"))
    }
}
