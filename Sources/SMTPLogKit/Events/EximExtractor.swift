/// Finds the reply in an Exim main log or reject log line, written or implied.
///
/// Exim writes the replies it receives (`C="250 ..."` on deliveries, `SMTP error from remote
/// mail server after ...: 550 ...` on failures) but not the ones its ACLs send: `rejected RCPT
/// <x>: relay not permitted` means the client got 550, `temporarily rejected` means 451.
final class EximExtractor {
    private let remoteError: Pattern
    let replyLike: Pattern

    init() {
        // swiftlint:disable force_try
        // `... after RCPT TO:<x>: 550 ...`, and from 4.9x `... after end of data: host mx [ip]: 554 ...`.
        remoteError = try! Pattern(
            #"(?:(?:H=)?([^\s=\[]+) \[([^\]\s]+)\] ?: )?(?:(?:SMTP error from remote mail(?:er| server)|LMTP error|PRDR error) after (.*?)(?:: host (\S+) \[([^\]\s]+)\])?|response to "(.*?)" was): (?=\d{3}[ -]|\d{3}$)"#,
            anchored: false)
        replyLike = try! Pattern(
            #"\b[2-5]\d\d[ -][245]\.\d{1,3}\.\d{1,3}\b|\brejected\b|authenticator failed|C="[2-5]\d\d|SMTP error from"#,
            anchored: false)
        // swiftlint:enable force_try
    }

    func extract(_ line: UnsafeBufferPointer<UInt8>, message: Int, traffic: inout TrafficFact?) throws -> Extraction {
        guard message < line.count else { return .nonEvent }
        let idEnd = EximExtractor.messageIDEnd(line, at: message)
        traffic = EximExtractor.traffic(line, id: idEnd.map { message..<$0 }, body: idEnd.map { $0 + 1 } ?? message)
        let extraction = try extract(line, message: message, idEnd: idEnd)
        // Exim writes no level word: its troubles are the lines the rules read as notices.
        if traffic == nil, case .notice(let notice) = extraction, notice.isSystemNotice, let text = notice.text {
            traffic = .systemMessage(notice.kind == .panic ? .panic : .error, text: text)
        }
        return extraction
    }

    func extract(_ line: UnsafeBufferPointer<UInt8>, message: Int, idEnd: Int?) throws -> Extraction {
        var body = message
        if let idEnd {
            body = idEnd + 1
            if body + 3 <= line.count, line[body + 2] == 0x20 {
                switch (line[body], line[body + 1]) {
                case (0x3D, 0x3E), (0x2D, 0x3E), (0x2A, 0x3E), (0x3E, 0x3E):   // => -> *> >> (cutthrough)
                    return try delivery(line, flagAt: body)
                case (0x2A, 0x2A), (0x3D, 0x3D):                 // ** ==
                    return try failure(line, flagAt: body)
                case (0x3C, 0x3D):                               // <= arrival
                    return .nonEvent
                default:
                    break
                }
            }
        }
        // One pass finds which of the phrases below occur (see `EximPhrases`).
        let phrases = EximPhrases.scan(line, from: body)
        if let failed = phrases.authenticatorFailed {
            // With a message id, Exim was the client: a remote server refused our credentials.
            return try authFailure(line, from: body, near: failed, direction: body == message ? .inbound : .outbound)
        }
        if phrases.cutthrough {
            // A cutthrough delivery's verdict, relayed to the client as it came.
            return try delivery(line, flagAt: body)
        }
        if line.hasPrefix("SA: ", at: body) { return .nonEvent }
        if line.hasPrefix("configured error code ", at: body) { return EximExtractor.systemNotice(line, from: body) }
        if let implied = EximExtractor.sessionError(line, from: body) { return .event(implied) }
        if let rejected = phrases.rejected,
           rejected + 8 == line.count || line[rejected + 8] == 0x20 || line[rejected + 8] == 0x3A {
            // Messages submitted on the command line: no SMTP client was there to get a reply.
            if line.hasPrefix("rejected by non-SMTP ACL", at: rejected) { return EximExtractor.systemNotice(line, from: body) }
            return rejection(line, from: body, rejectedAt: rejected)
        }
        if phrases.remoteError {
            return try remoteFailure(line, from: body, recipient: nil)
        }
        // Most lines hold nothing the pattern needs: it runs only where it could match.
        if phrases.mayBeReplyLike, try replyLike.match(line, from: body) != nil { return .notUnderstood }
        return EximExtractor.systemNotice(line, from: body)
    }

