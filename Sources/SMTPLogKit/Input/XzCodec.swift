import CLzma

/// xz through liblzma, with `LZMA_CONCATENATED`: liblzma then reads concatenated streams and
/// the stream padding between and after them (zero bytes in multiples of four) exactly as
/// `xz -dc` does, and anything else after a stream is an error, as it is for `xz -dc`.
final class XzCodec: StreamCodec {
    private var stream = smtplog_lzma_stream_init()
    /// xz -9 needs 65 MiB to decode; a header may ask for up to 1.5 GiB of dictionary, which a
    /// hostile file must not get.
    static let memoryLimit: UInt64 = 256 << 20

    var format: Compression { .xz }

    init() throws {
        let rc = lzma_stream_decoder(&stream, XzCodec.memoryLimit, smtplog_lzma_concatenated())
        guard rc == LZMA_OK else { throw InputError("cannot start the xz decoder (\(XzCodec.describe(rc)))") }
    }

    deinit { lzma_end(&stream) }

    func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, inputEnded: Bool) -> CodecStep {
        stream.next_in = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
        stream.avail_in = input.count
        stream.next_out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
        stream.avail_out = output.count
        // LZMA_FINISH only once the file has ended: it tells a concatenated decoder that no
        // further stream follows, so that it can report the end (or the truncation).
        let rc = lzma_code(&stream, inputEnded ? LZMA_FINISH : LZMA_RUN)
        var step = CodecStep(consumed: input.count - stream.avail_in, produced: output.count - stream.avail_out,
                             streamEnded: rc == LZMA_STREAM_END)
        switch rc {
        case LZMA_OK, LZMA_STREAM_END, LZMA_BUF_ERROR: break
        default: step.failure = XzCodec.describe(rc)
        }
        return step
    }

    func reset() throws(CodecFailure) {}

    /// liblzma ends the whole concatenation at once, with the input used up.
    func afterStream(_ next: UnsafeRawBufferPointer, inputEnded: Bool, offset: Int) -> AfterStream {
        .end
    }

    /// xz's own wording for each failure.
    static func describe(_ rc: lzma_ret) -> String {
        switch rc {
        case LZMA_DATA_ERROR: "compressed data is corrupt"
        case LZMA_FORMAT_ERROR: "file format not recognized"
        case LZMA_OPTIONS_ERROR: "unsupported options"
        case LZMA_MEM_ERROR: "cannot allocate memory"
        case LZMA_MEMLIMIT_ERROR: "it needs more than \(memoryLimit >> 20) MiB of memory to decompress"
        case LZMA_UNSUPPORTED_CHECK: "unsupported integrity check"
        default: "liblzma error \(rc.rawValue)"
        }
    }
}
