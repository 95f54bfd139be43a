import CBzip2

/// bzip2 through libbz2, stream by stream.
///
/// After a stream, `bzip2 -dc` (1.0.8) starts another only where the next bytes are a stream
/// header ("BZh" and a block size); anything else is "trailing garbage after EOF ignored", a
/// warning with exit status 0. A header followed by damage is an error. This codec decides
/// the same way. libbz2 needs at most 3.7 MB per stream.
final class Bzip2Codec: StreamCodec {
    private var stream = bz_stream()
    private var open = false

    var format: Compression { .bzip2 }

    init() throws {
        try start()
    }

    deinit { if open { BZ2_bzDecompressEnd(&stream) } }

    private func start() throws(CodecFailure) {
        stream = bz_stream()
        let rc = BZ2_bzDecompressInit(&stream, 0, 0)
        guard rc == BZ_OK else { throw CodecFailure("cannot start the bzip2 decoder (libbz2 error \(rc))") }
        open = true
    }

    func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, inputEnded: Bool) -> CodecStep {
        let given = min(input.count, Int(UInt32.max)), room = min(output.count, Int(UInt32.max))
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: CChar.self))
        stream.avail_in = UInt32(given)
        stream.next_out = output.baseAddress!.assumingMemoryBound(to: CChar.self)
        stream.avail_out = UInt32(room)
        let rc = BZ2_bzDecompress(&stream)
        var step = CodecStep(consumed: given - Int(stream.avail_in), produced: room - Int(stream.avail_out),
                             streamEnded: rc == BZ_STREAM_END)
        switch rc {
        case BZ_OK, BZ_STREAM_END: break
        case BZ_DATA_ERROR_MAGIC: step.failure = "not a bzip2 stream"
        case BZ_DATA_ERROR: step.failure = "data integrity error"
        case BZ_MEM_ERROR: step.failure = "cannot allocate memory"
        default: step.failure = "libbz2 error \(rc)"
        }
        return step
    }

    func reset() throws(CodecFailure) {
        if open { BZ2_bzDecompressEnd(&stream) }
        open = false
        try start()
    }

    func afterStream(_ next: UnsafeRawBufferPointer, inputEnded: Bool, offset: Int) -> AfterStream {
        if next.isEmpty { return .end }
        let header: [UInt8] = [0x42, 0x5A, 0x68]   // "BZh"
        let garbage = AfterStream.trailingGarbage(
            warning: "trailing garbage after EOF ignored (from byte \(offset) of the file): "
                + "what follows the last bzip2 stream was not read, as bzip2 -dc does")
        for (index, byte) in next.prefix(3).enumerated() where byte != header[index] { return garbage }
        if next.count < 4 { return inputEnded ? .truncated : .needMore }
        return (0x31...0x39).contains(next[3]) ? .nextStream : garbage
    }
}
