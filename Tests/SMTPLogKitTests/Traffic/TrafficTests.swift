import Foundation
import Testing
@testable import SMTPLogKit

/// The traffic summary on real line shapes, its joins across chunks and files, and its bounds.
@Suite("Traffic: messages, sessions, system messages", .serialized)
struct TrafficTests {
    static func result(_ text: String, inFlight: Int = MessageJoin.defaultCapacity) throws -> InputResult {
        let folder = try TemporaryFolder()
        let path = try folder.write("mail.log", text)
        var options = AnalysisOptions(startingYear: 2026)
        options.inFlightCapacity = inFlight
        let result = Analyzer(options: options).analyze(InputName(path))
        #expect(result.error == nil)
        return result
    }

    static func summary(_ text: String, inFlight: Int = MessageJoin.defaultCapacity) throws -> ReplySummary {
        try result(text, inFlight: inFlight).summary
    }

    @Test("one pass and 1 to 5 chunks give the truth", arguments: [1, 2, 3, 4, 5])
    func chunksGiveTruth(threads: Int) throws {
        let folder = try TemporaryFolder()
        for flavor in [GeneratedTruthTests.flavors[0], GeneratedTruthTests.flavors[2]] {
            let (log, truth) = try GeneratedTruthTests.generate(flavor, in: folder)
            var options = AnalysisOptions(startingYear: GeneratedTruthTests.startYear(truth), threads: threads)
            options.minimumChunk = 64 << 10
            let results = Analyzer(options: options).analyze([InputName(log)])
            try TrafficTruth.expectEqual(try TrafficTruth.json(results), truth, "\(flavor.name), \(threads) chunks")
        }
    }

    /// LadyWhyFi-Task-Mail/mail.log (../shared/corpus): a message to an alias, delivered to two
    /// mailboxes and forwarded once; the forwarded copy (a queue file of its own, with no
    /// client= or pickup line) bounces.
    static let forwarded = """
        Feb 17 16:09:32 z1 postfix/smtpd[16342]: 6AB82E027C: client=unknown[192.168.13.99]
        Feb 17 16:09:32 z1 postfix/cleanup[16345]: 6AB82E027C: message-id=<d692c7de-fda9-63b1-2574-4cb4177ebe2d@z1.yanah.hier>
        Feb 17 16:09:32 z1 postfix/qmgr[3435]: 6AB82E027C: from=<u1@z1.yanah.hier>, size=610, nrcpt=1 (queue active)
        Feb 17 16:09:32 z1 postfix/local[16346]: 6AB82E027C: to=<u1@z1.yanah.hier>, orig_to=<everyone@z1.yanah.hier>, relay=local, delay=0.04, delays=0.03/0.01/0/0, dsn=2.0.0, status=sent (delivered to maildir)
        Feb 17 16:09:32 z1 postfix/local[16346]: 6AB82E027C: to=<u2@z1.yanah.hier>, orig_to=<everyone@z1.yanah.hier>, relay=local, delay=0.06, delays=0.03/0.01/0/0.03, dsn=2.0.0, status=sent (delivered to maildir)
        Feb 17 16:09:32 z1 postfix/cleanup[16345]: 74964E02A1: message-id=<d692c7de-fda9-63b1-2574-4cb4177ebe2d@z1.yanah.hier>
        Feb 17 16:09:32 z1 postfix/qmgr[3435]: 74964E02A1: from=<u1@z1.yanah.hier>, size=741, nrcpt=1 (queue active)
        Feb 17 16:09:32 z1 postfix/local[16346]: 6AB82E027C: to=<everyone@z1.yanah.hier>, relay=local, delay=0.07, delays=0.03/0.01/0/0.03, dsn=2.0.0, status=sent (forwarded as 74964E02A1)
        Feb 17 16:09:32 z1 postfix/qmgr[3435]: 6AB82E027C: removed
        Feb 17 16:09:32 z1 postfix/smtp[16347]: 74964E02A1: to=<u3@z2.yanah.hier>, orig_to=<everyone@z1.yanah.hier>, relay=none, delay=0.05, delays=0/0.02/0.03/0, dsn=5.4.4, status=bounced (Host or domain name not found. Name service error for name=dns-z2.z2.yanah.hier.z2.yanah.hier type=AAAA: Host not found)
        Feb 17 16:09:32 z1 postfix/bounce[16348]: 74964E02A1: sender non-delivery notification: 858CDE02D4
        Feb 17 16:09:32 z1 postfix/qmgr[3435]: 74964E02A1: removed

        """

