import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// A real node_exporter (textfile collector only) and a real Prometheus scraping it every
/// second, both on loopback ports of their own, with their data in a test folder; and
/// Prometheus' HTTP API. `stop()` ends both, and the test calls it on every path.
final class PrometheusServers {
    /// Why the servers could not be started: the test is skipped with this message.
    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    /// The Debian names first (`prometheus-node-exporter`), then upstream's.
    static let nodeExporter = Executables.find(["prometheus-node-exporter", "node_exporter"])
    static let prometheus = Executables.find(["prometheus"])
    static let promtool = Executables.find(["promtool"])

    let textfileDirectory: String
    let prometheusURL: URL
    private var processes: [Process] = []
    private var logs: [String] = []

    /// Starts both and waits until Prometheus is ready and has scraped node_exporter once.
    init(folder: TemporaryFolder) throws {
        guard let nodeExporter = PrometheusServers.nodeExporter, let prometheus = PrometheusServers.prometheus else {
            throw Unavailable(description: "prometheus or prometheus-node-exporter is not installed (.ci/setup installs them)")
        }
        textfileDirectory = folder.path("textfile")
        try FileManager.default.createDirectory(atPath: textfileDirectory, withIntermediateDirectories: true)
        let exporterPort = try PrometheusServers.freePort()
        let prometheusPort = try PrometheusServers.freePort()
        prometheusURL = URL(string: "http://127.0.0.1:\(prometheusPort)")!
        let config = try folder.write("prometheus.yml", """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: node
                static_configs:
                  - targets: ['127.0.0.1:\(exporterPort)']

            """)
        do {
            try start(nodeExporter, ["--web.listen-address=127.0.0.1:\(exporterPort)", "--collector.disable-defaults",
                                     "--collector.textfile", "--collector.textfile.directory=\(textfileDirectory)"],
                      log: folder.path("node-exporter.log"))
            try start(prometheus, ["--config.file=\(config)", "--storage.tsdb.path=\(folder.path("tsdb"))",
                                   "--web.listen-address=127.0.0.1:\(prometheusPort)", "--log.level=warn"],
                      log: folder.path("prometheus.log"))
            try waitUntil(seconds: 30, "Prometheus to be ready and to scrape node_exporter") {
                let up = try? self.query("up")
                return up?.first?.value == 1
            }
        } catch {
            stop()
            throw Unavailable(description: "\(error)\n\(tails())")
        }
    }

    deinit { stop() }

    /// Ends both servers (SIGTERM, then SIGKILL after 5 s); safe to call twice.
    func stop() {
        for process in processes where process.isRunning { process.terminate() }
        for process in processes {
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        processes = []
    }

    private func start(_ executable: String, _ arguments: [String], log: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        processes.append(process)
        logs.append(log)
    }

    /// The last lines each server logged, for a failure's message.
    func tails() -> String {
        logs.map { log in
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            return "\((log as NSString).lastPathComponent):\n" + text.split(separator: "\n").suffix(8).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Polls `condition` every 100 ms; throws after `seconds`, or at once when a server died.
    func waitUntil(seconds: Double, _ what: String, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let dead = processes.first(where: { !$0.isRunning }) {
                throw Unavailable(description: "\((dead.executableURL?.lastPathComponent) ?? "a server") exited with status \(dead.terminationStatus) while waiting for \(what)")
            }
            if try condition() { return }
            usleep(100_000)
        }
        throw Unavailable(description: "timed out after \(seconds) s waiting for \(what)")
    }

    // MARK: the HTTP API

    /// One sample of an instant vector: the series' labels (`__name__` included) and value.
    struct Sample {
        var labels: [String: String]
        var value: Double
        var time: Double
    }

    /// `/api/v1/query`: an instant vector at `time` (now when nil).
    func query(_ expression: String, at time: String? = nil) throws -> [Sample] {
        let data = try api(expression, time: time)
        guard let result = data["result"] as? [[String: Any]] else { return [] }
        return result.compactMap { item in
            guard let labels = item["metric"] as? [String: String], let pair = item["value"] as? [Any],
                  let time = pair.first as? Double, let text = pair.last as? String, let value = Double(text) else { return nil }
            return Sample(labels: labels, value: value, time: time)
        }
    }

    /// `/api/v1/query` of a range vector (`x[5m]`): every raw sample of each series, oldest first.
    func rawSamples(_ expression: String) throws -> [(labels: [String: String], samples: [(time: Double, value: Double)])] {
        let data = try api(expression, time: nil)
        guard let result = data["result"] as? [[String: Any]] else { return [] }
        return result.compactMap { item in
            guard let labels = item["metric"] as? [String: String], let values = item["values"] as? [[Any]] else { return nil }
            let samples: [(time: Double, value: Double)] = values.compactMap { pair in
                guard let time = pair.first as? Double, let text = pair.last as? String, let value = Double(text) else { return nil }
                return (time, value)
            }
            return (labels, samples)
        }
    }

    private func api(_ expression: String, time: String?) throws -> [String: Any] {
        var components = URLComponents(url: prometheusURL.appendingPathComponent("api/v1/query"), resolvingAgainstBaseURL: false)!
        components.queryItems = [URLQueryItem(name: "query", value: expression)] + (time.map { [URLQueryItem(name: "time", value: $0)] } ?? [])
        let body = try PrometheusServers.get(components.url!)
        guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any], object["status"] as? String == "success",
              let data = object["data"] as? [String: Any] else {
            throw Unavailable(description: "query \(expression) failed: \(String(decoding: body, as: UTF8.self))")
        }
        return data
    }

    /// A blocking GET with a 5 s timeout.
    private static func get(_ url: URL) throws -> Data {
        final class Box: @unchecked Sendable {
            var data: Data?
            var error: Error?
        }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        var request = URLRequest(url: url)
        request.timeoutInterval = 5
        URLSession.shared.dataTask(with: request) { data, _, error in
            box.data = data
            box.error = error
            done.signal()
        }.resume()
        done.wait()
        if let error = box.error { throw error }
        return box.data ?? Data()
    }

    /// A loopback port nobody listens on: bound to port 0, read back, then closed. Another
    /// process could take it in between; the server's start would then fail and say so.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Unavailable(description: "socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw Unavailable(description: "no free loopback port: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Programs found on PATH (and in /usr/sbin, /usr/bin, where Debian puts them).
enum Executables {
    static func find(_ names: [String]) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/sbin", "/usr/local/bin"]
        for name in names {
            for directory in directories where FileManager.default.isExecutableFile(atPath: directory + "/" + name) {
                return directory + "/" + name
            }
        }
        return nil
    }
}
