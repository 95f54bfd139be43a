import Synchronization

/// Bytes read so far across all inputs and cores, for a progress bar the executable draws. The
/// library only counts (once per buffer, not per line); it never draws.
public final class ReadProgress: Sendable {
    /// The bytes the run expects to take from disk (compressed sizes for gzip).
    public let total: Int
    private let done = Atomic<Int>(0)

    public init(total: Int) {
        self.total = total
    }

    public var completed: Int { done.load(ordering: .relaxed) }

    func add(_ bytes: Int) {
        if bytes != 0 { done.add(bytes, ordering: .relaxed) }
    }
}

/// Reports what its upstream takes from disk to a `ReadProgress`, one read at a time.
final class ProgressSource: ByteSource {
    private let upstream: ByteSource
    private let progress: ReadProgress
    private var reported = 0

    init(upstream: ByteSource, progress: ReadProgress) {
        self.upstream = upstream
        self.progress = progress
    }

    var consumedBytes: Int { upstream.consumedBytes }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try upstream.read(into: buffer)
        let consumed = upstream.consumedBytes
        progress.add(consumed - reported)
        reported = consumed
        return n
    }
}
