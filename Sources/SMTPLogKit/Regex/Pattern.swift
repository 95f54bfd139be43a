import CPCRE2

/// A compiled PCRE2 pattern with its own reusable match data.
///
/// Patterns are compiled once with the JIT and match bytes, not UTF-8 characters: a log line is
/// bytes, and a stranger who writes `RCPT TO:<u\xff@x>` must not hide the reply after it. In
/// UTF mode PCRE2 refuses to match across an invalid sequence, so such a line counted as no
/// reply at all. Our patterns are ASCII, and without UCP `\s`, `\d`, `\w` and `\b` are ASCII
/// in both modes, so byte mode changes only what `.` and negated classes step over: one byte,
/// valid UTF-8 or not. Match and depth limits stop a pathological line from making a pattern
/// run away. A `Pattern` is not
/// shareable across threads because its match data is reused: give each worker its own copy.
/// The compiled code is shared: each source is compiled and JIT-compiled once per process
/// (`CompiledPatterns`), because every parser makes its patterns, one parser per input, and
/// compiling them again took a quarter of a run over 5,000 small files (perf).
public final class Pattern {
    public let source: String
    private let compiled: CompiledPatterns.Code
    private var code: OpaquePointer { compiled.pointer }
    private let matchData: OpaquePointer
    private let context: OpaquePointer
    private let groupCount: Int

    /// Thrown for a pattern that does not compile: a programming error in our own patterns.
    public struct CompileError: Error, CustomStringConvertible {
        public let pattern: String
        public let offset: Int
        public let message: String
        public var description: String { "pattern does not compile at offset \(offset): \(message): \(pattern)" }
    }

    /// A failure other than "no match" (match limit, JIT stack): reported, never taken as a miss.
    public struct MatchError: Error, CustomStringConvertible {
        public let code: Int32
        public var description: String { Pattern.message(for: code) }
    }

    /// - Parameter anchored: compile-time anchoring; passing `PCRE2_ANCHORED` at match time
    ///   would silently turn the JIT off.
    public init(_ source: String, anchored: Bool = true, caseless: Bool = false,
                matchLimit: UInt32 = 100_000, depthLimit: UInt32 = 1_000) throws {
        self.source = source
        // PCRE2_NEVER_UTF: a `(*UTF)` at the start of a pattern cannot switch UTF mode back on.
        var options: UInt32 = PCRE2_NEVER_UTF
        if anchored { options |= PCRE2_ANCHORED }
        if caseless { options |= PCRE2_CASELESS }
        compiled = try CompiledPatterns.shared.code(for: source, options: options)
        let code = compiled.pointer
        var captures: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_CAPTURECOUNT), &captures)
        groupCount = Int(captures)
        matchData = pcre2_match_data_create_from_pattern_8(code, nil)
        context = pcre2_match_context_create_8(nil)
        pcre2_set_match_limit_8(context, matchLimit)
        pcre2_set_depth_limit_8(context, depthLimit)
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(context)
    }

    /// Matches `bytes` from `start`; returns the capture groups or nil when nothing matched.
    public func match(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0) throws -> Match? {
        guard let base = bytes.baseAddress else {
            return try match(emptyBuffer, from: 0)
        }
        let rc = pcre2_match_8(code, base, bytes.count, start, 0, matchData, context)
        if rc == PCRE2_ERROR_NOMATCH { return nil }
        if rc < 0 { throw MatchError(code: rc) }
        return Match(ovector: pcre2_get_ovector_pointer_8(matchData), groupCount: groupCount)
    }

    private var emptyBuffer: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: Pattern.emptyByte, count: 0)
    }
    private nonisolated(unsafe) static let emptyByte: UnsafeMutablePointer<UInt8> = .allocate(capacity: 1)

    static func message(for code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = pcre2_get_error_message_8(code, &buffer, buffer.count)
        guard length > 0 else { return "PCRE2 error \(code)" }
        return String(decoding: buffer[0..<Int(length)], as: UTF8.self)
    }
}

/// The capture offsets of the last match, valid until the pattern is matched again.
public struct Match {
    fileprivate let ovector: UnsafeMutablePointer<Int>
    public let groupCount: Int

    /// The byte range of group `index`, or nil when the group did not take part in the match.
    @inline(__always)
    public subscript(index: Int) -> Range<Int>? {
        let lower = ovector[2 * index]
        if lower == smtplog_pcre2_unset() { return nil }
        return lower..<ovector[2 * index + 1]
    }
}
