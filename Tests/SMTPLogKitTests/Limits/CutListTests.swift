import Foundation
import Testing
@testable import SMTPLogKit

/// Every cut list says how much it left out, so that listed + left out = total can be checked
/// from the warning alone: the summary's users and relay domains (issue 14: cut at 49,962 of
/// 1,000,000 with no note), and the rules' own tables, on one core and merged from chunks.
/// A tiny key capacity stands in for the 50,000 of a real run.
@Suite("Cut lists say what they left out")
struct CutListTests {
    static let capacity = 16

    /// 6 guessers failing 12 times each within 12 minutes and 400 clients failing once, every
    /// failure with its own user name; 500 clients refused relay 1 to 3 times, each time for
    /// its own domain. What the log holds is counted here, as it is written.
    struct Log {
        var text = ""
        var authFailures = 0
        var guessingFailures = 0
        var relayRefusals = 0
    }

    static let log: Log = {
        var log = Log()
        var user = 0
        for guesser in 0..<6 {
            for attempt in 0..<12 {
                log.text += "Nov 22 07:\(String(format: "%02d", attempt)):\(String(format: "%02d", guesser)) mx postfix/smtpd[123]: "
                    + "warning: unknown[10.7.0.\(guesser)]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, "
                    + "sasl_username=user\(user)\n"
                user += 1
                log.authFailures += 1
                log.guessingFailures += 1
            }
        }
        for client in 0..<400 {
            log.text += "Nov 22 09:\(String(format: "%02d", client / 60 % 60)):\(String(format: "%02d", client % 60)) mx "
                + "postfix/smtpd[124]: warning: unknown[10.8.\(client / 200).\(client % 200)]: SASL LOGIN authentication "
                + "failed: UGFzc3dvcmQ6, sasl_username=user\(user)\n"
            user += 1
            log.authFailures += 1
        }
        for client in 0..<500 {
            for attempt in 0...(client % 3) {
                log.text += "Nov 22 11:\(String(format: "%02d", client / 60 % 60)):\(String(format: "%02d", client % 60)) mx "
                    + "postfix/smtpd[125]: NOQUEUE: reject: RCPT from unknown[10.9.\(client / 200).\(client % 200)]: "
                    + "554 5.7.1 <x@d\(client)-\(attempt).example>: Relay access denied; from=<a@b.example> "
                    + "to=<x@d\(client)-\(attempt).example> proto=ESMTP helo=<h>\n"
                log.relayRefusals += 1
            }
        }
        return log
    }()

    static func report(threads: Int) throws -> Report {
        let folder = try TemporaryFolder()
        let path = try folder.write("mail.log", CutListTests.log.text)
        var options = AnalysisOptions(startingYear: 2026, threads: threads)
        options.keyCapacity = CutListTests.capacity
        options.minimumChunk = 8 << 10
        let result = Analyzer(options: options).analyze([InputName(path)])[0]
        #expect(result.error == nil)
        return Report(inputs: [result])
    }

    /// The figures a cut-list warning states, read back from its words.
    struct Stated: Equatable {
        var capacity, listed, listedEvents, otherEvents, droppedKeys, total: Int
        var where_: String
    }

    /// The warning about `list` (`the list of users tried`, `the auth_failures rule's list of
    /// clients`), parsed; nil when there is none. Exactly one may name it.
    static func stated(_ list: String, in warnings: [String]) throws -> Stated? {
        let number = "([0-9,]+)"
        let pattern = try Regex("^\(list) was cut at \(number) entries and lists \(number) with \(number) events; "
                                + "\(number) events from up to \(number) entries left out (.*) \\(\(number) in all\\)$")
        let matching = warnings.compactMap { try? pattern.wholeMatch(in: $0) }
        #expect(matching.count <= 1, "\(matching.count) warnings about \(list)")
        guard let match = matching.first else { return nil }
        func int(_ index: Int) -> Int { Int(String(match.output[index].substring!).replacingOccurrences(of: ",", with: ""))! }
        return Stated(capacity: int(1), listed: int(2), listedEvents: int(3), otherEvents: int(4), droppedKeys: int(5),
                      total: int(7), where_: String(match.output[6].substring!))
    }

