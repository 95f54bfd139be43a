/// Byte readers for the two fixed phrases of delivery lines that PCRE2 used to read: the head
/// `to=<r>, [orig_to=<o>,] relay=host[addr]:port,` and `host X[ip] said: `. Each stands in for
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
        while cursor < line.count {
            let byte = line[cursor]
            if byte == 0x2C || byte == 0x5B || isPatternSpace(byte) { break }
            cursor += 1
        }
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
        while cursor < line.count {
            let byte = line[cursor]
            if byte == 0x3E || byte == 0x2C || isPatternSpace(byte) { break }
            cursor += 1
        }
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
        var cursor = start
        while cursor < line.count {
            let byte = line[cursor]
            if byte == 0x5B || isPatternSpace(byte) { break }
            cursor += 1
        }
        guard cursor > start, cursor < line.count, line[cursor] == 0x5B else { return nil }
        let name = start..<cursor
        cursor += 1
        let addressStart = cursor
        while cursor < line.count {
            let byte = line[cursor]
            if byte == 0x5D || isPatternSpace(byte) { break }
            cursor += 1
        }
        guard cursor < line.count, line[cursor] == 0x5D else { return nil }
        let address = addressStart..<cursor
        cursor += 1
        if cursor < line.count, line[cursor] == 0x3A {
            var digit = cursor + 1
            while digit < line.count, line[digit] &- 0x30 < 10 { digit += 1 }
            if digit > cursor + 1 { cursor = digit }
        }
        if line.hasPrefix(" said: ", at: cursor) {
            return HostSaid(start: keyword, name: name, address: address, end: cursor + 7)
        }
        if line.hasPrefix(" refused to talk to me: ", at: cursor) {
            return HostSaid(start: keyword, name: name, address: address, end: cursor + 24)
        }
        return nil
    }
}
