import CMemory
import SMTPLogKit
#if canImport(Glibc)
import Glibc
#endif

/// How this process asks glibc's malloc to treat large blocks.
///
/// The tables a run keeps (the rules' rows, the summary's lists, a chunk's accumulators) are
/// arrays of hundreds of kilobytes that grow, are pruned, merged and freed as chunks are
/// joined. glibc serves blocks that large from its heaps once its dynamic mmap threshold has
/// risen (it rises with every large block freed), and a heap keeps what is freed inside it: on
/// two cores the 1 GB benchmark log peaked about 12 MiB higher for memory no table used any
/// more. A fixed threshold of 128 KiB gives every such block its own mapping, returned to the
/// system the moment it is freed. The time of the run did not change measurably (see README,
/// Speed and memory). 32 KiB rather than 128: a chunk's tables pass through arrays of 32 to
/// 128 KiB as they grow, and those too were left in the heaps once freed; two cores on the
/// 1 GB log peaked 3.5 MiB lower (65 to 61.5 MiB) for a few thousand more mappings, about 0.1 s
/// of system time in 5 s of CPU. Below 32 KiB nothing more was won.
///
/// 64 KiB since: the tables have become smaller (at 32 KiB the same log now peaks at 58,700 to
/// 60,200 KiB), and every block mapped afresh is paid for in page faults as it is filled, a
/// few microseconds each on the benchmark's virtual machine. Two cores on the 1 GB log, twelve
/// alternating runs: 54,900 faults at 32 KiB, 47,900 at 64 KiB, 44,400 at 96 KiB; system time
/// 0.36, 0.31 and 0.30 s; peaks of at most 60,176, 60,744 and 61,540 KiB. Not 96 KiB or more:
/// too near the 64 MB the traffic issue allows (1 MiB: 16,000 faults and about a tenth faster,
/// but peaks up to 70,584 KiB, freed tables kept in the heaps). Other logs' peaks moved by under
/// a MiB: the many-clients log 55,720 to 55,564 KiB on one core and 109,512 to 108,288 on two,
/// the gzip file 51,824 to 52,328 KiB.
///
/// Set by the executable, not the library: it is the process's policy. A
/// `MALLOC_MMAP_THRESHOLD_` in the environment is the user's choice and is left alone.
///
/// The library grows its large arrays knowing this threshold (`MappedGrowth`), so it is the
/// library's constant.
enum AllocationPolicy {
    static let mmapThreshold = Int32(MappedGrowth.mappedBytes)

    static func apply() {
        guard getenv("MALLOC_MMAP_THRESHOLD_") == nil else { return }
        _ = mallopt(M_MMAP_THRESHOLD, mmapThreshold)
    }
}
