import Foundation
import MailLogGenerator
import Testing
@testable import SMTPLogKit

/// The textfile as the real thing reads it: node_exporter's textfile collector serves what
/// `smtplog report --state … --output prometheus:FILE` wrote, Prometheus scrapes it every
/// second, and what Prometheus stored is checked against the JSON reports of the same runs
/// over a log that grows between them: counters that only grow, by exactly the lines added.
@Suite("Prometheus scraping smtplog's textfile through node_exporter", .serialized)
struct PrometheusScrapeTests {
    static let serversInstalled = PrometheusServers.prometheus != nil && PrometheusServers.nodeExporter != nil

    @Test("three runs over a growing log: Prometheus stores the JSON's figures, and increase() is the lines added",
          .enabled(if: serversInstalled, "prometheus or prometheus-node-exporter is not installed (.ci/setup installs them)"))
    func countersAcrossRuns() throws {
        let folder = try TemporaryFolder()
        let options = try GeneratorArguments.options(["--flavor", "postfix", "--size", "300K", "--seed", "21"])
        let generated = try LogGenerator.write(options, to: folder.path("whole.log"), truth: nil)
        let truth = try #require(try JSONSerialization.jsonObject(with: Data(generated.truthJSON.utf8)) as? [String: Any])
        let whole = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder.path("whole.log"))))
        let parts = PrometheusScrapeTests.split(whole, at: [0.3, 0.65])

        let servers: PrometheusServers
        do {
            servers = try PrometheusServers(folder: folder)
        } catch let unavailable as PrometheusServers.Unavailable {
            try PrometheusScrapeTests.skip("Prometheus or node_exporter could not start: \(unavailable)")
        }
        defer { servers.stop() }

        let log = folder.path("mail.log")
        let state = folder.path("smtplog.state")
        let textfile = servers.textfileDirectory + "/smtplog.prom"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        var runs: [[String: Any]] = []
        var stamps: [Double] = []
        for (index, part) in parts.enumerated() {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(part))
            try handle.close()
            let json = folder.path("run-\(index + 1).json")
            let result = try Shell.run(Shell.smtplog, ["report", "--year", "\(GeneratedTruthTests.startYear(truth))",
                                                       "--state", state, "--output", "prometheus:" + textfile,
                                                       "--output", "json:" + json, log])
            #expect(result.status == 0, "run \(index + 1): \(result.stderr)")
            runs.append(try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]))

            // Wait for the scrape that carries this run's file, then read every smtplog series.
            let written = try PrometheusTextfile(path: textfile)
            let stamp = try #require(written.values["smtplog_last_run_timestamp_seconds"])
            stamps.append(stamp)
            try servers.waitUntil(seconds: 15, "the scrape of run \(index + 1)") {
                try servers.query("smtplog_last_run_timestamp_seconds").first?.value == stamp
            }
            var stored: [String: Double] = [:]
            for sample in try servers.query("{__name__=~\"smtplog_.*\"}") { stored[PrometheusTextfile.key(sample.labels)] = sample.value }
            #expect(stored == written.values, "run \(index + 1): Prometheus stored other values than the file held")

            let clock: Set<String> = ["smtplog_last_run_timestamp_seconds", "smtplog_last_run_duration_seconds", "smtplog_warnings"]
            let expected = PrometheusScrapeTests.expected(from: runs)
            #expect(stored.filter { !clock.contains($0.key) } == expected,
                    "run \(index + 1): stored series differ from the JSON reports' figures")
            #expect(try servers.query("node_textfile_scrape_error").first?.value == 0)
        }

        // After the last run the counters hold what one run over the whole log reports.
        let final = try servers.query("{__name__=~\"smtplog_.*_total\"}")
        func stored(_ name: String, _ labels: [String: String] = [:]) -> Double {
            final.filter { sample in
                sample.labels["__name__"] == name && labels.allSatisfy { key, value in sample.labels[key] == value }
            }.reduce(0) { $0 + $1.value }
        }
        #expect(stored("smtplog_lines_total") == PrometheusScrapeTests.number(truth["lines"]))
        #expect(stored("smtplog_lines_total", ["kind": "events"]) == PrometheusScrapeTests.number(truth["events"]))
        for (code, count) in try #require(truth["codes"] as? [String: Any]) {
            #expect(stored("smtplog_replies_total", ["code": code]) == PrometheusScrapeTests.number(count), "code \(code)")
        }
        // Messages are counted by line, so runs add up to the truth; bytes delivered need a
        // message's size from its arrival, which an earlier run read, so they are not checked here.
        let messages = try #require(truth["messages"] as? [String: Any])
        for status in ["received", "delivered", "deferred", "bounced", "rejected"] {
            #expect(stored("smtplog_messages_total", ["status": status]) == PrometheusScrapeTests.number(messages[status]), "messages \(status)")
        }
        #expect(stored("smtplog_smtp_connections_total") == PrometheusScrapeTests.number((truth["sessions"] as? [String: Any])?["connections"]))
        for group in ["auth_failures", "relay_refusals"] {
            let tally = try #require(truth[group] as? [String: Any])
            for direction in ["inbound", "outbound"] {
                #expect(stored("smtplog_\(group)_total", ["direction": direction]) == PrometheusScrapeTests.number(tally[direction]),
                        "\(group) \(direction)")
            }
        }

        // increase() over a range that starts on the last sample of one run's file and ends on
        // the first sample of a later one's: no extrapolation, so exactly the lines added.
        let timeline = try #require(try servers.rawSamples("smtplog_last_run_timestamp_seconds[10m]").first?.samples)
        var measured: [String] = []
        for (from, to) in [(0, 1), (1, 2), (0, 2)] {
            let start = try #require(timeline.last { $0.value == stamps[from] })
            let end = try #require(timeline.first { $0.value == stamps[to] })
            let range = "\(Int(((end.time - start.time) * 1000).rounded()))ms"
            let at = String(format: "%.3f", end.time)
            let lines = try servers.query("sum(increase(smtplog_lines_total[\(range)]))", at: at).first?.value
            let events = try servers.query("increase(smtplog_lines_total{kind=\"events\"}[\(range)])", at: at).first?.value
            let failures = try servers.query("increase(smtplog_auth_failures_total{direction=\"inbound\"}[\(range)])", at: at).first?.value
            let added = runs[(from + 1)...to]
            #expect(lines == added.reduce(0) { $0 + PrometheusScrapeTests.number($1["lines"]) }, "lines added, runs \(from + 2) to \(to + 1)")
            #expect(events == added.reduce(0) { $0 + PrometheusScrapeTests.number($1["events"]) }, "events added, runs \(from + 2) to \(to + 1)")
            #expect(failures == added.reduce(0) { $0 + PrometheusScrapeTests.number(($1["auth_failures"] as? [String: Any])?["inbound"]) },
                    "inbound auth failures added, runs \(from + 2) to \(to + 1)")
            measured.append("runs \(from + 2)-\(to + 1) over \(range): increase lines \(lines ?? -1), events \(events ?? -1), inbound auth failures \(failures ?? -1)")
        }
        print("Prometheus: lines per run \(runs.map { Int(PrometheusScrapeTests.number($0["lines"])) }), "
              + "stored total \(Int(stored("smtplog_lines_total"))) (truth \(Int(PrometheusScrapeTests.number(truth["lines"])))); "
              + measured.joined(separator: "; "))
    }

    /// What Prometheus must hold after these runs, from their JSON alone: the counters summed
    /// over the runs, the gauges of the last.
    static func expected(from runs: [[String: Any]]) -> [String: Double] {
        var expected: [String: Double] = [:]
        for run in runs {
            for (kind, count) in run["line_counts"] as? [String: Any] ?? [:] where kind != "read" {
                expected["smtplog_lines_total{kind=\"\(kind)\"}", default: 0] += number(count)
            }
            for (direction, codes) in run["codes_by_direction"] as? [String: [String: Any]] ?? [:] {
                for (code, count) in codes {
                    expected["smtplog_replies_total{class=\"\(code.prefix(1))xx\",code=\"\(code)\",direction=\"\(direction)\"}", default: 0] += number(count)
                }
            }
            for (code, count) in run["implied_codes"] as? [String: Any] ?? [:] {
                expected["smtplog_implied_replies_total{class=\"\(code.prefix(1))xx\",code=\"\(code)\"}", default: 0] += number(count)
            }
            for group in ["auth_failures", "relay_refusals"] {
                let tally = run[group] as? [String: Any] ?? [:]
                for direction in ["inbound", "outbound"] {
                    expected["smtplog_\(group)_total{direction=\"\(direction)\"}", default: 0] += number(tally[direction])
                }
            }
            let inputs = run["inputs"] as? [[String: Any]] ?? []
            expected["smtplog_read_bytes_total", default: 0] += inputs.reduce(0) { $0 + number($1["bytes"]) }
            let messages = run["messages"] as? [String: Any] ?? [:]
            for status in ["received", "delivered", "deferred", "bounced", "rejected", "forwarded", "expired", "held", "discarded"] {
                expected["smtplog_messages_total{status=\"\(status)\"}", default: 0] += number(messages[status])
            }
            expected["smtplog_message_bytes_total{direction=\"received\"}", default: 0] += number(messages["bytes_received"])
            expected["smtplog_message_bytes_total{direction=\"delivered\"}", default: 0] += number(messages["bytes_delivered"])
            expected["smtplog_smtp_connections_total", default: 0] += number((run["sessions"] as? [String: Any])?["connections"])
            let system = run["system_messages"] as? [String: Any] ?? [:]
            for level in ["warning", "error", "fatal", "panic"] {
                expected["smtplog_system_messages_total{level=\"\(level)\"}", default: 0] += number(system[level])
            }
        }
        let last = runs.last ?? [:]
        for kind in PrometheusMetrics.findingKinds {
            for severity in Severity.allCases {
                expected["smtplog_findings{kind=\"\(kind.rawValue)\",severity=\"\(severity.rawValue)\"}"] = 0
                expected["smtplog_finding_events{kind=\"\(kind.rawValue)\",severity=\"\(severity.rawValue)\"}"] = 0
            }
        }
        for finding in last["findings"] as? [[String: Any]] ?? [] {
            let labels = "{kind=\"\(finding["kind"] as? String ?? "")\",severity=\"\(finding["severity"] as? String ?? "")\"}"
            expected["smtplog_findings" + labels, default: 0] += 1
            expected["smtplog_finding_events" + labels, default: 0] += number(finding["count"])
        }
        let inputs = last["inputs"] as? [[String: Any]] ?? []
        let errors = inputs.filter { $0["error"] is String }.count
        expected["smtplog_inputs"] = Double(inputs.count)
        expected["smtplog_input_errors"] = Double(errors)
        expected["smtplog_up"] = errors == 0 ? 1 : 0
        return expected
    }

    /// `bytes` cut into parts at line ends, near the given fractions.
    static func split(_ bytes: [UInt8], at fractions: [Double]) -> [[UInt8]] {
        var parts: [[UInt8]] = []
        var start = 0
        for fraction in fractions {
            var end = Int(Double(bytes.count) * fraction)
            while end < bytes.count && bytes[end - 1] != 0x0A { end += 1 }
            parts.append(Array(bytes[start..<end]))
            start = end
        }
        parts.append(Array(bytes[start...]))
        return parts
    }

    static func number(_ value: Any?) -> Double {
        (value as? NSNumber)?.doubleValue ?? 0
    }

    /// Skips the running test with `message` where the toolchain can (Swift 6.3's
    /// `Test.cancel`); before it, the message is printed and the test ends without checks.
    static func skip(_ message: String) throws -> Never {
        #if compiler(>=6.3)
        try Test.cancel(Comment(rawValue: message))
        #else
        print("skipped: \(message)")
        throw CancellationError()
        #endif
    }
}

/// A textfile read back: every sample's series and value.
struct PrometheusTextfile {
    var values: [String: Double] = [:]
    /// The families declared with `# TYPE`, in the order written.
    var types: [(name: String, type: String)] = []

    init(text: String) {
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                let fields = line.split(separator: " ")
                if fields.count == 4 { types.append((String(fields[2]), String(fields[3]))) }
                continue
            }
            if line.hasPrefix("#") { continue }
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            values[String(line[..<space])] = value
        }
    }

    init(path: String) throws {
        self.init(text: try String(contentsOfFile: path, encoding: .utf8))
    }

    /// A stored series' key as the file writes it: its name, then its labels sorted, without
    /// the `instance` and `job` labels Prometheus adds.
    static func key(_ labels: [String: String]) -> String {
        let name = labels["__name__"] ?? ""
        let rest = labels.filter { !["__name__", "instance", "job"].contains($0.key) }.sorted { $0.key < $1.key }
        guard !rest.isEmpty else { return name }
        return name + "{" + rest.map { "\($0.key)=\"\(PrometheusMetrics.escapedLabelValue($0.value))\"" }.joined(separator: ",") + "}"
    }
}
