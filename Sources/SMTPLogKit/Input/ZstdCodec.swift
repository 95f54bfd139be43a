import CZstd

/// zstd through libzstd's streaming decoder, which reads concatenated and skippable frames by
/// itself. As for `zstd -dc`, anything after the last frame that is not a frame is an error.
/// The window is capped at libzstd's default of 128 MiB (frames that need more are refused),
/// so a hostile header cannot make it allocate without bound.
final class ZstdCodec: StreamCodec {
    private let stream: OpaquePointer

    static let outputPerCall = 64 << 10

    var format: Compression { .zstd }

    init() throws {
        guard let created = ZSTD_createDStream() else { throw InputError("cannot start the zstd decoder") }
        stream = created
        let rc = ZSTD_initDStream(stream)
        guard ZSTD_isError(rc) == 0 else {
            ZSTD_freeDStream(stream)
            throw InputError("cannot start the zstd decoder (\(String(cString: ZSTD_getErrorName(rc))))")
        }
    }

    deinit { ZSTD_freeDStream(stream) }

    func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, inputEnded: Bool) -> CodecStep {
        var source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        // libzstd does not count what it wrote in a call that fails, so the good blocks decoded
        // before a corrupt one in the same call would be lost: calls are kept to 64 KiB of output.
        var target = ZSTD_outBuffer(dst: output.baseAddress, size: min(output.count, ZstdCodec.outputPerCall), pos: 0)
        let rc = ZSTD_decompressStream(stream, &target, &source)
        // 0: a frame is decoded and flushed whole.
        var step = CodecStep(consumed: source.pos, produced: target.pos, streamEnded: rc == 0)
        if ZSTD_isError(rc) != 0 { step.failure = String(cString: ZSTD_getErrorName(rc)).lowercasedFirst }
        return step
    }

    func reset() throws(CodecFailure) {}

    func afterStream(_ next: UnsafeRawBufferPointer, inputEnded: Bool, offset: Int) -> AfterStream {
        next.isEmpty ? .end : .nextStream
    }
}