    /// Exim writes its own troubles (spool space, lookups, TLS files, scanners, frozen messages)
    /// as plain lines: the ones that name a condition are notices for the rules.
    static func systemNotice(_ line: UnsafeBufferPointer<UInt8>, from body: Int) -> Extraction {
        guard body < line.count else { return .nonEvent }
        let rest = UnsafeBufferPointer(rebasing: line[body...])
        guard SystemConditions.classify(rest, kind: .error) != nil else { return .nonEvent }
        var notice = RawNotice(kind: .error)
        notice.text = body..<line.count
        return .notice(notice)
    }

    // MARK: replies from remote servers

    func delivery(_ line: UnsafeBufferPointer<UInt8>, flagAt flag: Int) throws -> Extraction {
        guard let confirmation = line.firstIndex(of: " C=\"", from: flag),
              let parsed = ReplyText.code(in: line, at: confirmation + 4) else { return .nonEvent }
        var event = RawReplyEvent(direction: .outbound, code: parsed.code, implied: false)
        event.enhanced = parsed.enhanced
        let textEnd = line.firstByte(0x22, from: parsed.textStart) ?? line.count
        event.text = parsed.textStart..<textEnd
        event.recipient = EximExtractor.deliveryAddress(line, after: flag + 3)
        if let host = EximExtractor.hostField(line, from: flag, to: confirmation) {
            event.peerName = host.name
            event.peerAddress = host.address
        }
        return .event(event)
    }

    func failure(_ line: UnsafeBufferPointer<UInt8>, flagAt flag: Int) throws -> Extraction {
        let recipient = EximExtractor.deliveryAddress(line, after: flag + 3)
        let extraction = try remoteFailure(line, from: flag, recipient: recipient)
        guard case .nonEvent = extraction else { return extraction }
        // No server answered with a code (`Unrouteable address`, `Connection refused`, `retry
        // timeout exceeded`): not a reply, a failed delivery all the same.
        // `retry time not reached`: Exim did not try; the verdict of an earlier attempt stands.
        let cached = line.firstIndex(of: "retry time not reached", from: flag) != nil
        var notice = RawNotice(kind: cached ? .cachedVerdict : .undelivered, status: line[flag] == 0x2A ? .bounced : .deferred)
        // A delivery held up by our own trouble (a lookup that failed, a transport limit) is
        // that trouble: its cause is ours, not the destination's.
        if !cached, SystemConditions.classify(UnsafeBufferPointer(rebasing: line[(flag + 3)...]), kind: .error) != nil {
            notice = RawNotice(kind: .error, status: notice.status)
        }
        notice.recipient = recipient
        let reason = line.firstIndex(of: ": ", from: flag + 3).map { $0 + 2 } ?? (flag + 3)
        notice.text = min(reason, line.count)..<line.count
        if let host = EximExtractor.hostField(line, from: flag, to: line.count) {
            notice.peerName = host.name
            notice.peerAddress = host.address
            notice.destination = host.name
        }
        return .notice(notice)
    }

    func remoteFailure(_ line: UnsafeBufferPointer<UInt8>, from start: Int, recipient: Range<Int>?) throws -> Extraction {
        guard let m = try remoteError.match(line, from: start) else {
            // `retry time not reached`, `Connection refused`: no server answered.
            return .nonEvent
        }
        guard let parsed = ReplyText.code(in: line, at: m[0]!.upperBound) else {
            // A code outside 2xx–5xx is not a reply (Exim's tests send `850 NONSENSE`).
            return .nonEvent
        }
        var event = RawReplyEvent(direction: .outbound, code: parsed.code, implied: false)
        event.enhanced = parsed.enhanced
        event.stage = m[3] ?? m[6]
        event.text = parsed.textStart..<line.count
        event.recipient = recipient
        event.isRelayRefusal = parsed.code == 551 || ReplyText.refusesRelay(code: parsed.code, line, event.text!)
        // The answering server: named just before the error (callouts), inside it (4.9x
        // deliveries), or in the delivery's `H=` field.
        if let address = m[2] {
            event.peerName = m[1]
            event.peerAddress = address
        } else if let address = m[5] {
            event.peerName = m[4]
            event.peerAddress = address
        } else if let host = EximExtractor.hostField(line, from: start, to: m[0]!.lowerBound) {
            event.peerName = host.name
            event.peerAddress = host.address
        }
        return .event(event)
    }

