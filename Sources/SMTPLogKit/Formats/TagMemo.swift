/// The syslog tags met lately (` host program[`), with what `LinePrefix` made of them: the
/// program's place and which mail program it is. A log holds a handful of tags (`mx1
/// postfix/smtpd[`, `mx1 postfix/qmgr[`, `mx1 opendkim[`...), and finding the host, the program
/// and its Postfix service again on every line was almost half of the prefix's instructions
/// (callgrind, a generated Postfix log: the prefix 423 to 230 a line with the memo).
///
/// A tag is looked up by the place of its `[` and the word that holds it, and taken only when all
/// its bytes, from the space after the stamp to the `[`, are those of the line it was read from,
/// at the same offset. `LinePrefix.tagged` decides the host, the program and the service from
/// those bytes alone (it stops at the first `[`, `:` or space), so a line with the same bytes
/// there gets the same answer; only the pid after the `[` is read again. Entries are kept only
/// for the usual shape (a host, then `program[pid]:`, not Exim, whose prefix goes on after the
/// tag), so the lines left out of it (bracketed tags, no host, no pid) are read as before.
struct TagMemo {
    /// Pairs of slots (a tag goes to either of its pair): the 19 tags of a generated Postfix log
    /// share no pair.
    static let slots = 1 << slotBits
    /// The slot's bits, the hash's highest (`place`): every slot read lies within the table.
    static let slotBits = 7
    static let maxLength = 48
    /// Eight words a slot, 64 bytes (one cache line): `key` (`at | length << 32`, where the tag
    /// starts and its length through the `[`; 0 for an empty slot), the tag's bytes as six words
    /// (the one holding the `[` cut after it, the rest 0), and the program's start and end, 16
    /// bits each. One flat array, read in place: entries as structs were copied out whole, six
    /// words spilled to the stack on every line.
    private var table = [UInt64](repeating: 0, count: TagMemo.slots * 8)
    /// The mail program of each slot's tag, beside the table: `MailProgram` made back from a
    /// number of the table cost a call a line.
    private var mails = [MailProgram](repeating: .other, count: TagMemo.slots)

    /// Where a tag from `at` ends (after its `[`), the word that holds its `[` (cut after it) and
    /// the first word of its pair of slots; nil when the line has no `[` within 48 bytes, or the
    /// word that holds it does not lie whole in the line (the words are read whole).
    struct Place {
        let length: Int
        let last: UInt64
        let slot: Int
    }

    @inline(__always)
    static func place(_ line: UnsafeBufferPointer<UInt8>, from at: Int) -> Place? {
        #if arch(x86_64)
        // The 48 bytes in three compares when the line has them (nearly every line): the same
        // answer as the word loop below, which reads the same words.
        if at >= 0, at &+ maxLength <= line.count, let base = line.baseAddress {
            let raw = UnsafeRawPointer(base) + at
            let open = byteMask16(raw, 0x5B) | byteMask16(raw + 16, 0x5B) &<< 16 | byteMask16(raw + 32, 0x5B) &<< 32
            guard open != 0 else { return nil }
            let index = open.trailingZeroBitCount
            let word = raw.loadUnaligned(fromByteOffset: index & ~7, as: UInt64.self)
            return place(length: index &+ 1, last: word & (UInt64.max &>> UInt64(56 &- 8 &* (index & 7))))
        }
        #endif
        return placeByWords(line, from: at)
    }

    /// `place` eight bytes a step: the only way on other processors, and near a line's end.
    @inline(__always)
    static func placeByWords(_ line: UnsafeBufferPointer<UInt8>, from at: Int) -> Place? {
        guard let base = line.baseAddress, at >= 0 else { return nil }
        let raw = UnsafeRawPointer(base)
        // Offsets stay below the line's count (under 4 GiB: `LinePrefix.lengthLimit`), so the
        // additions cannot overflow; the words are read at `at`, `at + 8`, ..., each whole
        // within the line.
        let count = line.count
        let stop = at &+ maxLength
        var offset = at
        var word: UInt64 = 0
        var hits: UInt64 = 0
        repeat {
            guard offset &+ 8 <= count else { return nil }
            word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            hits = zeroBytes(word ^ 0x5B5B_5B5B_5B5B_5B5B)
            if hits != 0 { break }
            offset &+= 8
        } while offset < stop
        guard hits != 0 else { return nil }
        // The lowest hit is the `[`'s high bit: the mask keeps the bytes up to it.
        return place(length: offset &- at &+ (hits.trailingZeroBitCount &>> 3) &+ 1, last: word & (hits ^ (hits &- 1)))
    }

