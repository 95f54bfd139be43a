import Yams

/// A configuration error, naming the file, the key path and, when known, the line.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var key: String?
    public var message: String

    public init(file: String, line: Int?, key: String?, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return key.map { "\(location): \($0): \(message)" } ?? "\(location): \(message)"
    }
}

/// Reads `smtplog.yml`. Every key is checked against the ones documented in
/// `Config/smtplog.yml`: a misspelt key is an error that names it, never a silent default.
public enum ConfigFile {
    public static let version = 1

    public static func parse(_ text: String, source: String) throws(ConfigError) -> FindingsConfig {
        if let violation = ConfigTextLimits.violation(in: text, source: source) { throw violation }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ConfigError(file: source, line: nil, key: nil, message: "not valid YAML: \(error)")
        }
        var config = FindingsConfig()
        guard let root else { return config }
        let reader = Reader(source: source)
        let sections = try reader.mapping(root, path: "")
        for (key, value) in sections {
            switch key.name {
            case "version":
                let found = try reader.integer(value, path: "version", minimum: 1)
                guard found == version else {
                    throw reader.error(value, "version", "this smtplog reads configuration version \(version), not \(found)")
                }
            case "auth_failures":
                for (field, node) in try reader.mapping(value, path: "auth_failures") {
                    let path = "auth_failures.\(field.name)"
                    switch field.name {
                    case "window": config.auth.window = try reader.duration(node, path: path)
                    case "run_threshold":
                        config.auth.runThreshold = try reader.integer(node, path: path, minimum: 1, maximum: PeerActivity.windowMemory)
                    case "severity": config.auth.severity = try reader.severity(node, path: path)
                    case "run_severity": config.auth.runSeverity = try reader.severity(node, path: path)
                    case "outbound_severity": config.auth.outboundSeverity = try reader.severity(node, path: path)
                    default: throw reader.unknown(field, path)
                    }
                }
            case "relay_refusals":
                for (field, node) in try reader.mapping(value, path: "relay_refusals") {
                    let path = "relay_refusals.\(field.name)"
                    switch field.name {
                    case "severity": config.relay.severity = try reader.severity(node, path: path)
                    case "probe_threshold": config.relay.probeThreshold = try reader.integer(node, path: path, minimum: 1)
                    case "probe_severity": config.relay.probeSeverity = try reader.severity(node, path: path)
                    case "outbound_severity": config.relay.outboundSeverity = try reader.severity(node, path: path)
                    default: throw reader.unknown(field, path)
                    }
                }
            case "deferrals": config.deferrals = try reader.threshold(value, path: "deferrals", defaults: config.deferrals)
            case "policy_blocks": config.policyBlocks = try reader.threshold(value, path: "policy_blocks", defaults: config.policyBlocks)
            case "invalid_recipients":
                config.invalidRecipients = try reader.threshold(value, path: "invalid_recipients", defaults: config.invalidRecipients)
            case "local_failures":
                config.localFailures = try reader.threshold(value, path: "local_failures", defaults: config.localFailures)
            default:
                throw reader.unknown(key, key.name)
            }
        }
        return config
    }

    /// Checks values and keys, and words the errors.
    private struct Reader {
        let source: String

        struct Key {
            var name: String
            var node: Node
        }

        func error(_ node: Node, _ path: String, _ message: String) -> ConfigError {
            ConfigError(file: source, line: node.mark.map { $0.line }, key: path.isEmpty ? nil : path, message: message)
        }

        func unknown(_ key: Key, _ path: String) -> ConfigError {
            error(key.node, path, "unknown key (see Config/smtplog.yml for the keys smtplog reads)")
        }

        func mapping(_ node: Node, path: String) throws(ConfigError) -> [(Key, Node)] {
            guard let mapping = node.mapping else {
                throw error(node, path, path.isEmpty ? "expected a mapping of sections" : "expected a mapping")
            }
            var pairs: [(Key, Node)] = []
            var seen: [String: Node] = [:]
            for (key, value) in mapping {
                guard let name = key.scalar?.string else { throw error(key, path, "keys must be plain names") }
                let keyPath = path.isEmpty ? name : "\(path).\(name)"
                // YAML leaves a repeated key undefined and the parser keeps both: one of the two
                // values would be dropped without a word.
                if let first = seen[name] {
                    throw error(key, keyPath, "duplicate key" + (first.mark.map { " (first given on line \($0.line))" } ?? ""))
                }
                seen[name] = key
                pairs.append((Key(name: name, node: key), value))
            }
            return pairs
        }

        func integer(_ node: Node, path: String, minimum: Int, maximum: Int = Int.max) throws(ConfigError) -> Int {
            guard let text = node.scalar?.string, let value = Int(text) else {
                throw error(node, path, "expected a whole number")
            }
            guard value >= minimum, value <= maximum else {
                let range = maximum == Int.max ? "at least \(minimum)" : "from \(minimum) to \(maximum)"
                throw error(node, path, "expected a whole number \(range), got \(value)")
            }
            return value
        }

        func severity(_ node: Node, path: String) throws(ConfigError) -> Severity {
            guard let text = node.scalar?.string, let value = Severity(rawValue: text) else {
                let names = Severity.allCases.map(\.rawValue).joined(separator: ", ")
                throw error(node, path, "expected a severity (\(names))")
            }
            return value
        }

        /// `90s`, `10m`, `1h`, `2d`, or a number of seconds, from one second to a year.
        func duration(_ node: Node, path: String) throws(ConfigError) -> Int {
            guard let text = node.scalar?.string, let seconds = ConfigFile.seconds(text), seconds > 0 else {
                throw error(node, path, "expected a duration such as 90s, 10m, 1h or 2d")
            }
            guard seconds <= ConfigFile.longestDuration else {
                throw error(node, path, "expected a duration of at most 366d, got \(text)")
            }
            return seconds
        }

        func threshold(_ node: Node, path: String, defaults: FindingsConfig.Threshold) throws(ConfigError) -> FindingsConfig.Threshold {
            var result = defaults
            for (field, value) in try mapping(node, path: path) {
                switch field.name {
                case "threshold": result.threshold = try integer(value, path: "\(path).threshold", minimum: 1)
                case "severity": result.severity = try severity(value, path: "\(path).severity")
                default: throw unknown(field, "\(path).\(field.name)")
                }
            }
            return result
        }
    }

    /// A year and a day: a window longer than the logs anyone keeps means nothing more.
    static let longestDuration = 366 * 86_400

    /// Seconds in `text`; a value too large for an Int in seconds gives `Int.max`, so that the
    /// caller's range check words it (never a wrapped, negative or small window).
    static func seconds(_ text: String) -> Int? {
        let digits = text.last.map { $0.isLetter } == true ? text.dropLast() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return Int(text)   // a sign or garbage: whatever Int makes of it, else nil
        }
        let multiplier: Int
        switch text.last {
        case "s": multiplier = 1
        case "m": multiplier = 60
        case "h": multiplier = 3_600
        case "d": multiplier = 86_400
        case .some(let last) where last.isNumber: multiplier = 1
        default: return nil
        }
        guard let value = Int(digits) else { return Int.max }
        let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
        return overflow ? Int.max : product
    }
}
