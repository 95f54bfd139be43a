import Testing
@testable import SMTPLogKit

/// The part that begins a run (the first chunk of the first input) keeps no message for a
/// merge once it has left the queue: nothing can come before it. Its joins with later chunks
/// must do the same, or the messages those chunks met first by a later line (their arrival
/// was before the log began) pile up in the total for nothing, chunk after chunk.
@Suite("Message joins into the part that begins the run")
struct MessageJoinRunTests {
    /// The first part: one whole message.
    static let first = """
        Nov 22 06:00:01 mx postfix/smtpd[100]: 1A2B3C4D5E: client=mail.example.org[192.0.2.10]
        Nov 22 06:00:01 mx postfix/qmgr[50]: 1A2B3C4D5E: from=<a@example.org>, size=1000, nrcpt=1 (queue active)
        Nov 22 06:00:02 mx postfix/local[101]: 1A2B3C4D5E: to=<u1@example.net>, relay=local, delay=0.1, delays=0.05/0.01/0/0.04, dsn=2.0.0, status=sent (delivered to maildir)
        Nov 22 06:00:02 mx postfix/qmgr[50]: 1A2B3C4D5E: removed

        """

    /// The second part: a message whose arrival was before the log (met by its size line), one
    /// met only by its delivery (no size ever: unsized), both removed; and one still in flight.
    static let second = """
        Nov 22 06:01:00 mx postfix/qmgr[50]: 2B3C4D5E6F: from=<b@example.org>, size=2000, nrcpt=1 (queue active)
        Nov 22 06:01:01 mx postfix/smtp[102]: 2B3C4D5E6F: to=<u2@example.com>, relay=mx.example.com[198.51.100.7]:25, delay=60, delays=59/0.01/0.5/0.4, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 99ZZ)
        Nov 22 06:01:01 mx postfix/qmgr[50]: 2B3C4D5E6F: removed
        Nov 22 06:01:05 mx postfix/smtp[103]: 3C4D5E6F7A: to=<u3@example.com>, relay=mx.example.com[198.51.100.7]:25, delay=600, delays=599/0.01/0.5/0.4, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 98YY)
        Nov 22 06:01:05 mx postfix/qmgr[50]: 3C4D5E6F7A: removed
        Nov 22 06:01:09 mx postfix/qmgr[50]: 4D5E6F7A8B: from=<c@example.org>, size=300, nrcpt=1 (queue active)

        """

    static func read(_ text: String, beginsRun: Bool) -> ReplySummary {
        let bytes = Array(text.utf8)
        let input = OpenedInput(name: InputName("mail.log"), source: MemorySource(bytes), modificationTime: nil, size: bytes.count)
        return Analyzer(options: AnalysisOptions(startingYear: 2026)).analyze(input, beginsRun: beginsRun).summary
    }

    @Test("messages that left the queue are not kept after the join; the figures are one pass's")
    func removedMessagesGo() {
        let whole = MessageJoinRunTests.read(MessageJoinRunTests.first + MessageJoinRunTests.second, beginsRun: true)
        var joined = MessageJoinRunTests.read(MessageJoinRunTests.first, beginsRun: true)
        let later = MessageJoinRunTests.read(MessageJoinRunTests.second, beginsRun: false)
        // The later part keeps its removed messages for a merge: it cannot know it comes first.
        #expect(later.traffic.messages.join.entries.count == 3)
        joined += later
        #expect(joined.traffic.messages == whole.traffic.messages)
        #expect(joined.traffic.messages.unsizedDeliveries == whole.traffic.messages.unsizedDeliveries)
        #expect(joined.traffic.messages.unsizedDeliveries == 1, "the delivery whose message had no size")
        #expect(joined.traffic.messages.counts.bytesDelivered == 3_000)
        // Only the message still in flight stays, as in one pass.
        #expect(joined.traffic.messages.join.entries.count == whole.traffic.messages.join.entries.count)
        #expect(joined.traffic.messages.join.entries.count == 1)
    }

    @Test("a part that does not begin the run keeps them, for the part before it")
    func otherPartsKeepThem() {
        var joined = MessageJoinRunTests.read(MessageJoinRunTests.first, beginsRun: false)
        joined += MessageJoinRunTests.read(MessageJoinRunTests.second, beginsRun: false)
        #expect(joined.traffic.messages.join.entries.count == 3)
    }
}
