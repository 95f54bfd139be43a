/// One pass over a report's JSON bytes, before any of it is decoded: its schema, whether it has
/// a `merge` payload, and every number and string of that payload checked. It builds nothing: a
/// tree of the document (JSONSerialization) took fifteen times the file's size, the decoder
/// that follows it about one.
///
/// Every number of the payload must be a whole count from 0 to `limit`, written as digits; the
/// numbers of each measure (counts, bytes, times: `MergeInput.Measure`) must add up to no more
/// than `limit`, so that no total made of a file's lists, nor of `MergeInput.maxFiles` files,
/// can overflow. Not summed: bounds and clock readings (`MergeInput.unsummed` keys) and the
/// first of a pair, a row's key (a code, a day), which its decoder checks.
struct PayloadScanner {
    struct Result {
        var schema: String?
        var hasMerge = false
    }

    private enum Container {
        case object(key: String)
        case array(index: Int, pendingKey: Int?)
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let limit: Int
    private let stringLimit: Int
    private var cursor = 0
    private var stack: [Container] = []
    /// Per level: whether its numbers are summed, and under which measure.
    private var summed: [Bool] = []
    private var sums = [Int](repeating: 0, count: MergeInput.Measure.allCases.count)

    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int, stringLimit: Int) -> Swift.Result<Result, ScanError> {
        var scanner = PayloadScanner(bytes: bytes, limit: limit, stringLimit: stringLimit)
        do {
            return .success(try scanner.document())
        } catch {
            return .failure(error)
        }
    }

    struct ScanError: Error {
        var message: String
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, limit: Int, stringLimit: Int) {
        self.bytes = bytes
        self.limit = limit
        self.stringLimit = stringLimit
    }

    private var path: String {
        var text = ""
        for container in stack {
            switch container {
            case .object(let key): text += text.isEmpty ? key : "." + key
            case .array(let index, _): text += "[\(index)]"
            }
        }
        return text
    }

    private var inPayload: Bool {
        if stack.count >= 2, case .object(let key) = stack[0] { return key == "merge" }
        return false
    }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    private mutating func skipSpace() {
        while cursor < bytes.count, PayloadScanner.isSpace(bytes[cursor]) { cursor += 1 }
    }

    /// Nesting deeper than any payload has (a row of a table in a rule is six levels down).
    static let depthLimit = 64

    private func broken(_ what: String = "the JSON is broken") -> ScanError {
        ScanError(message: "not JSON: \(what) at byte \(cursor)")
    }

    private mutating func document() throws(ScanError) -> Result {
        var result = Result()
        skipSpace()
        guard cursor < bytes.count, bytes[cursor] == 0x7B else { throw ScanError(message: "not a report: the JSON is not an object") }
        cursor += 1
        skipSpace()
        if cursor < bytes.count, bytes[cursor] == 0x7D { return result }
        while true {
            skipSpace()
            let key = try string()
            skipSpace()
            guard cursor < bytes.count, bytes[cursor] == 0x3A else { throw broken() }
            cursor += 1
            skipSpace()
            if key == "schema", cursor < bytes.count, bytes[cursor] == 0x22 {
                result.schema = try string()
            } else {
                if key == "merge" { result.hasMerge = true }
                stack = [.object(key: key)]
                summed = [true]
                try value()
            }
            skipSpace()
            guard cursor < bytes.count else { throw broken("the JSON ends early") }
            if bytes[cursor] == 0x2C { cursor += 1; continue }
            guard bytes[cursor] == 0x7D else { throw broken() }
            cursor += 1
            skipSpace()
            guard cursor == bytes.count else { throw broken("more follows the report") }
            return result
        }
    }

    /// A string, its escapes kept as written (keys and the schema are plain ASCII).
    private mutating func string() throws(ScanError) -> String {
        guard cursor < bytes.count, bytes[cursor] == 0x22 else { throw broken() }
        cursor += 1
        let start = cursor
        while cursor < bytes.count, bytes[cursor] != 0x22 {
            if bytes[cursor] == 0x5C { cursor += 1 }
            cursor += 1
        }
        guard cursor < bytes.count else { throw broken("the JSON ends early") }
        let length = cursor - start
        cursor += 1
        if inPayload, length > stringLimit {
            throw ScanError(message: "a string longer than \(stringLimit) bytes at \(path)")
        }
        return length <= 256 ? PayloadScanner.unescaped(UnsafeBufferPointer(rebasing: bytes[start..<(start + length)])) : ""
    }