    @Test("the users and relay domains lists: a warning each, listed + left out = every user and domain",
          arguments: [1, 3])
    func summaryLists(threads: Int) throws {
        let report = try CutListTests.report(threads: threads)
        let warnings = report.warnings
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.rendered(.json).utf8)) as? [String: Any])
        for (label, list, key, total) in [("users tried", report.summary.authUsers, "auth_users", CutListTests.log.authFailures),
                                          ("relay domains", report.summary.relayDomains, "relay_domains",
                                           CutListTests.log.relayRefusals)] {
            let stated = try #require(try CutListTests.stated("the list of \(label)", in: warnings),
                                      "no warning for \(label) in \(warnings)")
            let shown = try #require(json[key] as? [String: Int])
            #expect(stated.capacity == CutListTests.capacity)
            #expect(stated.listed == shown.count && stated.listed == list.counts.count && stated.listed <= CutListTests.capacity)
            #expect(stated.listedEvents == shown.values.reduce(0, +))
            #expect(stated.listedEvents + stated.otherEvents == total, "\(label): listed + left out is every one written")
            #expect(stated.total == total)
            #expect(stated.where_ == "are counted under other")
            // Every name in the log is distinct: the names left out are at least the rest, and
            // counted once per drop, so at most the events left out.
            #expect(stated.droppedKeys >= total - stated.listed && stated.droppedKeys <= stated.otherEvents)
        }
    }

    @Test("the rules' own tables: a warning each, their totals the log's, and the findings' arithmetic exact",
          arguments: [1, 3])
    func ruleTables(threads: Int) throws {
        let report = try CutListTests.report(threads: threads)
        let warnings = report.warnings
        let log = CutListTests.log

        // Every cut table of every rule has its warning, and what it states adds up.
        #expect(!report.ruleCutTables.isEmpty)
        for table in report.ruleCutTables {
            let rule = try #require(table.rule)
            let stated = try #require(try CutListTests.stated("the \(rule) rule's list of \(table.name)", in: warnings))
            #expect(stated.listedEvents + stated.otherEvents == stated.total)
            #expect(stated.listed <= stated.capacity && stated.capacity == CutListTests.capacity)
            let destination = switch table.leftOut {
            case .underOther: "are counted under other"
            case .inNoFinding: "are in none of its findings"
            case .countedNotNamed: "are counted in its findings, not listed by name"
            case .notListed: "are left out of its findings' lists, not out of their counts"
            }
            #expect(stated.where_ == destination)
        }
        // The totals are the log's: every failed login (each with a user) and every refusal
        // (each with a domain), whatever was dropped on whichever core.
        let expected: [(String, Int, String)] = [
            ("the auth_failures rule's list of clients", log.authFailures, "are in none of its findings"),
            ("the auth_failures rule's list of user names by client", log.authFailures,
             "are left out of its findings' lists, not out of their counts"),
            ("the relay_refusals rule's list of clients", log.relayRefusals, "are counted in its findings, not listed by name"),
            ("the relay_refusals rule's list of domains by client", log.relayRefusals,
             "are counted in its findings, not listed by name"),
        ]
        for (list, total, destination) in expected {
            let stated = try #require(try CutListTests.stated(list, in: warnings), "no warning for \(list)")
            #expect(stated.total == total, "\(list)")
            #expect(stated.where_ == destination, "\(list)")
        }

        // Relay refusals: the finding takes every client, so what was dropped is in its count
        // and its lists' hidden.
        let relay = try #require(report.findings.first { $0.kind == .relayRefusals })
        #expect(relay.count == log.relayRefusals)
        let clients = try #require(relay.subjects[.clients])
        #expect(clients.entries.reduce(0) { $0 + $1.count } + clients.hidden == relay.count)
        let domains = try #require(relay.subjects[.domains])
        #expect(domains.entries.reduce(0) { $0 + $1.count } + domains.hidden == log.relayRefusals)
        #expect(relay.statement.contains("the rule's list of clients was cut at 16 entries: "))
        #expect(relay.statement.contains("are counted, not named"))

        // Failed logins: two findings by a threshold; a dropped client cannot be judged, so its
        // events are in neither, and the statement says how many. Together: the total.
        let auth = report.findings.filter { $0.kind == .passwordGuessing || $0.kind == .authFailures }
        #expect(!auth.isEmpty)
        let table = try #require(report.ruleCutTables.first { $0.rule == "auth_failures" && $0.name == "clients" })
        #expect(auth.reduce(0) { $0 + $1.count } + table.otherEvents == log.authFailures)
        for finding in auth {
            let list = try #require(finding.subjects[.clients])
            #expect(list.entries.reduce(0) { $0 + $1.count } + list.hidden == finding.count + finding.heldBack)
            #expect(finding.statement.contains(
                "the rule's list of clients was cut at 16 entries: \(table.otherEvents.formatted) events of up to "
                    + "\(table.droppedKeys.formatted) more entries are in no finding"))
            // The user names dropped are missing from the users list only: the count is the clients'.
            #expect(finding.statement.contains("the rule's list of user names by client was cut at 16 entries: "))
            #expect(finding.statement.hasSuffix("more entries are not listed"))
        }
        // The guessers fail 12 times each in minutes: the heaviest clients, fewer than a pruned
        // table keeps, so never dropped.
        let guessing = try #require(report.findings.first { $0.kind == .passwordGuessing })
        #expect(guessing.count == log.guessingFailures)
    }

    @Test("below the cap no rule table is cut and nothing is said")
    func belowCap() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("mail.log", CutListTests.log.text)
        let report = Report(inputs: [Analyzer(options: AnalysisOptions(startingYear: 2026)).analyze(InputName(path))])
        #expect(report.ruleCutTables.isEmpty && report.cutTables.isEmpty)
        #expect(!report.warnings.contains { $0.contains("was cut") })
        #expect(!report.findings.contains { $0.statement.contains("was cut") })
        let relay = try #require(report.findings.first { $0.kind == .relayRefusals })
        #expect(relay.count == CutListTests.log.relayRefusals)
    }

    /// A capped list stored in an accumulator and not declared in `tables` would be cut with
    /// nothing said: every rule's accumulator is searched for capped lists, nested ones too.
    @Test("every capped list in every rule's accumulator is declared in its tables")
    func everyTableDeclared() {
        func cappedLists(in value: Any) -> Int {
            if value is any CappedList { return 1 }
            return Mirror(reflecting: value).children.reduce(0) { $0 + cappedLists(in: $1.value) }
        }
        let accumulators = RuleSet().makeAccumulators(capacity: 2)
        var declared = 0
        for accumulator in accumulators.items {
            let found = cappedLists(in: accumulator)
            let names = accumulator.tables.map(\.name)
            #expect(names.count == found, "\(type(of: accumulator)) keeps \(found) capped lists and declares \(names)")
            #expect(Set(names).count == names.count, "\(type(of: accumulator)) names two lists alike: \(names)")
            declared += names.count
        }
        #expect(declared >= 20)
    }
}
