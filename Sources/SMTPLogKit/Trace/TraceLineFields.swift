/// The fields `smtplog trace` reads from a line beyond what `TrafficFact` carries: the relay of
/// a Postfix delivery, its `dsn=` and the reason in parentheses, a cleanup's `message-id=`, a
/// bounce daemon's notice, Exim's `id=` and `R=`. Only lines of followed messages (and the few
/// kinds of arrival lines) get here, so these are plain byte searches, no patterns.
enum TraceLineFields {
    /// Where the message of a `program[pid]: ` line starts, after its tag.
    static func messageStart(_ line: UnsafeBufferPointer<UInt8>, program: Range<Int>) -> Int? {
        guard !program.isEmpty else { return nil }
        var cursor = program.upperBound
        if cursor < line.count, line[cursor] == 0x5B {
            guard let close = line.firstByte(0x5D, from: cursor) else { return nil }
            cursor = close + 1
        }
        guard line.hasPrefix(": ", at: cursor) else { return nil }
        return cursor + 2
    }

    /// The Postfix queue id at the start of a message, and where the text after `QID: ` starts.
    static func postfixQueueID(_ line: UnsafeBufferPointer<UInt8>, program: Range<Int>) -> (id: Range<Int>, body: Int)? {
        guard let message = messageStart(line, program: program) else { return nil }
        let body = PostfixExtractor.skipQueueID(line, from: message)
        guard body >= message + 7, !line.hasPrefix("NOQUEUE", at: message) else { return nil }
        return (message..<(body - 2), body)
    }

    /// Whether the program tag ends with `/name` (`postfix/cleanup`, `postfix-out/bounce`).
    static func program(_ line: UnsafeBufferPointer<UInt8>, _ program: Range<Int>, endsWith name: StaticString) -> Bool {
        let length = name.utf8CodeUnitCount
        guard program.count > length, line[program.upperBound - length - 1] == 0x2F else { return false }
        return line.hasPrefix(name, at: program.upperBound - length)
    }

    /// The value of `name` (` relay=`, ` dsn=`) up to the next comma, from `start` on.
    static func field(_ line: UnsafeBufferPointer<UInt8>, _ name: StaticString, from start: Int) -> Range<Int>? {
        value(line, after: name, from: start, until: 0x2C)
    }

    /// The non-empty value after the first `name` from `start` on, up to `stop` or the line's end.
    private static func value(_ line: UnsafeBufferPointer<UInt8>, after name: StaticString, from start: Int,
                              until stop: UInt8) -> Range<Int>? {
        guard let hit = line.firstIndex(of: name, from: start) else { return nil }
        let begin = hit + name.utf8CodeUnitCount
        var end = begin
        while end < line.count, line[end] != stop { end += 1 }
        return end > begin ? begin..<end : nil
    }

    /// `status=deferred (the reason)`: the reason, without its parentheses (up to the line's
    /// last `)`, since replies contain parentheses of their own).
    static func statusReason(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Range<Int>? {
        guard let status = line.firstIndex(of: " status=", from: start),
              let open = line.firstByte(0x28, from: status + 8) else { return nil }
        var end = line.count
        while end > open + 1, line[end - 1] != 0x29 { end -= 1 }
        let close = end > open + 1 ? end - 1 : line.count
        return (open + 1) < close ? (open + 1)..<close : nil
    }

    /// `... queued as 4F3A1B2C)`: the id a filter (or the next server) queued the message as.
    static func queuedAs(_ line: UnsafeBufferPointer<UInt8>, in range: Range<Int>) -> Range<Int>? {
        var found: Int?
        var search = range.lowerBound
        // The last one counts: amavis quotes the reinjecting smtpd's reply after its own.
        while let hit = line.firstIndex(of: "queued as ", from: search), hit < range.upperBound {
            found = hit + 10
            search = hit + 10
        }
        guard let begin = found else { return nil }
        var end = begin
        while end < range.upperBound, isIDByte(line[end]) { end += 1 }
        return end > begin ? begin..<end : nil
    }

    /// `relay=127.0.0.1[127.0.0.1]:10024`, `relay=localhost[::1]:10025`: a hand-over to a
    /// program on this machine (amavis, a milter-less content filter), whose `queued as` is an
    /// id of this same log; a remote server's queue id means nothing here.
    static func isLoopbackRelay(_ line: UnsafeBufferPointer<UInt8>, _ relay: Range<Int>) -> Bool {
        guard let open = line.firstByte(0x5B, from: relay.lowerBound), open < relay.upperBound else {
            return line.hasPrefix("localhost", at: relay.lowerBound)
        }
        return line.hasPrefix("127.", at: open + 1) || line.hasPrefix("::1]", at: open + 1)
    }

    @inline(__always)
    static func isIDByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D
    }

    /// cleanup's `QID: message-id=<id>`: the id, without its brackets.
    static func cleanupMessageID(_ line: UnsafeBufferPointer<UInt8>, body: Int) -> Range<Int>? {
        guard line.hasPrefix("message-id=", at: body) else { return nil }
        var begin = body + 11
        var end = line.count
        if begin < end, line[begin] == 0x3C {
            begin += 1
            if let close = line.firstByte(0x3E, from: begin) { end = close }
        }
        return begin < end ? begin..<end : nil
    }

    /// bounce's `QID: sender non-delivery notification: NEWQID` (also delay and success
    /// notices, and the postmaster's copy): the new message's id.
    static func notification(_ line: UnsafeBufferPointer<UInt8>, body: Int) -> Range<Int>? {
        guard let hit = line.firstIndex(of: " notification: ", from: body) else { return nil }
        let begin = hit + 15
        var end = begin
        while end < line.count, isIDByte(line[end]) { end += 1 }
        return end > begin && end == line.count ? begin..<end : nil
    }

    /// Exim's ` id=<message-id>` on a `<=` line (written without brackets).
    static func eximMessageID(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Range<Int>? {
        guard let hit = line.firstIndex(of: " id=", from: start) else { return nil }
        var begin = hit + 4
        var end = begin
        while end < line.count, line[end] != 0x20 { end += 1 }
        var range = begin..<end
        if range.count >= 2, line[begin] == 0x3C, line[end - 1] == 0x3E {
            begin += 1
            range = begin..<(end - 1)
        }
        return range.isEmpty ? nil : range
    }

    /// The sender of an arrival: Exim writes a bounce's empty sender as `<>`, Postfix as `from=<>`
    /// (an empty range already); both become empty.
    static func eximSender(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        line.equals("<>", in: range) ? range.lowerBound..<range.lowerBound : range
    }

    /// A space-delimited token after `name` (` R=`, ` T=`, ` P=`), from `start` on.
    static func token(_ line: UnsafeBufferPointer<UInt8>, _ name: StaticString, from start: Int) -> Range<Int>? {
        value(line, after: name, from: start, until: 0x20)
    }

    /// Exim's reason of a `==` or `**` line: after the address and its `R=`/`T=` tags, the text
    /// following the first `: `.
    static func eximReason(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Range<Int>? {
        guard let colon = line.firstIndex(of: ": ", from: start) else { return nil }
        return (colon + 2) < line.count ? (colon + 2)..<line.count : nil
    }
}