    /// A short string's text, its escapes (`\/`, `\"`, `\u0041`) read.
    static func unescaped(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        guard raw.contains(0x5C) else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            index += 1
            guard byte == 0x5C, index < raw.count else { out.append(byte); continue }
            let escape = raw[index]
            index += 1
            switch escape {
            case 0x6E: out.append(0x0A)
            case 0x74: out.append(0x09)
            case 0x72: out.append(0x0D)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x75:
                let hex = index + 4 <= raw.count ? String(decoding: UnsafeBufferPointer(rebasing: raw[index..<(index + 4)]), as: UTF8.self) : ""
                index = min(raw.count, index + 4)
                let scalar = UInt32(hex, radix: 16).flatMap(Unicode.Scalar.init) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: out.append(escape)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func value() throws(ScanError) {
        skipSpace()
        guard cursor < bytes.count else { throw broken("the JSON ends early") }
        if bytes[cursor] == 0x7B || bytes[cursor] == 0x5B, stack.count >= PayloadScanner.depthLimit {
            throw broken("nested more than \(PayloadScanner.depthLimit) deep")
        }
        switch bytes[cursor] {
        case 0x7B:
            cursor += 1
            skipSpace()
            if cursor < bytes.count, bytes[cursor] == 0x7D { cursor += 1; return }
            while true {
                skipSpace()
                let key = try string()
                skipSpace()
                guard cursor < bytes.count, bytes[cursor] == 0x3A else { throw broken() }
                cursor += 1
                stack.append(.object(key: key))
                summed.append(summed.last! && !MergeInput.unsummed.contains(key))
                try value()
                stack.removeLast()
                summed.removeLast()
                skipSpace()
                guard cursor < bytes.count else { throw broken("the JSON ends early") }
                if bytes[cursor] == 0x2C { cursor += 1; continue }
                guard bytes[cursor] == 0x7D else { throw broken() }
                cursor += 1
                return
            }
        case 0x5B:
            cursor += 1
            skipSpace()
            if cursor < bytes.count, bytes[cursor] == 0x5D { cursor += 1; return }
            stack.append(.array(index: 0, pendingKey: nil))
            summed.append(summed.last!)
            defer {
                stack.removeLast()
                summed.removeLast()
            }
            while true {
                try value()
                skipSpace()
                guard cursor < bytes.count else { throw broken("the JSON ends early") }
                guard case .array(let index, let pending) = stack[stack.count - 1] else { throw broken() }
                if bytes[cursor] == 0x2C {
                    cursor += 1
                    // A third element: the first was no row's key after all.
                    if index == 1, let pending { try add(pending) }
                    stack[stack.count - 1] = .array(index: index + 1, pendingKey: index == 1 ? nil : pending)
                    continue
                }
                guard bytes[cursor] == 0x5D else { throw broken() }
                cursor += 1
                if index != 1, let pending { try add(pending) }
                return
            }
        case 0x22:
            _ = try string()
        case 0x74, 0x66, 0x6E:
            // true, false, null
            while cursor < bytes.count, bytes[cursor] >= 0x61, bytes[cursor] <= 0x7A { cursor += 1 }
        default:
            try number()
        }
    }

    private mutating func number() throws(ScanError) {
        let start = cursor
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == 0x2C || byte == 0x5D || byte == 0x7D || PayloadScanner.isSpace(byte) { break }
            cursor += 1
        }
        let token = UnsafeBufferPointer(rebasing: bytes[start..<cursor])
        guard !token.isEmpty else { throw broken() }
        guard inPayload else { return }
        var value = 0
        for byte in token {
            guard byte &- 0x30 < 10, value <= limit else {
                let text = String(decoding: token.prefix(40), as: UTF8.self)
                throw ScanError(message: "\(DisplayText.escaped(text)) at \(path) is not a count from 0 to \(limit)")
            }
            value = value * 10 + Int(byte &- 0x30)
        }
        guard value <= limit else {
            throw ScanError(message: "\(value) at \(path) is not a count from 0 to \(limit)")
        }
        guard summed.last! else { return }
        if case .array(0, _) = stack[stack.count - 1] {
            // Perhaps a row's key: summed only if the array proves longer than a pair.
            stack[stack.count - 1] = .array(index: 0, pendingKey: value)
            return
        }
        try add(value)
    }

    /// Adds a number to its measure's sum, named by the nearest key.
    private mutating func add(_ value: Int) throws(ScanError) {
        var key = ""
        for container in stack.reversed() {
            if case .object(let name) = container { key = name; break }
        }
        let measure = MergeInput.Measure(key: key)
        let index = MergeInput.Measure.allCases.firstIndex(of: measure)!
        sums[index] += value
        if sums[index] > limit { throw ScanError(message: "the \(measure) figures add up past \(limit) at \(path)") }
    }
}
