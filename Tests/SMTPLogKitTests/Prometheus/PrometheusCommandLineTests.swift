import Foundation
import Testing
@testable import SMTPLogKit
#if canImport(Glibc)
import Glibc
#endif

/// The golden `samples/postfix.report.prom` holds a fixed clock: the two clock lines are the
/// only values no log fixes. The golden test puts these in place of the run's own, and the
/// run's own are checked here against the real clock. The binary has no switch to fix its
/// clock: a variable meant for tests, left set in a cron job, would freeze the timestamp that
/// the stale-metrics alert watches.
enum PrometheusGolden {
    /// 2026-11-22 14:05 UTC, just after the sample log's last line.
    static let finished = "1795356300"
    static let duration = "0.012"

    static func fixingClock(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            if line.hasPrefix("smtplog_last_run_timestamp_seconds ") { return "smtplog_last_run_timestamp_seconds \(finished)" }
            if line.hasPrefix("smtplog_last_run_duration_seconds ") { return "smtplog_last_run_duration_seconds \(duration)" }
            return String(line)
        }.joined(separator: "\n")
    }
}

@Suite("smtplog report --format prometheus", .serialized)
struct PrometheusCommandLineTests {
    @Test("the clock lines are the run's: its end between the times around it, its duration within them")
    func runClock() throws {
        var before = timespec(), after = timespec()
        clock_gettime(CLOCK_REALTIME, &before)
        let result = try CommandLineTests.smtplog(["report", "--year", "2026", "--format", "prometheus", "samples/postfix.log"])
        clock_gettime(CLOCK_REALTIME, &after)
        #expect(result.status == 0)
        let values = PrometheusTextfile(text: result.stdout).values
        let start = Double(before.tv_sec) + Double(before.tv_nsec) / 1e9, end = Double(after.tv_sec) + Double(after.tv_nsec) / 1e9
        let finished = try #require(values["smtplog_last_run_timestamp_seconds"])
        let duration = try #require(values["smtplog_last_run_duration_seconds"])
        #expect(finished >= start - 0.001 && finished <= end + 0.001, "\(start) ≤ \(finished) ≤ \(end)")
        #expect(duration >= 0 && duration <= end - start + 0.001)
        let golden = try String(contentsOf: Shell.packageRoot.appendingPathComponent("samples/postfix.report.prom"), encoding: .utf8)
        #expect(PrometheusGolden.fixingClock(result.stdout) == golden)
        #expect(result.stdout != golden, "the run's own clock, not the golden's")
    }

    @Test("the golden file passes promtool check metrics",
          .enabled(if: PrometheusServers.promtool != nil, "promtool is not installed (.ci/setup installs prometheus)"))
    func goldenPassesPromtool() throws {
        let golden = try Data(contentsOf: Shell.packageRoot.appendingPathComponent("samples/postfix.report.prom"))
        let result = try Shell.run(PrometheusServers.promtool!, ["check", "metrics"], stdin: golden)
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
    }

    @Test("--output prometheus:FILE as the README sets it up: created 0644 first, it stays readable by node_exporter")
    func textfileMode() throws {
        let folder = try TemporaryFolder()
        let prom = folder.path("smtplog.prom")
        let fresh = folder.path("fresh.prom")
        // The README's step: install -m 644 /dev/null …/smtplog.prom
        let install = try Shell.run("/usr/bin/install", ["-m", "644", "/dev/null", prom])
        #expect(install.status == 0)
        let result = try CommandLineTests.smtplog(["report", "--year", "2026", "--output", "prometheus:" + prom,
                                                   "--output", "prometheus:" + fresh, "samples/postfix.log"])
        #expect(result.status == 0 && result.stdout.isEmpty, "\(result.stderr)")
        func mode(_ path: String) -> mode_t {
            var info = stat()
            return stat(path, &info) == 0 ? info.st_mode & 0o777 : 0
        }
        #expect(mode(prom) == 0o644)
        #expect(mode(fresh) == 0o600, "a new file is private: the README says to create it first")
        #expect(PrometheusTextfile(text: try String(contentsOfFile: prom, encoding: .utf8)).values["smtplog_up"] == 1)
    }

    @Test("the textfile's temporary is never a *.prom file that node_exporter would read half-written")
    func temporaryIsNotRead() throws {
        let folder = try TemporaryFolder()
        let file = try AtomicFile(replacing: folder.path("smtplog.prom"), permissions: .keepExisting)
        defer { file.discard() }
        let name = (file.temporaryPath as NSString).lastPathComponent
        #expect(name.hasPrefix(".smtplog.prom.tmp-") && !name.hasSuffix(".prom"), "\(name)")
    }

    @Test("prometheus is a format and an --output prefix; the help names it")
    func formatName() throws {
        #expect(ReportFormat(rawValue: "prometheus") == .prometheus)
        let help = try CommandLineTests.smtplog(["report", "--help"])
        #expect(help.stdout.contains("prometheus"))
        let both = try CommandLineTests.smtplog(["report", "--year", "2026", "--format", "json", "--output", "prometheus:/dev/null/x",
                                                 "samples/postfix.log"])
        #expect(both.status == 2 && both.stderr.contains("/dev/null/x"), "the prefix names the format, the rest the file: \(both.stderr)")
    }
}
