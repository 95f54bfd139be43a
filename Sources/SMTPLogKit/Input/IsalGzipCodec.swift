import CIsal

/// gzip through ISA-L's igzip inflate, member by member: it inflates at several times zlib's
/// speed, which is what a rotated `.gz` log is read at.
///
/// Each member's header is read by `GzipHeaderReader`, with zlib's checks; ISA-L inflates the
/// deflate data after it (`ISAL_GZIP_NO_HDR_VER`) and checks the trailer's CRC-32 and length
/// (ISIZE) against what it inflated: a member that fails either is corrupt, after every byte it
/// inflated was handed out, as `gzip -dc` writes them before it says "crc error".
///
/// After a member, `gzip -dc` (1.12, `get_method`) reads on only where the next two bytes are
/// the gzip magic. Zero bytes up to the end of the file (tape blocks, some rotation tools) are
/// ignored in silence. Anything else, zeros followed by more data included, ends the output
/// with "decompression OK, trailing garbage ignored", so a second member behind zero padding
/// is not read; a single stray byte is "unexpected end of file", an error. This codec decides
/// the same way, and the warning reaches the report as a warning on the input.
final class IsalGzipCodec: StreamCodec {
    /// ISA-L's state is large (its Huffman tables and a 64 KiB history): on the heap, once.
    private let state: UnsafeMutablePointer<inflate_state>
    /// Inside zero padding after a member.
    private var inPadding = false
    /// The current member's header, until it is read.
    private var header = GzipHeaderReader()

    var format: Compression { .gzip }

    init() {
        state = .allocate(capacity: 1)
        isal_inflate_init(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP_NO_HDR_VER)
    }

    deinit { state.deallocate() }

    func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, inputEnded: Bool) -> CodecStep {
        var input = input
        var headerBytes = 0
        if !header.isDone {
            let (consumed, outcome) = header.read(input)
            switch outcome {
            case .corrupt(let reason): return CodecStep(consumed: consumed, produced: 0, failure: reason)
            case .needMore: return CodecStep(consumed: consumed, produced: 0)
            case .done: break
            }
            headerBytes = consumed
            input = UnsafeRawBufferPointer(rebasing: input[consumed...])
        }
        // ISA-L counts in 32 bits (and 2.30 overflows a sum near 4 GiB): far below that.
        let given = min(input.count, 1 << 30), room = min(output.count, 1 << 30)
        state.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
        state.pointee.avail_in = UInt32(given)
        state.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
        state.pointee.avail_out = UInt32(room)
        let rc = isal_inflate(state)
        var step = CodecStep(consumed: headerBytes + given - Int(state.pointee.avail_in), produced: room - Int(state.pointee.avail_out),
                             streamEnded: rc == ISAL_DECOMP_OK && state.pointee.block_state == ISAL_BLOCK_FINISH)
        if rc < 0 { step.failure = Self.reason(rc) }
        return step
    }

    /// ISA-L's error codes in the words zlib and gzip use for the same damage.
    private static func reason(_ rc: Int32) -> String {
        switch rc {
        case ISAL_INVALID_BLOCK: "invalid deflate block"
        case ISAL_INVALID_SYMBOL: "invalid deflate code"
        case ISAL_INVALID_LOOKBACK: "invalid distance too far back"
        case ISAL_INCORRECT_CHECKSUM: "incorrect data check (the CRC-32 or the length in the member's trailer does not match)"
        default: "igzip error \(rc)"
        }
    }

    func reset() throws(CodecFailure) {
        inPadding = false
        header = GzipHeaderReader()
        isal_inflate_reset(state)
    }

    func afterStream(_ next: UnsafeRawBufferPointer, inputEnded: Bool, offset: Int) -> AfterStream {
        let garbage = AfterStream.trailingGarbage(
            warning: "decompression OK, trailing garbage ignored (from byte \(offset) of the file): "
                + "what follows the last gzip member was not read, as gzip -dc does")
        if next.isEmpty { return .end }
        if inPadding || next[0] == 0 {
            inPadding = true
            let zeros = next.prefix { $0 == 0 }.count
            return zeros > 0 ? .skip(zeros) : garbage
        }
        if next.count < 2 { return inputEnded ? .truncated : .needMore }
        return next[0] == 0x1F && next[1] == 0x8B ? .nextStream : garbage
    }
}
