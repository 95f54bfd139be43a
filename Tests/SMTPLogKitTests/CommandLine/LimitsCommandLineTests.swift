import Foundation
import Testing
@testable import SMTPLogKit

/// Numbers given on the command line or in the configuration are range-checked: a value outside
/// the documented range is a usage error (64) or a configuration error (2) that says the range,
/// and every value inside it works. Before, `--max-line-length 9223372036854775807` overflowed
/// the reader's buffer size and silently read only the first 2 MiB, and `window:
/// 99999999999999999d` wrapped to a negative window.
@Suite("Limits on options and configuration numbers", .serialized)
struct LimitsCommandLineTests {
    static func json(_ stdout: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
    }

    @Test("out-of-range numeric options are usage errors that state the range", arguments: [
        (["--max-line-length", "9223372036854775807"], "--max-line-length must be from 256 to 67108864 bytes"),
        (["--max-line-length", "67108865"], "--max-line-length must be from 256 to 67108864 bytes"),
        (["--max-line-length", "255"], "--max-line-length must be from 256 to 67108864 bytes"),
        (["--max-line-length=-1"], "--max-line-length must be from 256"),
        (["--top", "9223372036854775807"], "--top must be from 1 to 1000"),
        (["--top", "0"], "--top must be from 1 to 1000"),
        (["--threads", "9223372036854775807"], "--threads must be from 1 to 256"),
        (["--threads", "0"], "--threads must be from 1 to 256"),
        (["--year", "9223372036854775807"], "--year must be a year between 1970 and 9999"),
        (["--max-line-length", "99999999999999999999"], "max-line-length"),
    ])
    func outOfRange(arguments: [String], message: String) throws {
        let result = try CommandLineTests.smtplog(["report"] + arguments + ["samples/exim.log"])
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("smtplog lines checks --year too (a huge year overflowed the packed time and crashed)",
          arguments: ["9223372036854775807", "10000", "1969"])
    func linesYear(year: String) throws {
        let result = try CommandLineTests.smtplog(["lines", "--year", year, "samples/postfix.log"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--year must be a year between 1970 and 9999"), "stderr: \(result.stderr)")
        #expect(try CommandLineTests.smtplog(["lines", "--year", "9999", "samples/postfix.log"]).status == 0)
    }

    @Test("every accepted --max-line-length reads the whole file: the largest, the smallest, and one line over it")
    func maxLineLengthBounds() throws {
        let folder = try TemporaryFolder()
        let line = "Nov 22 06:25:01 mx postfix/smtpd[1]: warning: unknown[10.0.0.1]: SASL LOGIN authentication failed: UGFzc3dvcmQ6\n"
        // 3 MiB of ordinary lines around one 5 MiB line: more than the 2 MiB read before.
        let ordinary = String(repeating: line, count: 30_000)
        let long = "Nov 22 06:25:02 mx postfix/smtpd[1]: " + String(repeating: "x", count: 5 << 20) + "\n"
        let path = try folder.write("big.log", ordinary + long + ordinary)
        for (limit, oversized) in [("67108864", 0), ("256", 1), ("65536", 1)] {
            let result = try CommandLineTests.smtplog(["report", "--format", "json", "--year", "2026", "--threads", "1",
                                                       "--max-line-length", limit, path])
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let report = try LimitsCommandLineTests.json(result.stdout)
            #expect(report["lines"] as? Int == 60_001, "limit \(limit)")
            #expect(report["events"] as? Int == 60_000, "limit \(limit)")
            let kinds = try #require(report["line_counts"] as? [String: Any])
            #expect(kinds["oversized"] as? Int == oversized, "limit \(limit)")
        }
    }

    @Test("a window too long for a number of seconds is a configuration error with file, line and key (exit 2)")
    func configDurationOverflow() throws {
        let folder = try TemporaryFolder()
        let config = try folder.write("smtplog.yml", "version: 2\nauth_failures:\n  window: 99999999999999999d\n")
        let result = try CommandLineTests.smtplog(["report", "--config", config, "samples/exim.log"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(config):3: auth_failures.window: expected a duration of at most 366d"), "stderr: \(result.stderr)")
    }

    @Test("a configuration of 5,000 nested brackets is an error (exit 2), not a crash of the YAML parser")
    func configDeepNesting() throws {
        let folder = try TemporaryFolder()
        let config = try folder.write("smtplog.yml", String(repeating: "[", count: 5_000) + "\n")
        let result = try CommandLineTests.smtplog(["report", "--config", config, "samples/exim.log"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(config):1: nested deeper than 32 levels"), "stderr: \(result.stderr)")
    }

    @Test("a configuration with a duplicate key, or that is a device, is an error (exit 2)")
    func configDuplicateAndDevice() throws {
        let folder = try TemporaryFolder()
        let config = try folder.write("smtplog.yml", "deferrals:\n  threshold: 3\n  threshold: 4\n")
        let result = try CommandLineTests.smtplog(["report", "--config", config, "samples/exim.log"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(config):3: deferrals.threshold: duplicate key (first given on line 2)"), "stderr: \(result.stderr)")
        let device = try CommandLineTests.smtplog(["report", "--config", "/dev/zero", "samples/exim.log"])
        #expect(device.status == 2)
        #expect(device.stderr.contains("/dev/zero: is not a regular file"))
    }
}