    @Test("Postfix: a forwarded delivery counts as forwarded, not delivered; the copy it made is not a message received")
    func postfixForwarding() throws {
        let traffic = try TrafficTests.summary(TrafficTests.forwarded).traffic.messages
        let c = traffic.counts
        #expect(c.received == 1 && c.bytesReceived == 610)
        // u1 and u2 delivered, u3 forwarded and then bounced: three recipients, three outcomes.
        #expect(c.delivered == 2 && c.forwarded == 1 && c.bytesDelivered == 2 * 610)
        #expect(c.bounced == 1 && c.deferred == 0)
        #expect(traffic.domains.value(for: "z1.yanah.hier")?.delivered == 2)
        #expect(traffic.domains.value(for: "z1.yanah.hier")?.delayMax == 60)
        #expect(traffic.domains.value(for: "z2.yanah.hier")?.bounced == 1)
        #expect(traffic.senders.value(for: "u1@z1.yanah.hier") == Volume.of(messages: 1, bytes: 610))
        #expect(traffic.unsizedDeliveries == 0)
    }

    /// local(8) writes a forward as the status's whole reason. A remote server's reply that
    /// holds the words is a delivery, as is a reason that only ends with them.
    @Test("Postfix: a reply that holds `(forwarded as` is a delivery, not a forward")
    func forwardOnlyAsTheReason() throws {
        let text = """
            Feb 17 16:09:32 z1 postfix/smtpd[16342]: 6AB82E027C: client=unknown[192.168.13.99]
            Feb 17 16:09:32 z1 postfix/qmgr[3435]: 6AB82E027C: from=<u1@z1.yanah.hier>, size=610, nrcpt=3 (queue active)
            Feb 17 16:09:33 z1 postfix/smtp[16347]: 6AB82E027C: to=<a@example.com>, relay=mx.example.com[198.51.100.7]:25, delay=1, delays=0/0/0.5/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok (forwarded as 4ABC to the list))
            Feb 17 16:09:33 z1 postfix/smtp[16347]: 6AB82E027C: to=<b@example.com>, relay=mx.example.com[198.51.100.7]:25, delay=1, delays=0/0/0.5/0.5, dsn=2.0.0, status=sent ((forwarded as 4ABC)
            Feb 17 16:09:33 z1 postfix/local[16346]: 6AB82E027C: to=<c@z1.yanah.hier>, relay=local, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (forwarded as 74964E02A1)

            """
        let c = try TrafficTests.summary(text).traffic.messages.counts
        #expect(c.delivered == 2 && c.forwarded == 1 && c.bytesDelivered == 2 * 610)
    }

