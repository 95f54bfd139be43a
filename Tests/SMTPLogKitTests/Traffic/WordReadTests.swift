import Testing
@testable import SMTPLogKit

/// The traffic keys read their fields a word at a time (`BytesKey`'s last bytes, the `@` of an
/// address found from the end, a client's name made once): each gives what the byte loops it
/// replaced gave, for every field of lines from 0 to 40 bytes, wherever the field sits in its line.
@Suite("Word-wide reads of traffic fields")
struct WordReadTests {
    /// `BytesKey` as it was: its last bytes composed one at a time.
    static func referenceKey(_ line: [UInt8], _ range: Range<Int>, folding: Bool) -> [UInt64] {
        func lowered(_ byte: UInt8) -> UInt8 { folding && byte &- 0x41 < 26 ? byte | 0x20 : byte }
        func value(_ offset: Int, _ length: Int) -> UInt64 {
            var value: UInt64 = 0
            for index in 0..<length { value |= UInt64(lowered(line[range.lowerBound + offset + index])) << (8 * UInt64(index)) }
            return value
        }
        let count = range.count
        guard count > 0 else { return [0, 0] }
        if count <= 15 {
            let a = value(0, min(count, 8))
            let b = count > 8 ? value(8, count - 8) : 0
            return [a, b | (UInt64(count) << 59)]
        }
        var a: UInt64 = 0xcbf2_9ce4_8422_2325, b: UInt64 = 0x8422_2325_cbf2_9ce4
        var offset = 0
        while offset + 8 <= count {
            let word = value(offset, 8)
            a = (a ^ word) &* 0x100_0000_01b3
            b = (b ^ word.byteSwapped) &* 0x9E37_79B9_7F4A_7C15
            a ^= a >> 29
            offset += 8
        }
        if offset < count {
            let word = value(offset, count - offset)
            a = (a ^ word) &* 0x100_0000_01b3
            b = (b ^ word.byteSwapped) &* 0x9E37_79B9_7F4A_7C15
        }
        a = (a ^ UInt64(count)) &* 0x100_0000_01b3
        return [a ^ (a >> 31), (b ^ (b >> 29)) | (1 << 63)]
    }

    static func referenceDomain(_ line: [UInt8], _ range: Range<Int>) -> Range<Int>? {
        guard let at = range.last(where: { line[$0] == 0x40 }) else { return nil }
        return (at + 1)..<range.upperBound
    }

    static func lines() -> [[UInt8]] {
        var generator = SplitMix(seed: 11)
        let alphabet: [UInt8] = Array("aZ@@.-0<>".utf8) + [0x80, 0xC3, 0xA9, 0x00, 0x01, 0x7F]
        var lines: [[UInt8]] = []
        for length in 0...40 {
            for _ in 0..<4 {
                lines.append((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            }
        }
        return lines
    }

    @Test("keys and domains equal the byte loops' for every field of every line")
    func sameAsByteLoops() {
        for bytes in WordReadTests.lines() {
            bytes.withUnsafeBufferPointer { line in
                for lower in 0...line.count {
                    for upper in lower...line.count {
                        let range = lower..<upper
                        for folding in [false, true] {
                            let key = BytesKey(line, range, foldingCase: folding)
                            #expect([key.high, key.low] == WordReadTests.referenceKey(bytes, range, folding: folding),
                                    "\(bytes) \(range) folding \(folding)")
                        }
                        #expect(Correspondent.domainRange(line, range) == WordReadTests.referenceDomain(bytes, range), "\(bytes) \(range)")
                    }
                }
            }
        }
    }

    @Test("a client's name is its key lower-cased, made once when nothing needs lowering")
    func clientNames() {
        for text in ["192.0.2.1", "2001:DB8::1", "2001:db8::1", "unknown", "Mail.Example.ORG", "café.example", "CAFÉ", "a\u{1}b",
                     String(repeating: "x", count: 300), String(repeating: "X", count: 300)] {
            let bytes = Array(text.utf8) + [0xFF, 0x41]
            bytes.withUnsafeBufferPointer { line in
                for range in [0..<(bytes.count - 2), 0..<bytes.count, 1..<(bytes.count - 1)] {
                    #expect(Correspondent.lowercasedKey(line, range) == line.key(range).lowercased(), "\(text) \(range)")
                }
            }
        }
    }

    /// Whether a name needs lowering, read eight bytes a step, is what a loop over its bytes
    /// says: capitals, bytes of 0x80 or more, and every byte value between and around them,
    /// for every field of every line; and the names made with it are the strings lowered.
    @Test("a field's capitals are found as the byte loop found them, and names lowered as strings are")
    func capitals() {
        var lines = WordReadTests.lines()
        lines.append(Array(0...255))
        lines.append(Array("192.0.2.10 MAIL.example.ORG 2001:DB8::1 user@Example.COM ÉTÉ@café.fr".utf8))
        for bytes in lines {
            bytes.withUnsafeBufferPointer { line in
                for lower in 0...line.count {
                    for upper in lower...Swift.min(line.count, lower + 40) {
                        let range = lower..<upper
                        for orNonASCII in [false, true] {
                            let expected = bytes[range].contains { $0 &- 0x41 < 26 || (orNonASCII && $0 >= 0x80) }
                            #expect(Correspondent.hasCapitals(line, range, orNonASCII: orNonASCII) == expected,
                                    "\(bytes) \(range) \(orNonASCII)")
                        }
                        let key = line.key(range)
                        #expect(Correspondent.lowercasedKey(line, range) == key.lowercased())
                        let asAddress = Correspondent.addressName(line, range)
                        if !Correspondent.isNull(line, range) {
                            let hasASCIICapital = bytes[range].contains { $0 &- 0x41 < 26 }
                            #expect(asAddress == (hasASCIICapital ? key.lowercased() : key))
                        }
                    }
                }
            }
        }
    }
}
