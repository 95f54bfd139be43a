/// A kind of system message: its level, the program that wrote it, and its text with the parts
/// that change from line to line (hosts, addresses, numbers, paths) written as `*`, so that a
/// thousand "hostname X does not resolve to address Y" lines make one row.
public struct SystemMessageKey: Hashable, Comparable, Sendable {
    public var level: TrafficFact.Level
    public var program: String
    public var text: String

    public static func < (lhs: SystemMessageKey, rhs: SystemMessageKey) -> Bool {
        (lhs.level.rawValue, lhs.program, lhs.text) < (rhs.level.rawValue, rhs.program, rhs.text)
    }
}

/// How often a kind of system message was written, and the first line of it.
public struct SystemMessageRow: TableValue, Codable {
    public var kind: SystemMessageKey?
    public var count = 0
    public var example: LineExample?

    public init() {}

    public var weight: Int { count }

    public static func + (lhs: SystemMessageRow, rhs: SystemMessageRow) -> SystemMessageRow {
        var sum = lhs
        sum.kind = lhs.kind ?? rhs.kind
        sum.count += rhs.count
        sum.example = lhs.example ?? rhs.example
        return sum
    }
}

/// The warnings, errors, fatal errors and panics of Postfix and Exim, counted by kind with an
/// example each, as pflogsumm lists them. Every one is counted here; the findings turn the
/// dangerous ones (a full disk, a service that died) into findings of their own.
public struct SystemMessages: Sendable, Equatable {
    /// Kinds kept at most: past it, the least written half is dropped and counted.
    public static let capacity = 1_000
    /// Bytes of a message's text kept in its key.
    public static let textLimit = 160
    /// Bytes of a program's name kept.
    static let programLimit = 32

    public internal(set) var kinds = NamedTable<SystemMessageRow>(capacity: SystemMessages.capacity)
    /// Messages per level, exact whatever the table dropped.
    public internal(set) var byLevel = [Int](repeating: 0, count: TrafficFact.Level.allCases.count)

    public init() {}

    public var total: Int { byLevel.reduce(0, +) }

    public func count(_ level: TrafficFact.Level) -> Int { byLevel[Int(level.rawValue)] }

    /// Every kind with its row, most written first, ties by level, program and text.
    public func top(_ limit: Int) -> [(kind: SystemMessageKey, row: SystemMessageRow)] {
        kinds.top(limit).compactMap { entry in entry.value.kind.map { ($0, entry.value) } }
    }

