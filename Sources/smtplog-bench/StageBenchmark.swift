import SMTPLogKit
#if canImport(Glibc)
import Glibc
#endif

/// Times the pipeline stage by stage on one file, so that a slowdown can be pinned to the
/// reader, the prefix parser, the extractors or the summary. Not a test: run it by hand or
/// from `bench/run`, on a gen-maillog file.
@main
struct StageBenchmark {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2 else {
            print("usage: smtplog-bench FILE [repeats]")
            exit(64)
        }
        let path = arguments[1]
        let repeats = arguments.count > 2 ? Int(arguments[2]) ?? 3 : 3
        let stages: [(String, (OpenedInput) throws -> Int)] = [
            ("read lines", { input in
                var count = 0
                try LineReader().forEachLine(in: input.source) { _, _ in count += 1 }
                return count
            }),
            ("+ line prefixes", { input in
                var mail = 0
                try LineReader().forEachLine(in: input.source) { line, _ in
                    if let prefix = LinePrefix.parse(line), prefix.mail != .other { mail += 1 }
                }
                return mail
            }),
            ("+ parse lines", { input in
                var events = 0
                let parser = LineParser(years: .startingYear(2026))
                try LineReader().forEachLine(in: input.source) { line, _ in
                    if case .event = parser.parse(line).kind { events += 1 }
                }
                return events
            }),
            ("+ summary (full)", { input in
                Analyzer(options: AnalysisOptions(startingYear: 2026)).analyze(input).summary.events
            }),
        ]
        var size = 0
        for (name, stage) in stages {
            var best = Double.infinity
            var result = 0
            for _ in 0..<repeats {
                let input = try OpenedInput.open(InputName(path))
                let start = now()
                result = try stage(input)
                best = min(best, now() - start)
                size = input.source.consumedBytes
            }
            let rate = Double(size) / best / 1_000_000
            print("\(name + String(repeating: " ", count: max(0, 18 - name.count))) \(Int(best * 1000)) ms  \(Int(rate)) MB/s  (\(result))")
        }
    }

    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
