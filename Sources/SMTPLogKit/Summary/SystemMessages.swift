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

    /// The rows of kinds lately written, by a hash of their patterns' parts (`PatternCache`);
    /// made on the first message. Not part of the counts: left out of
    /// `==`, and a merge keeps the left side's.
    private var patterns: PatternCache?

    public init() {}

    public static func == (lhs: SystemMessages, rhs: SystemMessages) -> Bool {
        lhs.kinds == rhs.kinds && lhs.byLevel == rhs.byLevel
    }

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
        // A text whose hash of its pattern's parts is one written lately has its pattern, and
        // so its row: counted there without writing the pattern again (a warning repeats all
        // day with other hosts and numbers in it; the pattern cost about 1,500 instructions).
        // The service's bytes are hashed whole: folded, `smtp2` and `smtp3` would be one row.
        let folded = SystemMessages.foldedHash(UnsafeBufferPointer(rebasing: line[text]),
                                               seed: SystemMessages.plainHash(UnsafeBufferPointer(rebasing: line[service]),
                                                                              seed: UInt64(fact.level.rawValue)))
        if patterns == nil { patterns = PatternCache() }
        let (slot, found) = patterns!.slots.slot(for: folded)
        if found, let position = patterns!.positions[slot] {
            var counted = false
            if kinds.update(at: position, key: patterns!.keys[slot], { row in
                if row.count > 0 {
                    row.count += 1
                    counted = true
                }
            }), counted { return }
        }
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
            let position = kinds.updateReturningPosition(key, name: name) { row in
                if row.count == 0 {
                    row.kind = SystemMessageKey(level: fact.level,
                                                program: service.isEmpty ? "exim" : LogText.display(UnsafeBufferPointer(rebasing: line[service])),
                                                text: LogText.display(UnsafeBufferPointer(rebasing: bytes[textStart...])))
                    row.example = example()
                }
                row.count += 1
            }
            patterns!.keys[slot] = key
            patterns!.positions[slot] = position
        }
    }

    /// Drawn once per process (from `Hasher`'s seed, so `SWIFT_DETERMINISTIC_HASHING` fixes it
    /// for measurements): where `foldedHash` and `plainHash` start.
    static let processKey: UInt64 = {
        var hasher = Hasher()
        hasher.combine(0x5359_534D_5347 as UInt64)
        return UInt64(truncatingIfNeeded: hasher.finalize())
    }()

    /// A hash of every byte of `bytes` (a service name, a few bytes), mixed into `seed` and
    /// keyed with `processKey`: the seed of a text's `foldedHash`, so that texts of two services
    /// never share a row.
    static func plainHash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
        var hash = (SystemMessages.processKey ^ seed) &* 0x9E37_79B9_7F4A_7C15
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x9E37_79B9_7F4A_7C15
            hash = (hash << 31) | (hash >> 33)
        }
        return (hash ^ UInt64(bytes.count)) &* 0xBF58_476D_1CE4_E5B9
    }

    /// The rows of texts lately written, by `foldedHash` of their level, service and text:
    /// texts of one hash have one pattern (see `foldedHash`), so one row. The row's
    /// position is a hint the table checks (`update(at:key:)`), so a prune or a merge since
    /// only sends the text the long way again.
    struct PatternCache: Sendable {
        var slots = TwoWaySets(sets: 128)
        var keys = [BytesKey](repeating: BytesKey(""), count: 2 * 128)
        var positions = [Int?](repeating: nil, count: 2 * 128)
    }

    /// A hash of what `pattern` writes of `text`, mixed into `seed`: each word (between
    /// spaces) that holds a variable byte (`isVariable`) as one mark with its trailing `:,;`
    /// and whether parentheses enclose it, each other word whole. Texts of one hash have one
    /// pattern (the pattern is made of exactly these), and a user name or a host name in a
    /// variable word (`sasl_username=alice`) does not make a text of its own.
    ///
    /// Words are read eight bytes a step from their own start (their last bytes with their
    /// count), the steps of a word depending only on its bytes; a word's bytes are mixed into a
    /// copy of the hash that is kept only if the word turns out not variable. Stepping through
    /// each variable run instead, a warning's addresses and host names cut it into many short
    /// runs and the hash cost about as much as the pattern (callgrind). 64 bits make a wrong
    /// hit as likely as none, and the hash starts from a secret of the process (`processKey`),
    /// so that a log cannot choose two texts of one hash to have one counted as the other.
    static func foldedHash(_ text: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
        var hash = SystemMessages.processKey ^ seed
        /// `tag` tells a part's kind: 1 to 8 bytes of a word, a variable word's mark, its
        /// trailing byte, a word's end, the text's end.
        @inline(__always) func mix(_ into: inout UInt64, _ value: UInt64, _ tag: UInt64) {
            into = (into ^ value) &* 0x9E37_79B9_7F4A_7C15
            into = ((into << 31) | (into >> 33)) ^ tag
        }
        let end = text.count
        guard let base = text.baseAddress else { mix(&hash, 0, 0x400); return hash }
        /// Up to eight bytes from `at`, the ones past the end as zero (neither a space nor
        /// variable): the text's last eight bytes shifted down when it has eight.
        @inline(__always) func load(_ at: Int) -> (word: UInt64, count: Int) {
            if at + 8 <= end { return (UInt64(littleEndian: UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self)), 8) }
            if end >= 8 {
                let last = UInt64(littleEndian: UnsafeRawPointer(base + end - 8).loadUnaligned(as: UInt64.self))
                return (last >> UInt64((8 - (end - at)) &* 8), end - at)
            }
            var word: UInt64 = 0
            for index in stride(from: end - 1, through: at, by: -1) { word = word << 8 | UInt64(base[index]) }
            return (word, end - at)
        }
        let spaces: UInt64 = 0x2020_2020_2020_2020
        var index = 0
        while index < end {
            if base[index] == 0x20 {
                index += 1
                continue
            }
            let wordStart = index
            var wordHash = hash
            var variable = false
            while index < end {
                let (word, count) = load(index)
                // The bytes before the first space (`zeroBytes` is exact for the lowest one);
                // the zeros past the end are no space.
                var found = zeroBytes(word ^ spaces)
                if count < 8 { found &= (1 &<< UInt64(count &* 8)) &- 1 }
                let length = found == 0 ? count : found.trailingZeroBitCount >> 3
                if !variable {
                    let part = length == 8 ? word : word & ((1 &<< UInt64(length &* 8)) &- 1)
                    if variableBytes(part) != 0 {
                        variable = true
                    } else {
                        mix(&wordHash, part, UInt64(length))
                    }
                }
                index += length
                if length < 8 { break }
            }
            if variable {
                var kept = index
                while kept > wordStart, base[kept - 1] == 0x3A || base[kept - 1] == 0x2C || base[kept - 1] == 0x3B { kept -= 1 }
                let enclosed = kept > wordStart + 1 && base[wordStart] == 0x28 && base[kept - 1] == 0x29
                mix(&hash, enclosed ? 1 : 0, 0x100)
                for at in kept..<index { mix(&hash, UInt64(base[at]), 0x101) }
            } else {
                hash = wordHash
            }
            mix(&hash, 0, 0x200)
        }
        mix(&hash, 0, 0x400)
        return hash
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
    ///
    /// Words are read eight bytes a step (where the space is, whether a byte is variable) and
    /// copied eight bytes a step: a byte at a time, with a class table, it cost about 1,700
    /// instructions a warning line (callgrind, a generated Postfix log). `buffer` holds at
    /// least `textLimit` bytes from `at`; bytes past the end returned may be written (eight
    /// bytes of room past the limit let every word be copied whole).
    static func pattern(_ text: UnsafeBufferPointer<UInt8>, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        let limit = start + textLimit
        precondition(start >= 0 && limit <= buffer.count)
        guard let source = text.baseAddress, let target = buffer.baseAddress else { return start }
        let count = text.count
        var out = start
        var cursor = 0
        while cursor < count, out < limit {
            if source[cursor] == 0x20 {
                if out > start, target[out - 1] != 0x20 {
                    target[out] = 0x20
                    out += 1
                }
                cursor += 1
                continue
            }
            let wordStart = cursor
            var variable = false
            while cursor + 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(source + cursor).loadUnaligned(as: UInt64.self))
                let spaces = zeroBytes(word ^ 0x2020_2020_2020_2020)
                if spaces != 0 {
                    // The bytes below the space (exact: `zeroBytes` is exact for the lowest one).
                    let before = spaces.trailingZeroBitCount >> 3
                    if !variable { variable = variableBytes(word) & ((1 &<< UInt64(before &* 8)) &- 1) != 0 }
                    cursor += before
                    break
                }
                if !variable { variable = variableBytes(word) != 0 }
                cursor += 8
            }
            // The line's last bytes, one at a time (none after a space found above).
            while cursor < count {
                let byte = source[cursor]
                if byte == 0x20 { break }
                if !variable { variable = isVariable(byte) }
                cursor += 1
            }
            var end = cursor
            while end > wordStart, source[end - 1] == 0x3A || source[end - 1] == 0x2C || source[end - 1] == 0x3B { end -= 1 }
            let kept: Range<Int>
            if variable {
                // `(x[192.0.2.1])` as `(*)`: a parenthesis is kept only when it opens the word.
                if end > wordStart + 1, source[wordStart] == 0x28, source[end - 1] == 0x29 {
                    target[out] = 0x28
                    out += 1
                    if out < limit {
                        target[out] = 0x2A
                        out += 1
                    }
                    if out < limit {
                        target[out] = 0x29
                        out += 1
                    }
                } else {
                    target[out] = 0x2A
                    out += 1
                }
                kept = end..<cursor
            } else {
                kept = wordStart..<cursor
            }
            let copied = min(kept.count, limit - out)
            // Whole words, where the text and the buffer have the bytes: what is written past
            // `copied` is written over next or lies past the end returned. Most words are
            // shorter than eight bytes, and a byte loop was a quarter of the cost (callgrind).
            let rounded = (copied + 7) & ~7
            var index = 0
            if kept.lowerBound + rounded <= count, out + rounded <= buffer.count {
                while index < copied {
                    UnsafeMutableRawPointer(target + out + index)
                        .storeBytes(of: UnsafeRawPointer(source + kept.lowerBound + index).loadUnaligned(as: UInt64.self),
                                    as: UInt64.self)
                    index += 8
                }
            } else {
                while index < copied {
                    target[out + index] = source[kept.lowerBound + index]
                    index += 1
                }
            }
            out += copied
        }
        // A cut never splits a character: its continuation bytes go with it.
        if out == limit {
            while out > start, target[out - 1] & 0xC0 == 0x80 { out -= 1 }
            if out > start, target[out - 1] >= 0xC0 { out -= 1 }
        }
        while out > start, target[out - 1] == 0x20 { out -= 1 }
        return out
    }

    /// Whether `byte` makes its word variable: a digit or one of `.@/[]=<>`.
    @inline(__always)
    static func isVariable(_ byte: UInt8) -> Bool {
        byte &- 0x2E < 12 || byte &- 0x3C < 3 || byte == 0x40 || byte == 0x5B || byte == 0x5D
    }

    /// The high bit of every byte of `word` that `isVariable` takes, exact for each byte: the
    /// ranges `.` to `9` (`./0123456789`) and `<` to `>` (`<=>`), and `@`, `[`, `]`. Each range
    /// is tested on the low seven bits, where neither the sum nor the difference carries out of
    /// its byte, and bytes of 0x80 and above are left out.
    @inline(__always)
    static func variableBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let seven = word & (0x7F &* ones)
        @inline(__always) func within(_ low: UInt64, _ high: UInt64) -> UInt64 {
            (seven &+ (0x80 &- low) &* ones) & ((0x80 &+ high) &* ones &- seven)
        }
        let hits = within(0x2E, 0x39) | within(0x3C, 0x3E) | within(0x40, 0x40) | within(0x5B, 0x5B) | within(0x5D, 0x5D)
        return hits & ~word & 0x8080_8080_8080_8080
    }

    /// The pattern of `text` as a string (tests, the explanation of a row).
    static func pattern(_ text: UnsafeBufferPointer<UInt8>) -> String {
        // Eight bytes of room past the limit, as the summary's buffer has: words are copied whole.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: textLimit + 8) { buffer in
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
