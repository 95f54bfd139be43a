#if canImport(Glibc)
import Glibc
import CMemory
#endif

/// How a line's timestamp was written.
public enum TimestampFormat: String, Codable, Sendable, CaseIterable {
    case syslog, rfc3339, exim, none
}

/// The Postfix daemon that wrote a line: it decides which shapes the message can take.
public enum PostfixService: UInt8, Sendable {
    case smtpd, postscreen, smtp, lmtp, cleanup, error, local, virtual, pipe, qmgr, bounce, other
}

/// The mail program behind a line, from its syslog tag or its own format.
public enum MailProgram: Equatable, Sendable {
    case postfix(PostfixService)
    case exim
    /// Any other program (dovecot, amavis, opendkim, sendmail, the kernel): read, not analysed.
    case other
}

/// What `LinePrefix.parse(_:memo:)` remembers of the previous line.
public struct PrefixMemo {
    var head: UInt64 = 0
    var tail: UInt64 = 0
    var stamp: TimestampParser.Parsed?
    /// A stamp of 16 to 24 bytes (a month named in another language: `févr. 12 06:25:01`), as
    /// three words: its first 16 bytes and its last 8. Kept apart, so that the English path
    /// compares two words as before.
    var longHead: UInt64 = 0
    var longMiddle: UInt64 = 0
    var longTail: UInt64 = 0
    var longStamp: TimestampParser.Parsed?
    /// The first 19 bytes of the last ISO stamp (`2026-11-21 06:25:01`, Exim's own and RFC
    /// 3339's), as three words, and its time, which those bytes alone decide.
    var isoHead: UInt64 = 0
    var isoMiddle: UInt64 = 0
    var isoTail: UInt64 = 0
    var isoTime: LogTime?
    /// The syslog tags met lately and what they are.
    var tags = TagMemo()

    public init() {}
}

/// The parts of a line before its message, found with plain byte comparisons.
///
/// Stored in three words (offsets as 32-bit numbers: no line handed over is longer than the
/// reader's 64 MiB limit, and `parse` recognises no line of 4 GiB or more), so that it is
/// returned in registers: returned through memory, every line's prefix was written in narrow
/// stores and read back in wide loads that stalled on store forwarding (`perf annotate`).
public struct LinePrefix {
    /// `LogTime.packed`, or -1 for none.
    private var packedTime: Int
    private var programStart: UInt32
    private var programEnd: UInt32
    private var messageStart: UInt32
    // The one-byte fields last, so that they pack into the third word.
    public var format: TimestampFormat
    public var mail: MailProgram

    init(format: TimestampFormat, time: LogTime?, program: Range<Int>, mail: MailProgram, message: Int) {
        self.format = format
        self.mail = mail
        packedTime = time?.packed ?? -1
        programStart = UInt32(truncatingIfNeeded: program.lowerBound)
        programEnd = UInt32(truncatingIfNeeded: program.upperBound)
        messageStart = UInt32(truncatingIfNeeded: message)
    }

    /// Nil for lines without a timestamp; `year` is 0 for syslog stamps until it is inferred.
    public var time: LogTime? {
        get { packedTime < 0 ? nil : LogTime(packed: packedTime) }
        set { packedTime = newValue?.packed ?? -1 }
    }

    public var program: Range<Int> { Int(programStart)..<Int(programEnd) }

    /// Offset where the program's own message starts.
    public var message: Int {
        get { Int(messageStart) }
        set { messageStart = UInt32(truncatingIfNeeded: newValue) }
    }

    /// Lines this long or longer are not recognised: their offsets would not fit the storage.
    static let lengthLimit = Int(UInt32.max)

    /// Recognises a line's prefix, or returns nil when the line starts with none of the known
    /// layouts (then it may be an Exim rejectlog continuation, or not a log line at all).
    /// The same as `parse(_:)`, remembering the last syslog stamp in `memo`: consecutive lines
    /// mostly share it (a busy server writes dozens of lines a second), and two word compares
    /// are cheaper than parsing it again.
    ///
    /// The line parser calls its two halves itself: the usual line, whose stamp and tag are those
    /// of lines met before, is answered by `quick` in a few dozen instructions (two words for the stamp, the
    /// tag's bytes, the pid's `]`), and everything else goes to `parseRemembering`. As one
    /// function, its calls, spills and the 3-word result cost about 90 instructions a line
    /// (callgrind).
    @inline(__always)
    public static func parse(_ line: UnsafeBufferPointer<UInt8>, memo: inout PrefixMemo) -> LinePrefix? {
        if let quick = quick(line, memo: &memo) { return quick.prefix }
        return parseRemembering(line, memo: &memo)
    }

