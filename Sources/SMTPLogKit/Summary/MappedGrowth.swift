/// How the arrays that grow to hundreds of kilobytes (a table's rows, a part's waiting logins)
/// take their room: doubled while small, and all of their cap at once as soon as the next
/// doubling would be a block the allocator maps on its own.
///
/// The executable has glibc map every block of `mappedBytes` or more afresh
/// (`AllocationPolicy`), so that a table freed after its chunk's join gives its memory back. A
/// mapping's pages cost nothing until written: room reserved beyond the rows used is address
/// space, not memory. Doubling, each step copied the rows into a new mapping and faulted its
/// pages in again: `perf record -e page-faults` put 49% of a two-core run's faults on the 1 GB
/// benchmark log in those copies. Ten alternating runs, medians: 48,213 faults before, 35,921
/// with the cap taken at once; system time 0.315 to 0.275 s, user 2.65 to 2.53 s; peaks of at
/// most 60,312 and 60,456 KiB (README, Speed and memory, round fifteen).
public enum MappedGrowth {
    /// The size from which the executable's allocator maps a block on its own (glibc's mmap
    /// threshold, which `AllocationPolicy` sets to it).
    public static let mappedBytes = 64 << 10

    /// The room for an array of `Element` that holds `capacity` and is full: twice that (at
    /// least 16) while the block stays below `mappedBytes`, else `limit` at once; never past
    /// `limit`, never below `capacity`.
    @inline(__always)
    static func room<Element>(after capacity: Int, limit: Int, of _: Element.Type) -> Int {
        let doubled = Swift.min(Swift.max(capacity * 2, 16), limit)
        return doubled * MemoryLayout<Element>.stride >= mappedBytes ? Swift.max(limit, capacity) : Swift.max(doubled, capacity)
    }
}
