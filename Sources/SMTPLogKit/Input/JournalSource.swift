#if os(Linux)
import CSystemd
import Glibc

/// The systemd journal's entries as log lines, read through libsystemd's sd-journal API, so
/// that they take the same line loop, parser, rules and renderers as a file.
///
/// Each entry becomes one line as `journalctl -o short-iso-precise` writes it:
/// `2026-11-22T06:25:01.123456+01:00 mx1 postfix/smtpd[123]: MESSAGE`, stamped from the
/// entry's own realtime timestamp in the machine's local time, with its zone offset. The
/// parser takes the wall-clock part as written, so days and hours are the server's local ones,
/// as in mail.log, and no year is guessed: the journal's stamps carry it.
///
/// - A newline inside a message is written `#012`, as rsyslog writes it in mail.log, and one
///   in the host name, identifier or pid is a space: one entry stays one line. Other bytes pass
///   as they are (binary fields, invalid UTF-8, NULs); the renderers escape them as they
///   escape a file's. A field missing is left out as journalctl leaves it out (no host, no
///   pid); with no identifier the process name stands in.
/// - A message longer than the line limit is cut just past it, so that the reader counts the
///   line as oversized and skips it as it skips a file's: memory stays bounded by the limit
///   (libsystemd decompresses no more than that either: its data threshold is set to it).
/// - A window (`--day`, `--since`, `--until`) seeks by the journal's realtime timestamps and
///   stops at the first entry past its end, as `journalctl --since/--until` does; entries
///   outside it are passed over, not rendered. The comparison is on the rendered local
///   wall-clock time, exactly the parser's.
/// - `after`: the cursor of the last entry a previous run counted (`--state`): reading
///   continues with the entry after it. `endCursor` is where this run stopped.
public final class JournalSource: ByteSource {
    private var journal: OpaquePointer?
    private let window: TimeWindow?
    /// Message bytes kept at most: one past the line limit, enough to make the line oversized.
    private let messageLimit: Int
    public private(set) var consumedBytes = 0
    /// Entries rendered as lines.
    public private(set) var entries = 0
    /// What the report's reader should hear: a cursor that was not found, no mail entries.
    public private(set) var notes: [String] = []
    /// The cursor of the last entry this run passed (rendered, or dropped before the window),
    /// once reading ended; nil when it passed none, so that the last position stands.
    public private(set) var endCursor: String?

    /// One entry's line: its prefix is written right-aligned before `reserve`, its message from
    /// `reserve` on, so the message is copied once. Reused for every entry.
    private let line: UnsafeMutablePointer<UInt8>
    private static let reserve = 1_024
    private var lineStart = 0
    private var lineEnd = 0
    /// Small fields of the entry being rendered, each cut at `fieldLimit` bytes.
    private static let fieldLimit = 255
    private var host = FieldBuffer(), identifier = FieldBuffer(), command = FieldBuffer()
    private var pid = FieldBuffer(), processID = FieldBuffer()
    private var hasMessage = false

    /// The current entry was read by the constructor (looking for the previous run's cursor)
    /// and not handed out yet.
    private var currentPending = false
    private var passedAny = false
    private var finished = false
    private var pendingError: InputError?
    /// The stamp of the entry being read, and its local wall-clock time.
    private var stamp = StampCache()

    public init(_ selection: JournalSelection, window: TimeWindow?, after cursor: String?,
                maxLineLength: Int = LineReader.defaultMaxLineLength) throws(InputError) {
        self.window = window
        messageLimit = maxLineLength + 1
        journal = try JournalSource.open(selection.location)
        // Allocated once the journal is open: from here on a failure runs deinit, which frees it.
        line = .allocate(capacity: JournalSource.reserve + messageLimit + 8)
        // Fields are decompressed up to this size at most: a longer message is oversized anyway.
        _ = sd_journal_set_data_threshold(journal, messageLimit + 32)
        if try !addMatches(selection) {
            finished = true
            return
        }
        try position(after: cursor)
    }

