/// How the arrays that grow to hundreds of kilobytes (a table's rows, a part's waiting logins)
/// take their room: doubled while small, and all of their cap at once as soon as the next
/// doubling would be a block the allocator maps on its own.
///
/// The executable has glibc map every block of `mappedBytes` or more afresh
/// (`AllocationPolicy`), so that a table freed after its chunk's join gives its memory back. A
/// mapping's pages cost nothing until written: room reserved beyond the rows used is address
/// space, not memory. Doubling, each step copied the rows into a new mapping and faulted its
/// pages in again: on two cores the 1 GB benchmark log took 47,500 to 48,600 page faults, a
/// fifth of them in those copies; with the cap taken at once, 39,400 (peak unchanged, README,
/// Speed and memory, round fifteen).
enum MappedGrowth {
    /// The size from which the executable's allocator maps a block on its own (glibc's mmap
    /// threshold, which `AllocationPolicy` sets to it).
    static let mappedBytes = 64 << 10

    /// The room for an array of `Element` that holds `capacity` and is full: twice that (at
    /// least 16) while the block stays below `mappedBytes`, else `limit` at once; never past
    /// `limit`, never below `capacity`.
    @inline(__always)
    static func room<Element>(after capacity: Int, limit: Int, of _: Element.Type) -> Int {
        let doubled = Swift.min(Swift.max(capacity * 2, 16), limit)
        return doubled * MemoryLayout<Element>.stride >= mappedBytes ? Swift.max(limit, capacity) : Swift.max(doubled, capacity)
    }
}
