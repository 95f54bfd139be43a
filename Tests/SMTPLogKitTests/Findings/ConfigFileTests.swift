import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import SMTPLogKit

@Suite("Configuration file")
struct ConfigFileTests {
    static var shippedFile: URL { Shell.packageRoot.appendingPathComponent("Config/smtplog.yml") }

    @Test("Config/smtplog.yml documents exactly the built-in defaults, every rule's section")
    func shippedFileIsTheDefaults() throws {
        let text = try String(contentsOf: ConfigFileTests.shippedFile, encoding: .utf8)
        #expect(try ConfigFile.parse(text, source: "Config/smtplog.yml").rules.hasSameConfiguration(as: RuleSet()))
        #expect(try ConfigFile.parse("", source: "empty.yml").rules.hasSameConfiguration(as: RuleSet()))
        #expect(try ConfigFile.parse(text, source: "Config/smtplog.yml").filters == LineFilter())
        #expect(text.contains("\n\(ConfigFile.filtersSection):\n"), "no section filters in Config/smtplog.yml")
        // Every registered rule has its section in the shipped file, so that every key is documented.
        for rule in RuleSet.registry {
            #expect(text.contains("\n\(rule.section):\n"), "no section \(rule.section) in Config/smtplog.yml")
        }
    }

    @Test("values are read into their rule, durations in any unit")
    func values() throws {
        let rules = try ConfigFile.parse("""
            version: 2
            auth_failures:
              window: 10m
              run_threshold: 5
              run_severity: warning
            deferrals:
              threshold: 2
              severity: critical
            network_guessing:
              ipv4_prefix: 16
            """, source: "x.yml").rules
        let auth = try #require(rules.rule(ClientAuthFailuresRule.self)?.config)
        #expect(auth.window == 600)
        #expect(auth.runThreshold == 5)
        #expect(auth.runSeverity == .warning)
        #expect(auth.severity == .warning)
        let deferrals = try #require(rules.rule(DeferralsRule.self)?.config)
        #expect(deferrals.threshold == 2 && deferrals.severity == .critical)
        #expect(rules.rule(NetworkGuessingRule.self)?.config.ipv4Prefix == 16)
        #expect(rules.rule(RelayRefusalsRule.self)?.config == RelayRefusalsRule.Config())
    }

