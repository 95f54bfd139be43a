/// Drops the first bytes of its upstream: an incremental run resumes inside a gzip file,
/// which cannot be entered in the middle and must be inflated from its start.
final class SkippingSource: ByteSource {
    private let upstream: ByteSource
    private var toSkip: Int

    init(upstream: ByteSource, skipping count: Int) {
        self.upstream = upstream
        toSkip = count
    }

    var consumedBytes: Int { upstream.consumedBytes }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while toSkip > 0 {
            let n = try upstream.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(buffer.count, toSkip)]))
            if n == 0 { return 0 }
            toSkip -= n
        }
        return try upstream.read(into: buffer)
    }
}
