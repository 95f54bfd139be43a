import Testing
@testable import SMTPLogKit

/// A part's orphans (recipient lines of messages it did not see submitted) are placed on the
/// messages the part before left open. The merge hands the placed recipients on in the order
/// of the messages' ids whether it sorts every orphan (when the orphans kept may fill) or only
/// the few placed: the table they are counted into may prune, and which rows a prune keeps
/// depends on that order.
@Suite("Authenticated messages joined across parts")
struct AccountMessagesMergeTests {
    static func id(_ number: Int) -> BytesKey {
        let text = "4N\(String(number, radix: 16, uppercase: true))Q"
        return Array(text.utf8).withUnsafeBufferPointer { BytesKey($0, 0..<$0.count) }
    }

    /// Part one submits `submitted` messages (owner by `number % 5`) and sees, at its start,
    /// lines of `ownOrphans` messages of a part before it; part two sees recipient lines for
    /// `lines` ids, in that order, some of them never submitted.
    static func parts(capacity: Int, submitted: Int, ownOrphans: Int, lines: [Int]) -> (AccountMessages, AccountMessages) {
        var first = AccountMessages(capacity: capacity)
        for number in 0..<ownOrphans { _ = first.recipients(id(50_000 + number), at: 1_000) { 1 } }
        for number in 0..<submitted {
            first.submitted(id(number), by: AccountMessages.Owner(user: HashedName("user\(number % 5)@example.org"), hour: 2026112209),
                            at: 1_000 + UInt32(number))
        }
        var second = AccountMessages(capacity: capacity)
        for number in lines {
            _ = second.recipients(id(number), at: 5_000) { number % 3 + 1 }
        }
        return (first, second)
    }

    /// Capacity 12 with ten orphans of part one's own: part two's four unplaced lines fill the
    /// list (two are dropped) and every orphan is taken in id order; capacity 1,000: only the
    /// placed are put in order.
    @Test("placed recipients come in id order, orphans sorted or not", arguments: [(12, 10), (1_000, 0)])
    func placedInIdOrder(capacity: Int, ownOrphans: Int) {
        var random = SplitMix(seed: UInt64(capacity))
        let submitted = min(capacity, 200)
        // The four lines of messages never submitted first, so that part two keeps them all.
        let lines = Array(10_000..<10_004) + Array(0..<submitted).shuffled(using: &random)
        let (part, second) = AccountMessagesMergeTests.parts(capacity: capacity, submitted: submitted,
                                                              ownOrphans: ownOrphans, lines: lines)
        var first = part
        let number = Dictionary(uniqueKeysWithValues: lines.map { (AccountMessagesMergeTests.id($0), $0) })
        let openBefore = first.open
        let orphansBefore = first.orphans.count
        let waiting = second.orphans
        var placed: [(AccountMessages.Owner, Int)] = []
        first.merge(second) { placed.append(($0, $1)) }
        // Every open message that part two kept a line for, in id order, with its count.
        let expected = waiting.keys.filter { openBefore[$0] != nil }.sorted()
            .map { (openBefore[$0]!.owner, number[$0]! % 3 + 1) }
        #expect(placed.count == expected.count && placed.count >= 4)
        #expect(zip(placed, expected).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 })
        // The lines of messages never submitted wait as orphans, up to the cap.
        let unplaced = waiting.keys.filter { openBefore[$0] == nil }.count
        #expect(unplaced == 4)
        #expect(first.orphans.count == min(capacity, orphansBefore + unplaced))
        #expect(first.orphansDropped == second.orphansDropped + max(0, orphansBefore + unplaced - capacity))
    }
}
