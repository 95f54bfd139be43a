/// The names a `CappedCounts` list was last given, remembered by the bytes they were made from,
/// with their rows: the failed logins' SASL mechanisms and users and the refused relay domains
/// come back again and again (a guessing client tries one mechanism and a few users hundreds of
/// times), and each event made its name as a `String` (about 175 instructions), hashed it with
/// SipHash (230) and compared it with the row's (120) before counting one (callgrind, p36m:
/// about 6 M for 11,000 events). A field met again is counted on its remembered row, the row's
/// name compared with the remembered one (the same string: its storage is compared first).
///
/// A name is a function of its bytes (`LogText.key`, `Correspondent.lowercasedKey`), so the
/// counts are what the list counted without it. Fields are keyed as `BytesKey` does for the
/// traffic's tables (fifteen bytes exactly, longer ones by a 128-bit hash), and a longer field
/// (up to `longest` bytes) is also kept whole and compared: user names and domains are chosen by
/// the clients, which could otherwise look for two of one hash and have one counted as the
/// other. Longer fields are counted the full way. A row that a prune or a merge moved fails the
/// comparison, and the field is counted the full way and remembered again. Not a figure: equal
/// whatever it holds, so summaries compare by counts.
struct CountedNameMemo: Sendable, Equatable {
    static let slotCount = 64
    /// The longest field remembered: an address, a domain.
    static let longest = 64

    private var keys: [BytesKey] = []
    private var names: [String] = []
    private var rows: [Int32] = []
    /// Each slot's field, `longest` bytes apart, when it is longer than a `BytesKey` keeps exactly.
    private var bytes: [UInt8] = []

    init() {}

    /// Counts the field at `range` of `line` once in `counts`, under `name()` (made only when
    /// the field is not remembered).
    @inline(__always)
    mutating func add(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to counts: inout CappedCounts,
                      name: () -> String) {
        let key = BytesKey(line, range)
        let slot = CountedNameMemo.slot(key)
        if !keys.isEmpty, keys[slot] == key, range.count <= 15 || kept(slot, is: line, range),
           counts.table.update(at: Int(rows[slot]), key: names[slot], { $0.count += 1 }) {
            return
        }
        addNew(key, slot: slot, line, range, name(), to: &counts)
    }

    /// Whether the field kept in `slot` has the bytes of `range` (16 to `longest` of them; the
    /// keys, which hold the length, matched).
    private func kept(_ slot: Int, is line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count <= CountedNameMemo.longest else { return false }
        return bytes.withUnsafeBufferPointer { kept in
            UnsafeBufferPointer(rebasing: kept[slot * CountedNameMemo.longest ..< slot * CountedNameMemo.longest + range.count])
                .elementsEqual(UnsafeBufferPointer(rebasing: line[range]))
        }
    }

    /// A field not remembered, or whose row moved: counted by its name and remembered.
    @inline(never)
    private mutating func addNew(_ key: BytesKey, slot: Int, _ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
                                 _ name: String, to counts: inout CappedCounts) {
        let row = counts.table.updateReturningPosition(name) { $0.count += 1 }
        guard range.count <= CountedNameMemo.longest else { return }
        if keys.isEmpty {
            // Made at the first use: most summaries (a chunk, a small file) never count one.
            keys = [BytesKey](repeating: BytesKey(""), count: CountedNameMemo.slotCount)
            names = [String](repeating: "", count: CountedNameMemo.slotCount)
            rows = [Int32](repeating: -1, count: CountedNameMemo.slotCount)
            bytes = [UInt8](repeating: 0, count: CountedNameMemo.slotCount * CountedNameMemo.longest)
        }
        if range.count > 15 {
            let start = slot * CountedNameMemo.longest
            bytes.withUnsafeMutableBufferPointer { kept in
                for (offset, byte) in line[range].enumerated() { kept[start + offset] = byte }
            }
        }
        keys[slot] = key
        names[slot] = name
        rows[slot] = row.flatMap { Int32(exactly: $0) } ?? -1
    }

    /// The slot of `key`: its words mixed, the top six bits.
    @inline(__always)
    static func slot(_ key: BytesKey) -> Int {
        Int(truncatingIfNeeded: ((key.high ^ key.low.byteSwapped) &* 0x9E37_79B9_7F4A_7C15) >> 58)
    }

    /// Always equal: what a memo holds is no figure of the summary.
    static func == (lhs: CountedNameMemo, rhs: CountedNameMemo) -> Bool { true }
}
