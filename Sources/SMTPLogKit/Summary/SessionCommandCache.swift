/// The command tallies of `disconnect from` lines already read, by their bytes. A server's
/// sessions end with a handful of command lists (`ehlo=1 mail=1 rcpt=1 data=1 quit=1
/// commands=5`, `connect=1 ehlo=1 auth=0/1 quit=1 commands=2/3`); reading each again cost a
/// thousand instructions a disconnection (callgrind), comparing its bytes to a stored list's
/// costs a few dozen.
///
/// A list is kept when it is at most 64 bytes and names only the commands Postfix counts
/// (`SessionTraffic.commandNames`), each with at most 16,383 replies; any other is read every
/// time. Not a figure: it is neither merged nor compared. Bounded: 256 lists, 24 KB.
struct SessionCommandCache: Sendable {
    static let slots = 256
    static let maxBytes = 64
    static let maxTallies = 8
    private static let wordsPerList = maxBytes / 8
    private static let countLimit = 0x3FFF

    /// Each list's bytes as eight zero-padded words, and its length (-1: empty slot).
    private var words = [UInt64](repeating: 0, count: slots * wordsPerList)
    private var lengths = [Int8](repeating: -1, count: slots)
    /// Each list's tallies, packed as `index << 28 | accepted << 14 | total`.
    private var tallies = [UInt32](repeating: 0, count: slots * maxTallies)
    private var tallyCounts = [UInt8](repeating: 0, count: slots)
    /// Disconnections whose list was found in each slot and not yet added to the figures: adding
    /// a list's tallies on every disconnection was ~40 instructions a session (callgrind), a
    /// count is one; the tallies are added times the count when the slot is given to another
    /// list (`settle`) or the figures are read (`addPending`, `settleAll`).
    private var hits = [Int](repeating: 0, count: slots)

    /// Where the list of `range` is kept or would be; nil for a list too long to keep.
    struct Place {
        let slot: Int
        let found: Bool
    }

    func place(of range: Range<Int>, in line: UnsafeBufferPointer<UInt8>) -> Place? {
        let length = range.count
        guard length <= SessionCommandCache.maxBytes, let base = line.baseAddress else { return nil }
        // The list's words read where they lie in the line, as `keep` stores them (its bytes,
        // zero-padded), no byte read outside the list: copied into a zeroed tuple first, the
        // `memcpy` call and the tuple's stores were half of a lookup (callgrind).
        let raw = UnsafeRawPointer(base + range.lowerBound)
        let full = length >> 3
        let tailBytes = length & 7
        var tail: UInt64 = 0
        if tailBytes > 0 {
            if length >= 8 {
                // The word ending with the list's last byte, its bytes before the tail shifted out.
                tail = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self))
                    >> UInt64((8 - tailBytes) << 3)
            } else {
                for index in 0..<tailBytes {
                    tail |= UInt64(raw.load(fromByteOffset: index, as: UInt8.self)) << UInt64(index << 3)
                }
            }
            tail = UInt64(littleEndian: tail)
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(length)
        for index in 0..<full {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: index << 3, as: UInt64.self)) &* 0x100_0000_01b3
            hash ^= hash >> 29
        }
        if tailBytes > 0 {
            hash = (hash ^ tail) &* 0x100_0000_01b3
            hash ^= hash >> 29
        }
        let slot = Int(truncatingIfNeeded: hash) & (SessionCommandCache.slots - 1)
        guard Int(lengths[slot]) == length else { return Place(slot: slot, found: false) }
        let first = slot * SessionCommandCache.wordsPerList
        for index in 0..<full where words[first + index] != raw.loadUnaligned(fromByteOffset: index << 3, as: UInt64.self) {
            return Place(slot: slot, found: false)
        }
        if tailBytes > 0, words[first + full] != tail { return Place(slot: slot, found: false) }
        return Place(slot: slot, found: true)
    }

    /// Counts one more disconnection of the list kept in `slot`: its tallies are added later.
    @inline(__always)
    mutating func hit(_ slot: Int) {
        hits[slot] += 1
    }

    /// Adds the tallies kept in `slot`, `times` times over, to `known` (indexed as
    /// `SessionTraffic.commandNames`). Through buffers, not a slice and the array's subscript:
    /// the slice retained and released the array, and each tally's two updates checked the
    /// array's uniqueness and the index again (callgrind). A packed index is 4 bits, below the
    /// 16 names, which `known` is checked to hold once.
    private func add(_ slot: Int, times: Int, to known: inout [CommandTally]) {
        precondition(known.count >= 16 && slot >= 0 && slot < SessionCommandCache.slots)
        let first = slot * SessionCommandCache.maxTallies
        let count = Int(tallyCounts[slot])
        tallies.withUnsafeBufferPointer { tallies in
            known.withUnsafeMutableBufferPointer { known in
                for packed in tallies[first..<(first + count)] {
                    let index = Int(packed >> 28)
                    known[index].accepted += Int((packed >> 14) & UInt32(SessionCommandCache.countLimit)) * times
                    known[index].total += Int(packed & UInt32(SessionCommandCache.countLimit)) * times
                }
            }
        }
    }

    /// Adds the disconnections counted in `slot` to `known` and forgets them: before the slot
    /// takes another list.
    mutating func settle(_ slot: Int, into known: inout [CommandTally]) {
        let count = hits[slot]
        guard count > 0 else { return }
        add(slot, times: count, to: &known)
        hits[slot] = 0
    }

    /// Adds every slot's disconnections not yet added to `known`, keeping them counted here (to
    /// read the figures without changing the cache).
    func addPending(to known: inout [CommandTally]) {
        for slot in 0..<SessionCommandCache.slots where hits[slot] > 0 { add(slot, times: hits[slot], to: &known) }
    }

    /// Adds every slot's disconnections not yet added to `known` and forgets them.
    mutating func settleAll(into known: inout [CommandTally]) {
        for slot in 0..<SessionCommandCache.slots { settle(slot, into: &known) }
    }

    /// Whether a tally can be kept: its counts fit their bits.
    static func fits(accepted: Int, total: Int) -> Bool {
        accepted >= 0 && total <= countLimit && accepted <= total
    }

    /// Keeps the list of `range` in `slot` with its tallies (`index`, accepted, total), at most
    /// `maxTallies` of them, each one that `fits`. The slot's disconnections not yet added must
    /// have been (`settle`): they are forgotten.
    mutating func keep(_ range: Range<Int>, in line: UnsafeBufferPointer<UInt8>, slot: Int,
                       tallies found: UnsafeBufferPointer<(index: Int, accepted: Int, total: Int)>) {
        precondition(range.count <= SessionCommandCache.maxBytes && found.count <= SessionCommandCache.maxTallies)
        let first = slot * SessionCommandCache.wordsPerList
        for index in 0..<SessionCommandCache.wordsPerList { words[first + index] = 0 }
        words.withUnsafeMutableBytes { buffer in
            UnsafeMutableRawBufferPointer(rebasing: buffer[(first * 8)...])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(line)[range]))
        }
        lengths[slot] = Int8(range.count)
        let start = slot * SessionCommandCache.maxTallies
        for (offset, tally) in found.enumerated() {
            tallies[start + offset] = UInt32(tally.index) << 28 | UInt32(tally.accepted) << 14 | UInt32(tally.total)
        }
        tallyCounts[slot] = UInt8(found.count)
        hits[slot] = 0
    }
}