    // MARK: our replies to clients

    /// `dovecot_login authenticator failed for host (helo) [ip]:port I=[ip]:465 Ci=1: 535 ...
    /// (set_id=u)` (4.96), `... for H=(helo) [ip] U=user: 535 ...` (4.99): the fields between the
    /// address and the code vary by version, so the code is the first token that reads as one.
    func authFailure(_ line: UnsafeBufferPointer<UInt8>, from start: Int, near failed: Int,
                             direction: Direction) throws -> Extraction {
        var mechanismStart = failed - 1
        while mechanismStart > start, line[mechanismStart - 1] != 0x20 { mechanismStart -= 1 }
        var cursor = failed + 20
        if line.hasPrefix(" for", at: cursor) { cursor += 4 }
        if line.hasPrefix(" H=", at: cursor) { cursor += 1 }
        var event = RawReplyEvent(direction: direction, code: 0, implied: false)
        if let host = EximExtractor.hostField(line, from: cursor, to: line.count, requireTag: false) {
            event.peerName = host.name
            event.peerAddress = host.address
            cursor = host.end
        }
        var codeAt: Int?
        while cursor < line.count {
            guard let space = line.firstByte(0x20, from: cursor) else { break }
            cursor = space + 1
            if ReplyText.code(in: line, at: cursor) != nil { codeAt = cursor; break }
        }
        guard let codeAt, let parsed = ReplyText.code(in: line, at: codeAt) else {
            return try replyLike.match(line, from: start) == nil ? .nonEvent : .notUnderstood
        }
        event.code = parsed.code
        event.enhanced = parsed.enhanced
        event.saslMechanism = mechanismStart < failed - 1 ? mechanismStart..<(failed - 1) : nil
        if let user = line.firstIndex(of: " U=", from: failed, to: codeAt) {
            var end = user + 3
            while end < codeAt, line[end] != 0x20, line[end] != 0x3A { end += 1 }
            event.saslUser = (user + 3)..<end
        }
        var textEnd = line.count
        if let setID = line.firstIndex(of: "(set_id=", from: parsed.textStart) {
            let close = line.firstByte(0x29, from: setID + 8) ?? line.count
            // The identity the client tried, rather than `U=` (the connection's ident or login).
            event.saslUser = (setID + 8)..<close
            textEnd = setID
            while textEnd > parsed.textStart, line[textEnd - 1] == 0x20 { textEnd -= 1 }
        }
        event.text = parsed.textStart..<textEnd
        return .event(event)
    }

