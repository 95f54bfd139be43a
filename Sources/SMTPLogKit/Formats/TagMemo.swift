/// The syslog tags met lately (` host program[`), with what `LinePrefix` made of them: the
/// program's place and which mail program it is. A log holds a handful of tags (`mx1
/// postfix/smtpd[`, `mx1 postfix/qmgr[`, `mx1 opendkim[`...), and finding the host, the program
/// and its Postfix service again on every line was almost half of the prefix's instructions
/// (callgrind, a generated Postfix log: the prefix 423 to 230 a line with the memo).
///
/// A tag is looked up by the place of its `[` and its last eight bytes, and taken only when all
/// its bytes, from the space after the stamp to the `[`, are those of the line it was read from,
/// at the same offset. `LinePrefix.tagged` decides the host, the program and the service from
/// those bytes alone (it stops at the first `[`, `:` or space), so a line with the same bytes
/// there gets the same answer; only the pid after the `[` is read again. Entries are kept only
/// for the usual shape (a host, then `program[pid]:`, not Exim, whose prefix goes on after the
/// tag), so the lines left out of it (bracketed tags, no host, no pid) are read as before.
struct TagMemo {
    /// Tags of up to 48 bytes, as six words, the last one with the `[` cut after it.
    struct Entry {
        var at = -1
        var length = 0
        var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
        var programStart: Int32 = 0
        var programEnd: Int32 = 0
        var mail = MailProgram.other
    }

    /// Pairs of slots (a tag goes to either of its pair): the 19 tags of a generated Postfix log
    /// share no pair.
    static let slots = 128
    static let maxLength = 48
    private var entries = [Entry](repeating: Entry(), count: TagMemo.slots)

    /// Where a tag from `at` ends (after its `[`) and its pair of slots; nil when the line has
    /// no `[` within 48 bytes, or fewer than eight bytes around it to read as words.
    struct Place {
        let length: Int
        let slot: Int
    }

    @inline(__always)
    static func place(_ line: UnsafeBufferPointer<UInt8>, from at: Int) -> Place? {
        guard let base = line.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset < maxLength, at + offset + 8 <= line.count {
            let word = raw.loadUnaligned(fromByteOffset: at + offset, as: UInt64.self)
            let hits = zeroBytes(word ^ 0x5B5B_5B5B_5B5B_5B5B)
            if hits != 0 {
                let length = offset + hits.trailingZeroBitCount >> 3 + 1
                guard length >= 8 else { return nil }
                // The bytes that tell tags apart are the last ones, the high bits of `last`:
                // folded down before the multiplication, whose high bits take the slot.
                let last = raw.loadUnaligned(fromByteOffset: at + length - 8, as: UInt64.self)
                let mixed = (last ^ last >> 29 ^ UInt64(truncatingIfNeeded: length)) &* 0x9E37_79B9_7F4A_7C15
                return Place(length: length, slot: Int(truncatingIfNeeded: mixed >> 57) & ~1)
            }
            offset += 8
        }
        return nil
    }

    /// The bytes of the tag from `at`, `length` long, as the entry's words: the word holding
    /// the `[` cut after it. The caller checked that every word lies within the line.
    @inline(__always)
    private static func word(_ index: Int, _ raw: UnsafeRawPointer, at: Int, length: Int) -> UInt64 {
        let word = raw.loadUnaligned(fromByteOffset: at + index * 8, as: UInt64.self)
        let kept = length - index * 8
        return kept >= 8 ? word : word & ((1 &<< UInt64(kept * 8)) &- 1)
    }

    /// The program and mail program remembered for the tag at `place`, when its bytes match.
    @inline(__always)
    func lookup(_ line: UnsafeBufferPointer<UInt8>, from at: Int, _ place: Place) -> (program: Range<Int>, mail: MailProgram)? {
        if let found = lookup(line, from: at, place, entries[place.slot]) { return found }
        return lookup(line, from: at, place, entries[place.slot + 1])
    }

    @inline(__always)
    private func lookup(_ line: UnsafeBufferPointer<UInt8>, from at: Int, _ place: Place,
                        _ entry: Entry) -> (program: Range<Int>, mail: MailProgram)? {
        guard entry.at == at, entry.length == place.length, let base = line.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        let length = place.length
        let count = (length + 7) >> 3
        guard TagMemo.word(0, raw, at: at, length: length) == entry.words.0 else { return nil }
        if count > 1 { guard TagMemo.word(1, raw, at: at, length: length) == entry.words.1 else { return nil } }
        if count > 2 { guard TagMemo.word(2, raw, at: at, length: length) == entry.words.2 else { return nil } }
        if count > 3 { guard TagMemo.word(3, raw, at: at, length: length) == entry.words.3 else { return nil } }
        if count > 4 { guard TagMemo.word(4, raw, at: at, length: length) == entry.words.4 else { return nil } }
        if count > 5 { guard TagMemo.word(5, raw, at: at, length: length) == entry.words.5 else { return nil } }
        return (Int(entry.programStart)..<Int(entry.programEnd), entry.mail)
    }

    /// Keeps what `LinePrefix.tagged` found from `at` when it is the usual shape: a host, one
    /// space or more, then the program up to the `[` that `place` found (the first one).
    mutating func remember(_ line: UnsafeBufferPointer<UInt8>, from at: Int, _ place: Place, program: Range<Int>,
                           mail: MailProgram) {
        guard mail != .exim, program.upperBound == at + place.length - 1, let base = line.baseAddress else { return }
        // The host: `tagged` skips the spaces after the stamp, and the program must start after
        // the host's own space (a program right after the stamp is a line without a host).
        var hostStart = at + 1
        while hostStart < program.lowerBound, line[hostStart] == 0x20 { hostStart += 1 }
        guard program.lowerBound > hostStart, line[program.lowerBound - 1] == 0x20 else { return }
        let raw = UnsafeRawPointer(base)
        let length = place.length
        let count = (length + 7) >> 3
        func word(_ index: Int) -> UInt64 { index < count ? TagMemo.word(index, raw, at: at, length: length) : 0 }
        // The pair's empty slot, else its second: a third tag of the pair takes turns with it.
        let slot = entries[place.slot].at < 0 ? place.slot : place.slot + 1
        entries[slot] = Entry(at: at, length: length, words: (word(0), word(1), word(2), word(3), word(4), word(5)),
                                    programStart: Int32(truncatingIfNeeded: program.lowerBound),
                                    programEnd: Int32(truncatingIfNeeded: program.upperBound), mail: mail)
    }
}
