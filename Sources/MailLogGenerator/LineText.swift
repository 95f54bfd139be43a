/// A name, an address or any other piece of a line, held as its bytes so that a line is
/// assembled by copying bytes, with no `String` made per line.
typealias Name = [UInt8]

extension Array where Element == UInt8 {
    init(_ text: StaticString) {
        self = text.withUTF8Buffer { Array($0) }
    }

    var text: String { String(decoding: self, as: UTF8.self) }
}

/// The text of one log line after its prefix (stamp, host, program), built byte by byte.
struct LineText {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(256) }

    init(_ text: StaticString) {
        self.init()
        add(text)
    }

    @inline(__always) mutating func add(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inline(__always) mutating func add(_ name: Name) {
        bytes.append(contentsOf: name)
    }

    mutating func add(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func add(number: Int) {
        if number < 0 {
            bytes.append(0x2D)
            add(number: -number)
            return
        }
        if number < 10 { bytes.append(UInt8(0x30 + number)); return }
        var digits = 1, scale = 10
        while scale <= number / 10 { scale *= 10; digits += 1 }
        digits += 1
        appendDigits(number, digits, &bytes)
    }

    mutating func add(number: Int, width: Int) {
        appendDigits(number, width, &bytes)
    }

    /// Hundredths as Postfix writes delays: `4.51`, `0.25`, `12`, `0.1`.
    mutating func add(hundredths: Int) {
        add(number: hundredths / 100)
        let fraction = hundredths % 100
        if fraction == 0 { return }
        bytes.append(0x2E)
        if fraction % 10 == 0 {
            bytes.append(UInt8(0x30 + fraction / 10))
        } else {
            appendDigits(fraction, 2, &bytes)
        }
    }

    mutating func add(ip: UInt32) {
        add(number: Int(ip >> 24)); bytes.append(0x2E)
        add(number: Int(ip >> 16 & 0xFF)); bytes.append(0x2E)
        add(number: Int(ip >> 8 & 0xFF)); bytes.append(0x2E)
        add(number: Int(ip & 0xFF))
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)
    private static let lowerHexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    mutating func add(hex value: UInt64, digits: Int, lowercase: Bool = false) {
        let table = lowercase ? LineText.lowerHexDigits : LineText.hexDigits
        var shift = (digits - 1) * 4
        while shift >= 0 {
            bytes.append(table[Int(value >> UInt64(shift) & 0xF)])
            shift -= 4
        }
    }

    mutating func space() { bytes.append(0x20) }
}

/// An IPv4 address as a `Name`.
func ipName(_ ip: UInt32) -> Name {
    var text = LineText()
    text.add(ip: ip)
    return text.bytes
}

func ipv4(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> UInt32 {
    UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
}

/// Parses `a.b.c.d`; nil when it is not one.
func parseIPv4(_ text: String) -> UInt32? {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4 else { return nil }
    var value: UInt32 = 0
    for part in parts {
        guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }), let n = UInt32(part), n <= 255 else {
            return nil
        }
        value = value << 8 | n
    }
    return value
}