    @Test("an unknown key names itself, the file and the line")
    func unknownKey() {
        #expect {
            try ConfigFile.parse("auth_failures:\n  window: 1h\n  treshold: 3\n", source: "/etc/smtplog/smtplog.yml")
        } throws: { error in
            let text = "\(error)"
            return text.contains("/etc/smtplog/smtplog.yml:3") && text.contains("auth_failures.treshold") && text.contains("unknown key")
        }
        #expect(throws: ConfigError.self) { try ConfigFile.parse("findings: {}\n", source: "a.yml") }
    }

    @Test("a bad value names the key and says what was expected", arguments: [
        ("auth_failures:\n  window: soon\n", "auth_failures.window", "duration"),
                ("auth_failures:\n  window: 367d\n", "auth_failures.window", "at most 366d"),
        ("auth_failures:\n  run_threshold: 500\n", "auth_failures.run_threshold", "from 1 to 16"),
        ("deferrals:\n  severity: loud\n", "deferrals.severity", "severity"),
        ("policy_blocks:\n  threshold: -1\n", "policy_blocks.threshold", "from 1 to"),
        ("network_guessing:\n  ipv4_prefix: 33\n", "network_guessing.ipv4_prefix", "from 8 to 32"),
        ("version: 1\n", "version", "version 2"),
        ("version: 3\n", "version", "version 2"),
        ("- a\n- b\n", "", "mapping"),
    ])
    func badValues(yaml: String, key: String, expected: String) {
        #expect {
            try ConfigFile.parse(yaml, source: "bad.yml")
        } throws: { error in
            let text = "\(error)"
            let ok = text.hasPrefix("bad.yml") && (key.isEmpty || text.contains(key)) && text.contains(expected)
            if !ok { Issue.record("message was: \(text)") }
            return ok
        }
    }

    static func message(_ yaml: String, source: String = "bad.yml") -> String? {
        do {
            _ = try ConfigFile.parse(yaml, source: source)
            return nil
        } catch {
            return error.description
        }
    }

    @Test("a duration too large for a number of seconds is an error naming file, line and key, never a wrapped window",
          arguments: ["99999999999999999d", "9223372036854775807h", "99999999999999999999999s", "367d", "32000000"])
    func durationOverflow(value: String) throws {
        let message = try #require(ConfigFileTests.message("version: 2\nauth_failures:\n  window: \(value)\n"))
        #expect(message == "bad.yml:3: auth_failures.window: expected a duration of at most 366d, got \(value)")
    }

    @Test("the longest window is accepted as it is written")
    func longestDuration() throws {
        #expect(try ConfigFile.parse("auth_failures:\n  window: 366d\n", source: "x.yml").rules.rule(ClientAuthFailuresRule.self)?.config.window == 366 * 86_400)
        #expect(try ConfigFile.parse("auth_failures:\n  window: 8784h\n", source: "x.yml").rules.rule(ClientAuthFailuresRule.self)?.config.window == 366 * 86_400)
    }

    @Test("5,000 nested brackets are refused before the parser sees them (it overflowed its stack)")
    func deepFlowNesting() throws {
        let message = try #require(ConfigFileTests.message("auth_failures: " + String(repeating: "[", count: 5_000) + "\n"))
        #expect(message.hasPrefix("bad.yml:1: nested deeper than 32 levels"))
        let braces = try #require(ConfigFileTests.message("a:\n  b: " + String(repeating: "{x: ", count: 40) + "\n"))
        #expect(braces.hasPrefix("bad.yml:2: nested deeper than 32 levels"))
    }

    @Test("deep block nesting, by indentation or by dashes, is refused with its line")
    func deepBlockNesting() throws {
        let indented = (0..<40).map { String(repeating: " ", count: $0) + "k\($0):\n" }.joined()
        let message = try #require(ConfigFileTests.message("version: 2\n" + indented))
        #expect(message.hasPrefix("bad.yml:34: nested deeper than 32 levels"))
        let dashes = try #require(ConfigFileTests.message(String(repeating: "- ", count: 5_000) + "x\n"))
        #expect(message.contains("nested deeper") && dashes.hasPrefix("bad.yml:1: nested deeper than 32 levels"))
    }

    @Test("brackets in comments and quoted strings, and moderate nesting, are not counted as depth")
    func bracketsOutsideStructure() throws {
        let text = """
            # [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ a comment
            version: 2  # {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{
            deferrals: {threshold: 3, severity: "warning"}
            """
        #expect(ConfigTextLimits.violation(in: text, source: "x.yml") == nil)
        #expect(try ConfigFile.parse(text, source: "x.yml").rules.rule(DeferralsRule.self)?.config.threshold == 3)
        #expect(ConfigTextLimits.violation(in: "a: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['\nb: \"{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\"\n", source: "x.yml") == nil)
        let nested = "a:\n" + (1..<30).map { String(repeating: " ", count: 2 * $0) + "k\($0):\n" }.joined()
        #expect(ConfigTextLimits.violation(in: nested, source: "x.yml") == nil)
    }

    @Test("a file over 1 MiB is refused before parsing")
    func tooLarge() throws {
        let comment = "# " + String(repeating: "x", count: 1_000) + "\n"
        let text = "version: 2\n" + String(repeating: comment, count: 1_100)
        let message = try #require(ConfigFileTests.message(text))
        #expect(message.hasPrefix("bad.yml: is \(text.utf8.count) bytes long; a configuration file may hold at most 1048576 bytes"))
        #expect(ConfigFileTests.message("version: 2\n" + String(repeating: comment, count: 1_000)) == nil)
    }

    @Test("a duplicate key is an error naming file, line and key, at every level")
    func duplicateKeys() throws {
        #expect(ConfigFileTests.message("version: 2\ndeferrals:\n  threshold: 3\nversion: 2\n")
                == "bad.yml:4: version: duplicate key (first given on line 1)")
        #expect(ConfigFileTests.message("deferrals:\n  threshold: 3\n  severity: notice\n  threshold: 300\n")
                == "bad.yml:4: deferrals.threshold: duplicate key (first given on line 2)")
        #expect(ConfigFileTests.message("auth_failures: {window: 1h, window: 2h}\n")
                == "bad.yml:1: auth_failures.window: duplicate key (first given on line 1)")
    }

    @Test("the file is read with a bound: no FIFO, device or oversized file is read whole or waited on")
    func boundedRead() throws {
        let folder = try TemporaryFolder()
        let good = try folder.write("ok.yml", "version: 1\n")
        #expect(try ConfigTextLimits.read(path: good) == "version: 1\n")
        #expect(throws: ConfigError(file: "/dev/zero", line: nil, key: nil, message: "is not a regular file")) {
            try ConfigTextLimits.read(path: "/dev/zero")
        }
        let fifo = folder.path("fifo.yml")
        try #require(mkfifo(fifo, 0o600) == 0)
        #expect(throws: ConfigError(file: fifo, line: nil, key: nil, message: "is not a regular file")) {
            try ConfigTextLimits.read(path: fifo)
        }
        let big = try folder.write("big.yml", [UInt8](repeating: 0x23, count: ConfigTextLimits.maximumBytes + 10))
        #expect(throws: ConfigError.self) { try ConfigTextLimits.read(path: big) }
    }
}
