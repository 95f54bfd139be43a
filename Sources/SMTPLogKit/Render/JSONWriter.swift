/// Writes our JSON documents (the report, the trace) byte for byte as Foundation's `JSONEncoder`
/// does with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`, several times faster.
///
/// Why not `JSONEncoder`: on a report of many clients it spent more instructions than the
/// parsing of the log, most of them sorting object keys through the generic
/// `UTF8View.lexicographicallyPrecedes` and boxing every value. The output must not change (the
/// goldens, scripts diffing two runs, `smtplog merge` reading older files), so this copies
/// swift-foundation's rules exactly, and the tests compare the two on every report we make:
/// - two spaces of indentation a level, `"key" : value`, `,\n` between members, and an empty
///   object or array as `{`/`[`, two newlines, then the indented `}`/`]`;
/// - keys sorted by their UTF-8 bytes; a key given twice keeps its last value;
/// - strings escape `"`, `\`, and the bytes below 0x20 (`\b \f \n \r \t`, others `\u00xx` in
///   lowercase hex); `/`, DEL, U+2028/2029 and all other non-ASCII are written as they are;
/// - integers in decimal; floating point as Swift's `description` without a trailing `.0`
///   (`1`, `1.5`, `1e-07`, `1e+21`); NaN and infinities are an error.
///
/// The values come from `JSONTreeEncoder` (any `Encodable`), as a tree of `JSONValue`.
enum JSONWriter {
    /// `value` as `JSONEncoder` (pretty, sorted keys, slashes unescaped) would encode it.
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONTreeEncoder()
        guard let tree = try encoder.box(value, key: JSONNoKey()) else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
        }
        var output = JSONOutput()
        try output.write(tree, depth: 0)
        return output.bytes
    }

    /// The document as our commands print it: the JSON and a final newline.
    static func document<T: Encodable>(_ value: T) throws -> String {
        var bytes = try encode(value)
        bytes.append(UInt8(ascii: "\n"))
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A value as the encoder collected it: objects keep their members in the order given, and are
/// sorted only when written.
enum JSONValue {
    case null
    case bool(Bool)
    case int(Int64)
    case unsigned(UInt64)
    /// Already formatted: floating point (whose text depends on its type) and wide integers.
    case number(String)
    case string(String)
    case object(JSONObject)
    case array(JSONArray)
    /// What a `superEncoder()` encodes, known only when it is done: taken when written.
    case deferred(JSONTreeEncoder)
}

/// An object's members in the order encoded. A reference, so that a container can keep adding
/// to it after it was placed in its parent, as `JSONEncoder`'s do.
final class JSONObject {
    struct Member {
        let key: String
        let value: JSONValue
    }

    var members: [Member] = []

    func set(_ key: String, _ value: JSONValue) {
        members.append(Member(key: key, value: value))
    }

    /// The value last set for `key`, for the rare nested container that comes back to a key
    /// (`MergePayload`'s `rules`, once): a walk from the end, no index kept for every object.
    func value(for key: String) -> JSONValue? {
        members.last { $0.key == key }?.value
    }
}

/// An array's elements in order.
final class JSONArray {
    var values: [JSONValue] = []
}

/// The byte buffer and the rules of writing.
struct JSONOutput {
    /// `JSONEncoder`'s limit: deeper nesting is an error rather than a stack overflow.
    static let maximumDepth = 512

    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(1 << 16) }

    mutating func write(_ value: JSONValue, depth: Int) throws {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .int(let number): writeInteger(number.magnitude, negative: number < 0)
        case .unsigned(let number): writeInteger(number, negative: false)
        case .number(let text): append(text)
        case .string(let text): writeString(text)
        case .object(let object): try writeObject(object, depth: depth + 1)
        case .array(let array): try writeArray(array, depth: depth + 1)
        case .deferred(let encoder): try write(encoder.take() ?? .object(JSONObject()), depth: depth)
        }
    }

    private mutating func writeArray(_ array: JSONArray, depth: Int) throws {
        guard depth < JSONOutput.maximumDepth else { throw JSONOutput.tooDeep }
        bytes.append(UInt8(ascii: "["))
        bytes.append(UInt8(ascii: "\n"))
        var first = true
        for element in array.values {
            if !first { append(",\n") }
            first = false
            indent(depth)
            try write(element, depth: depth)
        }
        bytes.append(UInt8(ascii: "\n"))
        indent(depth - 1)
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func writeObject(_ object: JSONObject, depth: Int) throws {
        guard depth < JSONOutput.maximumDepth else { throw JSONOutput.tooDeep }
        bytes.append(UInt8(ascii: "{"))
        bytes.append(UInt8(ascii: "\n"))
        let members = object.members
        var first = true
        for position in JSONOutput.sortedPositions(members) {
            if !first { append(",\n") }
            first = false
            indent(depth)
            writeString(members[position].key)
            append(" : ")
            try write(members[position].value, depth: depth)
        }
        bytes.append(UInt8(ascii: "\n"))
        indent(depth - 1)
        bytes.append(UInt8(ascii: "}"))
    }

    /// A key as it sorts: its first 16 bytes as two big-endian numbers, so that most
    /// comparisons (all of those between keys of at most 16 bytes, such as client addresses)
    /// are two integer comparisons rather than a walk through two strings.
    private struct SortKey {
        var high: UInt64
        var low: UInt64
        var count: Int
        var position: Int

        init(_ key: String, position: Int) {
            var key = key
            (high, low, count) = key.withUTF8 { bytes in
                var high: UInt64 = 0, low: UInt64 = 0
                for index in 0..<min(bytes.count, 16) {
                    let shift = UInt64(56 - 8 * (index & 7))
                    if index < 8 { high |= UInt64(bytes[index]) << shift } else { low |= UInt64(bytes[index]) << shift }
                }
                return (high, low, bytes.count)
            }
            self.position = position
        }

        /// Negative, zero or positive as the keys' bytes sort; equal prefixes with a key of at
        /// most 16 bytes mean that the shorter key is the start of the other.
        func compare(_ other: SortKey, _ members: [JSONObject.Member]) -> Int {
            if high != other.high { return high < other.high ? -1 : 1 }
            if low != other.low { return low < other.low ? -1 : 1 }
            if count <= 16 || other.count <= 16 { return count - other.count }
            return JSONOutput.compareUTF8(members[position].key, members[other.position].key)
        }
    }

    /// The members to write, by their keys' UTF-8 bytes; of a key given twice, the last.
    static func sortedPositions(_ members: [JSONObject.Member]) -> [Int] {
        if members.count < 2 { return Array(members.indices) }
        var order: [SortKey] = []
        order.reserveCapacity(members.count)
        for (position, member) in members.enumerated() { order.append(SortKey(member.key, position: position)) }
        order.sort { a, b in
            let order = a.compare(b, members)
            return order == 0 ? a.position < b.position : order < 0
        }
        var kept: [Int] = []
        kept.reserveCapacity(order.count)
        for index in order.indices {
            if index + 1 < order.count, order[index].compare(order[index + 1], members) == 0 { continue }
            kept.append(order[index].position)
        }
        return kept
    }

    /// Negative, zero or positive as `a`'s UTF-8 bytes sort before, with or after `b`'s.
    static func compareUTF8(_ a: String, _ b: String) -> Int {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = min(x.count, y.count)
                var index = 0
                while index < common {
                    let left = x[index], right = y[index]
                    if left != right { return Int(left) - Int(right) }
                    index += 1
                }
                return x.count - y.count
            }
        }
    }

    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 64)

    private mutating func indent(_ level: Int) {
        var left = level * 2
        while left > 0 {
            let now = min(left, JSONOutput.spaces.count)
            JSONOutput.spaces.withUnsafeBufferPointer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<now])) }
            left -= now
        }
    }

    private mutating func append(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private mutating func writeInteger(_ magnitude: UInt64, negative: Bool) {
        if negative { bytes.append(UInt8(ascii: "-")) }
        if magnitude < 10 {
            bytes.append(UInt8(ascii: "0") &+ UInt8(magnitude))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            var rest = magnitude
            while rest > 0 {
                count += 1
                buffer[24 - count] = UInt8(ascii: "0") &+ UInt8(rest % 10)
                rest /= 10
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(24 - count)...]))
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Quoted, with `JSONEncoder`'s escapes; the runs between escapes are copied whole.
    private mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var mark = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if mark < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark..<index])) }
                mark = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    append("u00")
                    bytes.append(JSONOutput.hexDigits[Int(byte >> 4)])
                    bytes.append(JSONOutput.hexDigits[Int(byte & 0x0F)])
                }
            }
            if mark < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    static var tooDeep: EncodingError {
        EncodingError.invalidValue(0, .init(codingPath: [], debugDescription: "Unable to encode the given top-level value to JSON."))
    }
}
