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
