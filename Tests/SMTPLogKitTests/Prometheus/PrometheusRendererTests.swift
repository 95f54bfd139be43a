import Foundation
import Testing
@testable import SMTPLogKit

/// `--format prometheus` in this process, with a fixed clock: the figures are the JSON
/// report's, the layout is the text exposition format (and promtool says so), labels come
/// from bounded sets only, and counters given by a state are shown as given.
@Suite("Prometheus exposition of a report")
struct PrometheusRendererTests {
    static let clock = PrometheusRenderer.Run(finished: 1_795_356_300.25, duration: 0.0421)

    static func report(_ sample: String, year: Int? = 2026) -> Report {
        let path = Shell.packageRoot.appendingPathComponent("samples/\(sample)").path
        return Report(inputs: [Analyzer(options: AnalysisOptions(startingYear: year)).analyze(InputName(path))])
    }

    static func render(_ report: Report, _ run: PrometheusRenderer.Run = clock) -> String {
        PrometheusRenderer(run: run).render(ReportModel(report))
    }

    static func json(_ report: Report) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(report.rendered(.json).utf8)) as? [String: Any])
    }

    @Test("every series of the sample logs equals the JSON report's figure; the clock is the one given",
          arguments: [("postfix.log", 2026), ("exim.log", nil)] as [(String, Int?)])
    func figuresAreTheJSONs(_ sample: String, _ year: Int?) throws {
        let report = PrometheusRendererTests.report(sample, year: year)
        #expect(report.summary.events > 0)
        let file = PrometheusTextfile(text: PrometheusRendererTests.render(report))
        var values = file.values
        #expect(values.removeValue(forKey: "smtplog_last_run_timestamp_seconds") == 1_795_356_300.25)
        #expect(values.removeValue(forKey: "smtplog_last_run_duration_seconds") == 0.042)
        #expect(values.removeValue(forKey: "smtplog_warnings") == Double(report.warnings.count))
        #expect(values == PrometheusScrapeTests.expected(from: [try PrometheusRendererTests.json(report)]))
        #expect(values.filter { $0.key.hasPrefix("smtplog_lines_total") }.values.reduce(0, +) == Double(report.summary.lines.read))
    }

    @Test("families sorted, each with HELP then TYPE then its series sorted; names follow Prometheus' conventions")
    func layout() throws {
        let text = PrometheusRendererTests.render(PrometheusRendererTests.report("postfix.log"))
        #expect(text == PrometheusRendererTests.render(PrometheusRendererTests.report("postfix.log")), "same report, same bytes")
        #expect(text.hasSuffix("\n") && !text.contains("\n\n"))
        var families: [String] = []
        var series: [String] = []
        var expecting = "HELP"
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            let fields = line.split(separator: " ")
            if line.hasPrefix("# HELP ") {
                #expect(expecting != "TYPE", "HELP without samples before: \(line)")
                #expect(series == series.sorted(), "series of \(families.last ?? "") not sorted")
                families.append(String(fields[2]))
                series = []
                expecting = "TYPE"
            } else if line.hasPrefix("# TYPE ") {
                #expect(expecting == "TYPE" && fields[2] == families.last!, "TYPE must follow its HELP: \(line)")
                let name = String(fields[2])
                #expect(fields[3] == (name.hasSuffix("_total") ? "counter" : "gauge"), "\(line): counters, and only they, end in _total")
                #expect(name.range(of: "^smtplog_[a-z]+(_[a-z]+)*$", options: .regularExpression) != nil, "\(name)")
                expecting = "sample"
            } else {
                #expect(expecting == "sample" || expecting == "more", "a sample before its family's TYPE: \(line)")
                #expect(fields.count == 2 && String(fields[0]).hasPrefix(families.last!), "\(line)")
                series.append(String(fields[0]))
                expecting = "more"
            }
        }
        #expect(families == families.sorted())
        #expect(Set(families) == Set(PrometheusMetrics.families.map(\.name)), "every family has a series for the sample log")
    }

    @Test("promtool check metrics accepts the samples' and a hostile log's metrics",
          .enabled(if: PrometheusServers.promtool != nil, "promtool is not installed (.ci/setup installs prometheus)"))
    func promtoolChecksMetrics() throws {
        let (hostile, _) = try HostileTextTests.report()
        for (name, report) in [("postfix", PrometheusRendererTests.report("postfix.log")),
                               ("exim", PrometheusRendererTests.report("exim.log", year: nil)), ("hostile", hostile)] {
            let text = PrometheusRendererTests.render(report)
            let result = try Shell.run(PrometheusServers.promtool!, ["check", "metrics"], stdin: Data(text.utf8))
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(result.stderr.isEmpty && result.stdout.isEmpty, "\(name): promtool's lint: \(result.stderr)")
        }
    }

    @Test("no log text becomes a label: a hostile log's series are those of the bounded sets")
    func labelsAreBounded() throws {
        let (report, _) = try HostileTextTests.report()
        HostileTextTests.reachesReport(report)
        let text = PrometheusRendererTests.render(report)
        #expect(!text.contains("script") && !text.contains("svg") && !text.contains("\u{1B}"), "log text reached the metrics")
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "\n" || $0.value >= 0x20) })
        for series in PrometheusTextfile(text: text).values.keys where series.hasSuffix("_total") || series.contains("_total{") {
            #expect(PrometheusMetrics.knownCounterSeries.contains(series), "\(series)")
        }
    }

    @Test("label values escape backslash, double quote and line feed; help text backslash and line feed")
    func escaping() {
        #expect(PrometheusMetrics.escapedLabelValue("a\\b\"c\nd") == "a\\\\b\\\"c\\nd")
        #expect(PrometheusMetrics.escapedLabelValue("2xx") == "2xx")
        #expect(PrometheusRenderer.escapedHelp("one\\two\nthree \"q\"") == "one\\\\two\\nthree \"q\"")
        let family = PrometheusMetrics.Family(name: "smtplog_x", type: .gauge, help: "")
        #expect(PrometheusMetrics.series(family, [("z", "1"), ("a", "q\"")]) == "smtplog_x{a=\"q\\\"\",z=\"1\"}")
    }

    @Test("the clock: seconds to the millisecond, never a trap or a negative number")
    func clock() {
        func shown(_ finished: Double, _ duration: Double) -> (String, String) {
            let run = PrometheusRenderer.Run(finished: finished, duration: duration)
            return (PrometheusRenderer.seconds(run.finishedMilliseconds), PrometheusRenderer.seconds(run.durationMilliseconds))
        }
        #expect(shown(1_795_356_300, 1.5) == ("1795356300", "1.5"))
        #expect(shown(1_795_356_300.0004, 0.0126) == ("1795356300", "0.013"))
        #expect(shown(1_795_356_300.25, 0.0005) == ("1795356300.25", "0.001"))
        #expect(shown(-5, -1) == ("0", "0"))
        #expect(shown(.nan, .infinity) == ("0", "0"))
        #expect(shown(1e300, 1e16) == ("0", "0"))
    }

    @Test("counters given by a state are shown as given: its totals plus the run's, series of earlier runs kept")
    func givenCounters() throws {
        let report = PrometheusRendererTests.report("postfix.log")
        let run = PrometheusMetrics.counters(of: report)
        let earlier = ["smtplog_replies_total{class=\"4xx\",code=\"421\",direction=\"inbound\"}": 3,
                       "smtplog_lines_total{kind=\"events\"}": 1_000, "smtplog_read_bytes_total": 50_000]
        let totals = PrometheusMetrics.adding(run, to: earlier)
        let values = PrometheusTextfile(text: PrometheusRendererTests.render(
            report, PrometheusRenderer.Run(finished: 1_795_356_300.25, duration: 0.0421, counters: totals))).values
        #expect(values["smtplog_replies_total{class=\"4xx\",code=\"421\",direction=\"inbound\"}"] == 3, "a code of an earlier run stays")
        #expect(values["smtplog_lines_total{kind=\"events\"}"] == Double(1_000 + report.summary.events))
        #expect(values["smtplog_read_bytes_total"] == Double(50_000 + report.inputs[0].bytesRead))
        #expect(values["smtplog_auth_failures_total{direction=\"inbound\"}"] == 22, "a series new to the totals starts at the run's count")
        // Gauges describe the run, whatever the totals.
        #expect(values["smtplog_findings{kind=\"password_guessing\",severity=\"critical\"}"] == 1)
    }

    @Test("a total past the maximum starts again from the run's count (a counter reset), never wraps")
    func totalsNeverWrap() {
        let series = "smtplog_lines_total{kind=\"events\"}"
        #expect(PrometheusMetrics.adding([series: 5], to: [series: PrometheusMetrics.maximumTotal]) == [series: 5])
        #expect(PrometheusMetrics.adding([series: 5], to: [series: PrometheusMetrics.maximumTotal - 5]) == [series: PrometheusMetrics.maximumTotal])
        #expect(PrometheusMetrics.adding([series: Int.max], to: [series: 1]) == [series: Int.max])
    }

    @Test("every kind of finding and every severity has its gauges, 0 when absent; the found ones are counted")
    func findingGauges() throws {
        let report = PrometheusRendererTests.report("postfix.log")
        let values = PrometheusTextfile(text: PrometheusRendererTests.render(report)).values
        let findings = values.filter { $0.key.hasPrefix("smtplog_findings{") }
        #expect(findings.count == PrometheusMetrics.findingKinds.count * Severity.allCases.count)
        #expect(findings.values.reduce(0, +) == Double(report.findings.count))
        for finding in report.findings {
            let labels = "{kind=\"\(finding.kind.rawValue)\",severity=\"\(finding.severity.rawValue)\"}"
            #expect((values["smtplog_findings" + labels] ?? 0) >= 1, "\(labels)")
            #expect((values["smtplog_finding_events" + labels] ?? 0) >= Double(finding.count), "\(labels)")
        }
        #expect(values["smtplog_findings{kind=\"log_stopped\",severity=\"warning\"}"] == 0)
    }

    @Test("the finding kinds exported are the kinds the rules declare")
    func findingKindsAreTheRules() throws {
        let rules = Shell.packageRoot.appendingPathComponent("Sources/SMTPLogKit/Findings/Rules")
        var declared = Set<String>()
        for file in try FileManager.default.contentsOfDirectory(atPath: rules.path) where file.hasSuffix(".swift") {
            let source = try String(contentsOf: rules.appendingPathComponent(file), encoding: .utf8)
            var rest = source[...]
            while let start = rest.range(of: "Finding.Kind(rawValue: \"") {
                let name = rest[start.upperBound...].prefix { $0 != "\"" }
                declared.insert(String(name))
                rest = rest[start.upperBound...]
            }
        }
        #expect(declared.count >= 14)
        #expect(Set(PrometheusMetrics.findingKinds.map(\.rawValue)) == declared)
    }

    @Test("smtplog_up is 0 and smtplog_input_errors counts the inputs that could not be read")
    func upWithAnUnreadableInput() throws {
        let analyzer = Analyzer(options: AnalysisOptions(startingYear: 2026))
        let sample = Shell.packageRoot.appendingPathComponent("samples/postfix.log").path
        let report = Report(inputs: [analyzer.analyze(InputName(sample)), analyzer.analyze(InputName("/no/such/mail.log"))])
        let values = PrometheusTextfile(text: PrometheusRendererTests.render(report)).values
        #expect(values["smtplog_up"] == 0 && values["smtplog_input_errors"] == 1 && values["smtplog_inputs"] == 2)
        let clean = PrometheusTextfile(text: PrometheusRendererTests.render(PrometheusRendererTests.report("postfix.log"))).values
        #expect(clean["smtplog_up"] == 1 && clean["smtplog_input_errors"] == 0 && clean["smtplog_inputs"] == 1)
    }

    @Test("a report of no lines still has every fixed series, at 0")
    func emptyReport() {
        let values = PrometheusTextfile(text: PrometheusRendererTests.render(Report(inputs: []))).values
        #expect(values["smtplog_lines_total{kind=\"events\"}"] == 0)
        #expect(values["smtplog_auth_failures_total{direction=\"outbound\"}"] == 0)
        #expect(values["smtplog_read_bytes_total"] == 0)
        #expect(!values.keys.contains { $0.hasPrefix("smtplog_replies_total") }, "no reply, no reply series")
        #expect(values["smtplog_up"] == 1)
    }
}
