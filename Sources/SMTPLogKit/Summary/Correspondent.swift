/// A sender or recipient, or their domain, as the traffic tables key and name them: the key
/// from the line's bytes with case folded, the name made only when a table meets it first.
struct Correspondent: Sendable, Equatable {
    let key: BytesKey
    let name: String

    static let nullSender = Correspondent(key: BytesKey("<>"), name: "<>")
    static let local = Correspondent(key: BytesKey("(local)"), name: "(local)")

    /// The null sender: Postfix writes `from=<>` (an empty address), Exim `<= <>`.
    @inline(__always)
    static func isNull(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        range.isEmpty || (range.count == 2 && line[range.lowerBound] == 0x3C && line[range.lowerBound + 1] == 0x3E)
    }

    /// The address in `range`; `<>` for the null sender.
    @inline(__always)
    static func addressKey(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> BytesKey {
        isNull(line, range) ? nullSender.key : BytesKey(line, range, foldingCase: true)
    }

    /// An address as a report names it: lower-cased (the local part's case means nothing to a
    /// report), `<>` for the null sender. Not inlined (as `lowercasedKey`): it runs once a new
    /// name, and inlined into the traffic's `record` it pushed that past the inliner's limits
    /// (callgrind: the arrays' checks called out of line, 1.7 M instructions more on p10m).
    @inline(never)
    static func addressName(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        if isNull(line, range) { return "<>" }
        // Most addresses are written in lower case already: one string, not two.
        return hasCapitals(line, range, orNonASCII: false) ? line.key(range).lowercased() : line.key(range)
    }

    /// `line.key(range).lowercased()`, made as one string when there is nothing to lower: a
    /// client's address is ASCII without capitals nearly always, and the second string was
    /// half the cost of naming a new client (callgrind).
    @inline(never)
    static func lowercasedKey(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        guard range.count <= LogText.keyLimit, !hasCapitals(line, range, orNonASCII: true) else {
            return line.key(range).lowercased()
        }
        return line.key(range)
    }

    /// Whether the bytes of `range` hold an ASCII capital (or, with `orNonASCII`, a byte of
    /// 0x80 or more). Eight bytes a step, the last eight overlapping the ones before: a loop
    /// over the bytes cost 20 instructions a byte, most of naming a new client (callgrind).
    @inline(__always)
    static func hasCapitals(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, orNonASCII: Bool) -> Bool {
        precondition(range.lowerBound >= 0 && range.upperBound <= line.count)
        guard let base = line.baseAddress else { return false }
        let highBits: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func flagged(_ offset: Int) -> Bool {
            let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
            return (orNonASCII && word & highBits != 0) || BytesKey.lowered(word) != word
        }
        guard range.count >= 8 else {
            for index in range where base[index] &- 0x41 < 26 || (orNonASCII && base[index] >= 0x80) { return true }
            return false
        }
        var offset = range.lowerBound
        while range.upperBound - offset > 8 {
            if flagged(offset) { return true }
            offset += 8
        }
        return flagged(range.upperBound - 8)
    }

    /// The domain of the address in `range`: after its last `@`; `(local)` for a bare local
    /// name, `<>` for the null sender.
    /// Eight bytes a step from the end: a byte loop over the domain was most of a domain key's
    /// cost (callgrind).
    @inline(__always)
    static func domainRange(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int>? {
        var index = range.upperBound
        if let base = line.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101
            while index - range.lowerBound >= 8 {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index - 8).loadUnaligned(as: UInt64.self))
                // High bit set exactly in the bytes that are `@`: no carry crosses a byte.
                let difference = word ^ (0x40 &* ones)
                let ats = ~(((difference & (0x7F &* ones)) &+ 0x7F &* ones) | difference) & (0x80 &* ones)
                if ats != 0 { return (index - 8 + (63 - ats.leadingZeroBitCount) >> 3 + 1)..<range.upperBound }
                index -= 8
            }
        }
        while index > range.lowerBound {
            index -= 1
            if line[index] == 0x40 { return (index + 1)..<range.upperBound }
        }
        return nil
    }

    @inline(__always)
    static func domainKey(_ line: UnsafeBufferPointer<UInt8>, address range: Range<Int>) -> BytesKey {
        if let domain = domainRange(line, range) { return BytesKey(line, domain, foldingCase: true) }
        return isNull(line, range) ? nullSender.key : local.key
    }

    static func domainName(_ line: UnsafeBufferPointer<UInt8>, address range: Range<Int>) -> String {
        if let domain = domainRange(line, range) { return addressName(line, domain) }
        return isNull(line, range) ? nullSender.name : local.name
    }

    static func address(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Correspondent {
        Correspondent(key: addressKey(line, range), name: addressName(line, range))
    }

    static func domain(_ line: UnsafeBufferPointer<UInt8>, address range: Range<Int>) -> Correspondent {
        Correspondent(key: domainKey(line, address: range), name: domainName(line, address: range))
    }
}
