import Testing
@testable import SMTPLogKit

/// The caches' fixed slots (`SlotBuffer`) behave as an array of the same values: reads and
/// writes in place, and a copy that never sees the other's writes.
@Suite("Fixed slots of the sink's caches")
struct SlotBufferTests {
    @Test("writes in place, in-place changes of a slot, and copies that share nothing they write")
    func valueSemantics() {
        var slots = SlotBuffer<String>(repeating: "", count: 5)
        var mirror = [String](repeating: "", count: 5)
        #expect(slots.count == 5)
        for round in 0..<200 {
            let index = round % 5
            slots[index] += "x\(round)"
            mirror[index] += "x\(round)"
        }
        #expect((0..<5).map { slots[$0] } == mirror)
        var copy = slots
        copy[0] = "copy"
        slots[1] = "original"
        #expect(copy[0] == "copy" && slots[0] == mirror[0])
        #expect(slots[1] == "original" && copy[1] == mirror[1])
        let third = copy
        copy[2].append("!")
        #expect(third[2] == mirror[2] && copy[2] == mirror[2] + "!")
    }

    @Test("a range of bytes read and written through a pointer, and a copy of them kept apart")
    func ranges() {
        var bytes = SlotBuffer<UInt8>(repeating: 0, count: 64)
        bytes.withUnsafeMutableBufferPointer(from: 8, count: 4) { $0.initialize(from: [1, 2, 3, 4]).1 }
        let copy = bytes
        bytes.withUnsafeMutableBufferPointer(from: 10, count: 1) { $0[0] = 9 }
        #expect(bytes.withUnsafeBufferPointer(from: 8, count: 4) { Array($0) } == [1, 2, 9, 4])
        #expect(copy.withUnsafeBufferPointer(from: 8, count: 4) { Array($0) } == [1, 2, 3, 4])
        #expect(bytes.withUnsafeBufferPointer(from: 60, count: 4) { Array($0) } == [0, 0, 0, 0])
        #expect(bytes.withUnsafeBufferPointer(from: 64, count: 0) { $0.count } == 0)
    }
}