    /// Lines from whyscream-postfix-grok-patterns and Toubib-mail-log-parser-test (../shared/corpus).
    @Test("expired, discarded and held messages; Exim's arrival size, local deliveries with QT=, Completed, unrouteable bounces")
    func otherOutcomes() throws {
        let postfix = try TrafficTests.summary("""
            Jan  1 00:00:00 grok-test postfix/qmgr[1]: 585BC3F: from=<>, status=expired, returned to sender
            Jan  1 00:00:00 grok-test postfix/qmgr[1]: 66C15648577B: from=<uvnhbl@yahoo.com.tw>, status=expired, returned to sender
            Jan  1 00:00:00 grok-test postfix/smtpd[1]: NOQUEUE: discard: MAIL from ccm231.constantcontact.com[208.75.123.231]: <bsdbdsfbw==_4343_sdfbddw==@in.constantcontact.com>: Sender address SPAM; from=<bsdbdsfbw==_4343_sdfbddw==@in.constantcontact.com> proto=ESMTP helo=<ccm231.constantcontact.com>
            Jan  1 00:00:00 grok-test postfix/cleanup[1]: 4C7F9C2: hold: header Subject: invoice from mail.example.net[192.0.2.7]; from=<a@example.net> to=<b@example.org> proto=ESMTP helo=<mail.example.net>: held for review

            """).traffic.messages.counts
        #expect(postfix.expired == 2 && postfix.discarded == 1 && postfix.held == 1)
        #expect(postfix.received == 0 && postfix.delivered == 0)

        let exim = try TrafficTests.summary("""
            2015-01-16 06:48:55 [10066] 1YC0iF-0002cM-1G <= info+caf_=support.388425.bf33133744e2b5eb=helpscout.net@someskserver.sk H=mail-wg0-f41.google.com [777.777.82.41] I=[10.0.0.115]:25 P=esmtps X=TLS1.0:RSA_ARCFOUR_SHA1:128 S=6543 id=D2EE5ECA-31337-40E5-ADFQ-9D46017DF107@gmail.com T="Really short!"
            2015-01-16 06:48:55 [10136] 1YC0iF-0002cM-1G => tickets <support.388425.bf33133744e2b5eb@helpscout.net> R=file_router T=local_file_delivery QT=0s
            2015-01-16 06:48:55 [10136] 1YC0iF-0002cM-1G => support.1.3133731337291522d6 <support.388425.bf33133744e2b5eb@helpscout.net> R=catch_helpscout T=rmq_helpscout_delivery QT=1m5s
            2015-01-16 06:48:55 [10136] 1YC0iF-0002cM-1G Completed QT=0s
            2020-02-22 01:41:08 1j4ZTB-0001Sv-P4 ** noreply@pilgrimbrevet.se: Unrouteable address
            2020-02-22 01:41:08 1j4ZTC-0001Sw-Q1 <= <> R=1j4ZTB-0001Sv-P4 U=Debian-exim P=local S=2345

            """).traffic.messages
        #expect(exim.counts.received == 2 && exim.counts.bytesReceived == 6543 + 2345)
        #expect(exim.senders.value(for: "<>")?.bytes == 2345 && exim.senderDomains.value(for: "<>")?.messages == 1,
                "Exim's null sender is `<>`, its domain too")
        #expect(exim.counts.delivered == 2 && exim.counts.bytesDelivered == 2 * 6543)
        #expect(exim.counts.bounced == 1)
        let helpscout = try #require(exim.domains.value(for: "helpscout.net"))
        #expect(helpscout.delivered == 2 && helpscout.delayMax == 65_000 && helpscout.averageDelayMillis == 32_500)
        #expect(exim.domains.value(for: "pilgrimbrevet.se")?.bounced == 1, "the address, without the colon of the reason")
        #expect(exim.senders.value(for: "info+caf_=support.388425.bf33133744e2b5eb=helpscout.net@someskserver.sk")?.bytes == 6543)
    }

    /// The same message cut three ways: its arrival, its size line and its delivery in three
    /// parts. Merged in either grouping, the bytes land once.
    @Test("a message's arrival, size and delivery in three parts: (a + b) + c == a + (b + c) == one pass")
    func joinAcrossParts() throws {
        let lines = TrafficTests.forwarded.split(separator: "\n").map(String.init)
        let whole = try TrafficTests.summary(TrafficTests.forwarded)
        for (first, second) in [(1, 3), (2, 4), (3, 8), (1, 9)] {
            let a = try TrafficTests.summary(lines[..<first].joined(separator: "\n") + "\n")
            let b = try TrafficTests.summary(lines[first..<second].joined(separator: "\n") + "\n")
            let c = try TrafficTests.summary(lines[second...].joined(separator: "\n") + "\n")
            let left = (a + b) + c, right = a + (b + c)
            #expect(left.traffic.messages == whole.traffic.messages, "cut after \(first) and \(second)")
            #expect(right.traffic.messages == whole.traffic.messages, "cut after \(first) and \(second), grouped right")
            #expect(left.traffic.messages.counts.bytesDelivered == 1220)
        }
    }

    @Test("a million messages in flight stay within the documented cap; the dropped ones are counted")
    func inFlightBound() throws {
        var text = ""
        let messages = 30_000
        for index in 0..<messages {
            let id = String(format: "%010X", 0x1000000 + index)
            text += "Nov 22 06:25:01 mx postfix/smtpd[1]: \(id): client=c.example[192.0.2.1]\n"
            text += "Nov 22 06:25:01 mx postfix/qmgr[2]: \(id): from=<s@example.com>, size=1000, nrcpt=1 (queue active)\n"
        }
        // Then the deliveries of all, oldest first: the oldest were dropped long ago.
        for index in 0..<messages {
            let id = String(format: "%010X", 0x1000000 + index)
            text += "Nov 22 06:30:01 mx postfix/smtp[3]: \(id): to=<r@example.org>, relay=mx.example.org[198.51.100.1]:25, delay=300, delays=0/0/0/300, dsn=2.0.0, status=sent (250 ok)\n"
        }
        let traffic = try TrafficTests.summary(text, inFlight: 1_000).traffic.messages
        #expect(traffic.counts.received == messages && traffic.counts.bytesReceived == messages * 1000)
        #expect(traffic.counts.delivered == messages)
        #expect(traffic.droppedMessages >= messages - 1_000)
        #expect(traffic.inFlightEntries <= 1_000)
        // Deliveries of dropped messages have no size: their bytes are left out and counted.
        #expect(traffic.counts.bytesDelivered + traffic.unsizedDeliveries * 1000 == messages * 1000)
        #expect(traffic.unsizedDeliveries > 0 && traffic.unsizedDeliveries <= messages)
    }

    @Test("sessions: commands from disconnect lines, odd tokens ignored; a session timed across two parts")
    func sessions() throws {
        let first = try TrafficTests.summary("""
            Nov 22 06:25:01 mx postfix/smtpd[4242]: connect from mail.example.net[198.51.100.7]
            Nov 22 06:25:03 mx postfix/submission/smtpd[77]: connect from unknown[203.0.113.9]
            Nov 22 06:25:04 mx postfix/submission/smtpd[77]: disconnect from unknown[203.0.113.9] ehlo=1 auth=0/1 rset=1 quit=1 commands=3/4

            """)
        let second = try TrafficTests.summary("""
            Nov 22 06:25:31 mx postfix/smtpd[4242]: disconnect from mail.example.net[198.51.100.7] ehlo=2 starttls=1 mail=1 rcpt=2/3 data=1 quit=1 bogus commands=8/9 x=1/2/3 rcpt=5/2 Rcpt= xforward=1 99999999999999999999=1
            Nov 22 06:26:00 mx postfix/smtpd[4242]: disconnect from mail.example.net[198.51.100.7] commands=0

            """)
        let merged = (first + second).traffic.sessions
        #expect(merged.connections == 2)
        let commands = Dictionary(uniqueKeysWithValues: merged.commands.map { ($0.name, [$0.tally.accepted, $0.tally.total]) })
        #expect(commands == ["ehlo": [3, 3], "starttls": [1, 1], "auth": [0, 1], "mail": [1, 1], "rcpt": [2, 3],
                             "data": [1, 1], "rset": [1, 1], "quit": [2, 2], "xforward": [1, 1]])
        #expect(merged.times.timed == 2 && merged.times.maxSeconds == 30 && merged.times.seconds == 31)
        #expect(merged.hosts.value(for: "198.51.100.7")?.maxSeconds == 30)
        #expect(second.traffic.sessions.times.timed == 0, "alone, the second part cannot time its disconnection")
    }

    /// A cut table's rows depend on when its prunes fell: read whole, the late client and sender
    /// below are dropped at their first line (least counted) and come back as new rows; read as a
    /// second part, they arrive whole, heavier, and stay. The figures reported must not differ.
    @Test("clients and senders past the lists' cap: one pass and two parts report the same distinct figures")
    func cutTablesMergeAlike() throws {
        var first = ""
        for index in 0..<TrafficSummary.listCapacity {
            let ip = "10.\(index / 256 / 256).\(index / 256 % 256).\(index % 256)"
            for (offset, pid) in [(0, 100), (1, 101)] {
                first += "Nov 22 06:25:01 mx postfix/smtpd[\(pid)]: connect from h\(index).example[\(ip)]\n"
                first += "Nov 22 06:25:01 mx postfix/smtpd[\(pid)]: disconnect from h\(index).example[\(ip)] ehlo=1 quit=1 commands=2\n"
                let message = String(format: "%010X", 0x1000000 + 2 * index + offset)
                first += "Nov 22 06:25:01 mx postfix/smtpd[\(pid)]: \(message): client=h\(index).example[\(ip)]\n"
                first += "Nov 22 06:25:01 mx postfix/qmgr[2]: \(message): from=<s\(index)@example.com>, size=100, nrcpt=1 (queue active)\n"
            }
        }
        var second = ""
        for offset in 0..<3 {
            let message = String(format: "%010X", 0x2000000 + offset)
            second += "Nov 22 06:26:0\(offset) mx postfix/smtpd[200]: connect from late.example[192.0.2.77]\n"
            second += "Nov 22 06:26:0\(offset) mx postfix/smtpd[200]: \(message): client=late.example[192.0.2.77]\n"
            second += "Nov 22 06:26:0\(offset) mx postfix/qmgr[2]: \(message): from=<late@example.net>, size=100, nrcpt=1 (queue active)\n"
            second += "Nov 22 06:26:0\(offset) mx postfix/smtpd[200]: disconnect from late.example[192.0.2.77] ehlo=1 quit=1 commands=2\n"
        }
        let whole = try TrafficTests.result(first + second)
        let parts = [try TrafficTests.result(first), try TrafficTests.result(second)]
        let one = try TrafficTruth.json([whole]), two = try TrafficTruth.json(parts)
        let sessions = [one, two].map { $0["sessions"] as? [String: Any] }
        let senders = [one, two].map { ($0["messages"] as? [String: Any])?["senders"] as? [String: Any] }
        #expect(sessions.map { $0?["hosts_cut"] as? Bool } == [true, true])
        #expect(senders.map { $0?["cut"] as? Bool } == [true, true])
        #expect(sessions[0]?["hosts"] as? Int == sessions[1]?["hosts"] as? Int)
        #expect(senders[0]?["distinct"] as? Int == senders[1]?["distinct"] as? Int)
        // A cut list met more keys than its cap: that is what it states, "or more".
        #expect(sessions[0]?["hosts"] as? Int == TrafficSummary.listCapacity + 1)
        #expect(whole.summary.traffic.sessions.connections == parts[0].summary.traffic.sessions.connections + 3)
    }

    /// Destination domains past the cap, most of them only deferred: the recipient domains (the
    /// destinations with deliveries) must not be stated as the cap plus one, which would claim
    /// thousands of domains that received nothing.
    @Test("recipient domains of a cut destination list: the rows with deliveries, not the cap plus one")
    func recipientDomainsOfCutList() throws {
        var log = "Nov 22 06:25:01 mx postfix/qmgr[2]: 0A00000001: from=<s@example.com>, size=100, nrcpt=3 (queue active)\n"
        for index in 0...TrafficSummary.listCapacity {
            log += "Nov 22 06:25:02 mx postfix/smtp[3]: 0A00000001: to=<u@d\(index).example>, relay=none, delay=1, "
                + "delays=0/0/1/0, dsn=4.4.1, status=deferred (connect to d\(index).example[192.0.2.1]:25: Connection timed out)\n"
        }
        for index in 0..<3 {
            log += "Nov 22 06:25:03 mx postfix/smtp[3]: 0A00000001: to=<u@ok\(index).example>, relay=mx.ok\(index).example[192.0.2.2]:25, "
                + "delay=2, delays=0/0/1/1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 1F2E3D)\n"
        }
        let json = try TrafficTruth.json([try TrafficTests.result(log)])
        let recipientDomains = (json["messages"] as? [String: Any])?["recipient_domains"] as? [String: Any]
        #expect(recipientDomains?["cut"] as? Bool == true)
        #expect(recipientDomains?["distinct"] as? Int == 3)
    }

    @Test("system messages: every level counted, by service and pattern, with the first line as example")
    func systemMessages() throws {
        let result = try TrafficTests.result("""
            Nov 22 06:25:01 mx postfix/smtpd[1]: warning: hostname a.example does not resolve to address 192.0.2.1: Name or service not known
            Nov 22 06:25:02 mx postfix/submission/smtpd[2]: warning: hostname b.example does not resolve to address 192.0.2.2
            Nov 22 06:25:03 mx postfix/smtpd[3]: warning: unknown[192.0.2.3]: SASL LOGIN authentication failed: UGFzc3dvcmQ6
            Jun  3 14:45:22 host postfix/proxymap[1441]: error: unsupported dictionary type: mysql
            Nov 22 06:25:05 mx postfix/sendmail[5]: fatal: root(0): message file too big
            Nov 22 06:25:06 mx postfix/qmgr[6]: panic: myfree: corrupt or unallocated memory block
            Nov 22 06:25:07 mx postfix/qmgr[6]: 3F2A1B4C5D: warning: header Subject: \u{1b}c hi (x[192.0.2.9]) from x[192.0.2.9]; from=<a@b> to=<c@d> proto=ESMTP

            """)
        let messages = result.summary.traffic.systemMessages
        #expect(messages.count(.warning) == 4 && messages.count(.error) == 1 && messages.count(.fatal) == 1 && messages.count(.panic) == 1)
        let rows = Dictionary(uniqueKeysWithValues: messages.top(100).map { ($0.kind, $0.row) })
        let resolve = try #require(rows[SystemMessageKey(level: .warning, program: "smtpd",
                                                         text: "hostname * does not resolve to address *: Name or service not known")])
        #expect(resolve.count == 1 && resolve.example?.line == 1)
        #expect(rows[SystemMessageKey(level: .warning, program: "smtpd", text: "hostname * does not resolve to address *")]?.count == 1)
        #expect(rows[SystemMessageKey(level: .warning, program: "smtpd", text: "*: SASL LOGIN authentication failed: *")]?.count == 1)
        #expect(rows[SystemMessageKey(level: .fatal, program: "sendmail", text: "*: message file too big")]?.count == 1)
        #expect(rows.keys.contains { $0.level == .warning && $0.program == "qmgr" && $0.text == "header Subject: \u{1b}c hi (*) from *; * * *" },
                "the escape stays in the key; renderers escape it")
        let text = try Report(inputs: [result]).rendered(.text)
        #expect(text.contains("Warnings, errors and panics") && !text.contains("\u{1b}"))
    }

    @Test("bytes and durations as the report writes them")
    func units() {
        #expect(DisplayText.bytes(999) == "999 B" && DisplayText.bytes(1000) == "1.0 kB" && DisplayText.bytes(445_912) == "445.9 kB")
        #expect(DisplayText.bytes(999_960) == "1.0 MB" && DisplayText.bytes(Int.max) == "9.2 EB")
        #expect(DisplayText.duration(milliseconds: 443) == "443 ms" && DisplayText.duration(milliseconds: 65_000) == "1.1 min")
        #expect(DisplayText.duration(milliseconds: 5_760_000) == "1.6 h" && DisplayText.duration(milliseconds: Int.max) == "106751991167.3 d")
    }
}