    /// ACL refusals. Exim logs no code for them: the client received 550, or 451 when the line
    /// says `temporarily rejected`.
    func rejection(_ line: UnsafeBufferPointer<UInt8>, from start: Int, rejectedAt rejected: Int) -> Extraction {
        let temporary = rejected >= 12 && line.hasPrefix("temporarily ", at: rejected - 12)
        let code = EximExtractor.impliedRejectionCode(line, from: start, temporary: temporary)
        var event = RawReplyEvent(direction: .inbound, code: code, implied: true)
        // `rejected RCPT <x>: ...`, or `... recipient rejected: <x>` with no stage word.
        let stageStart = min(rejected + 9, line.count)
        var cursor = stageStart
        if rejected + 8 < line.count, line[rejected + 8] == 0x3A { cursor = rejected + 8 }
        while cursor < line.count, cursor >= stageStart, line[cursor] != 0x20, line[cursor] != 0x3A { cursor += 1 }
        var stageEnd = max(cursor, stageStart)
        if line.equals("after", in: stageStart..<stageEnd), line.hasPrefix(" DATA", at: cursor) {
            stageEnd = cursor + 5
            cursor = stageEnd
        }
        event.stage = stageStart < stageEnd ? stageStart..<stageEnd : nil
        if line.hasPrefix(" FROM:<", at: cursor) { cursor += 5 } else if line.hasPrefix(" TO:<", at: cursor) { cursor += 3 }
        var address: Range<Int>?
        if cursor + 1 < line.count, line[cursor] == 0x20 || line[cursor] == 0x3A, line[cursor + 1] == 0x3C,
           let close = line.firstByte(0x3E, from: cursor + 2) {
            address = (cursor + 2)..<close
            cursor = close + 1
        } else if line.equals("RCPT", in: stageStart..<stageEnd), cursor < line.count, line[cursor] == 0x20 {
            // Older Exim writes the address without brackets: `rejected RCPT a@b: reason`.
            let start = cursor + 1
            var end = start
            while end < line.count, line[end] != 0x3A, line[end] != 0x20 { end += 1 }
            if end > start { address = start..<end; cursor = end }
        }
        if let address {
            if line.equals("RCPT", in: stageStart..<stageEnd) { event.recipient = address }
            else if line.equals("MAIL", in: stageStart..<stageEnd) { event.sender = address }
        }
        if let colon = line.firstIndex(of: ": ", from: cursor) { cursor = colon + 2 } else { cursor = line.count }
        // ACLs may set their own reply (`message = 599 5.12.3 ...`): then the code is written.
        if let written = ReplyText.code(in: line, at: cursor) {
            event.code = written.code
            event.implied = false
            event.enhanced = written.enhanced
            cursor = written.textStart
        }
        event.text = min(cursor, line.count)..<line.count
        if let host = EximExtractor.hostField(line, from: start, to: rejected)
            ?? EximExtractor.hostField(line, from: rejected, to: line.count) {
            event.peerName = host.name
            event.peerAddress = host.address
        }
        if event.sender == nil, let from = EximExtractor.senderField(line, from: start, to: rejected) {
            event.sender = from
        }
        event.isRelayRefusal = line.firstIndex(of: "relay not permitted", from: cursor) != nil
        event.isRejection = true
        return .event(event)
    }

    /// What Exim sent for a refusal it logs without a code: 550, or 451 when temporary, except
    /// for the refusals that RFC 5321 or Exim give a code of their own.
    static func impliedRejectionCode(_ line: UnsafeBufferPointer<UInt8>, from start: Int, temporary: Bool) -> Int {
        if line.hasPrefix("too many recipients", at: start) { return 452 }
        if line.hasPrefix("unqualified ", at: start) { return 501 }
        if line.firstIndex(of: "synchronization error", from: start) != nil { return 554 }
        if line.firstIndex(of: "message too big", from: start) != nil { return 552 }
        return temporary ? 451 : 550
    }

