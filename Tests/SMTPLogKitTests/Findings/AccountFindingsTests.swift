import Foundation
import Testing
@testable import SMTPLogKit
import SMTPLogFuzzing

/// The compromised-account rules (password_guessed, account_networks, account_volume) on a
/// planted account in Postfix's and Exim's formats, on clean generated logs, on real login lines;
/// split into chunks and parts; and the account baseline carried in the state.
@Suite("Compromised accounts", .serialized)
struct AccountFindingsTests {
    static let kinds: Set<Finding.Kind> = [.passwordGuessed, .accountNetworks, .accountVolume]

    static func accountFindings(_ report: Report) -> [Finding] {
        report.findings.filter { kinds.contains($0.kind) }
    }

    /// The fixture's lines (comments dropped) with every one of `all`, counted from the raw text.
    static func count(_ name: String, _ all: [String]) throws -> Int {
        try FindingFixtures.lines(name, containing: all).count
    }

    /// The `/24`s of the clients `user` logged in from, in the fixture's raw text.
    static func networks(_ name: String, of user: String, loginMarker: String) throws -> Set<String> {
        let address = /\[(\d+)\.(\d+)\.(\d+)\.\d+\]/
        return Set(try FindingFixtures.lines(name, containing: [loginMarker + user]).compactMap { line -> String? in
            guard let match = line.firstMatch(of: address) else { return nil }
            return "\(match.1).\(match.2).\(match.3).0/24"
        })
    }

    @Test("Postfix: a login after 8 failures for alice from its client, 120 messages from 6 networks in the hour: three findings about alice, none about bob")
    func plantedPostfix() throws {
        let name = "accounts-postfix.log"
        let report = try FindingFixtures.report([name])
        let found = AccountFindingsTests.accountFindings(report)
        #expect(Set(found.map(\.kind)) == AccountFindingsTests.kinds, "\(found.map(\.statement))")
        #expect(found.allSatisfy { $0.subjects[.users]?.entries.map(\.name) == ["alice@example.org"] })
        #expect(found.allSatisfy { FindingChecks.examplesNamingNoSubject($0).isEmpty })

        let failures = try AccountFindingsTests.count(name, ["authentication failed", "sasl_username=alice@example.org"])
        #expect(failures == 8)
        let guessed = try #require(found.first { $0.kind == .passwordGuessed })
        #expect(guessed.severity == .critical)
        #expect(guessed.statement.contains("alice@example.org logged in from 203.0.113.45 after a run of 8 failed logins"))
        #expect(guessed.statement.contains("for the user and from the client and from its network"))
        #expect(guessed.first == LogTime(year: 2026, month: 11, day: 29, hour: 10, minute: 1, second: 19))
        // The examples are alice's own lines: the last failure of the run, then the login.
        #expect(guessed.examples.count == 2)
        #expect(guessed.examples[0].text.contains("unknown[203.0.113.45]: SASL LOGIN authentication failed"))
        #expect(guessed.examples[1].text.contains("client=unknown[203.0.113.45], sasl_method=PLAIN, sasl_username=alice@example.org"))
        #expect(guessed.examples[0].line < guessed.examples[1].line)
        #expect(guessed.fix.contains("postsuper -h") && guessed.fix.contains("exiqgrep -i -f") && guessed.fix.contains("blocklists"))

        let spamLines = try AccountFindingsTests.count(name, ["Nov 29 10:", "client=", "sasl_username=alice@example.org"])
        let volume = try #require(found.first { $0.kind == .accountVolume })
        #expect(volume.count == spamLines)
        #expect(volume.severity == .critical, "over 100 messages and over ten times her median")
        #expect(volume.statement.contains("sent \(spamLines) messages to \(spamLines * 8) recipients"))
        #expect(volume.subjects[.hours]?.entries.map(\.name) == ["2026-11-29T10:00:00"])

        let networks = try #require(found.first { $0.kind == .accountNetworks })
        let expected = try AccountFindingsTests.networks(name, of: "alice@example.org", loginMarker: "sasl_username=")
        #expect(expected.count == 7)
        #expect(Set(networks.subjects[.networks]?.entries.map(\.name) ?? []) == expected)
        #expect(networks.severity == .warning, "6 networks in the hour: over 4, below the critical 8")
        #expect(networks.statement.contains("logged in from 6 networks within an hour"))
        #expect(networks.examples.allSatisfy { $0.text.contains("sasl_username=alice@example.org") })
    }

