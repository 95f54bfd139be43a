import Foundation
import Testing
@testable import SMTPLogKit

/// The filter options and the configuration's `filters:` through the built binary: the two add
/// up, a bad option is a usage error (64), a bad entry in the file names file, line and key (2).
@Suite("Filters on the command line and in the configuration", .serialized)
struct FilterCommandLineTests {
    static func json(_ stdout: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
    }

    @Test("a malformed option is a usage error that names it", arguments: [
        (["--exclude-client", "10.0.0.0/33"], "--exclude-client 10.0.0.0/33: the prefix length of an IPv4 network is 0 to 32"),
        (["--only-client", "2001:db8::/200"], "--only-client 2001:db8::/200: the prefix length of an IPv6 network is 0 to 128"),
        (["--exclude-client", "mx.example.org"], "--exclude-client mx.example.org: expected an IPv4 or IPv6 address or network"),
        (["--exclude-domain", "*.example.org"], "--exclude-domain *.example.org: give the domain itself (example.org)"),
        (["--only-domain", "bob@example.org"], "--only-domain bob@example.org: expected a domain, not an address"),
        (["--exclude-user", ""], "--exclude-user : expected a user name"),
        (["--exclude-client"], "Missing value for '--exclude-client"),
    ])
    func badOption(_ options: [String], _ message: String) throws {
        let result = try CommandLineTests.smtplog(["report", "samples/postfix.log"] + options)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("a bad entry in filters: names the file, its line and the key, and exits 2", arguments: [
        ("filters:\n  exclude_clients:\n    - 192.0.2.7\n    - 10.0.0.0/40\n", 4, "filters.exclude_clients: 10.0.0.0/40: the prefix length"),
        ("version: 2\nfilters:\n  only_domains: [example.org, '*.example.net']\n", 3, "filters.only_domains: *.example.net: give the domain itself"),
        ("filters:\n  exclude_client: [192.0.2.7]\n", 2, "filters.exclude_client: unknown key"),
        ("filters:\n  exclude_users: monitor\n", 2, "filters.exclude_users: expected a list"),
        ("filters:\n  exclude_users:\n    - [a, b]\n", 3, "filters.exclude_users: expected one value"),
        ("filters: [192.0.2.7]\n", 1, "filters: expected a mapping"),
    ])
    func badConfiguration(_ yaml: String, _ line: Int, _ message: String) throws {
        let folder = try TemporaryFolder()
        let config = try folder.write("smtplog.yml", yaml)
        let result = try CommandLineTests.smtplog(["report", "--config", config, "samples/postfix.log"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(config):\(line): \(message)"), "\(result.stderr)")
    }

    @Test("the options add to the configuration's lists; the header and JSON say what was left out and how much")
    func configurationAndOptions() throws {
        let folder = try TemporaryFolder()
        let config = try folder.write("smtplog.yml", """
            version: 2
            filters:
              exclude_clients: [203.0.113.45]
              exclude_domains:
              exclude_users:
                - Alice@example.com
            """)
        let base = ["report", "--year", "2026", "--format", "json", "samples/postfix.log"]
        let whole = try Self.json(CommandLineTests.smtplog(base).stdout)
        let fromFile = try CommandLineTests.smtplog(base + ["--config", config])
        #expect(fromFile.status == 0)
        let both = try CommandLineTests.smtplog(base + ["--config", config, "--exclude-client", "2001:db8::/32",
                                                       "--exclude-client", "203.0.113.45"])
        #expect(both.status == 0)
        let file = try Self.json(fromFile.stdout), added = try Self.json(both.stdout)
        let fileFilters = try #require(file["filters"] as? [String: Any])
        #expect(fileFilters["exclude_clients"] as? [String] == ["203.0.113.45"])
        #expect(fileFilters["exclude_users"] as? [String] == ["Alice@example.com"])
        let addedFilters = try #require(added["filters"] as? [String: Any])
        #expect(addedFilters["exclude_clients"] as? [String] == ["203.0.113.45", "2001:db8::/32"])
        #expect(addedFilters["exclude_users"] as? [String] == ["Alice@example.com"])
        // 17 replies to 203.0.113.45 (16 535s and a 454), alice's 3 failed logins (from
        // 198.51.100.77), and the 2 replies to the 2001:db8:: clients.
        #expect(fileFilters["lines"] as? Int == 20)
        #expect(addedFilters["lines"] as? Int == 22)
        for (report, left) in [(file, 20), (added, 22)] {
            #expect(report["lines"] as? Int == whole["lines"] as? Int)
            #expect((report["events"] as? Int).map { $0 + left } == whole["events"] as? Int)
            #expect((report["line_counts"] as? [String: Any])?["filtered"] as? Int == left)
        }
        let text = try CommandLineTests.smtplog(["report", "--year", "2026", "samples/postfix.log", "--config", config,
                                                 "--exclude-client", "2001:db8::/32"])
        #expect(text.stdout.contains("  filters: not clients 203.0.113.45, 2001:db8::/32; not users Alice@example.com:\n  22 lines left out\n"))
        #expect(text.stdout.contains("left out by the filters"))
        // Without a filter, no word of them.
        let plain = try CommandLineTests.smtplog(["report", "--year", "2026", "samples/postfix.log"])
        #expect(!plain.stdout.contains("filters:") && !plain.stdout.contains("left out"))
    }
}
