/// Byte readers for the fixed phrases that PCRE2 used to read: the head of a delivery line
/// `to=<r>, [orig_to=<o>,] relay=host[addr]:port,`, `host X[ip] said: `, the head of smtpd's
/// `reject: RCPT from host[ip]: ` and of `warning: host[ip]: SASL LOGIN authentication failed: `.
/// Each stands in for
/// one pattern (kept in the doc comment, and in the tests that compare the two on every fixture
/// line) and gives the same groups: these patterns cannot backtrack into another match, so one
/// pass over the bytes decides. A call to the pattern cost about 1,000 instructions, more than
/// all the rest of a delivery line (callgrind).
extension PostfixExtractor {
    /// The head of a delivery line.
    struct DeliveryHead: Equatable {
        /// The recipient, without its angle brackets.
        var recipient: Range<Int>
        /// The relay's name (`none`, `local`, `mx.example.org`).
        var relay: Range<Int>
        /// The relay's address, between its brackets, when the line gives one.
        var relayAddress: Range<Int>?
        /// Just past the comma after the relay.
        var end: Int
    }

    /// Reads `to=<?([^>,\s]*)>?,(?: orig_to=<?[^>,\s]*>?,)? relay=([^\s,\[]*)(?:\[([^\]]*)\](?::\d+)?)?,`
    /// anchored at `start`.
    static func deliveryHead(_ line: UnsafeBufferPointer<UInt8>, at start: Int) -> DeliveryHead? {
        guard line.hasPrefix("to=", at: start), let (recipient, afterRecipient) = angleField(line, at: start + 3) else {
            return nil
        }
        var cursor = afterRecipient
        if line.hasPrefix(" orig_to=", at: cursor), let (_, afterOriginal) = angleField(line, at: cursor + 9) {
            cursor = afterOriginal
        }
        guard line.hasPrefix(" relay=", at: cursor) else { return nil }
        cursor += 7
        let relayStart = cursor
        cursor = line.firstStop(from: cursor, 0x2C, 0x5B)
        let relay = relayStart..<cursor
        guard cursor < line.count else { return nil }
        if line[cursor] == 0x2C {
            return DeliveryHead(recipient: recipient, relay: relay, relayAddress: nil, end: cursor + 1)
        }
        // `[addr]`, then `:port` when digits follow the colon, then the comma.
        guard line[cursor] == 0x5B, let close = line.firstByteWide(0x5D, from: cursor + 1) else { return nil }
        var after = close + 1
        if after < line.count, line[after] == 0x3A {
            var digit = after + 1
            while digit < line.count, line[digit] &- 0x30 < 10 { digit += 1 }
            if digit > after + 1 { after = digit }
        }
        guard after < line.count, line[after] == 0x2C else { return nil }
        return DeliveryHead(recipient: recipient, relay: relay, relayAddress: (cursor + 1)..<close, end: after + 1)
    }

    /// `<?([^>,\s]*)>?,` at `start`: the field, and the index after its comma.
    @inline(__always)
    private static func angleField(_ line: UnsafeBufferPointer<UInt8>, at start: Int) -> (Range<Int>, Int)? {
        var cursor = start
        if cursor < line.count, line[cursor] == 0x3C { cursor += 1 }
        let fieldStart = cursor
        cursor = line.firstStop(from: cursor, 0x3E, 0x2C)
        let field = fieldStart..<cursor
        if cursor < line.count, line[cursor] == 0x3E { cursor += 1 }
        guard cursor < line.count, line[cursor] == 0x2C else { return nil }
        return (field, cursor + 1)
    }

    /// A remote server's words about its reply.
    struct HostSaid: Equatable {
        /// Where `host` or `server` starts.
        var start: Int
        var name: Range<Int>
        var address: Range<Int>
        /// Just past `said: ` or `refused to talk to me: `, where the reply starts.
        var end: Int
    }

