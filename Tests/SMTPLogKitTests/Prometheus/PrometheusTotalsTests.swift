import Foundation
import Testing
@testable import SMTPLogKit

/// True counters across runs: with `--state`, the state carries each counter's total, every
/// run's textfile shows the totals since the state was made, and the state saves what the file
/// showed; totals in a state are range-checked like every number there; without `--state`, the
/// file describes one run.
@Suite("Prometheus counters' totals in the --state", .serialized)
struct PrometheusTotalsTests {
    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try CommandLineTests.smtplog(arguments)
    }

    static func counters(_ path: String) throws -> [String: Double] {
        try PrometheusTextfile(path: path).values.filter { $0.key.contains("_total") }
    }

    static func stateTotals(_ path: String) throws -> [String: Double] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        var totals: [String: Double] = [:]
        for total in object?["totals"] as? [[String: Any]] ?? [] {
            totals[total["series"] as? String ?? ""] = (total["value"] as? NSNumber)?.doubleValue
        }
        return totals
    }

    @Test("runs over a growing log: the file's counters are the sums of the runs' JSON; the state holds what the file showed")
    func countersGrowAcrossRuns() throws {
        let folder = try TemporaryFolder()
        let log = try folder.write("mail.log", SyntheticMailLog.lines(0..<500))
        let state = folder.path("state")
        let prom = folder.path("smtplog.prom")
        var runs: [[String: Any]] = []
        for (index, more) in [0..<0, 500..<1_200, 1_200..<1_201, 1_201..<1_201].enumerated() {
            try SyntheticMailLog.append(log, SyntheticMailLog.lines(more))
            let json = folder.path("run.json")
            let result = try PrometheusTotalsTests.run(["report", "--year", "2026", "--state", state,
                                                        "--output", "prometheus:" + prom, "--output", "json:" + json, log])
            #expect(result.status == 0, "\(result.stderr)")
            runs.append(try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]))
            let expected = PrometheusScrapeTests.expected(from: runs).filter { $0.key.contains("_total") }
            let shown = try PrometheusTotalsTests.counters(prom)
            #expect(shown == expected, "run \(index + 1)")
            #expect(try PrometheusTotalsTests.stateTotals(state) == shown, "run \(index + 1): the state saves what the file showed")
        }
        #expect(runs.map { $0["lines"] as? Int } == [500, 700, 1, 0])
        let shown = try PrometheusTotalsTests.counters(prom)
        #expect(shown.filter { $0.key.hasPrefix("smtplog_lines_total") }.values.reduce(0, +) == 1_201)
        let whole = try PrometheusTotalsTests.run(["report", "--year", "2026", "--format", "prometheus", log])
        #expect(PrometheusTextfile(text: whole.stdout).values.filter { $0.key.contains("_total") && !$0.key.hasPrefix("smtplog_read_bytes") }
                == shown.filter { !$0.key.hasPrefix("smtplog_read_bytes") },
                "the runs' totals are one run over the whole log")
    }

    @Test("without --state each file describes its own run; a new state starts the counters again")
    func oneRunWithoutState() throws {
        let folder = try TemporaryFolder()
        let log = try folder.write("mail.log", SyntheticMailLog.lines(0..<300))
        let first = try PrometheusTotalsTests.run(["report", "--year", "2026", "--format", "prometheus", log])
        let second = try PrometheusTotalsTests.run(["report", "--year", "2026", "--format", "prometheus", log])
        let events = "smtplog_lines_total{kind=\"events\"}"
        #expect(PrometheusTextfile(text: first.stdout).values[events] == PrometheusTextfile(text: second.stdout).values[events])

        let state = folder.path("state")
        for _ in 0..<2 { _ = try PrometheusTotalsTests.run(["report", "--year", "2026", "--state", state, "--format", "json", log]) }
        try SyntheticMailLog.append(log, SyntheticMailLog.lines(300..<310))
        let grown = try PrometheusTotalsTests.run(["report", "--year", "2026", "--state", state, "--format", "prometheus", log])
        #expect(PrometheusTextfile(text: grown.stdout).values.filter { $0.key.hasPrefix("smtplog_lines_total") }.values.reduce(0, +) == 310,
                "runs of any format keep the totals")
        try FileManager.default.removeItem(atPath: state)
        try SyntheticMailLog.append(log, SyntheticMailLog.lines(310..<320))
        let reset = try PrometheusTotalsTests.run(["report", "--year", "2026", "--state", state, "--format", "prometheus", log])
        #expect(PrometheusTextfile(text: reset.stdout).values.filter { $0.key.hasPrefix("smtplog_lines_total") }.values.reduce(0, +) == 320,
                "a new state reads the log in full and starts its counters from it")
    }

    @Test("a textfile that cannot be written: status 2, the state's totals do not move, the next run counts those lines once")
    func failedWriteMovesNoTotals() throws {
        let folder = try TemporaryFolder()
        let log = try folder.write("mail.log", SyntheticMailLog.lines(0..<200))
        let state = folder.path("state")
        let prom = folder.path("smtplog.prom")
        _ = try PrometheusTotalsTests.run(["report", "--year", "2026", "--state", state, "--output", "prometheus:" + prom, log])
        let saved = try PrometheusTotalsTests.stateTotals(state)
        try SyntheticMailLog.append(log, SyntheticMailLog.lines(200..<260))
        let blocked = folder.path("blocked")
        try FileManager.default.createDirectory(atPath: blocked, withIntermediateDirectories: false)
        let failed = try PrometheusTotalsTests.run(["report", "--year", "2026", "--state", state,
                                                    "--output", "prometheus:" + prom, "--output", "prometheus:" + blocked, log])
        #expect(failed.status == 2, "\(failed.stderr)")
        #expect(try PrometheusTotalsTests.stateTotals(state) == saved)
        _ = try PrometheusTotalsTests.run(["report", "--year", "2026", "--state", state, "--output", "prometheus:" + prom, log])
        #expect(try PrometheusTotalsTests.counters(prom).filter { $0.key.hasPrefix("smtplog_lines_total") }.values.reduce(0, +) == 260)
    }

    // MARK: the state file

    static func stateText(totals: String) -> String {
        """
        {"schema": "smtplog.state/2", "host": "\(ReadState.hostName)", "generation": 3, "files": [], "totals": \(totals)}
        """
    }

    @Test("totals are saved sorted by series and read back; a state without them reads with none")
    func roundTrip() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("state")
        let totals = ["smtplog_lines_total{kind=\"events\"}": 12, "smtplog_auth_failures_total{direction=\"inbound\"}": 4]
        try ReadState(generation: 2, totals: totals).save(path: path)
        let loaded = try #require(try ReadState.load(path: path))
        #expect(loaded.counterTotals == totals)
        #expect(loaded.totals.map(\.series) == totals.keys.sorted())
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"series\" : \"smtplog_lines_total{kind=\\\"events\\\"}\""), "the series is saved as written, not key-converted")

        try folder.write("old", "{\"schema\": \"smtplog.state/2\", \"host\": \"\(ReadState.hostName)\", \"generation\": 3, \"files\": []}")
        #expect(try ReadState.load(path: folder.path("old"))?.totals == [])
        let incremental = IncrementalRun(state: loaded, names: [])
        #expect(incremental.totals == totals)
        #expect(incremental.nextState(after: [], totals: ["smtplog_read_bytes_total": 9]).counterTotals == ["smtplog_read_bytes_total": 9])
    }

    @Test("totals out of range make the state unusable, with a message naming them: a full read and counters from zero",
          arguments: [
            ("[{\"series\": \"smtplog_lines_total{kind=\\\"events\\\"}\", \"value\": -1}]", "out of range"),
            ("[{\"series\": \"smtplog_lines_total{kind=\\\"events\\\"}\", \"value\": 1152921504606846977}]", "out of range"),
            ("[{\"series\": \"smtplog_lines_total{kind=\\\"events\\\"}\", \"value\": 9223372036854775807}]", "out of range"),
            ("[{\"series\": \"smtplog_lines_total{kind=\\\"events\\\"}\", \"value\": 1}, {\"series\": \"smtplog_lines_total{kind=\\\"events\\\"}\", \"value\": 2}]", "given twice"),
            ("[{\"series\": \"smtplog_users_total{user=\\\"root\\\"}\", \"value\": 1}]", "unknown series"),
            ("[{\"series\": \"smtplog_lines_total{kind=\\\"events\\\"}\\n# TYPE x gauge\", \"value\": 1}]", "unknown series"),
            ("[{\"series\": \"smtplog_lines_total\", \"value\": 1.5}]", "damaged"),
            ("{\"smtplog_lines_total\": 1}", "damaged"),
          ])
    func totalsOutOfRange(_ totals: String, _ message: String) throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("state", PrometheusTotalsTests.stateText(totals: totals))
        #expect(throws: ReadState.Unusable.self) { try ReadState.load(path: path) }
        do {
            _ = try ReadState.load(path: path)
        } catch {
            #expect(error.description.contains(message) && error.description.contains("reading every input in full"), "\(error)")
            #expect(!error.description.contains("\n"), "the series is shown escaped")
        }
        let log = try folder.write("mail.log", SyntheticMailLog.lines(0..<50))
        let result = try PrometheusTotalsTests.run(["report", "--year", "2026", "--state", path, "--format", "prometheus", log])
        #expect(result.status == 0 && result.stderr.contains(message), "\(result.stderr)")
        #expect(PrometheusTextfile(text: result.stdout).values.filter { $0.key.hasPrefix("smtplog_lines_total") }.values.reduce(0, +) == 50)
        #expect(!result.stdout.contains("smtplog_users_total"))
    }
}
