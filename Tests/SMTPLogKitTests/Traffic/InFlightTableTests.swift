import Testing
@testable import SMTPLogKit

/// The messages in flight by id, in the join's own open-addressing table: every insert,
/// update, removal (plain, or kept when the entry says so) must leave what a `Dictionary`
/// doing the same leaves, through growth and the backward shifts of removals.
@Suite("Messages in flight by id")
struct InFlightTableTests {
    typealias Entry = MessageJoin.Entry

    static func key(_ text: String) -> BytesKey {
        Array(text.utf8).withUnsafeBufferPointer { BytesKey($0, 0..<$0.count) }
    }

    @Test("random inserts, updates and removals agree with a dictionary", arguments: [6, 300, 5_000])
    func agreesWithDictionary(ids: Int) {
        var random = SplitMix(seed: 7 + UInt64(ids))
        var table = InFlightTable()
        var model: [BytesKey: Entry] = [:]
        var order = 0
        for step in 0..<30_000 {
            // Short ids (kept as bytes) and long ones (hashed), as Postfix's and Exim's.
            let number = Int.random(in: 1...ids, using: &random)
            let id = InFlightTableTests.key(number % 3 == 0 ? "1Abc2D-000\(number)-XY" : "4F\(number)")
            switch Int.random(in: 0..<5, using: &random) {
            case 0, 1:
                let made = Entry(order: order, head: step % 2 == 0)
                let (size, inserted) = table.update(id, default: made) { entry -> Int in
                    entry.size += 1
                    return entry.size
                }
                #expect(inserted == (model[id] == nil))
                if inserted { order += 1 }
                model[id, default: made].size += 1
                #expect(size == model[id]!.size)
            case 2:
                #expect(table.removeValue(forKey: id) == model.removeValue(forKey: id))
            case 3:
                // Removed unless it is a head entry, which is marked instead.
                let removed = table.removeValue(forKey: id) { entry in
                    guard entry.head else { return false }
                    entry.removed = true
                    return true
                }
                if let held = model[id], held.head {
                    model[id]!.removed = true
                    #expect(removed == nil)
                } else {
                    #expect(removed == model.removeValue(forKey: id))
                }
            default:
                #expect(table[id] == model[id])
                if step % 7 == 0 {
                    let entry = Entry(order: order, size: step)
                    order += 1
                    table[id] = entry
                    model[id] = entry
                }
            }
            #expect(table.count == model.count)
        }
        #expect(table.count * 4 <= table.slotCount * 3)
        #expect(Dictionary(uniqueKeysWithValues: table.all.map { ($0.key, $0.entry) }) == model)
        for (id, entry) in model { #expect(table[id] == entry) }
        #expect(table[InFlightTableTests.key("never")] == nil)
        for id in model.keys { table[id] = nil }
        #expect(table.count == 0 && table.all.isEmpty)
    }
}
