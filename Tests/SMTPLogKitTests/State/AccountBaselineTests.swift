import Foundation
import Testing
@testable import SMTPLogKit

/// The account baseline (`AccountBaseline`) in the state: what each user usually sends carries
/// from one `--state` run to the next, bounded, range-checked, and absent from older states.
@Suite("Account baseline in the state", .serialized)
struct AccountBaselineTests {
    /// Postfix lines of `count` messages `user` submits from 198.51.100.20 in hour `hour` of
    /// 2026-11-29, each to `recipients` recipients; queue ids numbered from `first`.
    static func submissions(_ user: String, hour: Int, count: Int, recipients: Int = 2, first: Int = 0) -> String {
        (0..<count).map { index in
            let id = String(format: "4P%02dQ%06d", hour, first + index)
            let stamp = String(format: "Nov 29 %02d:%02d:%02d", hour, index * 59 / max(1, count), index % 60)
            return """
                \(stamp) mx1 postfix/submission/smtpd[7\(index % 1000)]: \(id): client=home.example[198.51.100.20], sasl_method=PLAIN, sasl_username=\(user)
                \(stamp) mx1 postfix/qmgr[1187]: \(id): from=<\(user)>, size=2048, nrcpt=\(recipients) (queue active)
                \(stamp) mx1 postfix/qmgr[1187]: \(id): removed

                """
        }.joined()
    }

    /// Four ordinary hours (1, 2, 1, 2 messages) of dana@example.org.
    static let usualHours = [6, 7, 8, 9].map { submissions("dana@example.org", hour: $0, count: $0 % 2 + 1, first: $0 * 100) }.joined()
    /// An hour of 30 messages: under the fixed 100, over ten times her median of 2.
    static let busyHour = submissions("dana@example.org", hour: 10, count: 30, first: 5_000)

    static func report(_ text: String, baseline: AccountBaseline?) throws -> Report {
        let folder = try TemporaryFolder()
        let path = try folder.write("mail.log", text)
        let result = Analyzer(options: AnalysisOptions(startingYear: 2026)).analyze(InputName(path))
        return Report(inputs: [result], accountBaseline: baseline)
    }

    @Test("a busy hour read alone is judged against the hours an earlier run left in the baseline; without them it is not judged")
    func baselineCarriesOver() throws {
        let first = try AccountBaselineTests.report(AccountBaselineTests.usualHours, baseline: nil)
        #expect(!first.findings.contains { $0.kind == .accountVolume })
        let baseline = try #require(first.accountBaseline)
        #expect(baseline.users.map(\.user) == ["dana@example.org"])
        #expect(baseline.users[0].hours.map(\.hour) == [2026112906, 2026112907, 2026112908, 2026112909])
        #expect(baseline.users[0].hours.map(\.messages) == [1, 2, 1, 2])
        #expect(baseline.users[0].hours.map(\.recipients) == [2, 4, 2, 4])

        let alone = try AccountBaselineTests.report(AccountBaselineTests.busyHour, baseline: nil)
        #expect(!alone.findings.contains { $0.kind == .accountVolume }, "one active hour: no median to judge by")
        let judged = try AccountBaselineTests.report(AccountBaselineTests.busyHour, baseline: baseline)
        let finding = try #require(judged.findings.first { $0.kind == .accountVolume })
        #expect(finding.severity == .warning, "over her usual, under the fixed thresholds")
        #expect(finding.count == 30)
        #expect(finding.statement.contains("sent 30 messages to 60 recipients"))
        #expect(finding.statement.contains("its median is 2 messages and 4 recipients per active hour over 5 hours"))
        // The same as one run over both.
        let whole = try AccountBaselineTests.report(AccountBaselineTests.usualHours + AccountBaselineTests.busyHour, baseline: nil)
        #expect(whole.findings.first { $0.kind == .accountVolume }?.statement == finding.statement)
        #expect(whole.accountBaseline == judged.accountBaseline)
    }

    @Test("an hour split between two runs is one hour in the baseline")
    func splitHourAdds() throws {
        let half = AccountBaselineTests.submissions("dana@example.org", hour: 9, count: 6, first: 900)
        let lines = half.split(separator: "\n", omittingEmptySubsequences: false)
        let cut = 9
        let first = try AccountBaselineTests.report(lines[..<cut].joined(separator: "\n") + "\n", baseline: nil)
        let second = try AccountBaselineTests.report(lines[cut...].joined(separator: "\n"), baseline: first.accountBaseline)
        #expect(second.accountBaseline?.users.first?.hours == [AccountBaseline.Hour(hour: 2026112909, messages: 6, recipients: 12)])
    }

