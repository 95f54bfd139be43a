import Foundation
import Testing
@testable import SMTPLogKit

@Suite("Configuration file")
struct ConfigFileTests {
    static var shippedFile: URL { Shell.packageRoot.appendingPathComponent("Config/smtplog.yml") }

    @Test("Config/smtplog.yml documents exactly the built-in defaults")
    func shippedFileIsTheDefaults() throws {
        let text = try String(contentsOf: ConfigFileTests.shippedFile, encoding: .utf8)
        #expect(try ConfigFile.parse(text, source: "Config/smtplog.yml") == FindingsConfig())
        #expect(try ConfigFile.parse("", source: "empty.yml") == FindingsConfig())
    }

    @Test("values are read, durations in any unit")
    func values() throws {
        let config = try ConfigFile.parse("""
            version: 1
            auth_failures:
              window: 10m
              run_threshold: 5
              run_severity: warning
            deferrals:
              threshold: 2
              severity: critical
            """, source: "x.yml")
        #expect(config.auth.window == 600)
        #expect(config.auth.runThreshold == 5)
        #expect(config.auth.runSeverity == .warning)
        #expect(config.deferrals == FindingsConfig.Threshold(threshold: 2, severity: .critical))
        #expect(config.relay == FindingsConfig.Relay())
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
        ("auth_failures:\n  run_threshold: 500\n", "auth_failures.run_threshold", "from 1 to 16"),
        ("deferrals:\n  severity: loud\n", "deferrals.severity", "severity"),
        ("policy_blocks:\n  threshold: -1\n", "policy_blocks.threshold", "at least 1"),
        ("version: 2\n", "version", "version 1"),
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
}
