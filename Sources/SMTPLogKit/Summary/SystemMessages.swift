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
public struct SystemMessageRow: TableValue {
    public var count = 0
    public var example: LineExample?

    public init() {}

    public var weight: Int { count }

    public static func + (lhs: SystemMessageRow, rhs: SystemMessageRow) -> SystemMessageRow {
        SystemMessageRow(count: lhs.count + rhs.count, example: lhs.example ?? rhs.example)
    }

    init(count: Int, example: LineExample?) {
        self.count = count
        self.example = example
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

    public private(set) var kinds = CappedTable<SystemMessageKey, SystemMessageRow>(capacity: SystemMessages.capacity)
    /// Messages per level, exact whatever the table dropped.
    public private(set) var byLevel = [Int](repeating: 0, count: TrafficFact.Level.allCases.count)

    public init() {}

    public var total: Int { byLevel.reduce(0, +) }

    public func count(_ level: TrafficFact.Level) -> Int { byLevel[Int(level.rawValue)] }

    mutating func record(_ fact: TrafficFact, line: UnsafeBufferPointer<UInt8>, program: Range<Int>,
                         example: () -> LineExample) {
        guard let text = fact.text else { return }
        byLevel[Int(fact.level.rawValue)] += 1
        let key = SystemMessageKey(level: fact.level, program: SystemMessages.service(line, program),
                                   text: SystemMessages.pattern(UnsafeBufferPointer(rebasing: line[text])))
        kinds.update(key) { row in
            if row.count == 0 { row.example = example() }
            row.count += 1
        }
    }

    /// `postfix/submission/smtpd` as `smtpd`, as pflogsumm names it; `exim` for Exim.
    static func service(_ line: UnsafeBufferPointer<UInt8>, _ program: Range<Int>) -> String {
        guard !program.isEmpty else { return "exim" }
        var start = program.lowerBound
        for index in program where line[index] == 0x2F { start = index + 1 }
        return line.key(start..<min(program.upperBound, start + 32))
    }

    /// The text with every word that holds a digit or one of `.@/[]=<>` written as `*`, a
    /// trailing `:`, `,` or `;` kept, and the parentheses of a word they enclose; cut at
    /// `textLimit` bytes.
    static func pattern(_ text: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(min(text.count, textLimit))
        var cursor = 0
        while cursor < text.count, out.count < textLimit {
            if text[cursor] == 0x20 {
                if out.last != 0x20 { out.append(0x20) }
                cursor += 1
                continue
            }
            let start = cursor
            var variable = false
            while cursor < text.count, text[cursor] != 0x20 {
                switch text[cursor] {
                case 0x30...0x39, 0x2E, 0x40, 0x2F, 0x5B, 0x5D, 0x3D, 0x3C, 0x3E: variable = true
                default: break
                }
                cursor += 1
            }
            var end = cursor
            while end > start, text[end - 1] == 0x3A || text[end - 1] == 0x2C || text[end - 1] == 0x3B { end -= 1 }
            // `(x[192.0.2.1])` as `(*)`: a parenthesis is kept only when it opens the word.
            let parenthesized = end > start + 1 && text[start] == 0x28 && text[end - 1] == 0x29
            if variable {
                out.append(contentsOf: parenthesized ? [0x28, 0x2A, 0x29] : [0x2A])
                out.append(contentsOf: text[end..<cursor])
            } else {
                out.append(contentsOf: text[start..<cursor])
            }
        }
        if out.count > textLimit {
            var cut = textLimit
            while cut > 0, out[cut] & 0xC0 == 0x80 { cut -= 1 }
            out.removeSubrange(cut...)
        }
        while out.last == 0x20 { out.removeLast() }
        return LogText.display(out)
    }

    mutating func offsetLineNumbers(by lines: Int) {
        kinds.updateAll { row in row.example?.line += lines }
    }

    public static func += (lhs: inout SystemMessages, rhs: SystemMessages) {
        lhs.kinds += rhs.kinds
        for index in lhs.byLevel.indices { lhs.byLevel[index] += rhs.byLevel[index] }
    }
}
