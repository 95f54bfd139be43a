import Foundation
import MailLogGenerator
import Testing
@testable import SMTPLogKit

/// `smtplog merge`: hosts' JSON reports added as one run over all their logs would count them,
/// in any order and grouping, and bad files refused with their names.
@Suite("Merging hosts' JSON reports", .serialized)
struct MergeTests {
    /// Three hosts of different seeds and formats, small enough to keep the suite fast.
    static let hosts: [(name: String, arguments: [String])] = [
        ("a", ["--flavor", "postfix", "--size", "250K", "--seed", "31"]),
        ("b", ["--flavor", "exim", "--size", "200K", "--seed", "32"]),
        ("c", ["--flavor", "postfix", "--size", "200K", "--seed", "33", "--host", "mx3"]),
    ]

    /// Writes each host's log into `folder`: (host, path, starting year).
    static func logs(in folder: TemporaryFolder) throws -> [(host: String, path: String, year: Int)] {
        try hosts.map { host in
            let options = try GeneratorArguments.options(host.arguments)
            let path = folder.path(host.name + ".log")
            _ = try LogGenerator.write(options, to: path, truth: nil)
            return (host.name, path, options.start.year)
        }
    }

    static func smtplog(_ arguments: [String], in folder: TemporaryFolder) throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try Shell.run(Shell.smtplog, arguments, directory: folder.url)
        return (result.status, String(decoding: result.stdout, as: UTF8.self), result.stderr)
    }

    static func object(_ json: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    /// `value` without the example lines, which are the first ones met and so depend on the
    /// order the parts were added in; every count stays.
    static func withoutExamples(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            var kept: [String: Any] = [:]
            for (key, inner) in object where !["example", "examples", "not_understood_examples"].contains(key) {
                kept[key] = withoutExamples(inner)
            }
            return kept
        }
        if let array = value as? [Any] { return array.map(withoutExamples) }
        return value
    }

    static func same(_ a: Any?, _ b: Any?) -> Bool {
        NSDictionary(dictionary: ["v": a as Any]) == NSDictionary(dictionary: ["v": b as Any])
    }

    /// Every figure of the report that is exact in one run.
    static let exactKeys = ["lines", "events", "codes", "classes", "implied_codes", "written_codes", "enhanced_codes",
                            "directions", "codes_by_direction", "by_day", "by_hour", "auth_failures", "relay_refusals",
                            "auth_users", "auth_mechanisms", "relay_domains", "line_counts", "other_programs",
                            "first", "last", "newest_line", "messages", "sessions", "system_messages", "top_peers"]

    static func findingFigures(_ report: [String: Any]) -> [String] {
        ((report["findings"] as? [[String: Any]]) ?? []).map { finding in
            "\(finding["kind"] ?? "") \(finding["severity"] ?? "") \(finding["code"] ?? "-") \(finding["count"] ?? "") \(finding["statement"] ?? "")"
        }.sorted()
    }

    @Test("three hosts' JSON merged equal one run over their three logs, in every exact figure")
    func threeHostsEqualOneRun() throws {
        let folder = try TemporaryFolder()
        let logs = try MergeTests.logs(in: folder)
        var jsons: [String] = []
        for log in logs {
            let result = try MergeTests.smtplog(["report", "--year", "\(log.year)", "--host", log.host, "--format", "json",
                                                 "--output", log.host + ".json", log.path], in: folder)
            #expect(result.status == 0, "\(result.stderr)")
            jsons.append(log.host + ".json")
        }
        let merged = try MergeTests.smtplog(["merge", "--format", "json"] + jsons.reversed(), in: folder)
        #expect(merged.status == 0, "\(merged.stderr)")
        let one = try MergeTests.smtplog(["report", "--year", "\(logs[0].year)", "--host", "all", "--format", "json"]
                                         + logs.map(\.path), in: folder)
        #expect(one.status == 0, "\(one.stderr)")
        let ours = try MergeTests.object(merged.stdout), theirs = try MergeTests.object(one.stdout)
        for key in MergeTests.exactKeys {
            #expect(MergeTests.same(MergeTests.withoutExamples(ours[key] as Any), MergeTests.withoutExamples(theirs[key] as Any)),
                    "\(key) differs")
        }
        #expect((ours["events"] as? Int ?? 0) > 500, "the logs hold replies")
        let figures = MergeTests.findingFigures(ours)
        #expect(!figures.isEmpty)
        #expect(figures == MergeTests.findingFigures(theirs))
        // The payloads themselves: summary and accumulators, count for count.
        let ourPayload = try #require(ours["merge"] as? [String: Any]), theirPayload = try #require(theirs["merge"] as? [String: Any])
        #expect(MergeTests.same(MergeTests.withoutExamples(ourPayload["summary"] as Any),
                                MergeTests.withoutExamples(theirPayload["summary"] as Any)))
        #expect(MergeTests.same(MergeTests.withoutExamples(ourPayload["rules"] as Any),
                                MergeTests.withoutExamples(theirPayload["rules"] as Any)))
        // Each host named, with its own figures.
        let hosts = try #require(ours["hosts"] as? [[String: Any]])
        #expect(hosts.map { $0["host"] as? String } == ["a", "b", "c"])
        #expect(hosts.reduce(0) { $0 + ($1["replies"] as? Int ?? 0) } == ours["events"] as? Int)
        #expect(ours["host"] == nil)
        // Examples are named with their host: the hosts' files have the same names.
        let exampleFiles = ((ours["findings"] as? [[String: Any]]) ?? []).flatMap { ($0["examples"] as? [[String: Any]]) ?? [] }
            .compactMap { $0["file"] as? String }
        #expect(!exampleFiles.isEmpty)
        #expect(exampleFiles.allSatisfy { file in ["a:", "b:", "c:"].contains { file.hasPrefix($0) } }, "\(exampleFiles)")

        // Every format shows the hosts.
        let text = try MergeTests.smtplog(["merge"] + jsons, in: folder)
        #expect(text.status == 0)
        #expect(text.stdout.contains("3 hosts"))
        #expect(text.stdout.contains("\nHosts\n"))
        #expect(text.stdout.contains("e.g. a:a.log:") || text.stdout.contains("e.g. b:b.log:") || text.stdout.contains("e.g. c:c.log:"))
        let markdown = try MergeTests.smtplog(["merge", "--format", "markdown"] + jsons, in: folder)
        #expect(markdown.stdout.contains("## Hosts"))
        let html = try MergeTests.smtplog(["merge", "--format", "html", "--output", "merged.html"] + jsons, in: folder)
        #expect(html.status == 0, "\(html.stderr)")
        let page = try String(contentsOfFile: folder.path("merged.html"), encoding: .utf8)
        #expect(page.contains(">Hosts<") && page.contains(">c<"))
        let prometheus = try MergeTests.smtplog(["merge", "--format", "prometheus"] + jsons, in: folder)
        #expect(prometheus.stdout.contains("smtplog_up 1"))
        // --fail-on as in report: the logs hold critical findings.
        let failing = try MergeTests.smtplog(["merge", "--fail-on", "critical", "--output", "m.txt"] + jsons, in: folder)
        #expect(failing.status == 1)
        #expect(try String(contentsOfFile: folder.path("m.txt"), encoding: .utf8).contains("3 hosts"))
        // A report that cannot be written is status 2, and nothing is left behind.
        let unwritable = try MergeTests.smtplog(["merge", "--output", "missing/m.txt"] + jsons, in: folder)
        #expect(unwritable.status == 2 && unwritable.stderr.contains("cannot write the report"))
    }

    /// Each host's payload, as `smtplog merge` reads it back from the host's JSON.
    static func payloads(in folder: TemporaryFolder) throws -> [MergePayload] {
        try logs(in: folder).map { log in
            let result = Analyzer(options: AnalysisOptions(startingYear: log.year, threads: 2)).analyze(InputName(log.path))
            var report = Report(inputs: [result])
            report.name(host: log.host)
            return try MergeInput.payload(of: Data(report.rendered(.json).utf8), file: log.host + ".json", rules: RuleSet())
        }
    }

    /// A payload written to JSON and read back, as a merged file merged again.
    static func roundTrip(_ payload: MergePayload) throws -> MergePayload {
        let json = try Report(merging: payload).rendered(.json)
        return try MergeInput.payload(of: Data(json.utf8), file: "merged.json", rules: RuleSet())
    }

    /// The figures of a payload: its summary and accumulators as written, examples left out,
    /// and the findings made of them.
    static func figures(_ payload: MergePayload) throws -> (summary: Any, rules: Any, findings: [String]) {
        let report = try object(Report(merging: payload).rendered(.json))
        let merge = try #require(report["merge"] as? [String: Any])
        return (withoutExamples(merge["summary"] as Any), withoutExamples(merge["rules"] as Any), findingFigures(report))
    }

    @Test("a report names its host always, and carries the merge payload only when --host names it")
    func payloadOnlyWithHost() throws {
        let folder = try TemporaryFolder()
        let log = try #require(try MergeTests.logs(in: folder).first)
        let plain = try MergeTests.smtplog(["report", "--year", "\(log.year)", "--format", "json", log.path], in: folder)
        let named = try MergeTests.smtplog(["report", "--year", "\(log.year)", "--host", "mx9", "--format", "json", log.path],
                                           in: folder)
        #expect(plain.status == 0 && named.status == 0)
        let without = try MergeTests.object(plain.stdout), with = try MergeTests.object(named.stdout)
        #expect(without["merge"] == nil && (without["host"] as? String)?.isEmpty == false)
        #expect(with["merge"] != nil && with["host"] as? String == "mx9")
        try FileManager.default.createDirectory(atPath: folder.path("in"), withIntermediateDirectories: true)
        try plain.stdout.write(toFile: folder.path("in/plain.json"), atomically: true, encoding: .utf8)
        let refused = try MergeTests.smtplog(["merge", "in/plain.json"], in: folder)
        #expect(refused.status == 2 && refused.stderr.contains("--host NAME"), "\(refused.stderr)")
    }

    @Test("merging is associative and commutative: random orders and groupings give the same figures")
    func randomSplitsAndOrders() throws {
        let folder = try TemporaryFolder()
        let parts = try MergeTests.payloads(in: folder)
        let reference = try MergeTests.figures(try #require(MergePayload.merged(parts)))
        var generator = SplitMix(seed: 20261130)
        for round in 0..<8 {
            var order = parts
            order.shuffle(using: &generator)
            let merged = try MergeTests.randomTree(order, using: &generator)
            let figures = try MergeTests.figures(merged)
            #expect(MergeTests.same(figures.summary, reference.summary), "round \(round): summary differs")
            #expect(MergeTests.same(figures.rules, reference.rules), "round \(round): accumulators differ")
            #expect(figures.findings == reference.findings, "round \(round): findings differ")
            #expect(merged.hosts.map(\.host) == ["a", "b", "c"])
        }
        // The two groupings of the issue, written out.
        let (a, b, c) = (parts[0], parts[1], parts[2])
        let bc = try MergeTests.roundTrip(try #require(MergePayload.merged([b, c])))
        let ca = try MergeTests.roundTrip(try #require(MergePayload.merged([c, a])))
        let left = try #require(MergePayload.merged([a, bc]))
        let right = try #require(MergePayload.merged([ca, b]))
        let (l, r) = (try MergeTests.figures(left), try MergeTests.figures(right))
        #expect(MergeTests.same(l.summary, r.summary) && MergeTests.same(l.rules, r.rules) && l.findings == r.findings)
        #expect(MergeTests.same(l.summary, reference.summary))
    }

    /// Merges `parts` in a random binary grouping, each inner merge written to JSON and read
    /// back half of the time.
    static func randomTree(_ parts: [MergePayload], using generator: inout SplitMix) throws -> MergePayload {
        if parts.count == 1 { return parts[0] }
        let cut = Int.random(in: 1..<parts.count, using: &generator)
        var left = try randomTree(Array(parts[..<cut]), using: &generator)
        var right = try randomTree(Array(parts[cut...]), using: &generator)
        if Bool.random(using: &generator) { left = try roundTrip(left) }
        if Bool.random(using: &generator) { right = try roundTrip(right) }
        return try #require(MergePayload.merged(Bool.random(using: &generator) ? [left, right] : [right, left]))
    }

    @Test("a report of another schema version is refused with the file's name; the others are merged")
    func otherSchemaRefused() throws {
        let folder = try TemporaryFolder()
        let log = try folder.write("mail.log", "Nov 22 06:00:01 mx1 postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 <x@example.net>: Relay access denied; from=<a@example.org> to=<x@example.net> proto=ESMTP helo=<x>\n")
        #expect(try MergeTests.smtplog(["report", "--year", "2026", "--host", "new", "--format", "json", "--output", "new.json", log], in: folder).status == 0)
        let current = try String(contentsOfFile: folder.path("new.json"), encoding: .utf8)
        #expect(current.contains("\"schema\" : \"smtplog.report/3\""))
        _ = try folder.write("old.json", current.replacingOccurrences(of: "smtplog.report/3", with: "smtplog.report/2")
            .replacingOccurrences(of: "\"new\"", with: "\"old\""))
        let result = try MergeTests.smtplog(["merge", "old.json", "new.json"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("old.json: schema smtplog.report/2, this smtplog merges smtplog.report/3"), "\(result.stderr)")
        #expect(result.stdout.contains("host new"))
        let none = try MergeTests.smtplog(["merge", "old.json"], in: folder)
        #expect(none.status == 2 && none.stdout.isEmpty)
        #expect(try MergeTests.smtplog(["merge"], in: folder).status == 64)
    }

    @Test("a host named twice is refused: its figures would be counted twice")
    func duplicateHostRefused() throws {
        let folder = try TemporaryFolder()
        let log = try folder.write("mail.log", "Nov 22 06:00:01 mx1 postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 <x@example.net>: Relay access denied; from=<a@example.org> to=<x@example.net> proto=ESMTP helo=<x>\n")
        for name in ["one", "two"] {
            #expect(try MergeTests.smtplog(["report", "--year", "2026", "--host", "mx", "--format", "json", "--output", name + ".json", log], in: folder).status == 0)
        }
        let result = try MergeTests.smtplog(["merge", "--format", "json", "one.json", "two.json"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("two.json: host mx is already in one.json"), "\(result.stderr)")
        let report = try MergeTests.object(result.stdout)
        #expect(report["events"] as? Int == 1, "one host's reply, counted once")
        let same = try MergeTests.smtplog(["merge", "one.json", "one.json"], in: folder)
        #expect(same.status == 2 && same.stderr.contains("already in"))
        for bad in ["", "a b", "x\u{1b}[31m"] {
            #expect(try MergeTests.smtplog(["report", "--host", bad, log], in: folder).status == 64, "--host \(bad)")
        }
    }

    /// The JSON of one small host, as an object to spoil.
    static func sample(in folder: TemporaryFolder? = nil) throws -> [String: Any] {
        let folder = try folder ?? TemporaryFolder()
        let log = try folder.write("mail.log", """
            Nov 22 06:00:01 mx1 postfix/smtpd[1]: connect from unknown[192.0.2.1]
            Nov 22 06:00:02 mx1 postfix/smtpd[1]: warning: unknown[192.0.2.1]: SASL LOGIN authentication failed: UGFzc3dvcmQ6
            Nov 22 06:00:03 mx1 postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 <x@example.net>: Relay access denied; from=<a@example.org> to=<x@example.net> proto=ESMTP helo=<x>
            Nov 22 06:00:04 mx1 postfix/smtpd[1]: disconnect from unknown[192.0.2.1] ehlo=1 auth=0/1 mail=1 rcpt=0/1 commands=2/4

            """)
        var options = AnalysisOptions(startingYear: 2026)
        options.threads = 1
        var report = Report(inputs: [Analyzer(options: options).analyze(InputName(log))])
        report.name(host: "mx1")
        return try object(report.rendered(.json))
    }

    static func refusal(_ document: [String: Any]) throws -> String? {
        let data = try JSONSerialization.data(withJSONObject: document)
        do {
            _ = try MergeInput.payload(of: data, file: "/srv/hosts/mx1.json", rules: RuleSet())
            return nil
        } catch {
            return error.description
        }
    }

    /// Sets the value at `path` (object keys, or array indexes as numbers).
    static func setting(_ value: Any, at path: [Any], in document: Any) -> Any {
        guard let first = path.first else { return value }
        if var array = document as? [Any], let index = first as? Int {
            array[index] = setting(value, at: Array(path.dropFirst()), in: array[index])
            return array
        }
        var object = document as? [String: Any] ?? [:]
        let key = first as? String ?? ""
        object[key] = setting(value, at: Array(path.dropFirst()), in: object[key] as Any)
        return object
    }

    @Test("numbers out of range, bad keys and lists past their capacity are refused with the file's name")
    func malformedRefused() throws {
        let good = try MergeTests.sample()
        #expect(try MergeTests.refusal(good) == nil)
        let summary: [Any] = ["merge", "summary"]
        let cases: [(path: [Any], value: Any, message: String)] = [
            (summary + ["lines", "read"], -5, "-5 at merge.summary.lines.read is not a count"),
            (summary + ["lines", "events"], 1.5, "1.5 at merge.summary.lines.events is not a count"),
            (summary + ["lines", "blank"], 1e30, "is not a count from 0 to"),
            (summary + ["lines", "read"], 1 << 50, "the count figures add up past 1125899906842624"),
            (summary + ["codes"], [[700, ["total": 1, "inbound": 1, "outbound": 0, "implied": 0]]], "700 is not a reply code"),
            (summary + ["key_capacity"], 1_000_000_000, "key capacity 1000000000 is outside"),
            (summary + ["auth_users"], ["capacity": 2, "counts": [["a", 1], ["b", 1], ["c", 1]], "other_events": 0, "dropped_keys": 0],
             "3 keys in a list of 2"),
            (summary + ["auth_users"], ["capacity": 8, "counts": [["a", 1], ["a", 2]], "other_events": 0, "dropped_keys": 0],
             "a key is listed twice"),
            (summary + ["traffic", "messages", "in_flight_capacity"], 1 << 40, "in-flight capacity"),
            (summary + ["traffic", "system_messages", "by_level"], [1, 2], "2 levels, not 4"),
            (summary + ["time_series", "hours"], [[2026_13_22_06, ["positive": 1, "intermediate": 0, "transient": 0, "permanent": 0]]],
             "2026132206 is not an hour"),
            (summary + ["first"], "yesterday", "not a time"),
            (["merge", "rules", "relay_host_auth", "servers", "rows"],
             [[[250, "smtp.example.net"], ["count": 1, "held_back": 0, "codes": ["items": [], "more": 0], "peak_in_window": 0,
                                          "recent": [], "window": 0]]], "reply topic 250 is unknown"),
            (["merge", "hosts", 0, "host"], "", "is not a host name"),
            (["merge", "rules", "client_auth_failures"], NSNull(), "client_auth_failures"),
        ]
        for example in cases {
            let spoiled = try #require(MergeTests.setting(example.value, at: example.path, in: good) as? [String: Any])
            let message = try MergeTests.refusal(spoiled)
            #expect(message?.hasPrefix("/srv/hosts/mx1.json: ") == true, "\(example.path): \(message ?? "accepted")")
            #expect(message?.contains(example.message) == true, "\(example.path): \(message ?? "accepted")")
        }
        var unknownRule = good
        unknownRule = try #require(MergeTests.setting(["x": 1], at: ["merge", "rules", "made_up"], in: unknownRule) as? [String: Any])
        #expect(try MergeTests.refusal(unknownRule)?.contains("rules this smtplog does not have: made_up") == true)
        var noPayload = good
        noPayload["merge"] = nil
        #expect(try MergeTests.refusal(noPayload)?.contains("no merge payload") == true)
        let truncated = try JSONSerialization.data(withJSONObject: good).prefix(500)
        #expect(throws: MergeInput.Failure.self) { try MergeInput.payload(of: Data(truncated), file: "cut.json", rules: RuleSet()) }
    }

    @Test("the scanner checks the payload's numbers and strings without building the document")
    func scanner() throws {
        func scan(_ text: String) -> String? {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { buffer in
                switch PayloadScanner.scan(buffer, limit: 1_000, stringLimit: 8) {
                case .success(let result): return "ok \(result.schema ?? "-") \(result.hasMerge)"
                case .failure(let error): return error.message
                }
            }
        }
        #expect(scan(#"{"schema" : "smtplog.report\/3", "merge" : {"a" : [[700, 1], [800, 2]]}}"#) == "ok smtplog.report/3 true")
        // A row's key is not summed; the first of a longer array is.
        #expect(scan(#"{"merge" : {"a" : [[1000, 1]], "b" : 999}}"#) == "ok - true")
        #expect(scan(#"{"merge" : {"a" : [1000, 1, 0]}}"#) == "the count figures add up past 1000 at merge.a[1]")
        #expect(scan(#"{"merge" : {"bytes" : 1000, "count" : 1000, "delay_sum" : 1000, "capacity" : 1000, "recent" : [999, 999]}}"#) == "ok - true")
        #expect(scan(#"{"merge" : {"count" : 1000, "other" : 1}}"#) == "the count figures add up past 1000 at merge.other")
        #expect(scan(#"{"merge" : {"a" : 1001}}"#) == "1001 at merge.a is not a count from 0 to 1000")
        #expect(scan(#"{"merge" : {"a" : [-1]}}"#) == "-1 at merge.a[0] is not a count from 0 to 1000")
        #expect(scan(#"{"merge" : {"a" : "123456789"}, "other" : 5.5}"#) == "a string longer than 8 bytes at merge.a")
        #expect(scan(#"{"other" : "123456789", "n" : -5.5, "merge" : {}}"#) == "ok - true")
        #expect(scan(#"{"merge" : "# + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}")?
            .hasPrefix("not JSON: nested more than 64 deep") == true)
        #expect(scan(#"{"merge" : {"a" : [1, 2"#)?.hasPrefix("not JSON: the JSON ends early") == true)
        #expect(scan(#"{"merge" : {}} x"#)?.hasPrefix("not JSON: more follows the report") == true)
        #expect(scan("[1]") == "not a report: the JSON is not an object")
        #expect(scan("") == "not a report: the JSON is not an object")
    }

    /// The compromised-account rules are not carried yet: their trails join logins to failures
    /// and queue ids to logins, which means nothing across hosts, and their coding with range
    /// checks is still to write. A merge makes none of their findings (README, Fleets); each
    /// host's own report does. Any other rule must travel.
    static let notYetMergeable: Set<String> = ["password_guessed", "account_networks", "account_volume"]

    @Test("every rule's accumulator travels in the payload: a rule added without Codable would find nothing in a merge")
    func everyRuleMergeable() {
        for rule in RuleSet().rules {
            let section = type(of: rule).section
            #expect(rule.isMergeable != MergeTests.notYetMergeable.contains(section),
                    "\(section): make its Accumulator Codable (see Merge/PayloadCoding.swift)")
        }
    }

    @Test("the payload is written the same way by every process, whatever its hash seed")
    func deterministicPayload() throws {
        let folder = try TemporaryFolder()
        let options = try GeneratorArguments.options(MergeTests.hosts[0].arguments)
        let log = folder.path("a.log")
        _ = try LogGenerator.write(options, to: log, truth: nil)
        let arguments = ["report", "--year", "\(options.start.year)", "--host", "a", "--format", "json", log]
        let first = try MergeTests.smtplog(arguments, in: folder), second = try MergeTests.smtplog(arguments, in: folder)
        #expect(first.status == 0 && !first.stdout.isEmpty)
        #expect(first.stdout == second.stdout)
        let payload = try #require(try MergeTests.object(first.stdout)["merge"] as? [String: Any])
        let summary = try #require(payload["summary"] as? [String: Any])
        let users = try #require(summary["auth_users"] as? [String: Any])
        #expect(users["capacity"] as? Int == CappedCountsDefaults.capacity)
        let counts = try #require(users["counts"] as? [[Any]])
        let names = counts.compactMap { $0.first as? String }
        #expect(names.count > 1 && names == names.sorted())
    }
}

/// A seeded generator, so that a failing order can be replayed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D4_9BB2_1331_11EB
        return z ^ (z >> 31)
    }
}
