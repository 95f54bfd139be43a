import CIsal

/// A gzip member's header (RFC 1952, 2.3) read as it arrives, in pieces of any size, with the
/// checks zlib makes: the magic, the method (deflate), no reserved flag bits, and the header
/// CRC when the member has one. The optional extra field, name and comment are skipped.
///
/// ISA-L reads headers too, but 2.30 loses the running header CRC when a header is split
/// across calls (a pipe, or a member that starts at the end of a read), and it ignores the
/// reserved flags: the header is read here and ISA-L inflates from the deflate data on.
struct GzipHeaderReader {
    private enum Field { case fixed, extraLength, extra, name, comment, headerCRC, done }

    enum Outcome: Equatable {
        /// The header was read; the deflate data starts after the bytes consumed.
        case done
        /// Every byte given was consumed and the header goes on.
        case needMore
        case corrupt(String)
    }

    private static let flagHeaderCRC: UInt8 = 0x02, flagExtra: UInt8 = 0x04, flagName: UInt8 = 0x08,
                       flagComment: UInt8 = 0x10, reservedFlags: UInt8 = 0xE0

    private var field = Field.fixed
    /// A fixed-size field being gathered (the 10-byte start, XLEN, CRC16), up to 10 bytes.
    private var gathered: [UInt8] = []
    private var flags: UInt8 = 0
    /// Bytes of the extra field still to skip.
    private var extraLeft = 0
    /// CRC-32 of the header bytes so far, for FHCRC.
    private var crc: UInt32 = 0

    var isDone: Bool { field == .done }

    /// Consumes header bytes from the start of `input`.
    /// - Returns: how many bytes were consumed, and what they made of the header.
    mutating func read(_ input: UnsafeRawBufferPointer) -> (consumed: Int, outcome: Outcome) {
        var at = 0
        while field != .done {
            let from = at, reading = field
            let outcome = step(input, &at)
            // FHCRC covers every header byte before the CRC itself.
            if reading != .headerCRC && at > from {
                crc = crc32_gzip_refl(crc, input.baseAddress!.assumingMemoryBound(to: UInt8.self) + from, UInt64(at - from))
            }
            if let outcome { return (at, outcome) }
        }
        return (at, .done)
    }

    /// Reads the current field from `input[at...]`, moving `at` past what it took.
    /// - Returns: nil when the field is done and the next one may start.
    private mutating func step(_ input: UnsafeRawBufferPointer, _ at: inout Int) -> Outcome? {
        /// Adds up to `size` bytes to `gathered`; true once it holds them all.
        func gather(_ size: Int) -> Bool {
            let take = min(size - gathered.count, input.count - at)
            gathered += input[at..<(at + take)]
            at += take
            return gathered.count == size
        }
        switch field {
        case .fixed:
            guard gather(10) else { return .needMore }
            if gathered[0] != 0x1F || gathered[1] != 0x8B { return .corrupt("incorrect header check") }
            if gathered[2] != 8 { return .corrupt("unknown compression method") }
            flags = gathered[3]
            if flags & Self.reservedFlags != 0 { return .corrupt("unknown header flags set") }
            gathered.removeAll(keepingCapacity: true)
            field = flags & Self.flagExtra != 0 ? .extraLength : .name
        case .extraLength:
            guard gather(2) else { return .needMore }
            extraLeft = Int(gathered[0]) | Int(gathered[1]) << 8
            gathered.removeAll(keepingCapacity: true)
            field = .extra
        case .extra:
            let take = min(extraLeft, input.count - at)
            at += take
            extraLeft -= take
            guard extraLeft == 0 else { return .needMore }
            field = .name
        case .name, .comment:
            if flags & (field == .name ? Self.flagName : Self.flagComment) != 0 {
                // Up to and including the terminating NUL.
                guard let nul = input[at...].firstIndex(of: 0) else {
                    at = input.count
                    return .needMore
                }
                at = nul + 1
            }
            field = field == .name ? .comment : .headerCRC
        case .headerCRC:
            if flags & Self.flagHeaderCRC != 0 {
                guard gather(2) else { return .needMore }
                let stored = UInt32(gathered[0]) | UInt32(gathered[1]) << 8
                guard stored == crc & 0xFFFF else { return .corrupt("header crc mismatch") }
            }
            field = .done
        case .done:
            break
        }
        return nil
    }
}
