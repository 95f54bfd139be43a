import Foundation
@testable import SMTPLogKit

/// Temporary files and folders for tests; each test gets its own folder under the system's
/// temporary directory, removed when the value is dropped.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("smtplog-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = url.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

enum Shell {
    /// Runs a program and returns its exit status, stdout and stderr. It runs in
    /// `isolated(environment)`: nothing it starts can read the user's or the system's
    /// smtplog configuration.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], stdin: Data? = nil,
                    environment: [String: String]? = nil, directory: URL? = nil) throws -> (status: Int32, stdout: Data, stderr: String) {
        let process = Process()
        if let directory { process.currentDirectoryURL = directory }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = isolated(environment ?? ProcessInfo.processInfo.environment)
        // stderr goes to a file and stdout is drained before waiting, so that neither pipe
        // can fill up and block the child.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("smtplog-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errorFile)
        let input = Pipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(stdin)
            try input.fileHandleForWriting.close()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = (try? Data(contentsOf: errorFile)) ?? Data()
        return (process.terminationStatus, stdout, String(decoding: stderr, as: UTF8.self))
    }

    /// The directory holding the package's built products (`.build/debug`), found from the
    /// test bundle's own location.
    static var productsDirectory: URL {
        let bundle = Bundle.main.bundleURL
        for candidate in [bundle, bundle.deletingLastPathComponent()] {
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("smtplog").path) { return candidate }
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    static var smtplog: String { productsDirectory.appendingPathComponent("smtplog").path }

    /// `environment` with every way to the user's configuration closed: `SMTPLOG_CONFIG=/dev/null`
    /// (no file: the built-in defaults, and the user's and system's files are not looked at),
    /// and HOME and XDG_CONFIG_HOME in an empty folder of the test run, for anything else
    /// that reads them. A test that needs a configuration passes `--config PATH`.
    static func isolated(_ environment: [String: String]) -> [String: String] {
        var environment = environment
        environment["SMTPLOG_CONFIG"] = "/dev/null"
        environment["HOME"] = isolatedHome.path
        environment["XDG_CONFIG_HOME"] = isolatedHome.appendingPathComponent(".config").path
        return environment
    }

    /// An empty home folder for the programs the tests start, made once per test run,
    /// readable by the unprivileged user some tests run as, and removed when the run exits.
    static let isolatedHome: URL = {
        let url = isolatedHomePath()
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o755])
        atexit { try? FileManager.default.removeItem(at: Shell.isolatedHomePath()) }
        return url
    }()

    private static func isolatedHomePath() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("smtplog-tests-home-\(getpid())", isDirectory: true)
    }

    /// The shared folder beside the checkout (corpus, gen-maillog), when there is one. Tests
    /// that use it are a second check and are skipped without it.
    static let shared: URL? = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("../shared").standardized
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("bench/gen-maillog").path) {
                return candidate
            }
        }
        return nil
    }()

    /// The log files of `../shared/corpus` (not its READMEs, truth files or YAML), as paths
    /// relative to it and absolute, in name order; nil without `../shared`, so that a test
    /// can say it skipped.
    static var corpusLogs: [(name: String, path: String)]? {
        guard let shared else { return nil }
        let root = shared.appendingPathComponent("corpus")
        let skipped = [".md", ".json", ".jsonl", ".yaml", ".assert", ".metrics"]
        return (FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []).sorted()
            .filter { name in !skipped.contains { name.hasSuffix($0) } && !name.contains("/yaml/") }
            .map { (name: $0, path: root.appendingPathComponent($0).path) }
            .filter { file in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory) && !isDirectory.boolValue
            }
    }

    static var packageRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return url
    }
}

/// Reads every line of `bytes` through a `LineReader`, returning the lines and oversized flags.
func readLines(_ bytes: [UInt8], bufferSize: Int = LineReader.defaultBufferSize,
               maxLineLength: Int = LineReader.defaultMaxLineLength, chunk: Int = .max) throws -> [[UInt8]?] {
    var lines: [[UInt8]?] = []
    try LineReader(bufferSize: bufferSize, maxLineLength: maxLineLength)
        .forEachLine(in: MemorySource(bytes, chunk: chunk)) { line, info in
            lines.append(info.isOversized ? nil : Array(line))
        }
    return lines
}