    /// The first match at or after `start` of
    /// `(?:host|server) ([^\s\[]+)\[([^\]\s]*)\](?::\d+)? (said|refused to talk to me): `,
    /// searched to the end of the line. Every candidate starts with a word ending at a space,
    /// so the spaces are what is looked for.
    static func hostSaid(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> HostSaid? {
        var space = start
        while let found = line.firstByteWide(0x20, from: space) {
            space = found + 1
            let keyword: Int
            if found - 4 >= start, line.hasPrefix("host ", at: found - 4) {
                keyword = found - 4
            } else if found - 6 >= start, line.hasPrefix("server ", at: found - 6) {
                keyword = found - 6
            } else {
                continue
            }
            if let said = hostSaidRest(line, keyword: keyword, at: found + 1) { return said }
        }
        return nil
    }

    /// The pattern's part after `host `, anchored at `start`.
    @inline(__always)
    private static func hostSaidRest(_ line: UnsafeBufferPointer<UInt8>, keyword: Int, at start: Int) -> HostSaid? {
        // The server's name is never empty here, unlike a client's.
        guard let peer = bracketedPeer(line, at: start), !peer.name.isEmpty else { return nil }
        if line.hasPrefix(" said: ", at: peer.end) {
            return HostSaid(start: keyword, name: peer.name, address: peer.address, end: peer.end + 7)
        }
        if line.hasPrefix(" refused to talk to me: ", at: peer.end) {
            return HostSaid(start: keyword, name: peer.name, address: peer.address, end: peer.end + 24)
        }
        return nil
    }

    /// The head of smtpd's and postscreen's refusals.
    struct RejectionHead: Equatable {
        /// `reject`, `milter-reject` or `reject_warning`.
        var verb: Range<Int>
        /// The command or stage (`RCPT`, `CONNECT`, `END-OF-MESSAGE`).
        var stage: Range<Int>
        var name: Range<Int>
        var address: Range<Int>
        /// Just past the `: ` after the client, where the reply starts.
        var end: Int
    }

    /// Reads `(reject|milter-reject|reject_warning): (\S+) from ([^\[\s]*)\[([^\]\s]*)\](?::\d+)?: `
    /// anchored at `start`.
    static func rejectionHead(_ line: UnsafeBufferPointer<UInt8>, at start: Int) -> RejectionHead? {
        let verbEnd: Int
        if line.hasPrefix("reject: ", at: start) {
            verbEnd = start + 6
        } else if line.hasPrefix("milter-reject: ", at: start) {
            verbEnd = start + 13
        } else if line.hasPrefix("reject_warning: ", at: start) {
            verbEnd = start + 14
        } else {
            return nil
        }
        let stageStart = verbEnd + 2
        var cursor = stageStart
        while cursor < line.count, !isPatternSpace(line[cursor]) { cursor += 1 }
        guard cursor > stageStart, line.hasPrefix(" from ", at: cursor),
              let peer = bracketedPeer(line, at: cursor + 6), line.hasPrefix(": ", at: peer.end) else { return nil }
        return RejectionHead(verb: start..<verbEnd, stage: stageStart..<cursor, name: peer.name, address: peer.address,
                             end: peer.end + 2)
    }

    /// The head of a failed login's warning.
    struct SASLFailureHead: Equatable {
        var name: Range<Int>
        var address: Range<Int>
        /// `LOGIN`, `PLAIN`...
        var mechanism: Range<Int>
        /// Just past `failed`, its colon and a space, where the reason starts.
        var end: Int
    }

    /// Reads `warning: ([^\[\s]*)\[([^\]\s]*)\](?::\d+)?: SASL (\S+) authentication failed:? ?`
    /// anchored at `start`.
    static func saslFailureHead(_ line: UnsafeBufferPointer<UInt8>, at start: Int) -> SASLFailureHead? {
        guard line.hasPrefix("warning: ", at: start), let peer = bracketedPeer(line, at: start + 9),
              line.hasPrefix(": SASL ", at: peer.end) else { return nil }
        let mechanismStart = peer.end + 7
        var cursor = mechanismStart
        while cursor < line.count, !isPatternSpace(line[cursor]) { cursor += 1 }
        guard cursor > mechanismStart, line.hasPrefix(" authentication failed", at: cursor) else { return nil }
        var end = cursor + 22
        if end < line.count, line[end] == 0x3A { end += 1 }
        if end < line.count, line[end] == 0x20 { end += 1 }
        return SASLFailureHead(name: peer.name, address: peer.address, mechanism: mechanismStart..<cursor, end: end)
    }

    /// `([^\[\s]*)\[([^\]\s]*)\](?::\d+)?` at `start`: a client as smtpd writes it,
    /// `host[addr]:port`, the name possibly empty.
    @inline(__always)
    private static func bracketedPeer(_ line: UnsafeBufferPointer<UInt8>, at start: Int) -> (name: Range<Int>, address: Range<Int>, end: Int)? {
        var cursor = line.firstStop(from: start, 0x5B, 0x5B)
        guard cursor < line.count, line[cursor] == 0x5B else { return nil }
        let name = start..<cursor
        cursor += 1
        let addressStart = cursor
        cursor = line.firstStop(from: cursor, 0x5D, 0x5D)
        guard cursor < line.count, line[cursor] == 0x5D else { return nil }
        let address = addressStart..<cursor
        cursor += 1
        if cursor < line.count, line[cursor] == 0x3A {
            var digit = cursor + 1
            while digit < line.count, line[digit] &- 0x30 < 10 { digit += 1 }
            // `:` without digits stays, for the `: ` that follows the client.
            if digit > cursor + 1 { cursor = digit }
        }
        return (name, address, cursor)
    }
}
