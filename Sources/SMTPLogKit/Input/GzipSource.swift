import CZlib

/// Inflates a gzip stream from any upstream, pipes included, so that `mail.log.2.gz` and
/// compressed stdin read the same way. Concatenated members (as `cat a.gz b.gz` writes) are all
/// read. A stream that ends early or is corrupt hands out everything decoded before the damage
/// and then throws, so the good part of a broken rotation is still reported.
public final class GzipSource: ByteSource {
    private let upstream: ByteSource
    private var stream = z_stream()
    private let input: UnsafeMutableRawBufferPointer
    private var inputEnded = false
    private var finished = false
    /// True between members: the end of input here is a clean end, not a truncation.
    private var atMemberBoundary = false
    /// Zero padding after the last member (tape and some rotation tools write it) is ignored.
    private var ignoringPadding = false
    private var pendingError: InputError?
    /// Decompressed bytes handed out, so that an error can say how far the good data went.
    public private(set) var producedBytes = 0

    public init(upstream: ByteSource, inputBufferSize: Int = 256 << 10) throws {
        self.upstream = upstream
        input = .allocate(byteCount: inputBufferSize, alignment: 16)
        // Window bits 15 + 16: expect a gzip header and trailer.
        let rc = inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else {
            input.deallocate()
            throw InputError("cannot start the gzip decoder (zlib error \(rc))")
        }
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    public var consumedBytes: Int { upstream.consumedBytes }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if let error = pendingError {
            pendingError = nil
            throw error
        }
        if finished { return 0 }
        stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = UInt32(min(buffer.count, Int(UInt32.max)))
        var failure: InputError?
        decoding: while stream.avail_out > 0 {
            if stream.avail_in == 0 && !inputEnded {
                let n: Int
                do {
                    n = try upstream.read(into: input)
                } catch let error as InputError {
                    // The file under the stream failed (it shrank, or a read error): what was
                    // decoded into `buffer` in this call is handed out first, as for damage.
                    finished = true
                    failure = error
                    break decoding
                }
                if n == 0 {
                    inputEnded = true
                } else if !ignoringPadding {
                    stream.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                    stream.avail_in = UInt32(n)
                }
                continue
            }
            if stream.avail_in == 0 {
                finished = true
                if !atMemberBoundary && !ignoringPadding {
                    failure = InputError("gzip data ends early: the file is truncated",
                                         byteOffset: producedBytes + (buffer.count - Int(stream.avail_out)))
                }
                break decoding
            }
            if atMemberBoundary && stream.next_in.pointee == 0 {
                ignoringPadding = true
                stream.avail_in = 0
                continue
            }
            let rc = inflate(&stream, Z_NO_FLUSH)
            switch rc {
            case Z_OK, Z_BUF_ERROR:
                atMemberBoundary = false
            case Z_STREAM_END:
                atMemberBoundary = true
                inflateReset(&stream)
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
                finished = true
                failure = InputError("corrupt gzip data: \(reason)",
                                     byteOffset: producedBytes + (buffer.count - Int(stream.avail_out)))
                break decoding
            }
        }
        let produced = buffer.count - Int(stream.avail_out)
        producedBytes += produced
        if let failure {
            if produced == 0 { throw failure }
            pendingError = failure
        }
        return produced
    }
}