    mutating func record(_ fact: TrafficFact, line: UnsafeBufferPointer<UInt8>, program: Range<Int>,
                         example: () -> LineExample) {
        guard let text = fact.text else { return }
        byLevel[Int(fact.level.rawValue)] += 1
        let service = SystemMessages.service(line, program)
        // The key is made of the level, the program and the pattern's bytes, in a buffer on the
        // stack: the strings are made only for a kind not seen before.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 + SystemMessages.programLimit + SystemMessages.textLimit + 8) { buffer in
            var count = 0
            buffer[count] = fact.level.rawValue
            count += 1
            for index in service {
                buffer[count] = line[index]
                count += 1
            }
            buffer[count] = 0
            count += 1
            let textStart = count
            count = SystemMessages.pattern(UnsafeBufferPointer(rebasing: line[text]), into: buffer, at: count)
            let bytes = UnsafeBufferPointer(rebasing: buffer[0..<count])
            let key = BytesKey(bytes, 0..<count)
            let name = {
                "\(fact.level.rawValue) " + LogText.display(UnsafeBufferPointer(rebasing: line[service])) + " "
                    + LogText.display(UnsafeBufferPointer(rebasing: bytes[textStart...]))
            }
            kinds.update(key, name: name) { row in
                if row.count == 0 {
                    row.kind = SystemMessageKey(level: fact.level,
                                                program: service.isEmpty ? "exim" : LogText.display(UnsafeBufferPointer(rebasing: line[service])),
                                                text: LogText.display(UnsafeBufferPointer(rebasing: bytes[textStart...])))
                    row.example = example()
                }
                row.count += 1
            }
        }
    }

    /// `postfix/submission/smtpd` as `smtpd`, as pflogsumm names it; `exim` for Exim's lines,
    /// which name no program.
    static func service(_ line: UnsafeBufferPointer<UInt8>, _ program: Range<Int>) -> Range<Int> {
        guard !program.isEmpty else { return 0..<0 }
        var start = program.lowerBound
        for index in program where line[index] == 0x2F { start = index + 1 }
        return start..<min(program.upperBound, start + programLimit)
    }

    /// Writes the text with every word that holds a digit or one of `.@/[]=<>` as `*` into
    /// `buffer` from `at`, a trailing `:`, `,` or `;` kept, and the parentheses of a word they
    /// enclose; at most `textLimit` bytes, cut at a character boundary. Returns the end.
    static func pattern(_ text: UnsafeBufferPointer<UInt8>, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        let limit = start + textLimit
        var out = start
        @inline(__always) func append(_ byte: UInt8) {
            if out < limit {
                buffer[out] = byte
                out += 1
            }
        }
        // Each byte's class from a table, a load instead of a switch per byte (callgrind).
        SystemMessages.byteClasses.withUnsafeBufferPointer { classes in
            var cursor = 0
            while cursor < text.count, out < limit {
                if text[cursor] == 0x20 {
                    if out > start, buffer[out - 1] != 0x20 { append(0x20) }
                    cursor += 1
                    continue
                }
                let wordStart = cursor
                var variable: UInt8 = 0
                while cursor < text.count {
                    let byteClass = classes[Int(text[cursor])]
                    if byteClass == SystemMessages.space { break }
                    variable |= byteClass
                    cursor += 1
                }
                var end = cursor
                while end > wordStart, text[end - 1] == 0x3A || text[end - 1] == 0x2C || text[end - 1] == 0x3B { end -= 1 }
                let kept: Range<Int>
                if variable != 0 {
                    // `(x[192.0.2.1])` as `(*)`: a parenthesis is kept only when it opens the word.
                    if end > wordStart + 1, text[wordStart] == 0x28, text[end - 1] == 0x29 {
                        append(0x28); append(0x2A); append(0x29)
                    } else {
                        append(0x2A)
                    }
                    kept = end..<cursor
                } else {
                    kept = wordStart..<cursor
                }
                let copied = min(kept.count, limit - out)
                if copied > 0 {
                    _ = UnsafeMutableBufferPointer(rebasing: buffer[out..<(out + copied)])
                        .update(fromContentsOf: UnsafeBufferPointer(rebasing: text[kept.lowerBound..<(kept.lowerBound + copied)]))
                    out += copied
                }
            }
        }
        // A cut never splits a character: its continuation bytes go with it.
        if out == limit {
            while out > start, buffer[out - 1] & 0xC0 == 0x80 { out -= 1 }
            if out > start, buffer[out - 1] >= 0xC0 { out -= 1 }
        }
        while out > start, buffer[out - 1] == 0x20 { out -= 1 }
        return out
    }

    /// A word holding one of these bytes is variable: a digit or one of `.@/[]=<>`.
    private static let variable: UInt8 = 1
    private static let space: UInt8 = 2
    private static let byteClasses: [UInt8] = {
        var classes = [UInt8](repeating: 0, count: 256)
        for byte in "0123456789.@/[]=<>".utf8 { classes[Int(byte)] = variable }
        classes[0x20] = space
        return classes
    }()

    /// The pattern of `text` as a string (tests, the explanation of a row).
    static func pattern(_ text: UnsafeBufferPointer<UInt8>) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: textLimit) { buffer in
            let end = pattern(text, into: buffer, at: 0)
            return LogText.display(UnsafeBufferPointer(rebasing: buffer[0..<end]))
        }
    }

    mutating func offsetLineNumbers(by lines: Int) {
        kinds.updateAll { row in row.example?.line += lines }
    }

    public static func += (lhs: inout SystemMessages, rhs: SystemMessages) {
        lhs.kinds += rhs.kinds
        for index in lhs.byLevel.indices { lhs.byLevel[index] += rhs.byLevel[index] }
    }
}
