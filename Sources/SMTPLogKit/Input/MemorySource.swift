/// Bytes already in memory as a source, so that a log held in memory (a fuzzer's input, a
/// test's generated log) takes the same reader as a file: no temporary file, no second path.
public final class MemorySource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0
    /// At most this many bytes per read, so that tests can make short reads like a pipe's.
    private let chunk: Int

    public init(_ bytes: [UInt8], chunk: Int = .max) {
        precondition(chunk > 0)
        self.bytes = bytes
        self.chunk = chunk
    }

    public var consumedBytes: Int { offset }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - offset, chunk)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: n)
        }
        offset += n
        return n
    }
}
