import Foundation
import Testing
@testable import SMTPLogKit

/// `account_networks` with its table of logins by user and network cut: which rows survive a
/// prune depends on where the log was split (one pass prunes at the cap's first overflow, two
/// chunks prune at their join), so the findings' counts must not come from those rows.
@Suite("account_networks counts with its network table cut")
struct AccountNetworksCutCountTests {
    /// 10 Exim accounts, each with 6 logins (`A=`) from 6 networks within the hour: 60 rows
    /// of user and network, over a capacity of 24 (their 20 spans are under it), every row counted once.
    static func log() -> (text: String, logins: [String: Int]) {
        var lines: [String] = [], logins: [String: Int] = [:]
        for network in 0..<6 {
            for user in 0..<10 {
                let name = "user\(String(format: "%02d", user))@example.org"
                let stamp = "2026-11-29 10:\(String(format: "%02d", network * 5)):\(String(format: "%02d", user))"
                lines.append("\(stamp) 1t\(String(format: "%02d%02d", network, user))-000000-a9 <= \(name) "
                             + "H=(client) [10.\(user).\(network).7] P=esmtpsa X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=no "
                             + "A=dovecot_plain:\(name) S=\(1_000 + user) id=\(network)-\(user)@example.org")
                logins[name, default: 0] += 1
            }
        }
        return (lines.joined(separator: "\n") + "\n", logins)
    }

    static func findings(_ path: String, threads: Int) -> [Finding] {
        var options = AnalysisOptions(startingYear: 2026, threads: threads)
        options.keyCapacity = 24
        options.minimumChunk = 2 << 10
        return Report(inputs: Analyzer(options: options).analyze([InputName(path)]), top: 5).findings
            .filter { $0.kind == .accountNetworks }
    }

    @Test("each account's count is its logins, read in one pass or in two chunks; the counts, users and times agree")
    func countsAreWhole() throws {
        let (text, logins) = AccountNetworksCutCountTests.log()
        let folder = try TemporaryFolder()
        let path = try folder.write("mainlog", text)
        let one = AccountNetworksCutCountTests.findings(path, threads: 1)
        let two = AccountNetworksCutCountTests.findings(path, threads: 2)
        for found in [one, two] {
            #expect(found.count == 6, "five accounts and one finding for the rest")
            #expect(found.reduce(0) { $0 + $1.count } == logins.values.reduce(0, +))
            let rest = try #require(found.first { $0.statement.contains("more accounts") })
            #expect(rest.count == 5 * 6)
            for finding in found where finding != rest {
                let user = try #require(finding.subjects[.users]?.entries.first)
                #expect(finding.count == logins[user.name] && user.count == logins[user.name], "\(finding.statement)")
            }
        }
        func counted(_ found: [Finding]) -> [[String]] {
            found.map { [String($0.count), "\($0.first.map { "\($0)" } ?? "-")", "\($0.last.map { "\($0)" } ?? "-")"]
                + ($0.subjects[.users]?.entries.map { "\($0.name)=\($0.count)" } ?? [])
                + ["hidden \($0.subjects[.users]?.hidden ?? -1)"] }
        }
        #expect(counted(one) == counted(two))
    }
}