    @Test("Exim: authenticator failures for carol, then A=dovecot_login:carol from 9 networks: three findings, networks critical")
    func plantedExim() throws {
        let name = "accounts-exim.log"
        let report = try FindingFixtures.report([name])
        let found = AccountFindingsTests.accountFindings(report)
        #expect(Set(found.map(\.kind)) == AccountFindingsTests.kinds, "\(found.map(\.statement))")
        #expect(found.allSatisfy { $0.subjects[.users]?.entries.map(\.name) == ["carol@example.net"] })
        #expect(found.allSatisfy { FindingChecks.examplesNamingNoSubject($0).isEmpty })
        let guessed = try #require(found.first { $0.kind == .passwordGuessed })
        #expect(guessed.severity == .critical)
        #expect(guessed.statement.contains("from 203.0.113.45 after a run of 7 failed logins"))
        #expect(guessed.examples.first?.text.contains("authenticator failed for (User) [203.0.113.45]") == true)
        #expect(guessed.examples.last?.text.contains("A=dovecot_login:carol@example.net") == true)

        let spam = try AccountFindingsTests.count(name, ["2026-11-29 10:", "A=dovecot_login:carol@example.net"])
        let deliveries = try FindingFixtures.lines(name, containing: [" => "]).count
        let usual = try FindingFixtures.lines(name, containing: [" => "]).filter { !$0.hasPrefix("2026-11-29 10:") }.count
        let volume = try #require(found.first { $0.kind == .accountVolume })
        #expect(volume.count == spam)
        #expect(volume.statement.contains("sent \(spam) messages to \(deliveries - usual) recipients"),
                "Exim's recipients are its deliveries of her messages: \(volume.statement)")
        let networks = try #require(found.first { $0.kind == .accountNetworks })
        #expect(networks.severity == .critical)
        let expected = try AccountFindingsTests.networks(name, of: "carol@example.net", loginMarker: "A=dovecot_login:")
        #expect(Set(networks.subjects[.networks]?.entries.map(\.name) ?? []) == expected)
    }

    @Test("clean generated logs (users submitting from their own addresses among attackers' failures): logins seen, no account finding",
          arguments: [["--flavor", "postfix", "--size", "3M", "--seed", "41"], ["--flavor", "exim", "--size", "3M", "--seed", "42"]])
    func cleanGenerated(arguments: [String]) throws {
        let folder = try TemporaryFolder()
        let (log, truth) = try GeneratedTruthTests.generate(.init(name: "clean", arguments: arguments), in: folder)
        let rules = RuleSet()
        let result = Analyzer(options: AnalysisOptions(startingYear: GeneratedTruthTests.startYear(truth))).analyze(InputName(log))
        let report = Report(inputs: [result], rules: rules)
        let volume = try #require(rules.accumulator(of: AccountVolumeRule.self, in: result.rules))
        let logins = volume.hours.entries.reduce(0) { $0 + $1.1.messages }
        #expect(logins > 100, "the generated log has authenticated submissions to judge")
        let failures = try #require(rules.accumulator(of: PasswordGuessedRule.self, in: result.rules))
        #expect(failures.failures.count > 10, "and failed logins")
        #expect(AccountFindingsTests.accountFindings(report).isEmpty, "\(AccountFindingsTests.accountFindings(report).map(\.statement))")
    }

    @Test("a generated log with a planted account read beside it: the planted account in each finding, no generated user")
    func plantedInGenerated() throws {
        let folder = try TemporaryFolder()
        let (log, truth) = try GeneratedTruthTests.generate(.init(name: "generated", arguments: ["--flavor", "postfix", "--size", "2M",
                                                                                                 "--seed", "43", "--start", "2026-11-28T00:00:00",
                                                                                                 "--days", "1"]), in: folder)
        let planted = try FindingFixtures.log("accounts-postfix.log", in: folder)
        let analyzer = Analyzer(options: AnalysisOptions(startingYear: GeneratedTruthTests.startYear(truth)))
        let report = Report(inputs: [analyzer.analyze(InputName(log)), analyzer.analyze(InputName(planted))])
        let found = AccountFindingsTests.accountFindings(report)
        #expect(Set(found.map(\.kind)) == AccountFindingsTests.kinds)
        #expect(found.flatMap { $0.subjects[.users]?.entries.map(\.name) ?? [] }.allSatisfy { $0 == "alice@example.org" })
    }

    /// Postfix lines: `failures` failed logins (`hh:mm:ss`, client, user or nil), then a login.
    static func log(failures: [(String, String, String?)], login: (String, String, String)) -> String {
        var lines = failures.enumerated().map { index, failure in
            "Nov 29 \(failure.0) mx1 postfix/submission/smtpd[\(4200 + index)]: warning: unknown[\(failure.1)]: "
                + "SASL LOGIN authentication failed: UGFzc3dvcmQ6" + (failure.2.map { ", sasl_username=" + $0 } ?? "")
        }
        lines.append("Nov 29 \(login.0) mx1 postfix/submission/smtpd[4300]: 3F2A1B7C9D: client=unknown[\(login.1)], "
                     + "sasl_method=PLAIN, sasl_username=\(login.2)")
        return lines.joined(separator: "\n") + "\n"
    }

    static func guessed(_ text: String) throws -> [Finding] {
        let folder = try TemporaryFolder()
        let path = try folder.write("mail.log", text)
        let report = Report(inputs: [Analyzer(options: AnalysisOptions(startingYear: 2026)).analyze(InputName(path))])
        return report.findings.filter { $0.kind == .passwordGuessed }
    }

    @Test("a run spread over hosts of the login's network is critical; its failure lines, naming other hosts, are not shown")
    func networkRun() throws {
        let failures = (0..<6).map { (String(format: "10:%02d:00", $0 * 5), "203.0.113.\(50 + $0)", nil as String?) }
        let found = try AccountFindingsTests.guessed(AccountFindingsTests.log(failures: failures,
                                                                             login: ("10:40:00", "203.0.113.45", "erin@example.org")))
        let finding = try #require(found.first)
        #expect(found.count == 1 && finding.severity == .critical)
        #expect(finding.statement.contains("after a run of 6 failed logins from its network within an hour"))
        #expect(finding.subjects[.networks]?.entries.map(\.name) == ["203.0.113.0/24"])
        #expect(finding.examples.count == 1 && finding.examples[0].text.contains("sasl_username=erin@example.org"))
        #expect(FindingChecks.examplesNamingNoSubject(finding).isEmpty)
    }

    @Test("failures only for the user's name, from elsewhere, then a login from home: a notice; outside the window or below the threshold: nothing")
    func userOnlyRun() throws {
        let failures = (0..<5).map { (String(format: "10:%02d:00", $0 * 3), "45.155.205.\(10 + $0 * 40)", "frank@example.org" as String?) }
        let home = ("10:30:00", "73.22.41.9", "frank@example.org")
        let finding = try #require(try AccountFindingsTests.guessed(AccountFindingsTests.log(failures: failures, login: home)).first)
        #expect(finding.severity == .notice)
        #expect(finding.statement.contains("after a run of 5 failed logins for the user within an hour"))
        #expect(finding.examples.count == 2 && finding.examples[0].text.contains("sasl_username=frank@example.org"))
        // One failure fewer, or the login an hour after the first failure: no run before it.
        #expect(try AccountFindingsTests.guessed(AccountFindingsTests.log(failures: Array(failures.dropFirst()), login: home)).isEmpty)
        #expect(try AccountFindingsTests.guessed(AccountFindingsTests.log(failures: failures, login: ("11:00:00", home.1, home.2))).isEmpty,
                "the first failure, at 10:00, is a whole hour before the login: out of the window")
        #expect(try AccountFindingsTests.guessed(AccountFindingsTests.log(failures: failures, login: ("10:59:59", home.1, home.2))).count == 1)
    }

    @Test("spans of networks are kept only while they can change: a month of 300 users costs four spans each, and the busy one is kept")
    func spansBounded() {
        var spans = NetworkSpans(window: 3_600, threshold: 4, capacity: 20_000)
        let start = LogTime(year: 2026, month: 11, day: 1, hour: 0, minute: 0, second: 0).epochSeconds
        var peak = 0
        for hour in 0..<(30 * 24) {
            for user in 0..<300 {
                spans.add(user: "user\(user)", network: "198.51.\(user % 200).0/24", at: start + hour * 3_600 + user)
            }
            peak = max(peak, spans.open.count)
        }
        // One account from six networks within twenty minutes, on day 10.
        var busy = spans
        for (index, network) in ["203.0.113.0/24", "45.155.205.0/24", "185.220.101.0/24", "91.92.109.0/24",
                                 "5.188.62.0/24", "194.26.29.0/24"].enumerated() {
            busy.add(user: "mallory", network: network, at: start + 30 * 86_400 + index * 200)
        }
        // Each user's spans of the current hour on both grids, and those of the first hour,
        // which the part before could add to: four per user, not 1,440.
        #expect(peak <= 4 * 300, "\(peak) spans open at most")
        #expect(spans.dropped == 0 && spans.busy.isEmpty)
        let over = busy.counts.filter { $0.networks > 4 }
        #expect(!over.isEmpty && over.allSatisfy { $0.key.user == "mallory" && $0.networks == 6 })
    }

    @Test("a span counts each network once, the first as the others, up to the limit; two parts merged count as one")
    func spanNetworksDistinct() {
        let start = LogTime(year: 2026, month: 11, day: 1, hour: 0, minute: 0, second: 0).epochSeconds
        // Within one minute: both grids' spans hold every login.
        let logins: [(String, String)] = [("alice", "192.0.2.0/24"), ("alice", "192.0.2.0/24"), ("bob", "192.0.2.0/24"),
                                          ("alice", "198.51.100.0/24"), ("alice", "192.0.2.0/24"),
                                          ("alice", "203.0.113.0/24"), ("alice", "198.51.100.0/24")]
            + (0..<80).map { ("carol", "10.\($0).0.0/24") } + [("carol", "10.0.0.0/24"), ("carol", "10.79.0.0/24")]
        var whole = NetworkSpans(window: 3_600, threshold: 1, capacity: 100)
        for (index, (user, network)) in logins.enumerated() { whole.add(user: user, network: network, at: start + 60 + index / 10) }
        var counts: [String: Set<Int>] = [:]
        for (key, networks) in whole.counts { counts[key.user, default: []].insert(networks) }
        #expect(counts["alice"] == [3])
        #expect(counts["bob"] == [1])
        #expect(counts["carol"] == [NetworkSpans.networkLimit])
        // The same logins in two parts, the second merged into the first.
        var first = NetworkSpans(window: 3_600, threshold: 1, capacity: 100)
        var second = NetworkSpans(window: 3_600, threshold: 1, capacity: 100)
        for (index, (user, network)) in logins.enumerated() {
            if index % 2 == 0 {
                first.add(user: user, network: network, at: start + 60 + index / 10)
            } else {
                second.add(user: user, network: network, at: start + 60 + index / 10)
            }
        }
        first.merge(second)
        #expect(first.counts.map { "\($0.key.user) \($0.key.start) \($0.networks)" }.sorted()
                == whole.counts.map { "\($0.key.user) \($0.key.start) \($0.networks)" }.sorted())
    }

    @Test("with --top 1, the accounts beyond the first make one finding that names them")
    func accountsBeyondTop() throws {
        let folder = try TemporaryFolder()
        let analyzer = Analyzer(options: AnalysisOptions(startingYear: 2026))
        let inputs = try ["accounts-postfix.log", "accounts-exim.log"].map { analyzer.analyze(InputName(try FindingFixtures.log($0, in: folder))) }
        let all = Report(inputs: inputs).findings.filter { $0.kind == .passwordGuessed }
        #expect(all.count == 2)
        let top = Report(inputs: inputs, top: 1).findings.filter { $0.kind == .passwordGuessed }
        #expect(top.count == 2)
        let more = try #require(top.first { $0.statement.hasPrefix("1 more account") })
        #expect(more.subjects[.users]?.entries.map(\.name) == ["carol@example.net"])
        #expect(more.count == all.first { $0.subjects[.users]?.entries.first?.name == "carol@example.net" }?.count)
        #expect(more.severity == .critical)
        #expect(top.contains { $0.subjects[.users]?.entries.map(\.name) == ["alice@example.org"] && !$0.statement.hasPrefix("1 more") })
    }

    @Test("a real burst (when ../shared is there): louisitvn's jordy, 8 messages in a usual hour, sends 1,375 at 02:27 from 127.0.0.1")
    func realBurst() throws {
        guard let shared = Shell.shared else {
            print("skipped: no ../shared/corpus beside the checkout")
            return
        }
        let path = shared.appendingPathComponent("corpus/louisitvn-pflgviewer/mail.log").path
        let text = try String(decoding: Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        let burst = text.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("Dec 16 02:") && $0.contains("sasl_username=jordy") }.count
        let found = AccountFindingsTests.accountFindings(FindingsTests.report([path]))
        #expect(found.map(\.kind) == [.accountVolume], "\(found.map(\.statement))")
        let volume = try #require(found.first)
        #expect(volume.count == burst && burst > 1_000)
        #expect(volume.severity == .critical)
        #expect(volume.subjects[.hours]?.entries.first?.name.hasSuffix("-12-16T02:00:00") == true)
    }

    /// The findings without their examples' file and line, which depend on how the log was cut.
    static func comparable(_ findings: [Finding]) -> [String] {
        findings.filter { kinds.contains($0.kind) }.map { finding in
            let lists = finding.orderedSubjects.map { role, list in
                "\(role): " + list.entries.map { "\($0.name) \($0.count)" }.joined(separator: ", ") + " +\(list.hidden)/\(list.distinct)"
            }
            return ([finding.kind.rawValue, finding.severity.rawValue, finding.statement, "\(finding.count)",
                     "\(String(describing: finding.first)) \(String(describing: finding.last))"]
                    + lists + finding.examples.map(\.text)).joined(separator: " | ")
        }
    }

    @Test("cut into two or three parts at many places, the parts' merged accumulators give the findings of one pass",
          arguments: ["accounts-postfix.log", "accounts-exim.log"])
    func partsMergeExactly(name: String) throws {
        let folder = try TemporaryFolder()
        let lines = try FindingFixtures.text(name).split(separator: "\n").filter { !$0.hasPrefix("# ") }.map(String.init)
        let analyzer = Analyzer(options: AnalysisOptions(startingYear: 2026))
        func read(_ part: ArraySlice<String>, _ file: String) throws -> InputResult {
            analyzer.analyze(InputName(try folder.write(file, part.joined(separator: "\n") + "\n")))
        }
        let whole = AccountFindingsTests.comparable(Report(inputs: [try read(lines[...], "whole.log")]).findings)
        #expect(whole.count == 3)
        for cut in stride(from: 5, to: lines.count, by: 23) {
            let two = Report(inputs: [try read(lines[..<cut], "a.log"), try read(lines[cut...], "b.log")])
            #expect(AccountFindingsTests.comparable(two.findings) == whole, "cut at line \(cut)")
            let second = min(lines.count, cut + 31)
            let three = Report(inputs: [try read(lines[..<cut], "a.log"), try read(lines[cut..<second], "b.log"),
                                        try read(lines[second...], "c.log")])
            #expect(AccountFindingsTests.comparable(three.findings) == whole, "cut at lines \(cut) and \(second)")
        }
    }

    @Test("read on two cores in small chunks: the same findings, examples included, as one pass")
    func chunkedEqualsWhole() throws {
        let folder = try TemporaryFolder()
        let text = try FindingFixtures.text("accounts-postfix.log") + FindingFixtures.text("accounts-exim.log")
        let path = try folder.write("mail.log", text.split(separator: "\n").filter { !$0.hasPrefix("# ") }.joined(separator: "\n") + "\n")
        var chunked = AnalysisOptions(startingYear: 2026, threads: 2)
        chunked.minimumChunk = 16 << 10
        let parts = Analyzer(options: chunked).analyze([InputName(path)])
        let one = Analyzer(options: AnalysisOptions(startingYear: 2026)).analyze([InputName(path)])
        let a = Report(inputs: parts).findings.filter { AccountFindingsTests.kinds.contains($0.kind) }
        let b = Report(inputs: one).findings.filter { AccountFindingsTests.kinds.contains($0.kind) }
        #expect(a.count == 6)
        #expect(a == b)
    }

    @Test("real login lines: each annotated login counted for its user and network, each failure for its client, Exim's A=name:id:sender as id")
    func realLines() throws {
        let name = "accounts-real.log"
        var logins: [String: Int] = [:], networks: [String: Set<String>] = [:], failures: [String: Int] = [:]
        for line in try FindingFixtures.text(name).split(separator: "\n") where line.hasPrefix("# source:") {
            let fields = line.split(separator: " ")
            func value(_ key: String) -> String? {
                fields.first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
            }
            if line.contains("expect: login"), let user = value("user"), let client = value("client") {
                logins[user, default: 0] += 1
                networks[user, default: []].insert(client.split(separator: ".").prefix(3).joined(separator: ".") + ".0/24")
            } else if line.contains("expect: failure"), let client = value("client") {
                failures[client, default: 0] += 1
            }
        }
        #expect(logins.values.reduce(0, +) == 9 && failures.values.reduce(0, +) == 7)
        let rules = RuleSet()
        let report = try FindingFixtures.report([name], rules: rules, year: 2026)
        let merged = report.inputs[0].rules
        let volume = try #require(rules.accumulator(of: AccountVolumeRule.self, in: merged))
        var counted: [String: Int] = [:]
        for (owner, hour) in volume.hours.entries { counted[owner.user, default: 0] += hour.messages }
        #expect(counted == logins)
        let places = try #require(rules.accumulator(of: AccountNetworksRule.self, in: merged))
        var seen: [String: Set<String>] = [:]
        for (key, _) in places.networks.entries { seen[key.user, default: []].insert(key.network) }
        #expect(seen == networks)
        let guessed = try #require(rules.accumulator(of: PasswordGuessedRule.self, in: merged))
        var clients: [String: Int] = [:]
        for (key, trail) in guessed.failures.entries where key.subject == 1 { clients[key.name] = trail.count }
        #expect(clients == failures)
        #expect(guessed.failures.value(for: PasswordGuessedRule.Subject.user.key("five"))?.count == 1)
        #expect(guessed.failures.value(for: PasswordGuessedRule.Subject.user.key("seneca"))?.count == 1)
        // Three failures for no user, then u1's logins from another network: no run, no finding.
        #expect(AccountFindingsTests.accountFindings(report).isEmpty)
    }
}

