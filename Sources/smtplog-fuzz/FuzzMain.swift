import SMTPLogKit
import SMTPLogFuzzing
#if canImport(Glibc)
import Glibc
#endif

// The libFuzzer target over the whole pipeline and, without `-DFUZZING`, a replay tool that
// runs stored inputs through the same entry point, for a debugger. `.ci/fuzz` builds and runs
// the fuzzing form; the flags and the reasons for them are there.

/// Any broken invariant is a crash: that is what makes libFuzzer keep the input.
func check(_ bytes: [UInt8]) -> FuzzTarget.Outcome {
    let outcome: FuzzTarget.Outcome
    do {
        outcome = try FuzzTarget.run(bytes)
    } catch {
        fatalError("smtplog-fuzz: rendering failed: \(error)")
    }
    if !outcome.violations.isEmpty {
        fatalError("smtplog-fuzz: " + outcome.violations.joined(separator: "; "))
    }
    return outcome
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    _ = check(bytes)
    return 0
}

/// libFuzzer's driver, which its own `main` calls.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// SwiftPM links every executable on Linux with `--defsym main=<module>_main`, which takes the
/// place of libFuzzer's `main`; this stands in for it and starts the same driver.
@_cdecl("smtplog_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv, fuzzOneInput)
}
#else
@main
struct Replay {
    static func main() {
        let paths = CommandLine.arguments.dropFirst()
        guard !paths.isEmpty else {
            diagnose("usage: smtplog-fuzz FILE...\n  runs each file's bytes through the fuzz target's entry point")
            exit(64)
        }
        for path in paths {
            guard let bytes = readFile(path) else {
                diagnose("smtplog-fuzz: \(path): cannot be read")
                exit(2)
            }
            let outcome = check(bytes)
            let l = outcome.lines
            print("\(path): \(bytes.count) bytes, \(l.read) lines, \(l.events) events, \(l.notUnderstood) not understood, "
                  + "\(l.unrecognized) unrecognized, \(l.oversized) oversized")
        }
    }

    static func diagnose(_ message: String) {
        var bytes = Array((message + "\n").utf8)
        _ = write(2, &bytes, bytes.count)
    }

    static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n > 0 { bytes += buffer[0..<n] }
            if n < buffer.count { return ferror(file) == 0 ? bytes : nil }
        }
    }
}
#endif
