import Testing
@testable import SMTPLogKit

/// The slots behind the topic and notice caches: two entries a set, the one used less lately
/// replaced. Held here to a model that keeps each set's two keys in order of use.
@Suite("Two-way sets")
struct TwoWaySetsTests {
    @Test("a key met once does not push out the key used last in its set")
    func leastRecentlyUsed() {
        var sets = TwoWaySets(sets: 4)
        // 1, 5 and 9 all fall in set 1 (key & 3).
        let first = sets.slot(for: 1), second = sets.slot(for: 5)
        #expect(!first.found && !second.found && first.slot != second.slot)
        #expect(sets.slot(for: 1) == (first.slot, true))
        // 9 takes 5's slot, the one used less lately; 1 stays.
        #expect(sets.slot(for: 9) == (second.slot, false))
        #expect(sets.slot(for: 1) == (first.slot, true))
        #expect(sets.slot(for: 5).found == false)
    }

    @Test("a key of 0 in an empty slot is a miss, then a hit")
    func zeroKey() {
        var sets = TwoWaySets(sets: 2)
        #expect(sets.slot(for: 0).found == false)
        #expect(sets.slot(for: 0).found == true)
        #expect(sets.slot(for: 2).found == false)
    }

    @Test("agrees with a model of each set's keys in order of use, over random keys")
    func model() {
        var sets = TwoWaySets(sets: 8)
        var model = [[UInt64]](repeating: [], count: 8)
        var slotOf: [UInt64: Int] = [:]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let key = UInt64.random(in: 0..<40, using: &generator)
            let set = Int(key & 7)
            let expectedHit = model[set].contains(key)
            let (slot, found) = sets.slot(for: key)
            #expect(found == expectedHit)
            #expect(slot / 2 == set)
            if found { #expect(slotOf[key] == slot) }
            model[set].removeAll { $0 == key }
            model[set].insert(key, at: 0)
            if model[set].count > 2 { slotOf[model[set].removeLast()] = nil }
            slotOf[key] = slot
        }
    }
}
