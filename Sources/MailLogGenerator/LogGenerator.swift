/// Writes a synthetic Postfix or Exim log of a given size and returns its exact truth.
///
/// An independent model of a mail server: it shares no code with SMTPLogKit, so that a
/// mistake in the analyzer is not copied into the answer it is checked against.
public enum LogGenerator {
    /// What was written: the truth as JSON (gen-maillog's keys and meanings) and a few
    /// of its figures.
    public struct Result: Sendable {
        public let truthJSON: String
        public let lines: Int
        public let bytes: Int64
        public let events: Int
    }

    /// Generates the log into `output` (finishing it) and returns its truth.
    ///
    /// The clock follows the bytes planned: the n-th byte of a log of S bytes lies about
    /// n/S of the way through its span, so a log covers `days` whatever its size. Sessions
    /// start in order; each plans all its lines (deliveries and retries minutes later
    /// included), and lines are written once the clock has passed them.
    public static func generate(_ options: GeneratorOptions, into output: LogOutput) throws(GeneratorError) -> Result {
        try options.validate()
        let sink: LogOutput = options.gzip ? try GzipOutput(output) : output
        var planner = LogPlanner(options: options, output: sink)
        let start = options.start.micros
        let span = planner.end - start
        // Sessions start early enough that their lines (a minute or two) end before the log does.
        let margin = min(span / 20, 15 * 60 * microsPerSecond)
        let usable = span - margin
        let target = options.size.bytes
        var runs = planner.plantedRuns(start: start, usable: usable)[...]
        while planner.plannedBytes < target {
            let t = start + Micros(Double(usable) * Double(planner.plannedBytes) / Double(target))
            while let run = runs.first, run.time <= t {
                try planner.flush(before: run.time)
                planner.plant(run)
                runs = runs.dropFirst()
            }
            try planner.flush(before: t)
            switch options.flavor {
            case .postfix: planner.postfixSession(at: t)
            case .exim: planner.eximSession(at: t)
            }
        }
        for run in runs {
            try planner.flush(before: run.time)
            planner.plant(run)
        }
        try planner.finish()
        let truth = planner.truth
        return Result(truthJSON: truth.json(options: options).rendered(), lines: truth.lines, bytes: truth.bytes, events: truth.events)
    }

    /// Writes the log to `path` (`-` for stdout) and, if given, the truth to `truthPath`,
    /// each under a temporary name renamed into place when complete.
    public static func write(_ options: GeneratorOptions, to path: String, truth truthPath: String?) throws(GeneratorError) -> Result {
        let result = try generate(options, into: try FileOutput(path: path))
        if let truthPath {
            let file = try FileOutput(path: truthPath)
            try writeAll(Array(result.truthJSON.utf8)[...], to: file)
            try file.finish()
        }
        return result
    }
}
