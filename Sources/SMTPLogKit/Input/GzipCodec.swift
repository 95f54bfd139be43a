import CZlib

/// gzip through zlib, member by member.
///
/// After a member, `gzip -dc` (1.12, `get_method`) reads on only where the next two bytes are
/// the gzip magic. Zero bytes up to the end of the file (tape blocks, some rotation tools) are
/// ignored in silence. Anything else, zeros followed by more data included, ends the output
/// with "decompression OK, trailing garbage ignored", so a second member behind zero padding
/// is not read; a single stray byte is "unexpected end of file", an error. This codec decides
/// the same way, and the warning reaches the report as a warning on the input.
final class GzipCodec: StreamCodec {
    private var stream = z_stream()
    /// Inside zero padding after a member.
    private var inPadding = false

    var format: Compression { .gzip }

    init() throws {
        // Window bits 15 + 16: expect a gzip header and trailer.
        let rc = inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { throw InputError("cannot start the gzip decoder (zlib error \(rc))") }
    }

    deinit { inflateEnd(&stream) }

    func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, inputEnded: Bool) -> CodecStep {
        let given = min(input.count, Int(UInt32.max)), room = min(output.count, Int(UInt32.max))
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = UInt32(given)
        stream.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = UInt32(room)
        let rc = inflate(&stream, Z_NO_FLUSH)
        var step = CodecStep(consumed: given - Int(stream.avail_in), produced: room - Int(stream.avail_out),
                             streamEnded: rc == Z_STREAM_END)
        switch rc {
        case Z_OK, Z_BUF_ERROR, Z_STREAM_END: break
        default: step.failure = stream.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
        }
        return step
    }

    func reset() throws(CodecFailure) {
        inPadding = false
        guard inflateReset(&stream) == Z_OK else { throw CodecFailure("zlib cannot reset") }
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