    deinit {
        sd_journal_close(journal)
        line.deallocate()
    }

    // MARK: Opening and selecting

    private static func open(_ location: JournalSelection.Location) throws(InputError) -> OpaquePointer? {
        var handle: OpaquePointer?
        let status: Int32
        switch location {
        case .system:
            status = sd_journal_open(&handle, Int32(SD_JOURNAL_LOCAL_ONLY | SD_JOURNAL_SYSTEM))
        case .directory(let path):
            status = sd_journal_open_directory(&handle, path, 0)
        case .files(let paths):
            var pointers: [UnsafePointer<CChar>?] = paths.map { UnsafePointer(strdup($0)) }
            defer { for pointer in pointers { free(UnsafeMutablePointer(mutating: pointer)) } }
            pointers.append(nil)
            status = sd_journal_open_files(&handle, &pointers, 0)
        }
        guard status >= 0, let handle else {
            throw InputError("cannot open the journal: " + String(cString: strerror(-status)).lowercasedFirst)
        }
        // The bytes of the files it opened: none means it found none it could read.
        var usage: UInt64 = 0
        if sd_journal_get_usage(handle, &usage) < 0 || usage == 0 {
            sd_journal_close(handle)
            switch location {
            case .system:
                throw InputError("no journal files could be read (they are readable by root and the systemd-journal and adm groups)")
            case .directory:
                throw InputError("no journal files in this directory")
            case .files:
                throw InputError("no journal files could be read")
            }
        }
        return handle
    }

    /// Adds the matches that select the mail entries. Returns false when nothing matches: with
    /// no match at all sd-journal would hand out every entry.
    private func addMatches(_ selection: JournalSelection) throws(InputError) -> Bool {
        var fields: [[UInt8]] = []
        if selection.units.isEmpty {
            fields = uniqueValues(of: "SYSLOG_IDENTIFIER").filter(JournalSource.isMailProgram)
                .map { Array("SYSLOG_IDENTIFIER=".utf8) + $0 }
            if fields.isEmpty {
                notes.append("the journal holds no entries of Postfix or Exim (no syslog identifier postfix… or exim…); "
                             + "name the mail service with --unit" + JournalSource.permissionHint)
                return false
            }
        } else {
            // A unit the journal never saw selects nothing: each such name is said, as a
            // mistyped name should be.
            let known = Set(uniqueValues(of: "_SYSTEMD_UNIT").map { String(decoding: $0, as: UTF8.self) })
            var units: [String] = []
            for unit in selection.units.map(JournalSelection.unitName) {
                let matched = JournalSelection.isGlob(unit) ? known.filter { fnmatch(unit, $0, 0) == 0 }.sorted()
                    : known.contains(unit) ? [unit] : []
                if matched.isEmpty {
                    notes.append("no unit in the journal matches \(DisplayText.escaped(unit))" + JournalSource.permissionHint)
                }
                units += matched.filter { !units.contains($0) }
            }
            fields = units.map { Array("_SYSTEMD_UNIT=\($0)".utf8) }
            if fields.isEmpty { return false }
        }
        // Matches on one field are alternatives (OR), as journalctl combines them.
        for field in fields {
            let status = field.withUnsafeBytes { sd_journal_add_match(journal, $0.baseAddress, $0.count) }
            if status < 0 { throw InputError("cannot select entries in the journal: " + String(cString: strerror(-status)).lowercasedFirst) }
        }
        return true
    }

    private static var permissionHint: String {
        geteuid() == 0 ? "" : " (not running as root: only entries readable by this user were seen)"
    }

    /// The distinct values of `field` in the journal, without the `FIELD=` prefix.
    private func uniqueValues(of field: String) -> [[UInt8]] {
        guard sd_journal_query_unique(journal, field) >= 0 else { return [] }
        var values: [[UInt8]] = []
        var data: UnsafeRawPointer?
        var length = 0
        let skip = field.utf8.count + 1
        while sd_journal_enumerate_available_unique(journal, &data, &length) > 0 {
            guard let data, length > skip else { continue }
            values.append(Array(UnsafeRawBufferPointer(start: data + skip, count: length - skip)))
        }
        return values
    }