extension Volume {
    static func of(messages: Int, bytes: Int) -> Volume {
        var volume = Volume()
        volume.messages = messages
        volume.bytes = bytes
        return volume
    }
}

@Suite("Keys made of a line's bytes")
struct BytesKeyTests {
    static func key(_ text: String, folding: Bool = false) -> BytesKey {
        var bytes = Array(("padding " + text + " padding").utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            BytesKey(UnsafeBufferPointer(buffer), 8..<(8 + text.utf8.count), foldingCase: folding)
        }
    }

    @Test("equal bytes, equal keys; ASCII case folded only when asked, other bytes never; every length up to 40")
    func folding() {
        var seen = Set<BytesKey>()
        for length in 0...40 {
            let lower = String((0..<length).map { Character(UnicodeScalar(UInt8(0x61 + $0 % 26))) })
            let upper = lower.uppercased()
            #expect(BytesKeyTests.key(lower) == BytesKeyTests.key(lower))
            #expect(BytesKeyTests.key(upper, folding: true) == BytesKeyTests.key(lower, folding: true), "\(length)")
            if length > 0 { #expect(BytesKeyTests.key(upper) != BytesKeyTests.key(lower)) }
            #expect(seen.insert(BytesKeyTests.key(lower)).inserted, "lengths give different keys")
        }
        // `@`, `[`, `` ` `` and `{` sit beside the letters: folding leaves them alone, and UTF-8's bytes too.
        #expect(BytesKeyTests.key("A@[Z]", folding: true) == BytesKeyTests.key("a@[z]"))
        #expect(BytesKeyTests.key("`{", folding: true) == BytesKeyTests.key("`{"))
        #expect(BytesKeyTests.key("@", folding: true) != BytesKeyTests.key("`"))
        #expect(BytesKeyTests.key("Ä-longer-than-fifteen", folding: true) == BytesKeyTests.key("Ä-longer-than-fifteen"))
        #expect(BytesKeyTests.key("ä-longer-than-fifteen", folding: true) != BytesKeyTests.key("Ä-longer-than-fifteen", folding: true))
    }

    @Test("a hundred thousand distinct addresses, no two keys alike")
    func distinct() {
        var seen = Set<BytesKey>()
        for index in 0..<100_000 {
            #expect(seen.insert(BytesKeyTests.key("user\(index)@example.com")).inserted)
        }
        #expect(seen.count == 100_000)
    }
}
