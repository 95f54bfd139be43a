#if canImport(Glibc)
import Glibc
#endif

/// Finds the reply in a Postfix line, written or implied.
///
/// Dispatch is on the daemon and the message's first word, with plain byte comparisons, so
/// that PCRE2 runs only on the lines that can hold a reply. Postfix writes its own replies in
/// `reject:` lines, the peers' replies in delivery lines, and never the 535 it sends on a failed
/// login: that one is implied by the `SASL ... authentication failed` warning.
final class PostfixExtractor {
    private let contentReject: Pattern
    private let serverSaid: Pattern
    private let replyLike: Pattern

    init() {
        // Patterns are ours and fixed: a failure to compile is a programming error.
        // swiftlint:disable force_try
        contentReject = try! Pattern(
            #"(?:reject|milter-reject): (header|body|END-OF-MESSAGE|DATA)\b.*? from ([^\[\s]*)\[([^\]\s]*)\](?::\d+)?; from=<([^>]*)> to=<([^>]*)>(?: proto=\S+)?(?: helo=<[^>]*>)?: (.*)$"#)
        serverSaid = try! Pattern(#"SASL authentication failed; server ([^\s\[]+)\[([^\]\s]*)\](?::\d+)? said: "#)
        replyLike = try! Pattern(
            #"\b[2-5]\d\d[ -][245]\.\d{1,3}\.\d{1,3}\b|\breject(?:ed)?:|\bsaid: [2-5]\d\d|authentication failed|refused to talk to me"#,
            anchored: false)
        // swiftlint:enable force_try
    }

    /// `program` is the line's program tag: a connection's `connect from` and `disconnect from`
    /// take their process from the pid after it, read here on those lines only (the parser read
    /// the fact's kind again on every line to find them: about 10 instructions a line, callgrind).
    /// The line's kind is written into the parser's `kind`: returned, it was built on the stack
    /// and copied over (104 bytes, about 19 instructions a line, callgrind). Left as it was when
    /// the line throws.
    func extract(_ fullLine: UnsafeBufferPointer<UInt8>, message: Int, program: Range<Int>,
                 traffic: inout TrafficFact?, into kind: inout Extraction) throws {
        // Spreadsheet exports append `,,,,` to every line; Postfix itself never ends one with a comma.
        var end = fullLine.count
        while end > message, fullLine[end - 1] == 0x2C || fullLine[end - 1] == 0x20 { end -= 1 }
        let line = UnsafeBufferPointer(rebasing: fullLine[0..<end])
        guard message < line.count else { kind = .nonEvent; return }
        let body = PostfixExtractor.skipQueueID(line, from: message)
        var statusSearch = StatusSearch()
        let first = line[body]
        // Only messages starting with one of `traffic`'s letters can say anything about the mail:
        // the others (`Anonymous TLS`, `CONNECT`, `PASS`, `statistics:`, `message-id=`, a third of
        // a busy log) are let go without the call (about 30 instructions a line, callgrind).
        if PostfixExtractor.mayBeTraffic(first) {
            PostfixExtractor.traffic(line, message: message, body: body, program: program, statusSearch: &statusSearch,
                                     into: &traffic)
        }
        switch first {
        case 0x72, 0x6D:   // "reject", "milter-reject"
            if line.hasPrefix("reject: ", at: body) || line.hasPrefix("milter-reject: ", at: body) {
                kind = try rejection(line, at: body)
                return
            }
            if line.hasPrefix("reject_warning: ", at: body) { kind = .nonEvent; return }
        case 0x70:         // "proxy-reject: END-OF-MESSAGE: 554 ...", "proxy-accept: ...: 250 ...", "panic: "
            if line.hasPrefix("proxy-reject: ", at: body) || line.hasPrefix("proxy-accept: ", at: body) {
                kind = proxyVerdict(line, at: body)
                return
            }
            if line.hasPrefix("panic: ", at: body) { kind = PostfixExtractor.systemNotice(.panic, line, textAt: body + 7); return }
        case 0x77:         // "warning: "
            if line.hasPrefix("warning: ", at: body) {
                if line.firstIndexHopping(of: "authentication failed", from: body) != nil {
                    kind = try saslFailure(line, at: body)
                    return
                }
                if let implied = PostfixExtractor.unwrittenReply(line, at: body + 9, PostfixExtractor.unwrittenWarningReplies) {
                    kind = implied
                    return
                }
                if let aborted = saslAborted(line, at: body) { kind = aborted; return }
                // header_checks and body_checks WARN actions: a match in a message, not our state.
                if line.hasPrefix("header ", at: body + 9) || line.hasPrefix("body ", at: body + 9) { kind = .nonEvent; return }
                // Warnings are about our own state, or about clients: the rules tell which.
                kind = PostfixExtractor.systemNotice(.warning, line, textAt: body + 9)
                return
            }
        case 0x66:         // "fatal: "
            if line.hasPrefix("fatal: ", at: body) { kind = PostfixExtractor.systemNotice(.fatal, line, textAt: body + 7); return }
        case 0x65:         // "error: "
            if line.hasPrefix("error: ", at: body) { kind = PostfixExtractor.systemNotice(.error, line, textAt: body + 7); return }
        case 0x74:         // "to=<"
            if line.hasPrefix("to=", at: body) { kind = try deliveryStatus(line, at: body, statusSearch); return }
        case 0x68:         // "host X[ip] said: ..."
            if line.hasPrefix("host ", at: body) { kind = try peerReply(line, at: body); return }
        case 0x53:         // "SASL authentication failed; server X said: 535 ..."
            if line.hasPrefix("SASL authentication failed; server ", at: body) {
                kind = try relayHostAuth(line, at: body)
                return
            }
        case 0x3E, 0x3C:   // verbose transcripts: "> client[ip]: 250 ..." is not a reply event
            if body + 1 < line.count, line[body + 1] == 0x20 { kind = .nonEvent; return }
        default:
            break
        }
        // qmgr: `from=<x>, status=expired, returned to sender`: a message given up after the
        // maximal queue lifetime, a failure no server answered.
        if first == 0x66, line.hasPrefix("from=<", at: body), let expired = line.firstIndexHopping(of: ", status=expired", from: body) {
            var notice = RawNotice(kind: .undelivered, status: .expired)
            notice.text = (expired + 2)..<line.count
            // `from=<>` is a bounce: its sender shows as `<>`, as the line writes it.
            let close = line.firstByteWide(0x3E, from: body + 6) ?? body + 6
            notice.sender = close > body + 6 ? (body + 6)..<close : (body + 5)..<min(close + 1, line.count)
            kind = .notice(notice)
            return
        }
        // Written at info level, not as a warning: our TLS is off.
        if first == 0x63, line.hasPrefix("cannot load ", at: body) {
            kind = PostfixExtractor.systemNotice(.warning, line, textAt: body)
            return
        }
        if PostfixExtractor.isKnownNonEvent(line, at: body) { kind = .nonEvent; return }
        if let implied = PostfixExtractor.unwrittenReply(line, at: body, PostfixExtractor.unwrittenReplies) {
            kind = implied
            return
        }
        kind = try judge(line, from: body)
    }

    /// A line we could not read as a reply: not understood only if it looks like it holds one.
    private func judge(_ line: UnsafeBufferPointer<UInt8>, from start: Int) throws -> Extraction {
        try replyLike.match(line, from: start) == nil ? .nonEvent : .notUnderstood
    }

    // MARK: our replies to clients

    private func rejection(_ line: UnsafeBufferPointer<UInt8>, at body: Int) throws -> Extraction {
        guard let head = PostfixExtractor.rejectionHead(line, at: body) else {
            return try contentRejection(line, at: body)
        }
        if line[head.verb.lowerBound] == 0x72, head.verb.count > 6 { return .nonEvent }   // reject_warning
        let stage = head.stage
        // header/body checks log "from host[ip]; from=<...>" after the header text instead.
        if line.equals("header", in: stage) || line.equals("body", in: stage) {
            return try contentRejection(line, at: body)
        }
        let rest = head.end
        var event: RawReplyEvent
        var textStart: Int
        var enhanced: Range<Int>?
        if let parsed = ReplyText.code(in: line, at: rest) {
            event = RawReplyEvent(direction: .inbound, code: parsed.code, implied: false)
            enhanced = parsed.enhanced
            textStart = parsed.textStart
        } else if let status = ReplyText.enhancedStatus(in: line, at: rest),
                  let code = ReplyText.impliedCode(forEnhancedClass: line[status.lowerBound]) {
            // milter-reject writes only the enhanced code of the reply it made Postfix send.
            event = RawReplyEvent(direction: .inbound, code: code, implied: true)
            enhanced = status
            textStart = min(status.upperBound + 1, line.count)
        } else if let code = PostfixExtractor.impliedPostscreenCode(line, at: rest) {
            event = RawReplyEvent(direction: .inbound, code: code, implied: true)
            textStart = rest
        } else {
            return .notUnderstood
        }
        event.enhanced = enhanced
        event.stage = stage
        event.peerName = head.name
        event.peerAddress = head.address
        let envelope = line.firstIndexHopping(of: "; from=<", from: textStart)
        let recipientOnly = envelope == nil ? line.firstIndexHopping(of: "; to=<", from: textStart) : nil
        event.text = textStart..<(envelope ?? recipientOnly ?? line.count)
        if let recipientOnly, let end = line.firstByteWide(0x3E, from: recipientOnly + 6) {
            event.recipient = (recipientOnly + 6)..<end   // VRFY and ETRN log no sender
        }
        if let envelope {
            let senderStart = envelope + 8
            if let close = line.firstByteWide(0x3E, from: senderStart) {
                event.sender = senderStart..<close
                var cursor = close + 1
                if cursor < line.count, line[cursor] == 0x2C { cursor += 1 }   // postscreen's commas
                if line.hasPrefix(" to=<", at: cursor), let end = line.firstByteWide(0x3E, from: cursor + 5) {
                    event.recipient = (cursor + 5)..<end
                }
            }
        }
        event.isRelayRefusal = event.code == 551
            || line.firstIndex(of: "Relay access denied", from: textStart, to: event.text!.upperBound) != nil
        event.isRejection = true
        return .event(event)
    }

    /// header_checks, body_checks and milters acting on content: the code is the enhanced one
    /// at the end of the line (`...helo=<x>: 5.7.1 message content rejected`).
    private func contentRejection(_ line: UnsafeBufferPointer<UInt8>, at body: Int) throws -> Extraction {
        guard let m = try contentReject.match(line, from: body) else { return .notUnderstood }
        let reply = m[6]!
        var event: RawReplyEvent
        if let parsed = ReplyText.code(in: line, at: reply.lowerBound) {
            event = RawReplyEvent(direction: .inbound, code: parsed.code, implied: false)
            event.enhanced = parsed.enhanced
            event.text = parsed.textStart..<line.count
        } else if let status = ReplyText.enhancedStatus(in: line, at: reply.lowerBound),
                  let code = ReplyText.impliedCode(forEnhancedClass: line[status.lowerBound]) {
            event = RawReplyEvent(direction: .inbound, code: code, implied: true)
            event.enhanced = status
            event.text = min(status.upperBound + 1, line.count)..<line.count
        } else {
            // Older Postfix writes only the text; header_checks REJECT sends 550 5.7.1.
            event = RawReplyEvent(direction: .inbound, code: 550, implied: true)
            event.text = reply
        }
        event.stage = m[1]
        event.peerName = m[2]
        event.peerAddress = m[3]
        event.sender = m[4]
        event.recipient = m[5]
        event.isRejection = true
        return .event(event)
    }

    /// The before-queue content filter's verdict, which smtpd passes on to the client as is.
    private func proxyVerdict(_ line: UnsafeBufferPointer<UInt8>, at body: Int) -> Extraction {
        guard let colon = line.firstIndex(of: ": ", from: body + 14),
              let parsed = ReplyText.code(in: line, at: colon + 2) else { return .nonEvent }
        var event = RawReplyEvent(direction: .inbound, code: parsed.code, implied: false)
        event.enhanced = parsed.enhanced
        event.isRejection = line.hasPrefix("proxy-reject: ", at: body)
        event.stage = (body + 14)..<colon
        let envelope = line.firstIndex(of: "; from=<", from: parsed.textStart)
        event.text = parsed.textStart..<(envelope ?? line.count)
        if let envelope, let close = line.firstByteWide(0x3E, from: envelope + 8) {
            event.sender = (envelope + 8)..<close
            if line.hasPrefix(" to=<", at: close + 1), let end = line.firstByteWide(0x3E, from: close + 6) {
                event.recipient = (close + 6)..<end
            }
        }
        return .event(event)
    }

    /// postscreen refuses some connections with a fixed reply it does not log.
    private static func impliedPostscreenCode(_ line: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        if line.hasPrefix("too many connections", at: start) || line.hasPrefix("all server ports busy", at: start)
            || line.hasPrefix("all screening ports busy", at: start) {
            return 421
        }
        return nil
    }

    /// Reasons for which Cyrus or Dovecot SASL report a temporary failure: the server could
    /// not check the password, which is our fault, not the client's.
    static func isTemporarySASLFailure(_ line: UnsafeBufferPointer<UInt8>, _ reason: Range<Int>) -> Bool {
        for phrase: StaticString in ["Connection lost to authentication server", "Can't connect to authentication server",
                                     "generic failure", "no memory available", "transient failure",
                                     "remote authentication server unavailable"]
            where line.firstIndex(of: phrase, from: reason.lowerBound, to: reason.upperBound) != nil {
            return true
        }
        return false
    }

    // MARK: replies smtpd and postscreen send without writing them

    /// Lines that pin down a reply smtpd or postscreen sent but did not write (smtpd.c,
    /// smtpd_check.c, postscreen_smtpd.c): the code is the one the source sends for exactly
    /// this line, whatever the configuration. Lines whose reply depends on the configuration
    /// (`improper command pipelining`, postscreen's PREGREET and DNSBL actions) are not here.
    private static let unwrittenReplies: [(prefix: StaticString, code: Int)] = [
        ("too many errors after ", 421), ("timeout after ", 421),
        ("COMMAND TIME LIMIT from ", 421), ("COMMAND COUNT LIMIT from ", 421), ("COMMAND LENGTH LIMIT from ", 421),
        ("abort: TLS from ", 421),
        ("bad ETRN ", 458), ("unable to talk to fast flush service", 458),
        ("queue file size limit exceeded", 552), ("null BDAT request from ", 551),
        ("malformed BDAT command syntax from ", 521),
    ]

    /// The same, for warnings (after `warning: `).
    private static let unwrittenWarningReplies: [(prefix: StaticString, code: Int)] = [
        ("non-SMTP command from ", 221),
        ("Connection concurrency limit exceeded: ", 421), ("Connection rate limit exceeded: ", 421),
        ("Message delivery request rate limit exceeded: ", 450), ("Recipient address rate limit exceeded: ", 450),
        ("AUTH command rate limit exceeded: ", 450), ("Refusing STARTTLS request from ", 454),
        ("Illegal address syntax from ", 501), ("reject: ETRN ", 459),
    ]

    /// The first bytes the phrases above start with: most lines start with none of them, and
    /// are let go after one lookup.
    private static let unwrittenFirstBytes: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for entry in unwrittenReplies + unwrittenWarningReplies { table[Int(entry.prefix.utf8Start[0])] = true }
        return table
    }()

    /// An implied reply for a line that starts at `start` with one of `table`'s phrases.
    private static func unwrittenReply(_ line: UnsafeBufferPointer<UInt8>, at start: Int,
                                       _ table: [(prefix: StaticString, code: Int)]) -> Extraction? {
        guard start < line.count else { return nil }
        let first = line[start]
        guard unwrittenFirstBytes[Int(first)] else { return nil }
        for entry in table where entry.prefix.utf8Start[0] == first && line.hasPrefix(entry.prefix, at: start) {
            var event = RawReplyEvent(direction: .inbound, code: entry.code, implied: true)
            event.text = start..<line.count
            // The client: `from host[ip]` (smtpd) or `from [ip]:port` (postscreen).
            if let from = line.firstIndex(of: "from ", from: start),
               let open = line.firstByte(0x5B, from: from + 5),
               let close = line.firstByte(0x5D, from: open + 1),
               !line[(from + 5)..<open].contains(0x20) {
                if open > from + 5 { event.peerName = (from + 5)..<open }
                event.peerAddress = (open + 1)..<close
            }
            return .event(event)
        }
        return nil
    }

    /// `warning: host[ip]: SASL LOGIN authentication aborted`: smtpd sent 501 5.7.0.
    private func saslAborted(_ line: UnsafeBufferPointer<UInt8>, at body: Int) -> Extraction? {
        guard let aborted = line.firstIndexWide(of: " authentication aborted", from: body),
              let open = line.firstByte(0x5B, from: body + 9), open < aborted,
              let close = line.firstByte(0x5D, from: open + 1), close < aborted else { return nil }
        var event = RawReplyEvent(direction: .inbound, code: 501, implied: true)
        if open > body + 9 { event.peerName = (body + 9)..<open }
        event.peerAddress = (open + 1)..<close
        event.text = (aborted + 1)..<line.count
        return .event(event)
    }

    /// `warning: host[ip]: SASL LOGIN authentication failed: ...` — Postfix replied 535, or 454
    /// when its own auth service was unreachable (our fault, not the client's).
    private func saslFailure(_ line: UnsafeBufferPointer<UInt8>, at body: Int) throws -> Extraction {
        guard let head = PostfixExtractor.saslFailureHead(line, at: body) else { return try judge(line, from: body) }
        // Postfix 3.9 appends `, sasl_username=user` to the reason.
        let user = line.firstIndexHopping(of: ", sasl_username=", from: head.end)
        let reason: Range<Int>? = head.end < (user ?? line.count) ? head.end..<(user ?? line.count) : nil
        // The SASL back end's temporary failures (XSASL_AUTH_TEMP) make smtpd send 454 4.7.0;
        // every other reason is a refused login, 535 5.7.8 (smtpd_sasl_glue.c, xsasl_*.c).
        let temporary = reason.map { PostfixExtractor.isTemporarySASLFailure(line, $0) } ?? false
        var event = RawReplyEvent(direction: .inbound, code: temporary ? 454 : 535, implied: true)
        event.peerName = head.name
        event.peerAddress = head.address
        event.saslMechanism = head.mechanism
        event.saslUser = user.map { ($0 + 16)..<line.count }
        event.text = reason
        event.stage = nil
        return .event(event)
    }

    // MARK: remote servers' replies to us

    /// Where `traffic` looked for a delivery line's ` status=` (`from`; `Int.max` when it did not)
    /// and what it found there (-1 for none), so that the search is not made twice.
    struct StatusSearch {
        var from = Int.max
        var found = -1

        /// The first ` status=` at or after `start`, taken from the search made when it began
        /// at or before `start` and found nothing, or found one at or after `start`.
        @inline(__always)
        func status(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
            if from <= start && (found < 0 || found >= start) { return found < 0 ? nil : found }
            return line.firstIndexWide(of: " status=", from: start)
        }
    }

    private func deliveryStatus(_ line: UnsafeBufferPointer<UInt8>, at body: Int, _ statusSearch: StatusSearch) throws -> Extraction {
        // The fixed head is read byte by byte, the rest found with byte searches: a pattern
        // scanning lazily to the end of the line cost more than all the others together.
        guard let head = PostfixExtractor.deliveryHead(line, at: body) else { return try judge(line, from: body) }
        guard let status = statusSearch.status(line, from: head.end),
              let open = line.firstIndexHopping(of: " (", from: status + 8) else { return .nonEvent }
        var detailEnd = line.count
        if detailEnd > open + 2, line[detailEnd - 1] == 0x29 { detailEnd -= 1 }
        let detail = (open + 2)..<detailEnd
        guard !detail.isEmpty else { return .nonEvent }
        let outcome = PostfixExtractor.deliveryStatus(line, at: status + 8)
        // A cached verdict from an earlier attempt: no server answered this time. Not a reply,
        // but the mail it holds back belongs to the finding of the reply it repeats.
        if line.hasPrefix("delivery temporarily suspended: ", at: detail.lowerBound) {
            return cachedVerdict(line, detail: (detail.lowerBound + 32)..<detail.upperBound, recipient: head.recipient,
                                 relay: head.relay, status: outcome)
        }
        var peerName: Range<Int>? = head.relay
        var peerAddress = head.relayAddress.flatMap { PostfixExtractor.looksLikeAddress(line, $0) ? $0 : nil }
        var parsed = ReplyText.code(in: line, at: detail.lowerBound, end: detail.upperBound)
        if parsed == nil, let said = PostfixExtractor.hostSaid(line, from: detail.lowerBound), said.end <= detail.upperBound {
            peerName = said.name
            peerAddress = said.address
            parsed = ReplyText.code(in: line, at: said.end, end: detail.upperBound)
        }
        guard let parsed else {
            // No server answered with a code: a connection, DNS or TLS failure, or a local
            // delivery that failed. Not a reply; a failure all the same.
            guard let outcome else { return .nonEvent }
            var notice = RawNotice(kind: .undelivered, status: outcome)
            notice.text = detail
            notice.recipient = head.recipient
            notice.destination = line.equals("none", in: head.relay) || head.relay.isEmpty ? nil : head.relay
            notice.peerName = PostfixExtractor.serverNamed(line, in: detail)
            notice.peerAddress = peerAddress
            return .notice(notice)
        }
        var event = RawReplyEvent(direction: .outbound, code: parsed.code, implied: false)
        event.enhanced = parsed.enhanced
        event.peerName = peerName
        event.peerAddress = peerAddress
        event.recipient = head.recipient
        event.text = parsed.textStart..<detail.upperBound
        // 551 User not local, or a relay host refusing to relay for us.
        event.isRelayRefusal = parsed.code == 551 || ReplyText.refusesRelay(code: parsed.code, line, event.text!)
        return .event(event)
    }

    /// `delivery temporarily suspended: host X[ip] said: 450 ...`, `...: SASL authentication
    /// failed; server X[ip] said: 535 ...`, `...: connect to X[ip]:25: Connection timed out`: the
    /// verdict of an earlier attempt, with the reply it repeats when there was one.
    private func cachedVerdict(_ line: UnsafeBufferPointer<UInt8>, detail: Range<Int>, recipient: Range<Int>,
                               relay: Range<Int>, status: RawNotice.DeliveryStatus?) -> Extraction {
        var notice = RawNotice(kind: .cachedVerdict, status: status ?? .deferred)
        notice.recipient = recipient
        notice.destination = line.equals("none", in: relay) || relay.isEmpty ? nil : relay
        notice.text = detail
        if let said = PostfixExtractor.hostSaid(line, from: detail.lowerBound), said.end <= detail.upperBound,
           let parsed = ReplyText.code(in: line, at: said.end, end: detail.upperBound) {
            notice.peerName = said.name
            notice.peerAddress = said.address
            notice.code = parsed.code
            notice.enhanced = parsed.enhanced
            notice.text = parsed.textStart..<detail.upperBound
        } else {
            // `connect to X[ip]:25: Connection timed out`: no reply, the server that did not answer.
            notice.peerName = PostfixExtractor.serverNamed(line, in: detail)
        }
        return .notice(notice)
    }

    /// The server a failure with no reply names: `connect to X[ip]:25: ...`, `conversation with
    /// X[ip] timed out ...`, `lost connection with X[ip] while ...`.
    static func serverNamed(_ line: UnsafeBufferPointer<UInt8>, in detail: Range<Int>) -> Range<Int>? {
        for phrase: StaticString in ["connect to ", "conversation with ", "lost connection with "] {
            guard let found = line.firstIndex(of: phrase, from: detail.lowerBound, to: detail.upperBound) else { continue }
            let start = found + phrase.utf8CodeUnitCount
            var end = start
            while end < detail.upperBound, line[end] != 0x5B, line[end] != 0x3A, line[end] != 0x20 { end += 1 }
            return end > start ? start..<end : nil
        }
        return nil
    }

    /// `sent`, `deferred`, `bounced`, `expired` after `status=`; nil for the others
    /// (`deliverable`, `undeliverable` of address verification).
    private static func deliveryStatus(_ line: UnsafeBufferPointer<UInt8>, at start: Int) -> RawNotice.DeliveryStatus? {
        if line.hasPrefix("deferred", at: start) { return .deferred }
        if line.hasPrefix("bounced", at: start) { return .bounced }
        if line.hasPrefix("expired", at: start) { return .expired }
        return nil
    }

    /// A warning, error, fatal error or panic: a notice whose text the rules read.
    private static func systemNotice(_ kind: RawNotice.Kind, _ line: UnsafeBufferPointer<UInt8>, textAt start: Int) -> Extraction {
        var notice = RawNotice(kind: kind)
        notice.text = min(start, line.count)..<line.count
        return .notice(notice)
    }

    /// `host X[ip] said: 450 ...` (another MX will be tried) and `host X[ip] refused to talk to
    /// me: 421 ...`, logged without a `status=`.
    private func peerReply(_ line: UnsafeBufferPointer<UInt8>, at body: Int) throws -> Extraction {
        guard let said = PostfixExtractor.hostSaid(line, from: body), said.start == body else {
            return try judge(line, from: body)
        }
        guard let parsed = ReplyText.code(in: line, at: said.end) else { return try judge(line, from: body) }
        var event = RawReplyEvent(direction: .outbound, code: parsed.code, implied: false)
        event.enhanced = parsed.enhanced
        event.peerName = said.name
        event.peerAddress = said.address
        event.text = parsed.textStart..<line.count
        event.isRelayRefusal = parsed.code == 551 || ReplyText.refusesRelay(code: parsed.code, line, event.text!)
        return .event(event)
    }

    private func relayHostAuth(_ line: UnsafeBufferPointer<UInt8>, at body: Int) throws -> Extraction {
        guard let m = try serverSaid.match(line, from: body),
              let parsed = ReplyText.code(in: line, at: m[0]!.upperBound) else { return try judge(line, from: body) }
        var event = RawReplyEvent(direction: .outbound, code: parsed.code, implied: false)
        event.enhanced = parsed.enhanced
        event.peerName = m[1]
        event.peerAddress = m[2]
        event.stage = nil
        event.text = parsed.textStart..<line.count
        return .event(event)
    }

    // MARK: traffic

    /// The first bytes of the messages `traffic` reads: `c`lient= and `c`onnect, `d`isconnect
    /// and `d`iscard, `w`arning, `e`rror, `p`anic, `f`atal and `f`rom=, `r`emoved, `u`id=,
    /// `h`old, `t`o=.
    static let trafficFirstBytes: [UInt8] = [0x63, 0x64, 0x65, 0x66, 0x68, 0x70, 0x72, 0x74, 0x75, 0x77]

    /// Whether a message starting with `first` may be one `traffic` reads; false only for
    /// those its switch lets go. `trafficFirstBytes` as bits above 0x60, a constant (a
    /// static table is reached through a lazy initialiser's check).
    @inline(__always)
    static func mayBeTraffic(_ first: UInt8) -> Bool {
        let letters: UInt32 = 0xB5_0178
        return first &- 0x60 < 32 && (letters >> UInt32(first &- 0x60)) & 1 != 0
    }

    /// What the line says about the mail itself (see `TrafficFact`), from the queue id and the
    /// message's first word: a handful of byte comparisons on the lines that carry it.
    /// Written into `traffic`, which comes in nil (the parser's, cleared for each line) and is
    /// left so when the line says nothing: returned, the fact was built in a temporary and
    /// copied into the parser's on every Postfix line (callgrind).
    /// A connection's `connect from` and `disconnect from` take their process from the pid
    /// after `program`, the line's program tag.
    @inline(__always)
    static func traffic(_ line: UnsafeBufferPointer<UInt8>, message: Int, body: Int, program: Range<Int>,
                        statusSearch: inout StatusSearch, into traffic: inout TrafficFact?) {
        guard body < line.count else { return }
        // `QID: ` precedes the message of every line about one message.
        let id: Range<Int>? = body >= message + 7 && !line.hasPrefix("NOQUEUE", at: message) ? message..<(body - 2) : nil
        switch line[body] {
        case 0x63:   // "client=host[addr]", "connect from host[addr]"
            if let id, line.hasPrefix("client=", at: body) {
                var fact = TrafficFact(kind: .received)
                fact.id = id
                fact.client = bracketedAddress(line, from: body + 7)
                // `client=host[addr], sasl_method=PLAIN, sasl_username=user`: only after a login.
                if let client = fact.client, line.hasPrefix(", sasl_", at: client.upperBound + 1),
                   let user = line.firstIndexWide(of: "sasl_username=", from: client.upperBound) {
                    var end = user + 14
                    while end < line.count, line[end] != 0x2C, line[end] != 0x20 { end += 1 }
                    fact.saslUser = (user + 14)..<end
                }
                traffic = fact
                return
            }
            if id == nil, line.hasPrefix("connect from ", at: body) {
                var fact = TrafficFact(kind: .connect)
                fact.client = bracketedAddress(line, from: body + 13)
                fact.process = LineParser.pid(line, after: program, before: message)
                traffic = fact
                return
            }
        case 0x64:   // "disconnect from host[addr] ehlo=1 ... commands=4/5", "discard: ..."
            if id == nil, line.hasPrefix("disconnect from ", at: body) {
                var fact = TrafficFact(kind: .disconnect)
                fact.process = LineParser.pid(line, after: program, before: message)
                // The first `]` is the address's close unless the name holds one: one scan for both.
                let close = line.firstByteWide(0x5D, from: body + 16)
                if let close, let open = line.firstByteWide(0x5B, from: body + 16), open < close {
                    fact.client = (open + 1)..<close
                } else {
                    fact.client = bracketedAddress(line, from: body + 16)
                }
                if let close, close + 2 <= line.count {
                    fact.commands = min(close + 2, line.count)..<line.count
                }
                traffic = fact
                return
            }
            // smtpd's `NOQUEUE: discard:` too: the client was told the mail was taken.
            if line.hasPrefix("discard: ", at: body) {
                var fact = TrafficFact(kind: .discarded)
                fact.id = id
                traffic = fact
                return
            }
        case 0x77:   // "warning: "
            if line.hasPrefix("warning: ", at: body) {
                traffic = .systemMessage(.warning, text: (body + 9)..<line.count)
                return
            }
        case 0x65:   // "error: "
            if line.hasPrefix("error: ", at: body) {
                traffic = .systemMessage(.error, text: (body + 7)..<line.count)
                return
            }
        case 0x70:   // "panic: "
            if line.hasPrefix("panic: ", at: body) {
                traffic = .systemMessage(.panic, text: (body + 7)..<line.count)
                return
            }
        case 0x66:   // qmgr "from=<s>, size=N, nrcpt=M (queue active)", "from=<s>, status=expired, ..."; "fatal: "
            if line.hasPrefix("fatal: ", at: body) {
                traffic = .systemMessage(.fatal, text: (body + 7)..<line.count)
                return
            }
            guard let id, line.hasPrefix("from=<", at: body), let close = line.firstByteWide(0x3E, from: body + 6) else { break }
            if line.hasPrefix(", size=", at: close + 1) {
                var fact = TrafficFact(kind: .queueActive)
                fact.id = id
                fact.sender = (body + 6)..<close
                fact.size = number(line, at: close + 8)
                traffic = fact
                return
            }
            if line.hasPrefix(", status=expired", at: close + 1) {
                var fact = TrafficFact(kind: .expired)
                fact.id = id
                fact.sender = (body + 6)..<close
                traffic = fact
                return
            }
        case 0x72:   // "removed"
            if let id, line.hasPrefix("removed", at: body), body + 7 == line.count {
                var fact = TrafficFact(kind: .removed)
                fact.id = id
                traffic = fact
                return
            }
        case 0x75:   // pickup "uid=N from=<s>"
            if let id, line.hasPrefix("uid=", at: body), let from = line.firstIndexWide(of: " from=<", from: body + 4),
               let close = line.firstByteWide(0x3E, from: from + 7) {
                var fact = TrafficFact(kind: .received)
                fact.id = id
                fact.sender = (from + 7)..<close
                traffic = fact
                return
            }
        case 0x68:   // cleanup "hold: ..."
            if line.hasPrefix("hold: ", at: body) {
                var fact = TrafficFact(kind: .held)
                fact.id = id
                traffic = fact
                return
            }
        case 0x74:   // "to=<r>, [orig_to=<o>,] relay=..., delay=D, ..., status=sent|deferred|bounced (...)"
            // `delay=` comes before `status=`: each is looked for once, from where the last was.
            guard let id, line.hasPrefix("to=<", at: body), let close = line.firstByteWide(0x3E, from: body + 4) else { break }
            let delay = line.firstIndexHopping(of: " delay=", from: close)
            statusSearch.from = delay ?? close
            statusSearch.found = line.firstIndexHopping(of: " status=", from: statusSearch.from) ?? -1
            guard statusSearch.found >= 0 else { break }
            let status = statusSearch.found
            var fact = TrafficFact(kind: .delivery)
            if line.hasPrefix("sent", at: status + 8) {
                // local(8) writes its forward as the status's whole reason, `status=sent (forwarded
                // as QID)`: looked for there alone. Looked for anywhere after, it cost a scan of
                // every sent line's reply to its end, and a remote server's reply that happened to
                // hold the words made a delivery a forward.
                fact.outcome = line.hasPrefix(" (forwarded as ", at: status + 12) ? .forwarded : .sent
            } else if line.hasPrefix("deferred", at: status + 8) {
                fact.outcome = .deferred
            } else if line.hasPrefix("bounced", at: status + 8) {
                fact.outcome = .bounced
            } else {
                return   // expired, undeliverable, deliverable: verification probes and the like
            }
            fact.id = id
            fact.recipient = (body + 4)..<close
            if let delay { fact.delayMillis = decimalMillis(line, at: delay + 7) }
            traffic = fact
        default:
            break
        }
    }

    /// `host[addr]` at `start`: the address between the brackets.
    @inline(__always)
    static func bracketedAddress(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Range<Int>? {
        guard let open = line.firstByteWide(0x5B, from: start), let close = line.firstByteWide(0x5D, from: open + 1) else {
            return nil
        }
        return (open + 1)..<close
    }

    /// The decimal number at `start`, or -1; capped far below where it could overflow (a size
    /// of 2^50 bytes is no mail).
    @inline(__always)
    static func number(_ line: UnsafeBufferPointer<UInt8>, at start: Int) -> Int {
        var value = 0
        var cursor = start
        while cursor < line.count, let digit = TimestampParser.digit(line[cursor]), value < 1 << 50 {
            value = value * 10 + digit
            cursor += 1
        }
        return cursor > start && value < 1 << 50 ? value : -1
    }

    /// `12.34` seconds as 12340 milliseconds (Postfix writes delays as decimals); -1 for none.
    @inline(__always)
    static func decimalMillis(_ line: UnsafeBufferPointer<UInt8>, at start: Int) -> Int {
        let whole = number(line, at: start)
        guard whole >= 0, whole < 1 << 40 else { return -1 }
        var cursor = start
        while cursor < line.count, TimestampParser.digit(line[cursor]) != nil { cursor += 1 }
        var millis = whole * 1000
        if cursor < line.count, line[cursor] == 0x2E {
            var scale = 100
            cursor += 1
            while cursor < line.count, let digit = TimestampParser.digit(line[cursor]) {
                millis += digit * scale
                scale /= 10
                cursor += 1
            }
        }
        return millis
    }

    // MARK: helpers

    /// Skips `NOQUEUE: ` or a queue id: short ids are upper-case hex (`3F2A1B4C5D`), long ids
    /// (`enable_long_queue_ids`) use letters and digits without vowels (`4QKx3T0bcdz1`). The
    /// alphabet matters: `warning: ` and `statistics: ` must not pass for queue ids.
    /// Eight bytes a step: the first byte that is no letter or digit must be the colon, and the
    /// letters before it tell which alphabet. A memchr for the colon and a loop over the bytes
    /// cost 140 instructions a line (callgrind); the vowels are looked at only for a long id.
    /// The test for a lower-case start is made where this is inlined: about half the lines
    /// (`connect from`, `disconnect from`, `warning:`, `statistics:`) are let go without a call
    /// (its entry and exit were 15 instructions of the 25 such a line cost, callgrind).
    @inline(__always)
    static func skipQueueID(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        // Both alphabets start with a digit or a capital; most messages start lower-case.
        guard start >= 0, start < line.count, line[start] < 0x61 else { return start }
        return skipQueueIDOutOfLine(line, from: start)
    }

    @inline(never)
    private static func skipQueueIDOutOfLine(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = line.baseAddress else { return start }
        // Most ids are short: upper-case hex whose colon is in the second word. Tested for that
        // alphabet alone (four range tests a word, not eight), they cost half (callgrind); any
        // other shape is read the general way below, from the start.
        if start + 16 <= line.count {
            let first = UInt64(littleEndian: UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self))
            if notUpperHex(first) == 0 {
                let second = UInt64(littleEndian: UnsafeRawPointer(base + start + 8).loadUnaligned(as: UInt64.self))
                let others = notUpperHex(second)
                if others != 0 {
                    let colon = start + 8 + others.trailingZeroBitCount >> 3
                    if line[colon] == 0x3A { return queueIDEnd(line, start: start, colon: colon, upperHex: true) }
                }
            }
        }
        var cursor = start
        var upperHex = true
        // The colon must come within 21 bytes: three words at most.
        while cursor + 8 <= line.count, cursor < start + 21 {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + cursor).loadUnaligned(as: UInt64.self))
            let (others, notHex) = queueIDClasses(word)
            guard others != 0 else {
                if notHex != 0 { upperHex = false }
                cursor += 8
                continue
            }
            let offset = others.trailingZeroBitCount >> 3
            // The bytes below the first other one (offset 0: none).
            if notHex & ((1 &<< UInt64(offset &* 8)) &- 1) != 0 { upperHex = false }
            cursor += offset
            guard cursor < start + 21, line[cursor] == 0x3A else { return start }
            return queueIDEnd(line, start: start, colon: cursor, upperHex: upperHex)
        }
        // The line's last bytes, one at a time.
        while cursor < line.count, cursor < start + 21 {
            let byte = line[cursor]
            if byte &- 0x30 < 10 || byte &- 0x41 < 6 {
                cursor += 1
            } else if (byte | 0x20) &- 0x61 < 26 {
                upperHex = false
                cursor += 1
            } else {
                guard byte == 0x3A else { return start }
                return queueIDEnd(line, start: start, colon: cursor, upperHex: upperHex)
            }
        }
        return start
    }

    /// For each byte of `word`, its high bit set in `others` when it is no ASCII letter or digit,
    /// and in `notHex` when it is a letter other than `A`-`F`. Exact for every byte: each byte's
    /// seven low bits are compared with the high bit set, so no borrow crosses a byte.
    @inline(__always)
    private static func queueIDClasses(_ word: UInt64) -> (others: UInt64, notHex: UInt64) {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let raised = (word & ~highs) | highs
        // High bit set where the byte's low seven bits are at least `c`.
        @inline(__always) func atLeast(_ c: UInt64) -> UInt64 { (raised &- c &* ones) & highs }
        let digit = atLeast(0x30) & ~atLeast(0x3A)
        let hexLetter = atLeast(0x41) & ~atLeast(0x47)
        let upper = atLeast(0x41) & ~atLeast(0x5B)
        let lower = atLeast(0x61) & ~atLeast(0x7B)
        let ascii = ~word & highs
        let alphanumeric = (digit | upper | lower) & ascii
        return (~alphanumeric & highs, (upper | lower) & ~hexLetter & ascii)
    }

    /// For each byte of `word`, its high bit set when it is not `0`-`9` or `A`-`F`; exact for
    /// every byte, as `queueIDClasses`.
    @inline(__always)
    private static func notUpperHex(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let raised = (word & ~highs) | highs
        @inline(__always) func atLeast(_ c: UInt64) -> UInt64 { (raised &- c &* ones) & highs }
        let hex = ((atLeast(0x30) & ~atLeast(0x3A)) | (atLeast(0x41) & ~atLeast(0x47))) & ~word
        return ~hex & highs
    }

    /// The message's start after the id `start..<colon`, or `start` when it is no id.
    @inline(__always)
    private static func queueIDEnd(_ line: UnsafeBufferPointer<UInt8>, start: Int, colon: Int, upperHex: Bool) -> Int {
        let length = colon - start
        guard length >= 5, colon + 1 < line.count, line[colon + 1] == 0x20 else { return start }
        if length == 7, line.hasPrefix("NOQUEUE", at: start) { return colon + 2 }
        if upperHex { return colon + 2 }
        guard length >= 10 else { return start }
        // A long id has no vowel among its letters other than `A`-`F`.
        for index in start..<colon {
            let byte = line[index]
            guard byte &- 0x41 >= 6 else { continue }
            switch byte | 0x20 {
            case 0x61, 0x65, 0x69, 0x6F, 0x75: return start
            default: continue
            }
        }
        return colon + 2
    }

    @inline(__always)
    static func looksLikeAddress(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        for index in range {
            let byte = line[index]
            let ok = (byte >= 0x30 && byte <= 0x39) || byte == 0x2E || byte == 0x3A
                || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46) || byte == 0x25
            if !ok { return false }
        }
        return true
    }

    /// Messages Postfix writes often that carry no reply, checked before any pattern runs.
    /// A switch on the first byte, so that a line costs one jump and one or two comparisons of
    /// constant length (a table of `StaticString` lists cost 143 instructions a call, callgrind).
    static func isKnownNonEvent(_ line: UnsafeBufferPointer<UInt8>, at body: Int) -> Bool {
        guard body >= 0, body < line.count else { return true }
        @inline(__always) func starts(_ text: StaticString) -> Bool { line.hasPrefix(text, at: body) }
        switch line[body] {
        case 0x63:
            return starts("connect from ") || starts("client=") || starts("connect to ") || starts("cache ")
                || starts("certificate ")
        case 0x64: return starts("disconnect from ") || starts("daemon started") || starts("discard: ")
        case 0x72:
            return starts("removed") || starts("reload ") || starts("resent-message-id=") || starts("redirect: ")
                || starts("replace: ") || starts("refreshing the Postfix")
        case 0x41: return starts("Anonymous TLS ") || starts("ALLOWLISTED ") || starts("ALLOWLIST VETO ")
        case 0x73:
            return starts("statistics: ") || starts("sender non-delivery") || starts("sender delivery status")
                || starts("setting up TLS") || starts("stopping the Postfix") || starts("starting the Postfix")
                || starts("server certificate ")
        case 0x6C: return starts("lost connection ")
        case 0x6D: return starts("message-id=")
        case 0x66: return starts("from=<") || starts("filter: ")
        case 0x43: return starts("CONNECT from ") || starts("COMMAND PIPELINING ")
        case 0x44: return starts("DISCONNECT ") || starts("DNSBL rank ") || starts("DENYLISTED ")
        case 0x50: return starts("PASS NEW ") || starts("PASS OLD ") || starts("PREGREET ")
        case 0x54: return starts("Trusted TLS ") || starts("TLS ")
        case 0x55: return starts("Untrusted TLS ")
        case 0x56: return starts("Verified TLS ")
        case 0x48: return starts("HANGUP ")
        case 0x4E: return starts("NON-SMTP COMMAND")
        case 0x42: return starts("BARE NEWLINE") || starts("BLACKLISTED ")
        case 0x57: return starts("WHITELISTED ") || starts("WHITELIST VETO ")
        case 0x74: return starts("terminating on signal")
        case 0x75: return starts("uid=")
        case 0x69: return starts("improper command pipelining") || starts("info: ")
        case 0x53: return starts("SSL_accept ") || starts("SSL_connect ")
        case 0x65: return starts("enabling PIX workarounds") || starts("expired")
        case 0x70: return starts("postmaster non-delivery") || starts("prepend: ")
        case 0x68: return starts("hold: ") || starts("host mail for ")
        default: return false
        }
    }
}