    /// Whether a syslog identifier names Postfix or Exim as the line parser reads program names.
    static func isMailProgram(_ identifier: [UInt8]) -> Bool {
        identifier.withUnsafeBufferPointer { buffer in
            LinePrefix.classify(buffer, 0..<buffer.count) != .other
        }
    }

    // MARK: Positioning

    private func position(after cursor: String?) throws(InputError) {
        let start = window?.start.map { JournalSource.earliestRealtime(at: $0) }
        if let cursor {
            let status = sd_journal_seek_cursor(journal, cursor)
            if status < 0 { throw InputError("cannot seek to the state's journal cursor: " + String(cString: strerror(-status)).lowercasedFirst) }
            let next = sd_journal_next(journal)
            if next < 0 { throw InputError("cannot read the journal: " + String(cString: strerror(-next)).lowercasedFirst) }
            if next == 0 { return }
            if sd_journal_test_cursor(journal, cursor) > 0 {
                // The entry the last run counted: the position stays on it and the first
                // read moves past it. It is passed again, so that the cursor stays if nothing
                // new came.
                passedAny = true
            } else {
                notes.append("the entry where the last run stopped is not in the journal any more (rotated away, or "
                             + "another journal); reading on from the first entry after its place")
                currentPending = true
            }
            // Far behind the window: go straight to it, as if the entries between had been read.
            if let start {
                var usec: UInt64 = 0
                if sd_journal_get_realtime_usec(journal, &usec) >= 0, usec < start {
                    _ = sd_journal_seek_realtime_usec(journal, start)
                    currentPending = false
                }
            }
        } else if let start {
            _ = sd_journal_seek_realtime_usec(journal, start)
        }
    }

    /// The realtime (µs) from which entries may lie at or after `time` on the local clock:
    /// a zone change or a DST shift moves local time by at most a few hours, so the seek starts
    /// that much earlier and the exact cut is made on the rendered wall-clock time.
    static func earliestRealtime(at time: LogTime) -> UInt64 {
        var parts = tm()
        parts.tm_year = Int32(time.year - 1900)
        parts.tm_mon = Int32(time.month - 1)
        parts.tm_mday = Int32(time.day)
        parts.tm_hour = Int32(time.hour)
        parts.tm_min = Int32(time.minute)
        parts.tm_sec = Int32(time.second)
        parts.tm_isdst = -1
        let epoch = Int(mktime(&parts))
        let margin = 3 * 3_600
        return epoch == -1 || epoch <= margin ? 0 : UInt64(epoch - margin) * 1_000_000
    }

