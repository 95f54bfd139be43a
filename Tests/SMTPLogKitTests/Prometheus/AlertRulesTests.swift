import Foundation
import Testing
@testable import SMTPLogKit

/// The ready-made pieces in `Config/prometheus`: the alerting rules pass `promtool check
/// rules` and their unit tests (`promtool test rules`), and name only metrics smtplog writes;
/// the textfile service writes where Debian's node_exporter reads.
@Suite("Config/prometheus: alerting rules and the textfile job")
struct AlertRulesTests {
    static let folder = Shell.packageRoot.appendingPathComponent("Config/prometheus")

    static func promtool(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let result = try Shell.run(PrometheusServers.promtool!, arguments, directory: folder)
        return (result.status, String(decoding: result.stdout, as: UTF8.self) + result.stderr)
    }

    @Test("promtool check rules accepts smtplog-alerts.yml",
          .enabled(if: PrometheusServers.promtool != nil, "promtool is not installed (.ci/setup installs prometheus)"))
    func checkRules() throws {
        let result = try AlertRulesTests.promtool(["check", "rules", "smtplog-alerts.yml"])
        #expect(result.status == 0 && result.output.contains("SUCCESS: 8 rules found"), "\(result.output)")
    }

    @Test("promtool test rules: every alert fires where it must and stays quiet where it must not",
          .enabled(if: PrometheusServers.promtool != nil, "promtool is not installed (.ci/setup installs prometheus)"))
    func testRules() throws {
        let result = try AlertRulesTests.promtool(["test", "rules", "smtplog-alerts.test.yml"])
        #expect(result.status == 0 && result.output.contains("SUCCESS"), "\(result.output)")
        // Every alert has a test of its own.
        let rules = try String(contentsOf: AlertRulesTests.folder.appendingPathComponent("smtplog-alerts.yml"), encoding: .utf8)
        let tests = try String(contentsOf: AlertRulesTests.folder.appendingPathComponent("smtplog-alerts.test.yml"), encoding: .utf8)
        let alerts = AlertRulesTests.words(after: "- alert: ", in: rules)
        #expect(alerts.count == 8)
        #expect(alerts == AlertRulesTests.words(after: "alertname: ", in: tests))
    }

    @Test("the rules and their tests name only metrics smtplog writes, with their labels")
    func metricNamesExist() throws {
        let families = Set(PrometheusMetrics.families.map(\.name))
        for file in ["smtplog-alerts.yml", "smtplog-alerts.test.yml"] {
            let text = try String(contentsOf: AlertRulesTests.folder.appendingPathComponent(file), encoding: .utf8)
            let names = AlertRulesTests.matches("smtplog_[a-z_]+", in: text).filter { !$0.hasSuffix("_") }
            #expect(!names.isEmpty)
            for name in names { #expect(families.contains(name), "\(file): \(name) is not a metric smtplog writes") }
            for kind in AlertRulesTests.matches("kind=~?\"[a-z_|]+\"", in: text) {
                let listed = kind.split(separator: "\"")[1].split(separator: "|").map(String.init)
                for name in listed {
                    let known = PrometheusMetrics.findingKinds.map(\.rawValue) + ["events", "understood", "not_understood", "other_programs"]
                    #expect(known.contains(name), "\(file): kind \(name)")
                }
            }
        }
    }

    @Test("the textfile job writes where Debian's node_exporter reads, with a state of its own, every five minutes")
    func textfileJob() throws {
        let service = try String(contentsOf: AlertRulesTests.folder.appendingPathComponent("smtplog-metrics.service"), encoding: .utf8)
        let timer = try String(contentsOf: AlertRulesTests.folder.appendingPathComponent("smtplog-metrics.timer"), encoding: .utf8)
        #expect(service.contains("--output prometheus:/var/lib/prometheus/node-exporter/smtplog.prom"))
        #expect(service.contains("--state /var/lib/smtplog/metrics.state") && service.contains("StateDirectoryMode=0700"))
        #expect(timer.contains("OnCalendar=*:0/5"))
        let readme = try String(contentsOf: Shell.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("install -m 644 /dev/null /var/lib/prometheus/node-exporter/smtplog.prom"),
                "the README creates the textfile readable by node_exporter before the first run")
    }

    static func words(after prefix: String, in text: String) -> Set<String> {
        Set(text.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: prefix) else { return nil }
            return String(line[range.upperBound...]).trimmingCharacters(in: .whitespaces)
        })
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        var found: [String] = []
        var rest = text[...]
        while let range = rest.range(of: pattern, options: .regularExpression) {
            found.append(String(rest[range]))
            rest = rest[range.upperBound...]
        }
        return found
    }
}
