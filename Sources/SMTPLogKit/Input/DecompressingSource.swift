#if canImport(Glibc)
import Glibc
#endif

/// What follows the end of one compressed stream (a gzip member, a bzip2 stream, a zstd frame).
enum AfterStream {
    /// Another stream starts here: reset and decode it (`cat a.gz b.gz`).
    case nextStream
    /// Not enough bytes to tell; only returned while more input may come.
    case needMore
    /// Nothing more, or only padding the format's tool ignores in silence.
    case end
    /// Drop this many bytes (padding) and look again.
    case skip(Int)
    /// Bytes that are not a stream, which the format's tool ignores with a warning: the input
    /// ends here, with that warning.
    case trailingGarbage(warning: String)
    /// The start of a stream cut short, which the tool reports as an error.
    case truncated
}

/// One format's streaming decoder, driven by `DecompressingSource`.
protocol StreamCodec: AnyObject {
    var format: Compression { get }
    /// Decodes from `input` into `output`.
    /// - Parameter inputEnded: `input` is all that is left of the file.
    func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, inputEnded: Bool) -> CodecStep
    /// Makes ready for the next stream after one ended.
    func reset() throws(CodecFailure)
    /// What the bytes after an ended stream are, the same way the format's own tool decides.
    func afterStream(_ next: UnsafeRawBufferPointer, inputEnded: Bool, offset: Int) -> AfterStream
}

/// What one call to a decoder did. A call that fails may still have made output before it
/// found the damage (a wrong checksum is found after the whole member was inflated): that
/// output is handed out before the error.
struct CodecStep {
    var consumed: Int
    var produced: Int
    /// A stream ended, its checksum verified.
    var streamEnded = false
    /// Why the data is corrupt, in the library's words.
    var failure: String?
}

struct CodecFailure: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

/// Decompresses a stream from any upstream, pipes included, so that `mail.log.2.gz`,
/// `mail.log.2.xz`, `.bz2`, `.zst` and compressed stdin read the same way. Concatenated streams
/// (as `cat a.gz b.gz` writes them) are all read. A stream that ends early or is corrupt hands
/// out everything decoded before the damage and then throws, with the offset in the decoded
/// content, so the good part of a broken rotation is still reported. What follows the last
/// stream is judged as the format's own tool judges it (`gzip -dc`, `bzip2 -dc`, `xz -dc`,
/// `zstd -dc`): padding ignored, garbage a warning where the tool warns and an error where it
/// fails.
///
/// Memory is bounded: one input buffer, and the decoder's own state, which each codec caps.
public final class DecompressingSource: ByteSource {
    private let upstream: ByteSource
    private let codec: StreamCodec
    private let input: UnsafeMutableRawBufferPointer
    /// Undecoded bytes are `input[start..<end]`.
    private var start = 0
    private var end = 0
    private var inputEnded = false
    private var atStreamEnd = false
    private var finished = false
    private var pendingError: InputError?
    /// Decompressed bytes handed out, so that an error can say how far the good data went.
    public private(set) var producedBytes = 0
    /// What the format's tool would have warned about (trailing garbage), for the report.
    public private(set) var warnings: [String] = []

    public var format: Compression { codec.format }

    init(upstream: ByteSource, codec: StreamCodec, inputBufferSize: Int = 256 << 10) {
        self.upstream = upstream
        self.codec = codec
        input = .allocate(byteCount: inputBufferSize, alignment: 16)
    }

    deinit { input.deallocate() }

    public var consumedBytes: Int { upstream.consumedBytes }

    /// Where in the compressed file the next undecoded byte is.
    private var compressedOffset: Int { upstream.consumedBytes - (end - start) }

    /// Moves what is left to the front and reads more after it.
    private func refill() throws {
        if start > 0 {
            if start < end { memmove(input.baseAddress!, input.baseAddress! + start, end - start) }
            end -= start
            start = 0
        }
        guard end < input.count else { return }
        let n = try upstream.read(into: UnsafeMutableRawBufferPointer(rebasing: input[end...]))
        if n == 0 { inputEnded = true } else { end += n }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if let error = pendingError {
            pendingError = nil
            throw error
        }
        if finished || buffer.isEmpty { return 0 }
        var produced = 0
        var failure: InputError?
        let name = codec.format.rawValue
        func truncated() -> InputError {
            InputError("\(name) data ends early: the file is truncated", byteOffset: producedBytes + produced)
        }
        decoding: while produced < buffer.count {
            if start == end && !inputEnded {
                do {
                    try refill()
                } catch let error as InputError {
                    // The file under the stream failed (it shrank, or a read error): what was
                    // decoded in this call is handed out first, as for damage.
                    failure = error
                    break decoding
                }
                continue
            }
            let available = UnsafeRawBufferPointer(start: input.baseAddress! + start, count: end - start)
            if atStreamEnd {
                switch codec.afterStream(available, inputEnded: inputEnded, offset: compressedOffset) {
                case .needMore:
                    guard !inputEnded else {
                        failure = truncated()
                        break decoding
                    }
                    let before = end - start
                    do { try refill() } catch let error as InputError { failure = error; break decoding }
                    // A full buffer that still cannot tell is garbage by any measure.
                    if end - start == before && !inputEnded {
                        failure = InputError("\(name) data has an unreadable stream header", byteOffset: producedBytes + produced)
                        break decoding
                    }
                case .skip(let count):
                    start += count
                case .nextStream:
                    do {
                        try codec.reset()
                    } catch {
                        failure = InputError("cannot restart the \(name) decoder: \(error.reason)")
                        break decoding
                    }
                    atStreamEnd = false
                case .end:
                    break decoding
                case .trailingGarbage(let warning):
                    warnings.append(warning)
                    break decoding
                case .truncated:
                    failure = truncated()
                    break decoding
                }
                continue
            }
            let output = UnsafeMutableRawBufferPointer(rebasing: buffer[produced...])
            let step = codec.decode(available, into: output, inputEnded: inputEnded)
            start += step.consumed
            produced += step.produced
            if let reason = step.failure {
                failure = InputError("corrupt \(name) data: \(reason)", byteOffset: producedBytes + produced)
                break decoding
            }
            if step.streamEnded {
                atStreamEnd = true
            } else if step.consumed == 0 && step.produced == 0 {
                if inputEnded {
                    // Everything was given and the stream did not end.
                    failure = truncated()
                    break decoding
                }
                // The decoder wants more contiguous input than is left (a header cut by a read).
                let before = end - start
                do { try refill() } catch let error as InputError { failure = error; break decoding }
                if end - start == before && !inputEnded {
                    failure = InputError("corrupt \(name) data: the decoder makes no progress", byteOffset: producedBytes + produced)
                    break decoding
                }
            }
        }
        if produced < buffer.count { finished = true }
        producedBytes += produced
        if let failure {
            finished = true
            if produced == 0 { throw failure }
            pendingError = failure
        }
        return produced
    }
}