    // MARK: Reading

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let out = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
        var written = 0
        while written < buffer.count {
            if lineStart < lineEnd {
                let n = min(lineEnd - lineStart, buffer.count - written)
                (out + written).update(from: line + lineStart, count: n)
                lineStart += n
                written += n
                continue
            }
            if let error = pendingError {
                // Lines already in this buffer go out first; the error comes with the next read.
                if written > 0 { break }
                pendingError = nil
                finish(stoppedEarly: false)
                throw error
            }
            if finished { break }
            let status = currentPending ? 1 : sd_journal_next(journal)
            currentPending = false
            if status < 0 {
                pendingError = InputError("cannot read the journal: " + String(cString: strerror(-status)).lowercasedFirst
                                          + "; the entries before were counted")
                continue
            }
            if status == 0 {
                finish(stoppedEarly: false)
                break
            }
            var usec: UInt64 = 0
            let time = sd_journal_get_realtime_usec(journal, &usec) >= 0 ? stamp.update(usec) : nil
            if let window, let time {
                if let end = window.end, time.packed >= end.packed {
                    finish(stoppedEarly: true)
                    break
                }
                if let start = window.start, time.packed < start.packed {
                    passedAny = true
                    continue
                }
            }
            render(stamped: time != nil)
            passedAny = true
            entries += 1
        }
        consumedBytes += written
        return written
    }

    /// Notes where reading stopped: the last entry passed. After the first entry past the
    /// window's end, that is the entry before it; at the journal's end (sd_journal_next
    /// returned 0, which leaves the position where it was) or an error, the current one.
    private func finish(stoppedEarly: Bool) {
        guard !finished else { return }
        finished = true
        guard passedAny else { return }
        if stoppedEarly, sd_journal_previous(journal) <= 0 { return }
        var text: UnsafeMutablePointer<CChar>?
        guard sd_journal_get_cursor(journal, &text) >= 0, let text else { return }
        defer { free(text) }
        let cursor = String(cString: text)
        if JournalPosition.isWellFormed(cursor) { endCursor = cursor }
    }

    // MARK: Rendering

    /// Renders the current entry into `line`: `STAMP HOST IDENTIFIER[PID]: MESSAGE\n`.
    private func render(stamped: Bool) {
        host.count = 0; identifier.count = 0; command.count = 0; pid.count = 0; processID.count = 0
        hasMessage = false
        let message = line + JournalSource.reserve
        var messageLength = 0
        sd_journal_restart_data(journal)
        var data: UnsafeRawPointer?
        var length = 0
        while sd_journal_enumerate_available_data(journal, &data, &length) > 0 {
            guard let data else { continue }
            let field = data.assumingMemoryBound(to: UInt8.self)
            if let value = JournalSource.value(field, length, "MESSAGE=") {
                guard !hasMessage else { continue }
                hasMessage = true
                messageLength = JournalSource.copyEscaped(value, to: message, limit: messageLimit)
            } else if let value = JournalSource.value(field, length, "SYSLOG_IDENTIFIER=") {
                identifier.set(value)
            } else if let value = JournalSource.value(field, length, "SYSLOG_PID=") {
                pid.set(value)
            } else if let value = JournalSource.value(field, length, "_HOSTNAME=") {
                host.set(value)
            } else if let value = JournalSource.value(field, length, "_PID=") {
                processID.set(value)
            } else if let value = JournalSource.value(field, length, "_COMM=") {
                command.set(value)
            }
        }
        message[messageLength] = 0x0A
        lineEnd = JournalSource.reserve + messageLength + 1

        // The prefix, written backwards from the message.
        var at = JournalSource.reserve
        func put(_ byte: UInt8) { at -= 1; line[at] = byte }
        func put(_ field: FieldBuffer) {
            at -= field.count
            withUnsafeBytes(of: field.bytes) { (line + at).update(from: $0.baseAddress!.assumingMemoryBound(to: UInt8.self), count: field.count) }
        }
        put(0x20); put(0x3A)                                  // ": "
        let shownPID = pid.count > 0 ? pid : processID
        if shownPID.count > 0 { put(0x5D); put(shownPID); put(0x5B) }
        let name = identifier.count > 0 ? identifier : command.count > 0 ? command : FieldBuffer("unknown")
        put(name)
        if host.count > 0 { put(0x20); put(host) }
        if stamped {
            put(0x20)
            at -= StampCache.length
            stamp.write(to: line + at)
        }
        lineStart = at
    }

    /// The bytes after `prefix` when the field `data` starts with it.
    @inline(__always)
    private static func value(_ data: UnsafePointer<UInt8>, _ length: Int, _ prefix: StaticString) -> UnsafeBufferPointer<UInt8>? {
        let count = prefix.utf8CodeUnitCount
        guard length >= count, memcmp(data, prefix.utf8Start, count) == 0 else { return nil }
        return UnsafeBufferPointer(start: data + count, count: length - count)
    }

    /// Copies `value` to `target` with each newline written `#012` (rsyslog's escape), and
    /// stops once more than `limit` bytes are written. Returns the bytes written.
    static func copyEscaped(_ value: UnsafeBufferPointer<UInt8>, to target: UnsafeMutablePointer<UInt8>, limit: Int) -> Int {
        guard let base = value.baseAddress else { return 0 }
        var from = 0
        var written = 0
        while from < value.count, written <= limit {
            let rest = value.count - from
            let newline = memchr(base + from, 0x0A, rest).map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) - base }
            let segment = min((newline ?? value.count) - from, limit + 1 - written)
            (target + written).update(from: base + from, count: segment)
            written += segment
            from += segment
            if let newline, from == newline, written <= limit {
                target[written] = 0x23; target[written + 1] = 0x30; target[written + 2] = 0x31; target[written + 3] = 0x32
                written += 4
                from += 1
            }
        }
        return written
    }

}

