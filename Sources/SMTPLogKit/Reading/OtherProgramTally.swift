/// The lines of programs other than Postfix and Exim (dovecot, opendkim, amavis), counted by
/// program name in a small cache before they reach the summary's list. A mail log holds a few
/// such programs, a line of one every few lines; making each line's name a `String` and hashing
/// it into the list cost 640 instructions a line (callgrind), a tenth of such a line's reading.
/// Here a name is compared as a `BytesKey` against the one its slot holds, and its count goes to
/// the list only when the slot is taken by another name, or when the reader finishes (`flush`).
///
/// Bounded: 64 slots of one name each. One per reader, as the sink that owns it.
struct OtherProgramTally {
    private static let slots = 64
    /// The summary's list keeps a name's first 40 bytes (`ReplySummary.record`).
    static let nameLimit = 40
    private var keys = SlotBuffer<BytesKey?>(repeating: nil, count: OtherProgramTally.slots)
    private var names = SlotBuffer<String>(repeating: "", count: OtherProgramTally.slots)
    private var counts = SlotBuffer<Int>(repeating: 0, count: OtherProgramTally.slots)

    /// Counts one line of the program named by `program`; a name displaced from its slot goes
    /// to `list`.
    @inline(__always)
    mutating func add(_ program: Range<Int>, in line: UnsafeBufferPointer<UInt8>, to list: inout CappedCounts) {
        let range = program.lowerBound..<min(program.upperBound, program.lowerBound + OtherProgramTally.nameLimit)
        let key = BytesKey(line, range)
        let slot = key._rawHashValue(seed: 0x2545_F491) & (OtherProgramTally.slots - 1)
        if keys[slot] == key {
            counts[slot] += 1
            return
        }
        if counts[slot] > 0 { list.add(names[slot], counts[slot]) }
        keys[slot] = key
        names[slot] = line.key(range)
        counts[slot] = 1
    }

    /// Every count still held goes to `list`, in slot order.
    mutating func flush(into list: inout CappedCounts) {
        for slot in 0..<OtherProgramTally.slots where counts[slot] > 0 {
            list.add(names[slot], counts[slot])
            counts[slot] = 0
            keys[slot] = nil
        }
    }
}