    /// Session-level errors Exim logs without the reply it sent (RFC 5321 and Exim's own codes).
    static func sessionError(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> RawReplyEvent? {
        let code: Int
        if line.hasPrefix("SMTP command timeout on connection from ", at: start) {
            code = 421
        } else if line.hasPrefix("SMTP protocol error in ", at: start) {
            if line.firstIndex(of: "when not advertised", from: start) != nil { code = 503 }
            else if line.firstIndex(of: "mechanism not supported", from: start) != nil { code = 504 }
            else { return nil }
        } else {
            return nil
        }
        var event = RawReplyEvent(direction: .inbound, code: code, implied: true)
        if let host = hostField(line, from: start, to: line.count) ?? connectionHost(line, from: start) {
            event.peerName = host.name
            event.peerAddress = host.address
        }
        event.text = start..<line.count
        return event
    }

    /// `... on connection from name (helo) [ip]:port`: the client, written without `H=`.
    static func connectionHost(_ line: UnsafeBufferPointer<UInt8>, from start: Int)
        -> (name: Range<Int>?, address: Range<Int>?, end: Int)? {
        guard let from = line.firstIndex(of: " from ", from: start) else { return nil }
        return hostField(line, from: from + 6, to: line.count, requireTag: false)
    }

    /// `F=<a@b>`, or `F=a@b` as older Exim and local_scan lines write it.
    static func senderField(_ line: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Range<Int>? {
        var search = start
        while let hit = line.firstIndex(of: "F=", from: search, to: end) {
            search = hit + 2
            guard hit == start || line[hit - 1] == 0x20 else { continue }
            if line.hasPrefix("F=<", at: hit) {
                guard let close = line.firstByte(0x3E, from: hit + 3), close < end else { return nil }
                return close > hit + 3 ? (hit + 3)..<close : nil
            }
            var stop = hit + 2
            while stop < end, line[stop] != 0x20 { stop += 1 }
            return stop > hit + 2 ? (hit + 2)..<stop : nil
        }
        return nil
    }

    // MARK: traffic

    /// What an Exim line says about the mail itself (see `TrafficFact`): arrivals (`<=`, with
    /// `S=` and the sender), deliveries (`=>`, `->`, `>>`), deferrals (`==`), bounces (`**`),
    /// `Completed`, and connections.
    static func traffic(_ line: UnsafeBufferPointer<UInt8>, id: Range<Int>?, body: Int) -> TrafficFact? {
        guard body < line.count else { return nil }
        if line.hasPrefix("Warning: ", at: body) { return .systemMessage(.warning, text: (body + 9)..<line.count) }
        guard let id else {
            // `SMTP connection from [ip]:port (TCP/IP connection count = N)`.
            guard line.hasPrefix("SMTP connection from ", at: body),
                  line.firstIndex(of: "(TCP/IP connection count = ", from: body + 21) != nil else { return nil }
            var fact = TrafficFact(kind: .connect)
            fact.client = hostField(line, from: body + 21, to: line.count, requireTag: false)?.address
            return fact
        }
        if body + 3 <= line.count, line[body + 2] == 0x20 {
            let pair = (line[body], line[body + 1])
            var fact: TrafficFact
            switch pair {
            case (0x3C, 0x3D):                                   // <= arrival
                fact = TrafficFact(kind: .received)
                var end = body + 3
                while end < line.count, line[end] != 0x20 { end += 1 }
                fact.sender = (body + 3)..<end
                if let size = line.firstIndex(of: " S=", from: end) { fact.size = PostfixExtractor.number(line, at: size + 3) }
                fact.client = hostField(line, from: end, to: line.count)?.address
                if let auth = line.firstIndex(of: " A=", from: end) {
                    // `A=dovecot_login:user`: the user is after the authenticator's name.
                    var start = auth + 3
                    while start < line.count, line[start] != 0x3A, line[start] != 0x20 { start += 1 }
                    if start < line.count, line[start] == 0x3A {
                        var stop = start + 1
                        while stop < line.count, line[stop] != 0x20 { stop += 1 }
                        fact.saslUser = (start + 1)..<stop
                    }
                }
            case (0x3D, 0x3E), (0x2D, 0x3E), (0x3E, 0x3E):       // => -> >> delivered
                fact = TrafficFact(kind: .delivery)
                fact.outcome = .sent
                if let queued = line.firstIndex(of: " QT=", from: body) { fact.delayMillis = eximDuration(line, at: queued + 4) }
            case (0x3D, 0x3D):                                   // == deferred
                fact = TrafficFact(kind: .delivery)
                fact.outcome = .deferred
            case (0x2A, 0x2A):                                   // ** bounced
                fact = TrafficFact(kind: .delivery)
                fact.outcome = .bounced
            default:
                return nil
            }
            fact.id = id
            if fact.kind == .delivery { fact.recipient = deliveryAddress(line, after: body + 3) }
            return fact
        }
        if line.hasPrefix("Completed", at: body) {
            var fact = TrafficFact(kind: .removed)
            fact.id = id
            return fact
        }
        return nil
    }

    /// Exim's durations (`QT=1h2m3s`, `QT=45s`, `QT=2d`) as milliseconds; -1 when unreadable.
    static func eximDuration(_ line: UnsafeBufferPointer<UInt8>, at start: Int) -> Int {
        var total = 0, value = 0, cursor = start, digits = 0
        while cursor < line.count, line[cursor] != 0x20 {
            let byte = line[cursor]
            if let digit = TimestampParser.digit(byte) {
                guard digits < 9 else { return -1 }
                value = value * 10 + digit
                digits += 1
            } else {
                let unit: Int
                switch byte {
                case 0x77: unit = 604_800   // w
                case 0x64: unit = 86_400    // d
                case 0x68: unit = 3_600     // h
                case 0x6D: unit = 60        // m
                case 0x73: unit = 1         // s
                default: return -1
                }
                total += value * unit
                guard total < 1 << 40 else { return -1 }
                value = 0
                digits = 0
            }
            cursor += 1
        }
        guard cursor > start, digits == 0 else { return -1 }
        return total * 1000
    }

    // MARK: fields

    /// `H=name [ip]`, `H=(helo) [ip]`, `H=name (helo) [ip]:port`: the name and address, and
    /// where the field ends. Without `requireTag` the field may start bare at `start`.
    static func hostField(_ line: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, requireTag: Bool = true)
        -> (name: Range<Int>?, address: Range<Int>?, end: Int)? {
        var cursor: Int
        if requireTag {
            var search = start
            var found: Int?
            while let hit = line.firstIndex(of: "H=", from: search, to: end) {
                if hit == start || line[hit - 1] == 0x20 { found = hit + 2; break }
                search = hit + 2
            }
            guard let found else { return nil }
            cursor = found
        } else {
            cursor = start
            while cursor < end, line[cursor] == 0x20 { cursor += 1 }
            if line.hasPrefix("H=", at: cursor) { cursor += 2 }
        }
        var name: Range<Int>?
        if cursor < end, line[cursor] != 0x28, line[cursor] != 0x5B {
            let nameStart = cursor
            while cursor < end, line[cursor] != 0x20, line[cursor] != 0x3A { cursor += 1 }
            // `U=user:` is not a host name: a field tag ends the search.
            if line.firstByte(0x3D, from: nameStart).map({ $0 < cursor }) ?? false { return nil }
            name = nameStart..<cursor
            if cursor < end, line[cursor] == 0x20 { cursor += 1 }
        }
        if cursor < end, line[cursor] == 0x28, let close = line.firstByte(0x29, from: cursor) {
            cursor = close + 1
            if cursor < end, line[cursor] == 0x20 { cursor += 1 }
        }
        var address: Range<Int>?
        if cursor < end, line[cursor] == 0x5B, let close = line.firstByte(0x5D, from: cursor), close < end {
            address = (cursor + 1)..<close
            cursor = close + 1
            if cursor < end, line[cursor] == 0x3A {
                cursor += 1
                while cursor < end, TimestampParser.digit(line[cursor]) != nil { cursor += 1 }
            }
        }
        if name == nil && address == nil { return nil }
        return (name, address, cursor)
    }

    /// The recipient of a delivery line: `user@domain`, or `user <user@domain>` for local ones.
    static func deliveryAddress(_ line: UnsafeBufferPointer<UInt8>, after start: Int) -> Range<Int>? {
        var cursor = start
        while cursor < line.count, line[cursor] != 0x20 { cursor += 1 }
        // `** user@example.com: Unrouteable address`: no router took it, the reason follows.
        let first = start..<(cursor > start && line[cursor - 1] == 0x3A ? cursor - 1 : cursor)
        // `=> final <original>`: the final address, unless it is a bare local user name.
        if line.firstByte(0x40, from: start).map({ $0 < cursor }) ?? false { return first }
        if line.hasPrefix(" <", at: cursor), let close = line.firstByte(0x3E, from: cursor + 2) {
            return (cursor + 2)..<close
        }
        return first.isEmpty ? nil : first
    }

    /// Exim message ids: `1tAbCd-000XyZ-9Q` (16 characters) or, from 4.97, 23 characters
    /// `1tAbCd-00000003Ab9-AbCd`. Returns the offset of the space after it.
    @inline(__always)
    static func messageIDEnd(_ line: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        func alnumRun(_ from: Int) -> Int {
            var cursor = from
            while cursor < line.count {
                let byte = line[cursor]
                guard (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) else { break }
                cursor += 1
            }
            return cursor - from
        }
        guard alnumRun(start) == 6, start + 6 < line.count, line[start + 6] == 0x2D else { return nil }
        let middle = alnumRun(start + 7)
        guard middle == 6 || middle == 11, start + 7 + middle < line.count, line[start + 7 + middle] == 0x2D else { return nil }
        let tailStart = start + 8 + middle
        let tail = alnumRun(tailStart)
        guard tail == 2 || tail == 4 else { return nil }
        let end = tailStart + tail
        guard end < line.count, line[end] == 0x20 else { return nil }
        return end
    }
}
