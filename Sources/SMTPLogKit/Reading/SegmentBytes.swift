#if canImport(Glibc)
import Glibc
#endif

/// One segment of a decompressed stream (`StreamSegments`), in a mapping of its own that is
/// given back to the system as its parser reads past it.
///
/// A segment is filled whole before a worker parses it, and the line reader copies it out a
/// buffer at a time, never to look behind again: every whole page behind what was read is
/// released (`MADV_DONTNEED`) at once, so a segment being parsed holds only what is left to
/// read. On N cores N + 1 segments are alive at once (N parsed, one filled and waiting for
/// room), and all of each stayed resident until it was done. When no mapping can
/// be made, the segment is allocated and kept whole, as before.
final class SegmentBytes: ByteSource, @unchecked Sendable {
    /// The most bytes the segment holds.
    let capacity: Int
    /// The bytes filled so far; read from the start by `read(into:)`.
    private(set) var count = 0
    /// Thrown once the bytes are read: the decoder's error after the last bytes it gave, so
    /// that it ends the segment's lines as it ended the stream.
    var failure: Error?
    private let base: UnsafeMutableRawPointer
    /// The mapping's length, in whole pages; 0 when the bytes were allocated instead.
    private let mapped: Int
    private let page: Int
    private var offset = 0
    /// Bytes from the start already given back, in whole pages.
    private var released = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        page = max(Int(sysconf(Int32(_SC_PAGESIZE))), 1)
        let length = (self.capacity + page - 1) / page * page
        if let pointer = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
           pointer != UnsafeMutableRawPointer(bitPattern: -1) {
            base = pointer
            mapped = length
        } else {
            base = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
            mapped = 0
        }
    }

    deinit {
        if mapped > 0 {
            munmap(base, mapped)
        } else {
            base.deallocate()
        }
    }

    /// The filled bytes.
    var bytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: count)
    }

    /// The room after the filled bytes, up to `end` (at most `capacity`).
    func room(upTo end: Int) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: base + count, count: max(0, min(end, capacity) - count))
    }

    /// Counts `filled` more bytes written into `room(upTo:)`.
    func didFill(_ filled: Int) {
        precondition(filled >= 0 && count + filled <= capacity, "a segment filled past its room")
        count += filled
    }

    /// Appends `bytes` (the line a segment before ended in), within the capacity.
    func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { source in
            let room = room(upTo: capacity)
            let n = min(source.count, room.count)
            if n > 0 { room.baseAddress!.copyMemory(from: source.baseAddress!, byteCount: n) }
            didFill(n)
        }
    }

    /// Keeps the first `length` bytes: the segment ends there (before reading starts).
    func cut(at length: Int) {
        precondition(offset == 0 && length >= 0 && length <= count, "a segment cut after its end or once read")
        count = length
    }

    var consumedBytes: Int { offset }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, count - offset)
        guard n > 0 else {
            if let failure { throw failure }
            return 0
        }
        buffer.baseAddress!.copyMemory(from: base + offset, byteCount: n)
        offset += n
        let behind = offset / page * page
        if mapped > 0, behind > released {
            _ = madvise(base + released, behind - released, MADV_DONTNEED)
            released = behind
        }
        return n
    }
}