    /// The prefix of a line whose syslog stamp is the memo's (its first 15 bytes) and whose tag
    /// is in the tag memo, or nil for `parseRemembering` to read. Its time is the stamp's, year
    /// 0, also given apart, so that the line parser infers the year without unpacking it.
    @inline(__always)
    static func quick(_ line: UnsafeBufferPointer<UInt8>, memo: inout PrefixMemo) -> (prefix: LinePrefix, time: LogTime)? {
        // The stamp memo first: a log without syslog stamps (Exim's own) has none, and goes on
        // in two instructions. Offsets here come from the tag memo (16 bits) and the pid's `]`
        // just after it, so no line is too long for them.
        guard let stamp = memo.stamp, line.count >= 16, let base = line.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        guard raw.loadUnaligned(as: UInt64.self) == memo.head,
              raw.loadUnaligned(fromByteOffset: 7, as: UInt64.self) == memo.tail,
              let place = TagMemo.place(line, from: stamp.end),
              let known = memo.tags.lookup(line, from: stamp.end, place),
              let message = message(line, afterBracket: known.program.upperBound) else { return nil }
        return (LinePrefix(format: .syslog, time: stamp.time, program: known.program, mail: known.mail, message: message),
                stamp.time)
    }

    /// `parse(_:memo:)` for the lines its quick path leaves: a stamp or a tag not met on the line
    /// before, ISO stamps, short lines.
    @inline(never)
    static func parseRemembering(_ line: UnsafeBufferPointer<UInt8>, memo: inout PrefixMemo) -> LinePrefix? {
        guard line.count >= 16, line.count < lengthLimit, let base = line.baseAddress else { return parse(line) }
        if base[0] < 0x41 {
            return base[0] >= 0x30 && base[0] <= 0x39 && line.count >= 19 ? isoStamped(line, memo: &memo) : parse(line)
        }
        let raw = UnsafeRawPointer(base)
        let head = raw.loadUnaligned(as: UInt64.self), tail = raw.loadUnaligned(fromByteOffset: 7, as: UInt64.self)
        let stamp: TimestampParser.Parsed
        if memo.stamp != nil, head == memo.head, tail == memo.tail {
            stamp = memo.stamp!
        } else {
            if let parsed = TimestampParser.englishSyslog(in: line, from: 0) {
                stamp = parsed
                memo.head = head
                memo.tail = tail
                memo.stamp = parsed
            } else if let long = memo.longStamp, line.count >= long.end, head == memo.longHead,
                      raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self) == memo.longMiddle,
                      raw.loadUnaligned(fromByteOffset: long.end - 8, as: UInt64.self) == memo.longTail {
                // A month named in another language, and the stamp of the line before.
                stamp = long
            } else {
                guard let parsed = foreignStamp(line, head: head, tail: tail, memo: &memo) else { return parse(line) }
                stamp = parsed
            }
        }
        return memoTagged(line, from: stamp.end, time: stamp.time, memo: &memo)
    }

    /// `tagged(line, from: at, format: .syslog, time: time)`, with the host and program taken
    /// from `memo` when the bytes up to the pid's `[` are those of a tag met before (`TagMemo`).
    @inline(__always)
    private static func memoTagged(_ line: UnsafeBufferPointer<UInt8>, from at: Int, time: LogTime,
                                   memo: inout PrefixMemo) -> LinePrefix? {
        guard let place = TagMemo.place(line, from: at) else { return tagged(line, from: at, format: .syslog, time: time) }
        if let known = memo.tags.lookup(line, from: at, place),
           let message = message(line, afterBracket: known.program.upperBound) {
            return LinePrefix(format: .syslog, time: time, program: known.program, mail: known.mail, message: message)
        }
        let found = tagged(line, from: at, format: .syslog, time: time)
        if let found { memo.tags.remember(line, from: at, place, program: found.program, mail: found.mail) }
        return found
    }

    /// A line that starts with an ISO stamp (Exim's own, RFC 3339), its time taken from `memo`
    /// when its first 19 bytes are those of the stamp before. `line` has 19 bytes or more.
    private static func isoStamped(_ line: UnsafeBufferPointer<UInt8>, memo: inout PrefixMemo) -> LinePrefix? {
        let raw = UnsafeRawPointer(line.baseAddress!)
        let head = raw.loadUnaligned(as: UInt64.self), middle = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        let tail = raw.loadUnaligned(fromByteOffset: 11, as: UInt64.self)
        let stamp: TimestampParser.Parsed
        if let time = memo.isoTime, head == memo.isoHead, middle == memo.isoMiddle, tail == memo.isoTail {
            stamp = TimestampParser.Parsed(time: time, end: TimestampParser.isoEnd(in: line, from: 0))
        } else {
            guard let parsed = TimestampParser.iso(in: line, from: 0) else { return parse(line) }
            memo.isoHead = head
            memo.isoMiddle = middle
            memo.isoTail = tail
            memo.isoTime = parsed.time
            stamp = parsed
        }
        return afterISOStamp(line, stamp)
    }

    /// A stamp whose month is named in another language, remembered in `memo`. The two words
    /// of the English memo cover 15 bytes, all of an English stamp; a longer stamp is compared
    /// as three words (its first 16 bytes and its last 8), never taken from a line that shares
    /// only its start.
    @inline(never)
    private static func foreignStamp(_ line: UnsafeBufferPointer<UInt8>, head: UInt64, tail: UInt64,
                                     memo: inout PrefixMemo) -> TimestampParser.Parsed? {
        let raw = UnsafeRawPointer(line.baseAddress!)
        guard let parsed = TimestampParser.foreignSyslog(in: line, from: 0) else { return nil }
        memo.stamp = nil
        memo.longStamp = nil
        if parsed.end <= 15 {
            memo.head = head
            memo.tail = tail
            memo.stamp = parsed
        } else if parsed.end <= 24, line.count >= parsed.end {
            memo.longHead = head
            memo.longMiddle = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            memo.longTail = raw.loadUnaligned(fromByteOffset: parsed.end - 8, as: UInt64.self)
            memo.longStamp = parsed
        }
        return parsed
    }

    public static func parse(_ line: UnsafeBufferPointer<UInt8>) -> LinePrefix? {
        guard let first = line.first, line.count < lengthLimit else { return nil }
        if first >= 0x30 && first <= 0x39 {
            guard let stamp = TimestampParser.iso(in: line, from: 0) else { return nil }
            return afterISOStamp(line, stamp)
        }
        if let stamp = TimestampParser.syslog(in: line, from: 0) {
            return tagged(line, from: stamp.end, format: .syslog, time: stamp.time)
        }
        // Without a timestamp (`journalctl -o cat`, quoted lines): `postfix/smtpd[1]: ...` or
        // `host exim[1]: ...`, accepted only for Postfix and Exim so that prose stays prose.
        if let bare = tag(line, from: 0), bare.mail != .other {
            return finish(line, format: .none, time: nil, tag: bare)
        }
        if let space = line.firstByte(0x20, from: 0), let hosted = tag(line, from: space + 1), hosted.mail != .other {
            return finish(line, format: .none, time: nil, tag: hosted)
        }
        return nil
    }

    /// The rest of a line after its ISO stamp: an RFC 3339 line's syslog tag, or Exim's own
    /// format, or a syslog daemon's tag after a space (`2026-11-22 06:25:01 host postfix/smtpd[1]: ...`).
    private static func afterISOStamp(_ line: UnsafeBufferPointer<UInt8>, _ stamp: TimestampParser.Parsed) -> LinePrefix? {
        if line.count > 10 && line[10] == 0x54 {
            return tagged(line, from: stamp.end, format: .rfc3339, time: stamp.time)
        }
        if mayHoldMailTag(line, from: stamp.end),
           let syslogStyle = tagged(line, from: stamp.end, format: .exim, time: stamp.time),
           syslogStyle.mail != .other {
            return syslogStyle
        }
        return exim(line, from: stamp.end, time: stamp.time)
    }

    /// False where `tagged` cannot find a Postfix or Exim tag after `at`: a tag's program starts
    /// with `e` (exim) or `p` (postfix), or is bracketed, and `tagged` looks for it at the first
    /// word (bracketed or a bare `prog:`) or at the second. Exim's own lines (`1vXYZa-000123-AB <=`,
    /// `SMTP connection from`) are ruled out by two bytes instead of a try at their tag.
    @inline(__always)
    private static func mayHoldMailTag(_ line: UnsafeBufferPointer<UInt8>, from at: Int) -> Bool {
        @inline(__always) func mayStartTag(_ byte: UInt8) -> Bool { byte == 0x5B || byte == 0x65 || byte == 0x70 }
        guard at < line.count, line[at] == 0x20 else { return false }
        var cursor = at + 1
        while cursor < line.count, line[cursor] == 0x20 { cursor += 1 }
        guard cursor < line.count else { return false }
        if mayStartTag(line[cursor]) { return true }
        guard let space = firstSpace(line, from: cursor), space + 1 < line.count else { return false }
        return mayStartTag(line[space + 1])
    }

    /// `line.firstByte(0x20, from: start)`, its first 16 bytes in one compare on x86-64: the
    /// first word of an Exim line (`SMTP`, a message id) is read on every line, and the byte loop
    /// took about 50 instructions a line there (callgrind, exim10m).
    @inline(__always)
    static func firstSpace(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        #if arch(x86_64)
        if start >= 0, start &+ 16 <= line.count, let base = line.baseAddress {
            let hits = byteMask16(UnsafeRawPointer(base + start), 0x20)
            return hits != 0 ? start &+ hits.trailingZeroBitCount : line.firstByte(0x20, from: start &+ 16)
        }
        #endif
        return line.firstByte(0x20, from: start)
    }

    /// Exim's own `[ [pid]] message` after its timestamp.
    private static func exim(_ line: UnsafeBufferPointer<UInt8>, from at: Int, time: LogTime) -> LinePrefix? {
        guard at < line.count, line[at] == 0x20 else {
            return at == line.count ? LinePrefix(format: .exim, time: time, program: at..<at, mail: .exim, message: at) : nil
        }
        var cursor = at + 1
        if cursor < line.count, line[cursor] == 0x5B {
            var close = cursor + 1
            while close < line.count, TimestampParser.digit(line[close]) != nil { close += 1 }
            if close < line.count, line[close] == 0x5D, close > cursor + 1 {
                cursor = close + 1
                if cursor < line.count, line[cursor] == 0x20 { cursor += 1 }
            }
        }
        return LinePrefix(format: .exim, time: time, program: at..<at, mail: .exim, message: cursor)
    }

    /// ` host prog[pid]: message` after a syslog or RFC 3339 stamp.
    private static func tagged(_ line: UnsafeBufferPointer<UInt8>, from at: Int, format: TimestampFormat,
                               time: LogTime) -> LinePrefix? {
        guard at < line.count, line[at] == 0x20 else { return nil }
        var cursor = at + 1
        while cursor < line.count, line[cursor] == 0x20 { cursor += 1 }
        let hostStart = cursor
        if let space = memchr(line.baseAddress! + cursor, 0x20, line.count - cursor) {
            cursor = UnsafeRawPointer(space).assumingMemoryBound(to: UInt8.self) - line.baseAddress!
        } else {
            cursor = line.count
        }
        // Without a host field the first token is already the tag (`prog[pid]:` or `prog:`).
        let hostEnd = cursor
        if hostStart < line.count, line[hostStart] == 0x5B, let bracketed = tag(line, from: hostStart) {
            return finish(line, format: format, time: time, tag: bracketed)
        }
        if hostEnd > hostStart, line[hostEnd - 1] == 0x3A,
           let bare = tag(line, from: hostStart) {
            return finish(line, format: format, time: time, tag: bare)
        }
        guard cursor < line.count else { return nil }
        guard let found = tag(line, from: cursor + 1) else { return nil }
        return finish(line, format: format, time: time, tag: found)
    }

    private static func finish(_ line: UnsafeBufferPointer<UInt8>, format: TimestampFormat, time: LogTime?,
                               tag: (program: Range<Int>, mail: MailProgram, message: Int)) -> LinePrefix {
        var prefix = LinePrefix(format: format, time: time, program: tag.program, mail: tag.mail, message: tag.message)
        if tag.mail == .exim, let own = exim(line, from: tag.message - 1, time: time ?? LogTime(year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0)),
           own.message > tag.message {
            prefix.message = own.message   // `exim[8003]: [8003] ...`: the pid again, Exim's own
        }
        // Exim behind syslog may still write its own stamp (and pid) first.
        if tag.mail == .exim, tag.message < line.count, TimestampParser.digit(line[tag.message]) != nil,
           let inner = TimestampParser.iso(in: line, from: tag.message), line.count > tag.message + 10,
           line[tag.message + 10] == 0x20, let own = exim(line, from: inner.end, time: inner.time) {
            prefix.time = inner.time
            prefix.message = own.message
        }
        return prefix
    }

    /// `prog[pid]: `, `prog: `, or `[prog] ` as some relays write it, at `at`.
    private static func tag(_ line: UnsafeBufferPointer<UInt8>, from at: Int)
        -> (program: Range<Int>, mail: MailProgram, message: Int)? {
        if at < line.count, line[at] == 0x5B, let close = line.firstByte(0x5D, from: at + 1),
           close + 1 < line.count, line[close + 1] == 0x20, close > at + 1 {
            let program = (at + 1)..<close
            guard line[program].allSatisfy({ $0 != 0x20 }) else { return nil }
            return (program, classify(line, program), close + 2)
        }
        var cursor = at
        // The last `/` is noted on the way: it starts the Postfix service name.
        var slash = -1
        var stopped = false
        // Eight bytes a step while they are all name letters (above 0x5B): every line has a
        // tag, and `postfix/submission/smtpd` is 24 bytes of byte-by-byte work otherwise.
        while !stopped, cursor + 8 <= line.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(line.baseAddress! + cursor).loadUnaligned(as: UInt64.self))
            // The high bit of each byte below 0x5C; exact for the lowest one, which is all we use.
            let low = (word &- 0x5C5C_5C5C_5C5C_5C5C) & ~word & 0x8080_8080_8080_8080
            if low == 0 {
                cursor += 8
                continue
            }
            cursor += low.trailingZeroBitCount >> 3
            let byte = line[cursor]
            if byte == 0x5B || byte == 0x3A || byte == 0x20 {
                stopped = true
            } else {
                if byte == 0x2F { slash = cursor }
                cursor += 1
            }
        }
        while !stopped, cursor < line.count {
            let byte = line[cursor]
            // Every stop byte is below 0x5C and most name bytes are letters above it.
            if byte <= 0x5B {
                if byte == 0x5B || byte == 0x3A || byte == 0x20 { break }
                if byte == 0x2F { slash = cursor }
            }
            cursor += 1
        }
        guard cursor < line.count, cursor > at else { return nil }
        let program = at..<cursor
        if line[cursor] == 0x5B {
            guard let message = message(line, afterBracket: cursor) else { return nil }
            return (program, classify(line, program, lastSlash: slash), message)
        }
        guard line[cursor] == 0x3A else { return nil }
        cursor += 1
        if cursor < line.count, line[cursor] == 0x20 { cursor += 1 }
        return (program, classify(line, program, lastSlash: slash), cursor)
    }

    /// Where the message starts after a pid's `[` at `bracket`: `pid]:` and a space, which may
    /// be missing; nil when the `]` is not within 32 bytes or no `:` follows it.
    @inline(__always)
    static func message(_ line: UnsafeBufferPointer<UInt8>, afterBracket bracket: Int) -> Int? {
        #if arch(x86_64)
        // The 16 bytes after the `[` in one compare: a pid's `]` is nearly always among them.
        // Otherwise (a long pid, the line's end near) the loop below looks again.
        if bracket &+ 17 <= line.count, let base = line.baseAddress {
            let hits = byteMask16(UnsafeRawPointer(base + bracket + 1), 0x5D)
            if hits != 0 {
                var cursor = bracket &+ 2 &+ hits.trailingZeroBitCount
                guard cursor < line.count, line[cursor] == 0x3A else { return nil }
                cursor += 1
                if cursor < line.count, line[cursor] == 0x20 { cursor += 1 }
                return cursor
            }
        }
        #endif
        return messageByBytes(line, afterBracket: bracket)
    }

    /// `message(_:afterBracket:)` a word, then a byte, at a time: the only way on other
    /// processors, and near a line's end.
    @inline(__always)
    static func messageByBytes(_ line: UnsafeBufferPointer<UInt8>, afterBracket bracket: Int) -> Int? {
        // A pid is a few digits: its `]` is in the next eight bytes, one word, on nearly every
        // line (a byte loop took about 34 instructions a line, callgrind); bytes one at a time
        // beyond them, up to 32, and near the line's end.
        let limit = min(line.count, bracket + 32)
        var close = bracket + 1
        if close + 8 <= line.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(line.baseAddress! + close).loadUnaligned(as: UInt64.self))
            let hits = zeroBytes(word ^ 0x5D5D_5D5D_5D5D_5D5D)
            close += hits != 0 ? hits.trailingZeroBitCount >> 3 : 8
        }
        while close < limit, line[close] != 0x5D { close += 1 }
        guard close < limit else { return nil }
        var cursor = close + 1
        guard cursor < line.count, line[cursor] == 0x3A else { return nil }
        cursor += 1
        if cursor < line.count, line[cursor] == 0x20 { cursor += 1 }
        return cursor
    }

    /// `lastSlash` is the offset of the program's last `/`, -1 for none, or nil when not known.
    static func classify(_ line: UnsafeBufferPointer<UInt8>, _ program: Range<Int>, lastSlash: Int? = nil) -> MailProgram {
        let count = program.count
        let start = program.lowerBound
        if count >= 4, line[start] == 0x65, line[start + 1] == 0x78, line[start + 2] == 0x69, line[start + 3] == 0x6D {
            return .exim   // exim, exim4
        }
        guard count >= 7, line[start] == 0x70 else { return .other }
        if start + 8 <= line.count {
            // `postfix` as one masked word: this runs for every Postfix line.
            let word = UInt64(littleEndian: UnsafeRawPointer(line.baseAddress! + start).loadUnaligned(as: UInt64.self))
            guard word & 0x00FF_FFFF_FFFF_FFFF == 0x78_6966_7473_6F70 else { return .other }
        } else {
            guard line.hasPrefix("postfix", at: start) else { return .other }
        }
        let slash: Int
        if let lastSlash {
            slash = lastSlash
        } else if let found = memrchr(line.baseAddress! + start, 0x2F, count) {
            slash = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - line.baseAddress!
        } else {
            slash = -1
        }
        guard slash >= start else { return .postfix(.other) }
        return .postfix(service(line, (slash + 1)..<program.upperBound))
    }

    private static func service(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> PostfixService {
        func named(_ name: StaticString) -> Bool { line.equals(name, in: range) }
        guard !range.isEmpty else { return .other }
        if range.count <= 8, range.lowerBound + 8 <= line.count {
            // The name as one zero-padded word, against the names as little-endian constants.
            let raw = UInt64(littleEndian: UnsafeRawPointer(line.baseAddress! + range.lowerBound).loadUnaligned(as: UInt64.self))
            let word = range.count == 8 ? raw : raw & ((1 << UInt64(8 * range.count)) - 1)
            switch (range.count, word) {
            case (5, 0x64_7074_6D73): return .smtpd            // smtpd
            case (4, 0x7074_6D73): return .smtp                // smtp
            case (4, 0x6570_6970): return .pipe                // pipe
            case (7, 0x70_756E_6165_6C63): return .cleanup     // cleanup
            case (4, 0x7074_6D6C): return .lmtp                // lmtp
            case (5, 0x6C_6163_6F6C): return .local            // local
            case (4, 0x7267_6D71), (5, 0x72_676D_716E): return .qmgr   // qmgr, nqmgr
            case (5, 0x72_6F72_7265), (5, 0x79_7274_6572), (7, 0x64_7261_6373_6964): return .error   // error, retry, discard
            case (7, 0x6C_6175_7472_6976): return .virtual     // virtual
            case (6, 0x6563_6E75_6F62): return .bounce         // bounce
            default: return .other                             // postscreen is longer than a word
            }
        }
        // Dispatch on the first letter: one comparison of the name instead of a dozen.
        switch line[range.lowerBound] {
        case 0x73: return named("smtpd") ? .smtpd : named("smtp") ? .smtp : .other
        case 0x70: return named("postscreen") ? .postscreen : named("pipe") ? .pipe : .other
        case 0x63: return named("cleanup") ? .cleanup : .other
        case 0x6C: return named("lmtp") ? .lmtp : named("local") ? .local : .other
        case 0x71: return named("qmgr") ? .qmgr : .other
        case 0x6E: return named("nqmgr") ? .qmgr : .other
        case 0x65: return named("error") ? .error : .other
        case 0x72: return named("retry") ? .error : .other
        case 0x64: return named("discard") ? .error : .other
        case 0x76: return named("virtual") ? .virtual : .other
        case 0x62: return named("bounce") ? .bounce : .other
        default: return .other
        }
    }
}