/// The networks table of `account_networks` is capped: a user it found over the threshold may
/// have lost its rows to a prune by the time the findings are made (a 1 GB generated log did).
@Suite("account_networks with its table cut")
struct AccountNetworksCutTests {
    @Test("users whose network rows were pruned still get findings, counted from what is left, and the run does not stop")
    func prunedRows() throws {
        var lines: [String] = []
        for user in 0..<40 {
            for network in 0..<6 {
                let minute = String(format: "%02d", network * 5)
                lines.append("Nov 29 10:\(minute):\(String(format: "%02d", user)) mx1 postfix/submission/smtpd[\(5000 + user)]: "
                             + "4F\(String(format: "%02X%02X", user, network))A1B2C: client=unknown[10.\(user).\(network).7], "
                             + "sasl_method=PLAIN, sasl_username=user\(user)@example.org")
            }
        }
        lines.sort()
        let folder = try TemporaryFolder()
        let path = try folder.write("mail.log", lines.joined(separator: "\n") + "\n")
        var options = AnalysisOptions(startingYear: 2026)
        options.keyCapacity = 16
        let report = Report(inputs: [Analyzer(options: options).analyze(InputName(path))], top: 5)
        let found = report.findings.filter { $0.kind == .accountNetworks }
        #expect(found.count == 6, "five accounts and one finding for the rest")
        #expect(report.ruleCutTables.contains { $0.description.contains("account_networks") })
        // A user shown whose rows are all gone: counted as nothing, not a stop.
        #expect(found.contains { $0.statement.contains("0 networks and 0 logins over the period") })
        let rest = try #require(found.first { $0.statement.contains("more accounts") })
        #expect(rest.subjects[.users].map { !$0.entries.isEmpty } == true)
    }
}
