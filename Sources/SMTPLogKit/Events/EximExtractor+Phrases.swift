/// What the dispatch of an Exim line that is neither a delivery nor an arrival asks of the rest
/// of the line, found in one pass over its bytes.
///
/// The dispatch used to search the rest of every such line for each of seven phrases in turn
/// (`authenticator failed`, ` C="`, `rejected`, `SMTP error from remote mail`, `LMTP error
/// after`, `PRDR error after`, `" was: `), a full pass each, and then ran the `replyLike`
/// pattern over the lines none of them took. More than half of an Exim log's lines (`SMTP
/// connection from`, queue runs, `Completed`, TLS errors) take none, so they paid for all of it
/// (callgrind, 10 MB Exim log: 74 M instructions in the searches, most of PCRE2's 93 M in the
/// pattern). One pass reads each byte once and stops only at the few bytes that anchor a
/// phrase; it also tells whether `replyLike` could match at all, so the pattern runs only where
/// one of its alternatives has what it needs.
struct EximPhrases: Equatable {
    /// The first `authenticator failed`. When there is one, the pass stops there and the other
    /// fields stay unset: the dispatch takes such a line before asking anything else.
    var authenticatorFailed: Int?
    /// ` C="` occurs (a cutthrough delivery's verdict).
    var cutthrough = false
    /// The first `rejected`, whatever follows it.
    var rejected: Int?
    /// `SMTP error from remote mail`, `LMTP error after`, `PRDR error after` or `" was: ` occurs.
    var remoteError = false
    /// False only when `EximExtractor.replyLike` cannot match from the scan's start (given that
    /// `authenticator failed` is absent): none of `[2-5]\d\d[ -][245]\.\d`, `rejected`,
    /// `C="[2-5]` or `SMTP error from` occurs. A necessary condition, not a match.
    var mayBeReplyLike = false

    /// Reads `line` from `start` once. Each phrase is recognised at one byte of it that is rare
    /// in Exim's lines (`j` of `rejected`, `h` of `authenticator`, `=` of `C="`, the `.` of an
    /// enhanced code, the capitals of `SMTP`/`LMTP`/`PRDR`, the quote of `" was: `), and its
    /// whole text is then compared where it would start, which must be at or after `start`.
    static func scan(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> EximPhrases {
        var found = EximPhrases()
        let count = line.count
        guard start >= 0, start < count, let base = line.baseAddress else { return found }
        var cursor = start
        while cursor < count {
            let byte = base[cursor]
            switch byte {
            case 0x68:                                                   // h: authenticator failed
                let at = cursor - 3
                if at >= start, line.hasPrefix("authenticator failed", at: at) {
                    found.authenticatorFailed = at
                    return found
                }
            case 0x6A:                                                   // j: rejected
                let at = cursor - 2
                if at >= start, line.hasPrefix("rejected", at: at) {
                    if found.rejected == nil { found.rejected = at }
                    found.mayBeReplyLike = true
                }
            case 0x3D:                                                   // =: C="
                if cursor - 1 >= start, cursor + 1 < count, base[cursor - 1] == 0x43, base[cursor + 1] == 0x22 {
                    if cursor - 2 >= start, base[cursor - 2] == 0x20 { found.cutthrough = true }
                    if cursor + 2 < count, base[cursor + 2] &- 0x32 < 4 { found.mayBeReplyLike = true }
                }
            case 0x2E:                                                   // .: [2-5]\d\d[ -][245]\.\d
                if cursor - 5 >= start, cursor + 1 < count, EximPhrases.isEnhancedDot(base, at: cursor) {
                    found.mayBeReplyLike = true
                }
            case 0x53:                                                   // S: SMTP error from
                if line.hasPrefix("SMTP error from", at: cursor) {
                    found.mayBeReplyLike = true
                    if line.hasPrefix("SMTP error from remote mail", at: cursor) { found.remoteError = true }
                }
            case 0x4C:                                                   // L: LMTP error after
                if line.hasPrefix("LMTP error after", at: cursor) { found.remoteError = true }
            case 0x50:                                                   // P: PRDR error after
                if line.hasPrefix("PRDR error after", at: cursor) { found.remoteError = true }
            case 0x22:                                                   // ": " was: 
                if line.hasPrefix("\" was: ", at: cursor) { found.remoteError = true }
            default:
                break
            }
            cursor += 1
        }
        return found
    }

    /// Whether the `.` at `dot` ends `[2-5]\d\d[ -][245]` and a digit follows (the caller
    /// checked that the five bytes before it and the one after are in the line).
    @inline(__always)
    private static func isEnhancedDot(_ base: UnsafePointer<UInt8>, at dot: Int) -> Bool {
        let klass = base[dot - 1]
        guard klass == 0x32 || klass == 0x34 || klass == 0x35 else { return false }
        let separator = base[dot - 2]
        guard separator == 0x20 || separator == 0x2D else { return false }
        return base[dot - 3] &- 0x30 < 10 && base[dot - 4] &- 0x30 < 10 && base[dot - 5] &- 0x32 < 4
            && base[dot + 1] &- 0x30 < 10
    }
}