    /// The place of a tag `length` bytes long whose `[` is in `last`. That word (the tag's last
    /// bytes, which tell tags apart) is hashed with the length, multiplied twice with a fold
    /// between, and the high bits take the slot. One multiplication put three of a generated
    /// log's 19 tags in one pair, which took turns: 1,816 misses on 255,574 lines (callgrind).
    @inline(__always)
    private static func place(length: Int, last: UInt64) -> Place {
        var mixed = (last ^ UInt64(truncatingIfNeeded: length)) &* 0x9E37_79B9_7F4A_7C15
        mixed ^= mixed &>> 32
        mixed &*= 0xD6E8_FEB8_6659_FD93
        return Place(length: length, last: last, slot: (Int(truncatingIfNeeded: mixed &>> UInt64(64 - slotBits)) & ~1) &* 8)
    }

    @inline(__always)
    private static func key(at: Int, length: Int) -> UInt64 {
        UInt64(truncatingIfNeeded: at) | UInt64(truncatingIfNeeded: length) &<< 32
    }

    /// The program and mail program remembered for the tag at `place`, when its bytes match.
    @inline(__always)
    func lookup(_ line: UnsafeBufferPointer<UInt8>, from at: Int, _ place: Place) -> (program: Range<Int>, mail: MailProgram)? {
        guard let base = line.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        let key = TagMemo.key(at: at, length: place.length)
        return table.withUnsafeBufferPointer { table in
            // `place.slot` is a multiple of 8 below 8 * 127: both slots lie within the table, and
            // their mail programs within `mails`.
            var slot = place.slot
            if table[slot] != key || !TagMemo.matches(table, slot, raw, at: at, place) {
                slot |= 8
                guard table[slot] == key, TagMemo.matches(table, slot, raw, at: at, place) else { return nil }
            }
            let info = table[slot &+ 7]
            let start = Int(truncatingIfNeeded: info & 0xFFFF), end = Int(truncatingIfNeeded: info &>> 16 & 0xFFFF)
            return (start..<end, mails.withUnsafeBufferPointer { $0[slot &>> 3] })
        }
    }

    /// Whether the tag in `slot` (whose key matched) has the line's bytes: the words before the
    /// `[`'s one as read again from the line (`place` found them whole within it), and the `[`'s
    /// word as `place` cut it.
    @inline(__always)
    private static func matches(_ table: UnsafeBufferPointer<UInt64>, _ slot: Int, _ raw: UnsafeRawPointer, at: Int,
                                _ place: Place) -> Bool {
        let lastIndex = (place.length &- 1) &>> 3
        var index = 0
        while index < lastIndex {
            guard table[slot &+ 1 &+ index] == raw.loadUnaligned(fromByteOffset: at &+ index &* 8, as: UInt64.self) else {
                return false
            }
            index &+= 1
        }
        return table[slot &+ 1 &+ lastIndex] == place.last
    }

    /// Keeps what `LinePrefix.tagged` found from `at` when it is the usual shape: a host, one
    /// space or more, then the program up to the `[` that `place` found (the first one).
    mutating func remember(_ line: UnsafeBufferPointer<UInt8>, from at: Int, _ place: Place, program: Range<Int>,
                           mail: MailProgram) {
        guard mail != .exim, program.upperBound == at + place.length - 1, program.upperBound <= Int(UInt16.max),
              let base = line.baseAddress else { return }
        // The host: `tagged` skips the spaces after the stamp, and the program must start after
        // the host's own space (a program right after the stamp is a line without a host).
        var hostStart = at + 1
        while hostStart < program.lowerBound, line[hostStart] == 0x20 { hostStart += 1 }
        guard program.lowerBound > hostStart, line[program.lowerBound - 1] == 0x20 else { return }
        let raw = UnsafeRawPointer(base)
        let lastIndex = (place.length - 1) >> 3
        // The pair's empty slot, else its second: a third tag of the pair takes turns with it.
        let slot = table[place.slot] == 0 ? place.slot : place.slot | 8
        table[slot] = TagMemo.key(at: at, length: place.length)
        for index in 0..<6 {
            table[slot + 1 + index] = index < lastIndex ? raw.loadUnaligned(fromByteOffset: at + index * 8, as: UInt64.self)
                : index == lastIndex ? place.last : 0
        }
        table[slot + 7] = UInt64(program.lowerBound) | UInt64(program.upperBound) << 16
        mails[slot >> 3] = mail
    }
}
