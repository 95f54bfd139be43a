import Foundation
import Testing
@testable import SMTPLogKit

@Suite("Configuration file")
struct ConfigFileTests {
    static var shippedFile: URL { Shell.packageRoot.appendingPathComponent("Config/smtplog.yml") }

    @Test("Config/smtplog.yml documents exactly the built-in defaults, every rule's section")
    func shippedFileIsTheDefaults() throws {
        let text = try String(contentsOf: ConfigFileTests.shippedFile, encoding: .utf8)
        #expect(try ConfigFile.parse(text, source: "Config/smtplog.yml").hasSameConfiguration(as: RuleSet()))
        #expect(try ConfigFile.parse("", source: "empty.yml").hasSameConfiguration(as: RuleSet()))
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
            """, source: "x.yml")
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
        ("auth_failures:\n  window: 99999999999999999d\n", "auth_failures.window", "duration"),
        ("auth_failures:\n  window: 31d\n", "auth_failures.window", "from 1s to 30d"),
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
}
