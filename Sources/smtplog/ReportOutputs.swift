import ArgumentParser
import SMTPLogKit
#if canImport(Glibc)
import Glibc
#endif

/// One `--output [FORMAT:]FILE`: a file the report is written to, in a format of its own.
struct OutputTarget: Equatable {
    var format: ReportFormat
    var path: String

    /// A prefix is a format only when it is one of the format names followed by ':'
    /// (`html:/srv/r.html`); any other name is a path as given (`C:x`, `./html:x` for a file
    /// that really is called `html:x`). Without a prefix, `--format` applies.
    init(_ argument: String, defaultFormat: ReportFormat) {
        for candidate in ReportFormat.allCases where argument.hasPrefix(candidate.rawValue + ":") {
            format = candidate
            path = String(argument.dropFirst(candidate.rawValue.count + 1))
            return
        }
        format = defaultFormat
        path = argument
    }
}

/// Where a report goes once it is rendered: stdout, or the `--output` files. The caller saves
/// the state only after this said `.written`, so that a report that did not go out moves
/// nothing and its lines are reported again next time.
enum ReportOutputs {
    /// Checks `--output` values before anything is read: each names a file, none twice, none
    /// one of the inputs (`inputsNoun` says what those are), none of the paths in `reserved`
    /// (the state and its lock). `report` and `merge` check the same way.
    static func validate(_ outputs: [String], format: ReportFormat, inputs files: [String], inputsNoun: String,
                         reserved: [String] = [], reservedNoun: String = "") throws {
        var seen = Set<String>()
        let inputs = Set(files.compactMap { FileIdentity(path: $0) })
        for target in outputs.map({ OutputTarget($0, defaultFormat: format) }) {
            if target.path.isEmpty { throw ValidationError("--output needs a file name") }
            if !seen.insert(target.path).inserted { throw ValidationError("--output \(target.path) is given twice") }
            if reserved.contains(target.path) { throw ValidationError("--output \(target.path) would replace \(reservedNoun)") }
            if let identity = FileIdentity(path: target.path), inputs.contains(identity) {
                throw ValidationError("--output \(target.path) is one of \(inputsNoun)")
            }
        }
    }

    /// Renders `model` once per format asked for and delivers it: to stdout (coloured and as
    /// wide as the terminal when it is one) when no `--output` is given, else to each file,
    /// where text is laid out for a mail whatever terminal started the run. `report` and
    /// `merge` end the same way.
    static func deliver(_ model: ReportModel, format: ReportFormat, outputs: [String], color: ColorChoice,
                        run: PrometheusRenderer.Run) throws -> Terminal.Delivery {
        if outputs.isEmpty {
            let useColor = color == .always || (color == .auto && Terminal.isColorTerminal(fd: 1))
            return writeStandardOutput(try format.renderer(width: Terminal.reportWidth(), color: useColor, run: run).render(model))
        }
        let targets = outputs.map { OutputTarget($0, defaultFormat: format) }
        var texts: [ReportFormat: String] = [:]
        for target in targets where texts[target.format] == nil {
            texts[target.format] = try target.format.renderer(color: color == .always, run: run).render(model)
        }
        return write(targets.map { ($0, texts[$0.format] ?? "") })
    }

    /// The whole report to stdout, flushed to disk when stdout is a file.
    static func writeStandardOutput(_ text: String) -> Terminal.Delivery {
        switch Terminal.deliver(text, fd: 1, flush: true) {
        case .failed(let reason): return .failed("cannot write the report to stdout: \(reason)")
        case let outcome: return outcome
        }
    }

    /// Each rendering to its file, as one: every temporary is written and flushed before any is
    /// renamed, so a full disk or a bad directory leaves every target as it was. Only a rename
    /// failing after others succeeded (the directory vanished between two renames) can leave
    /// some replaced; the message then names them.
    static func write(_ renderings: [(target: OutputTarget, text: String)]) -> Terminal.Delivery {
        var files: [AtomicFile] = []
        do {
            for (target, text) in renderings {
                AtomicFile.removeStaleTemporaries(of: target.path)
                let file = try AtomicFile(replacing: target.path, permissions: .keepExisting)
                files.append(file)
                try file.write(text)
                try file.finish()
            }
        } catch {
            for file in files { file.discard() }
            return .failed("cannot write the report: \(error)")
        }
        var replaced: [String] = []
        for file in files {
            do {
                if let warning = try file.commit() { Terminal.warn(warning) }
                replaced.append(file.path)
            } catch {
                for rest in files { rest.discard() }
                let done = replaced.isEmpty ? "" : " (already replaced: \(replaced.joined(separator: ", ")))"
                return .failed("cannot write the report: \(error)\(done)")
            }
        }
        return .written
    }
}