/// A short field of an entry (host, identifier, pid), held inline and cut at 255 bytes.
private struct FieldBuffer {
    var bytes: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
        = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var count = 0

    init() {}

    init(_ text: StaticString) {
        set(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Keeps `value`'s first 255 bytes, with newlines as spaces: a field is one token of the line.
    mutating func set(_ value: UnsafeBufferPointer<UInt8>) {
        let n = min(value.count, 255)
        withUnsafeMutableBytes(of: &bytes) { raw in
            let target = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            for index in 0..<n {
                let byte = value[index]
                target[index] = byte == 0x0A ? 0x20 : byte
            }
        }
        count = n
    }
}

/// The rendered stamp of the last second seen (most entries share it with the one before) and
/// its local wall-clock time, for the window.
private struct StampCache {
    /// `2026-11-22T06:25:01.123456+01:00`
    static let length = 32
    private var second = Int.min
    private var text = [UInt8](repeating: 0, count: StampCache.length)
    private var time: LogTime?
    private var micros = 0

    /// The local wall-clock time of `usec`, or nil when it lies outside the years 1970 to 9999
    /// (a clock gone wrong): such an entry is rendered without a stamp.
    mutating func update(_ usec: UInt64) -> LogTime? {
        guard usec < 253_402_300_800_000_000 else { return nil }   // 10000-01-01
        let seconds = Int(usec / 1_000_000)
        micros = Int(usec % 1_000_000)
        if seconds != second {
            second = seconds
            var value = time_t(seconds)
            var parts = tm()
            guard localtime_r(&value, &parts) != nil else { time = nil; return nil }
            let year = Int(parts.tm_year) + 1900
            guard (1970...9999).contains(year) else { time = nil; return nil }
            let moment = LogTime(year: year, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday),
                                 hour: Int(parts.tm_hour), minute: Int(parts.tm_min), second: Int(parts.tm_sec))
            time = moment
            func digits(_ value: Int, _ at: Int, _ count: Int) {
                var value = value
                for index in stride(from: at + count - 1, through: at, by: -1) {
                    text[index] = 0x30 + UInt8(value % 10)
                    value /= 10
                }
            }
            digits(year, 0, 4); text[4] = 0x2D
            digits(moment.month, 5, 2); text[7] = 0x2D
            digits(moment.day, 8, 2); text[10] = 0x54
            digits(moment.hour, 11, 2); text[13] = 0x3A
            digits(moment.minute, 14, 2); text[16] = 0x3A
            digits(moment.second, 17, 2); text[19] = 0x2E
            let offset = Int(parts.tm_gmtoff)
            text[26] = offset < 0 ? 0x2D : 0x2B
            let minutes = abs(offset) / 60
            digits(minutes / 60 % 100, 27, 2); text[29] = 0x3A
            digits(minutes % 60, 30, 2)
        }
        guard time != nil else { return nil }
        var value = micros
        for index in stride(from: 25, through: 20, by: -1) {
            text[index] = 0x30 + UInt8(value % 10)
            value /= 10
        }
        return time
    }

    func write(to target: UnsafeMutablePointer<UInt8>) {
        text.withUnsafeBufferPointer { target.update(from: $0.baseAddress!, count: StampCache.length) }
    }
}
#endif
