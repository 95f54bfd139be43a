import Foundation
import Testing
@testable import SMTPLogKit

/// The per-key lists are capped (AnalysisOptions.keyCapacity); when one is cut, the figures
/// left out must still be exact, and the report must say how much it left out.
@Suite("Cut per-key lists")
struct CardinalityTests {
    /// 300 clients, client `i` failing `i % 5 + 1` times in a row, then refused relay as often.
    static func log() -> (text: String, clients: Int, events: Int) {
        var text = "", events = 0
        for client in 0..<300 {
            let address = "10.9.\(client / 250).\(client % 250)"
            for _ in 0...(client % 5) {
                text += "Nov 22 06:25:01 mx postfix/smtpd[123]: warning: unknown[\(address)]: SASL LOGIN authentication failed: UGFzc3dvcmQ6\n"
                text += "Nov 22 06:25:02 mx postfix/smtpd[123]: NOQUEUE: reject: RCPT from unknown[\(address)]: 554 5.7.1 "
                    + "<x@victim.example>: Relay access denied; from=<a@b.example> to=<x@victim.example> proto=ESMTP helo=<h>\n"
                events += 1
            }
        }
        return (text, 300, events)
    }

    @Test("events under other are exactly total minus listed, on one core or several, and the warning says so",
          arguments: [1, 3])
    func exactRemainder(threads: Int) throws {
        let folder = try TemporaryFolder()
        let (text, clients, events) = CardinalityTests.log()
        let path = try folder.write("mail.log", text)
        var options = AnalysisOptions(startingYear: 2026, threads: threads)
        options.keyCapacity = 20
        options.minimumChunk = 8 << 10
        let result = Analyzer(options: options).analyze([InputName(path)])[0]
        #expect(result.error == nil)
        let report = Report(inputs: [result])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.rendered(.json).utf8)) as? [String: Any])

        for (group, table, label) in [("auth_failures", report.summary.authFailures.clients, "auth failure clients"),
                                      ("relay_refusals", report.summary.relayRefusals.clients, "relay clients")] {
            let tally = try #require(json[group] as? [String: Any])
            #expect(tally["inbound"] as? Int == events)
            let listed = try #require(tally["inbound_by_client"] as? [String: Int])
            #expect(listed.count <= 20)
            let listedEvents = listed.values.reduce(0, +)
            #expect(tally["clients_cut"] as? Int == events - listedEvents)
            #expect(table.otherEvents == events - listedEvents)
            // Clients left out are known only as a bound: a client dropped while its run was
            // still young comes back and may be dropped again, and it is counted each time.
            #expect(table.droppedKeys >= clients - listed.count)
            #expect(report.warnings.contains(
                "the list of \(label) was cut at 20 entries and lists \(listed.count) with \(listedEvents) events; "
                    + "\(events - listedEvents) events from up to \(table.droppedKeys) entries left out are counted under other "
                    + "(\(events) in all)"))
        }
    }

    @Test("below the cap nothing is cut and nothing is said")
    func belowCap() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("mail.log", CardinalityTests.log().text)
        var options = AnalysisOptions(startingYear: 2026)
        options.keyCapacity = 1_000
        let report = Report(inputs: [Analyzer(options: options).analyze(InputName(path))])
        #expect(!report.summary.authFailures.clients.isTruncated)
        #expect(!report.warnings.contains { $0.contains("was cut") })
    }
}
