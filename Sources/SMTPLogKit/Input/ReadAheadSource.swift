#if canImport(Glibc)
import Glibc
#endif

/// Runs a decoder on a thread of its own, so that a compressed input is decompressed on one
/// core while its lines are parsed on another: gzip inflates at about the speed lines are
/// parsed, and one after the other on one core they take the sum of both times.
///
/// The decoding thread fills a small ring of buffers (`slotCount` of `slotSize` bytes: memory
/// bounded in bytes, whatever the input) and waits when all are full; the reader takes them in
/// order. Everything the decoder says reaches the reader as it would have without the thread:
/// the bytes, then its error (the same value, with the same offset) on the read after them,
/// and its warnings (trailing garbage) as of the last buffer handed out. `consumedBytes` is the
/// compressed bytes read for the buffers handed out, for progress.
///
/// Closing (or dropping) the source stops the thread after the read it is in and waits for
/// it, so no thread outlives its input and the file is closed when the reader is done.
final class ReadAheadSource: ByteSource, DecompressionStatus {
    static let defaultSlotSize = 1 << 20
    static let defaultSlotCount = 3

    private let ring: ReadAheadRing
    private var thread: pthread_t
    private var joined = false
    let format: Compression

    // The reader's side, touched only by the thread that reads.
    /// The slot being handed out, and how far.
    private var current: (slot: Int, count: Int)?
    private var offset = 0
    private var ended = false
    private var pendingError: Error?
    private(set) var consumedBytes = 0
    private(set) var warnings: [String] = []

    /// Starts the decoding thread, or returns nil when no thread can be made (the caller then
    /// reads `decoder` as it is).
    /// - Parameter source: what the reader would read: `decoder`, or a source over it.
    init?(source: ByteSource, decoder: DecompressingSource, slotSize: Int = ReadAheadSource.defaultSlotSize,
          slotCount: Int = ReadAheadSource.defaultSlotCount) {
        precondition(slotSize > 0 && slotCount > 0 && slotSize <= 1 << 30 && slotCount <= 64)
        ring = ReadAheadRing(upstream: source, decoder: decoder, slotSize: slotSize, slotCount: slotCount)
        format = decoder.format
        let context = Unmanaged.passRetained(ring).toOpaque()
        var started = pthread_t()
        let rc = pthread_create(&started, nil, { context in
            let ring = Unmanaged<ReadAheadRing>.fromOpaque(context!).takeRetainedValue()
            ring.produce()
            return nil
        }, context)
        guard rc == 0 else {
            Unmanaged<ReadAheadRing>.fromOpaque(context).release()
            return nil
        }
        thread = started
    }

    deinit { close() }

    /// Stops the decoding thread and waits for it. Reads after this return what was already
    /// taken, nothing more.
    func close() {
        guard !joined else { return }
        joined = true
        ring.close()
        pthread_join(thread, nil)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if let error = pendingError {
            pendingError = nil
            ended = true
            throw error
        }
        var produced = 0
        while produced < buffer.count && !ended && !joined {
            if current == nil {
                // Hand out what there is rather than wait for more.
                guard let taken = ring.take(waiting: produced == 0) else { break }
                consumedBytes = taken.consumedBytes
                if let newer = taken.warnings { warnings = newer }
                if let error = taken.error {
                    ring.release()
                    guard produced > 0 else {
                        ended = true
                        throw error
                    }
                    pendingError = error
                    break
                }
                if taken.count == 0 {
                    ring.release()
                    ended = true
                    break
                }
                current = (taken.slot, taken.count)
                offset = 0
            }
            let (slot, count) = current!
            let n = min(buffer.count - produced, count - offset)
            (buffer.baseAddress! + produced).copyMemory(from: ring.buffers[slot].baseAddress! + offset, byteCount: n)
            produced += n
            offset += n
            if offset == count {
                current = nil
                ring.release()
            }
        }
        return produced
    }
}

/// What a reader needs to know of the decoder under it: the format and the warnings so far.
protocol DecompressionStatus: AnyObject {
    var format: Compression { get }
    var warnings: [String] { get }
}

extension DecompressingSource: DecompressionStatus {}

/// The buffers between the decoding thread and the reader, and the state they share.
///
/// Unchecked Sendable, and safe: the upstream and the decoder are touched only by the decoding
/// thread (they were handed over when it started); the slots' metadata and the counters only
/// under `mutex`; a slot's bytes only by the decoding thread while it is free and by the reader
/// while it is filled, and the mutex orders the hand-over.
final class ReadAheadRing: @unchecked Sendable {
    struct Filled {
        var slot: Int
        var count: Int
        var error: Error?
        var consumedBytes: Int
        /// The decoder's warnings when they changed with this slot.
        var warnings: [String]?
    }

    private let upstream: ByteSource
    private let decoder: DecompressingSource
    let buffers: [UnsafeMutableRawBufferPointer]
    private var filled: [Filled?]
    /// The next slot the decoding thread fills, and the next the reader takes.
    private var head = 0, tail = 0, count = 0
    private var closed = false
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init(upstream: ByteSource, decoder: DecompressingSource, slotSize: Int, slotCount: Int) {
        self.upstream = upstream
        self.decoder = decoder
        buffers = (0..<slotCount).map { _ in .allocate(byteCount: slotSize, alignment: 64) }
        filled = Array(repeating: nil, count: slotCount)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        for buffer in buffers { buffer.deallocate() }
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        changed.deallocate()
    }

    /// The decoding thread: fills free slots until the decoder ends or fails, or the reader closes.
    func produce() {
        var warningCount = 0
        while true {
            pthread_mutex_lock(mutex)
            while count == buffers.count && !closed { pthread_cond_wait(changed, mutex) }
            let slot = head, stop = closed
            pthread_mutex_unlock(mutex)
            if stop { return }
            var entry = Filled(slot: slot, count: 0, consumedBytes: 0)
            do {
                entry.count = try upstream.read(into: buffers[slot])
            } catch {
                entry.error = error
            }
            entry.consumedBytes = upstream.consumedBytes
            if decoder.warnings.count != warningCount {
                warningCount = decoder.warnings.count
                entry.warnings = decoder.warnings
            }
            let last = entry.count == 0 || entry.error != nil
            pthread_mutex_lock(mutex)
            filled[slot] = entry
            head = (head + 1) % buffers.count
            count += 1
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(mutex)
            if last { return }
        }
    }

    /// The next filled slot, or nil when none is ready and `waiting` is false. The reader keeps
    /// it until `release`.
    func take(waiting: Bool) -> Filled? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while count == 0 {
            guard waiting else { return nil }
            pthread_cond_wait(changed, mutex)
        }
        return filled[tail]
    }

    /// Gives the slot `take` returned back to the decoding thread.
    func release() {
        pthread_mutex_lock(mutex)
        filled[tail] = nil
        tail = (tail + 1) % buffers.count
        count -= 1
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }

    func close() {
        pthread_mutex_lock(mutex)
        closed = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }
}
