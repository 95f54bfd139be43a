import CPCRE2
#if canImport(Glibc)
import Glibc
#endif

/// Every pattern source compiled once per process, with the JIT, and kept: PCRE2's compiled
/// code is read-only once made and may be matched from any number of threads, each with its
/// own match data (`Pattern`). The sources are the program's own and the configuration's, so
/// the cache holds a fixed, small number of entries.
final class CompiledPatterns: @unchecked Sendable {
    static let shared = CompiledPatterns()

    /// One compiled pattern, freed never: the cache holds it for the life of the process.
    final class Code: @unchecked Sendable {
        let pointer: OpaquePointer
        init(_ pointer: OpaquePointer) { self.pointer = pointer }
    }

    private var codes: [String: Code] = [:]
    private var lock = pthread_mutex_t()

    private init() { pthread_mutex_init(&lock, nil) }

    /// The code of `source` compiled with `options`, compiled now if it is the first time.
    func code(for source: String, options: UInt32) throws -> Code {
        let key = "\(options):\(source)"
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        if let code = codes[key] { return code }
        var errorCode: Int32 = 0
        var errorOffset = 0
        let compiled = source.withCString { pointer in
            pcre2_compile_8(UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self),
                            smtplog_pcre2_zero_terminated(), options, &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            throw Pattern.CompileError(pattern: source, offset: errorOffset, message: Pattern.message(for: errorCode))
        }
        pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE)
        let code = Code(compiled)
        codes[key] = code
        return code
    }
}
