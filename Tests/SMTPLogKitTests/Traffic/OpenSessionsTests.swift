import Foundation
import Testing
@testable import SMTPLogKit

/// The open-session table against a `Dictionary` doing the same opens and closes, and the
/// sessions a report times through it.
@Suite("Open sessions by process")
struct OpenSessionsTests {
    static func key(_ text: String) -> BytesKey {
        Array(text.utf8).withUnsafeBufferPointer { BytesKey($0, 0..<$0.count) }
    }

    @Test("random opens and closes over few and many pids agree with a dictionary", arguments: [5, 40, 3_000])
    func agreesWithDictionary(pids: Int) {
        var random = SplitMix(seed: UInt64(pids))
        var table = OpenSessions()
        var model: [BytesKey: Int] = [:]
        for step in 0..<20_000 {
            let pid = OpenSessionsTests.key(String(Int.random(in: 1...pids, using: &random)))
            if Bool.random(using: &random) {
                table.open(pid, at: step)
                model[pid] = step
            } else {
                #expect(table.close(pid) == model.removeValue(forKey: pid))
            }
            #expect(table.count == model.count)
        }
        let entries = table.entries
        #expect(entries.count == model.count)
        #expect(Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.start) }) == model)
        for (pid, start) in model { #expect(table.close(pid) == start) }
        #expect(table.count == 0 && table.entries.isEmpty)
    }

    /// Each session carries its client's row (a hint the disconnection checks) through the
    /// table's growth and the backward shifts of removals, and an opened-again session the
    /// row of its last opening.
    @Test("a session's client row comes back as given, through growth and removals")
    func rowsComeBack() {
        var random = SplitMix(seed: 99)
        var table = OpenSessions()
        var model: [BytesKey: (start: Int, row: Int32)] = [:]
        for step in 0..<20_000 {
            let pid = OpenSessionsTests.key(String(Int.random(in: 1...500, using: &random)))
            if Int.random(in: 0..<3, using: &random) > 0 {
                let row = Int32.random(in: -1...40_000, using: &random)
                table.open(pid, at: step, row: row)
                model[pid] = (step, row)
            } else {
                let closed = table.closeSession(pid)
                let expected = model.removeValue(forKey: pid)
                #expect(closed?.start == expected?.start && closed?.row == expected?.row)
            }
        }
        for (pid, session) in model {
            let closed = table.closeSession(pid)
            #expect(closed?.start == session.start && closed?.row == session.row)
        }
        #expect(table.count == 0)
    }

    /// The disconnection times its client's row at the position the connection left in the
    /// session, checked by key: when a prune moved the row, dropped it, or gave its position to
    /// another client, the row is looked up (or made again) by key, as without the hint.
    @Test("a session is timed on its own client's row after prunes moved or dropped it")
    func timedOnOwnRowAfterPrunes() throws {
        let lines = [
            ("00:00", 10, "connect", 2), ("00:01", 10, "disconnect", 2),
            ("00:01", 11, "connect", 2), ("00:01", 11, "disconnect", 2),
            ("00:02", 2, "connect", 3),
            ("00:03", 1, "connect", 1),
            // Timed through the row the connection left: nothing has moved.
            ("00:03", 3, "connect", 1), ("00:04", 3, "disconnect", 1),
            ("00:04", 4, "connect", 1), ("00:04", 4, "disconnect", 1),
            ("00:05", 5, "connect", 4),
            // A fifth client passes the cap of four: the two most counted rows are kept
            // (192.0.2.1 with 3 connections, 192.0.2.2 with 2), and .1 moves down a row.
            ("00:05", 6, "connect", 5),
            // A new client takes the position .1 had when pid 1 connected.
            ("00:06", 7, "connect", 6),
            ("00:10", 1, "disconnect", 1),
            // 192.0.2.3's row was dropped: made again, with the session's time and no connection.
            ("00:12", 2, "disconnect", 3),
            ("00:13", 7, "disconnect", 6),
        ]
        var log = ""
        for (time, pid, kind, host) in lines {
            let tail = kind == "disconnect" ? " quit=1 commands=1" : ""
            log += "Nov 22 06:\(time) mx postfix/smtpd[\(pid)]: \(kind) from h\(host).example[192.0.2.\(host)]\(tail)\n"
        }
        let folder = try TemporaryFolder()
        var options = AnalysisOptions(startingYear: 2026)
        options.keyCapacity = 4
        let result = Analyzer(options: options).analyze(InputName(try folder.write("mail.log", log)))
        #expect(result.error == nil)
        let sessions = result.summary.traffic.sessions
        #expect(sessions.hosts.isTruncated)
        let moved = try #require(sessions.hosts.value(for: "192.0.2.1"))
        #expect(moved.connections == 3 && moved.timed == 3 && moved.seconds == 1 + 0 + 7 && moved.maxSeconds == 7)
        let taken = try #require(sessions.hosts.value(for: "192.0.2.6"))
        #expect(taken.connections == 1 && taken.timed == 1 && taken.seconds == 7)
        let dropped = try #require(sessions.hosts.value(for: "192.0.2.3"))
        #expect(dropped.connections == 0 && dropped.timed == 1 && dropped.seconds == 10)
        let kept = try #require(sessions.hosts.value(for: "192.0.2.2"))
        #expect(kept.connections == 2 && kept.timed == 2 && kept.seconds == 1)
        #expect(sessions.times.timed == 7 && sessions.times.seconds == 1 + 8 + 10 + 7)
    }

    @Test("opened again, a session keeps its last start; closed, it is gone")
    func reopenAndClose() {
        var table = OpenSessions()
        table.open(OpenSessionsTests.key("4242"), at: 10)
        table.open(OpenSessionsTests.key("4242"), at: 20)
        table.open(OpenSessionsTests.key("77"), at: 15)
        #expect(table.count == 2)
        #expect(table.close(OpenSessionsTests.key("4242")) == 20)
        #expect(table.close(OpenSessionsTests.key("4242")) == nil)
        #expect(table.close(OpenSessionsTests.key("1")) == nil)
        #expect(table.close(OpenSessionsTests.key("77")) == 15)
    }

    /// 12,000 sessions that never close: past `openLimit` the oldest half is dropped and
    /// counted, and the ones kept are still timed when they close.
    @Test("sessions past the limit: the oldest dropped and counted, the newest still timed")
    func pastTheLimit() throws {
        var log = ""
        let opened = SessionTraffic.openLimit + 2_000
        for index in 0..<opened {
            log += "Nov 22 06:\(String(format: "%02d:%02d", index / 3600 % 60, index / 60 % 60)) mx postfix/smtpd[\(index + 1)]: connect from c\(index).example[192.0.2.\(index % 250 + 1)]\n"
        }
        log += "Nov 22 07:00:00 mx postfix/smtpd[\(opened)]: disconnect from c\(opened - 1).example[192.0.2.\((opened - 1) % 250 + 1)] quit=1 commands=1\n"
        log += "Nov 22 07:00:00 mx postfix/smtpd[1]: disconnect from c0.example[192.0.2.1] quit=1 commands=1\n"
        let sessions = try TrafficTests.summary(log).traffic.sessions
        #expect(sessions.connections == opened)
        #expect(sessions.droppedSessions == SessionTraffic.openLimit / 2 + 1, "one drop of the oldest half when the limit was passed")
        #expect(sessions.times.timed == 1, "the newest session is timed; the oldest was dropped")
    }
}
