/// A fixed number of values in one allocation, for the sink's small caches (`TwoWaySets`,
/// `PeerNameCache`, `OtherProgramTally`, `TopicCache`, `NoticeConditionCache`). Each write to an `Array` of theirs called
/// the standard library's out-of-line uniqueness and bounds checks (`_makeMutableAndUnique`,
/// `_checkSubscript_mutating`: about 43 instructions a write, on nearly every reply, callgrind);
/// here a write checks the index and the storage's uniqueness inline. A value, as an array: a
/// copy shares the storage until either side writes.
struct SlotBuffer<Element> {
    private final class Storage {
        let base: UnsafeMutablePointer<Element>
        let count: Int

        init(repeating value: Element, count: Int) {
            base = .allocate(capacity: count)
            base.initialize(repeating: value, count: count)
            self.count = count
        }

        init(copying other: Storage) {
            base = .allocate(capacity: other.count)
            base.initialize(from: other.base, count: other.count)
            count = other.count
        }

        deinit {
            base.deinitialize(count: count)
            base.deallocate()
        }
    }

    private var storage: Storage

    init(repeating value: Element, count: Int) {
        precondition(count > 0, "a slot buffer holds at least one value")
        storage = Storage(repeating: value, count: count)
    }

    var count: Int { storage.count }

    subscript(index: Int) -> Element {
        // Read in place: a copy of a slot holding strings retained and released them.
        @inline(__always) _read {
            precondition(index >= 0 && index < storage.count, "slot out of range")
            yield storage.base[index]
        }
        @inline(__always) _modify {
            precondition(index >= 0 && index < storage.count, "slot out of range")
            makeUnique()
            yield &storage.base[index]
        }
    }

    /// The values from `start` on, `count` of them, to read.
    @inline(__always)
    func withUnsafeBufferPointer<Result>(from start: Int, count: Int, _ body: (UnsafeBufferPointer<Element>) -> Result) -> Result {
        precondition(start >= 0 && count >= 0 && start <= storage.count - count, "slots out of range")
        return withExtendedLifetime(storage) { body(UnsafeBufferPointer(start: storage.base + start, count: count)) }
    }

    /// The values from `start` on, `count` of them, to write.
    @inline(__always)
    mutating func withUnsafeMutableBufferPointer<Result>(from start: Int, count: Int,
                                                          _ body: (UnsafeMutableBufferPointer<Element>) -> Result) -> Result {
        precondition(start >= 0 && count >= 0 && start <= storage.count - count, "slots out of range")
        makeUnique()
        return withExtendedLifetime(storage) { body(UnsafeMutableBufferPointer(start: storage.base + start, count: count)) }
    }

    @inline(__always)
    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(copying: storage) }
    }
}

/// As an array of the same values: the storage is copied before any write to a shared one.
extension SlotBuffer: @unchecked Sendable where Element: Sendable {}