    @Test("bounded: the 10,000 most recently active users, each with its 24 latest hours")
    func bounded() {
        var history: [String: [Int: (messages: Int, recipients: Int)]] = [:]
        for index in 0..<10_050 {
            history["user\(index)"] = [2026110100 + index % 20: (1, 1)]
        }
        for day in 1...30 { history["busy", default: [:]][2026110000 + day * 100 + 21] = (day, day) }
        let baseline = AccountBaseline.bounded(history)
        #expect(baseline.users.count == AccountBaseline.maximumUsers)
        #expect(baseline.users.map(\.user) == baseline.users.map(\.user).sorted())
        let busy = baseline.users.first { $0.user == "busy" }
        #expect(busy?.hours.count == 24)
        #expect(busy?.hours.first?.hour == 2026110721 && busy?.hours.last?.hour == 2026113021)
        // The users dropped are 51 of the 503 least recently active (hour 00 of the first day).
        let hours = baseline.users.map { $0.hours.last!.hour }
        #expect(hours.filter { $0 == 2026110100 }.count == 503 - 51)
        #expect(hours.filter { $0 != 2026110100 }.count == 10_050 - 503 + 1)
        #expect(baseline.problem() == nil)
    }

    @Test("the state keeps the baseline through a save and a load; a state without it loads as before")
    func roundTrip() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("state")
        let baseline = AccountBaseline(users: [.init(user: "dana@example.org", hours: [.init(hour: 2026112909, messages: 3, recipients: 7)])])
        try ReadState(host: "mx1", generation: 4, accounts: baseline).save(path: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"accounts\"") && text.contains("\"recipients\" : 7"))
        #expect(try ReadState.load(path: path, host: "mx1")?.accounts == baseline)

        let old = #"{"schema": "smtplog.state/2", "host": "mx1", "generation": 3, "files": []}"#
        _ = try folder.write("old", old)
        let loaded = try #require(try ReadState.load(path: folder.path("old"), host: "mx1"))
        #expect(loaded.accounts == nil && loaded.generation == 3)
        // A run from a state without a baseline keeps none it was not given, and one it was.
        #expect(IncrementalRun(state: loaded, names: []).nextState(after: [], host: "mx1").accounts == nil)
        let run = IncrementalRun(state: try ReadState.load(path: path, host: "mx1"), names: [])
        #expect(run.nextState(after: [], host: "mx1").accounts == baseline)
    }

    @Test("a damaged baseline makes the state unusable with a message naming it, never a wrapped count",
          arguments: [
            (#"[{"user": "a", "hours": [{"hour": 2026112924, "messages": 1, "recipients": 1}]}]"#, "not a yyyymmddhh hour"),
            (#"[{"user": "a", "hours": [{"hour": 2026112909, "messages": -1, "recipients": 1}]}]"#, "out of range"),
            (#"[{"user": "a", "hours": [{"hour": 2026112909, "messages": 1, "recipients": 1000000001}]}]"#, "out of range"),
            (#"[{"user": "a", "hours": [{"hour": 2026112909, "messages": 1, "recipients": 1}, {"hour": 2026112908, "messages": 1, "recipients": 1}]}]"#, "after the one before"),
            (#"[{"user": "a", "hours": []}]"#, "0 hours"),
            (#"[{"user": "", "hours": [{"hour": 2026112909, "messages": 1, "recipients": 1}]}]"#, "name empty"),
            (#"[{"user": "a", "hours": [{"hour": 2026112909, "messages": 1, "recipients": 1}]}, {"user": "a", "hours": [{"hour": 2026112909, "messages": 1, "recipients": 1}]}]"#, "given twice"),
            (#"[{"user": "a", "hours": [{"hour": 2026112909, "messages": 99999999999999999999, "recipients": 1}]}]"#, "damaged"),
          ])
    func damaged(users: String, reason: String) throws {
        let folder = try TemporaryFolder()
        _ = try folder.write("state", #"{"schema": "smtplog.state/2", "host": "mx1", "generation": 1, "files": [], "accounts": {"users": "# + users + "}}")
        #expect {
            _ = try ReadState.load(path: folder.path("state"), host: "mx1")
        } throws: { error in
            "\(error)".contains("state file is damaged") && "\(error)".contains(reason)
        }
    }

    @Test("smtplog --state: a second run over the hour appended to the log finds the account sending more than usual")
    func commandLine() throws {
        let folder = try TemporaryFolder()
        let log = try folder.write("mail.log", AccountBaselineTests.usualHours)
        let state = folder.path("state")
        func run() throws -> [String] {
            let result = try Shell.run(Shell.smtplog, ["report", "--year", "2026", "--format", "json", "--state", state, log])
            #expect(result.status == 0, "\(result.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
            return (json["findings"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
        }
        #expect(!(try run()).contains("account_volume"))
        let saved = try #require(try ReadState.load(path: state)?.accounts)
        #expect(saved.users.first?.hours.count == 4)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(AccountBaselineTests.busyHour.utf8))
        try handle.close()
        #expect(try run().contains("account_volume"), "the busy hour against the four hours of the first run")
        #expect(try ReadState.load(path: state)?.accounts?.users.first?.hours.map(\.messages) == [1, 2, 1, 2, 30])
    }
}
