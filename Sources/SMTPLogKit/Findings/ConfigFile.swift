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

/// What `smtplog.yml` sets: the findings' rules and what the report leaves out.
public struct Configuration: Sendable {
    public var rules = RuleSet()
    public var filters = LineFilter()

    public init() {}
}

/// Reads `smtplog.yml`: one section per rule, each read by its rule's configuration, and the
/// report's `filters:`. Every key is checked: a misspelt key is an error that names it, never a
/// silent default.
public enum ConfigFile {
    public static let version = 2
    /// The section of the report's filters; no rule may take its name.
    public static let filtersSection = "filters"

    public static func parse(_ text: String, source: String) throws(ConfigError) -> Configuration {
        if let violation = ConfigTextLimits.violation(in: text, source: source) { throw violation }
        let root: YAMLNode?
        do {
            root = try YAMLDocument.compose(text)
        } catch {
            throw ConfigError(file: source, line: error.line, key: nil, message: "not valid YAML: \(error.message)")
        }
        var configuration = Configuration()
        guard let root else { return configuration }
        let top = ConfigValue(node: root, path: "", source: source)
        for (key, value) in try top.mapping() {
            if key == "version" {
                let found = try value.integer(minimum: 1)
                guard found == version else {
                    throw value.error("this smtplog reads configuration version \(version), not \(found)"
                                      + (found == 1 ? " (version 2 gave each finding its own section: see Config/smtplog.yml)" : ""))
                }
                continue
            }
            if key == filtersSection {
                configuration.filters = try filters(value)
                continue
            }
            guard let index = configuration.rules.index(ofSection: key) else { throw value.unknownKey() }
            for (field, node) in try value.mapping() {
                try configuration.rules.read(section: index, key: field, node)
            }
        }
        return configuration
    }

    /// `filters:`, each key a list (an empty key is an empty list); an entry that is not an
    /// address, a network, a domain or a user name is an error on its own line.
    static func filters(_ section: ConfigValue) throws(ConfigError) -> LineFilter {
        var filter = LineFilter()
        for (key, value) in try section.mapping() {
            let entries = try value.list()
            func each<T>(_ read: (String) throws(FilterValueError) -> T) throws(ConfigError) -> [T] {
                var values: [T] = []
                for entry in entries {
                    let text = try entry.text()
                    do {
                        values.append(try read(text))
                    } catch {
                        throw entry.error("\(text): \(error.message)")
                    }
                }
                return values
            }
            switch key {
            case "exclude_clients": filter.excludeClients = try each { text throws(FilterValueError) in try ClientNetwork(parsing: text) }
            case "only_clients": filter.onlyClients = try each { text throws(FilterValueError) in try ClientNetwork(parsing: text) }
            case "exclude_domains": filter.excludeDomains = try each(LineFilter.domain)
            case "only_domains": filter.onlyDomains = try each(LineFilter.domain)
            case "exclude_users": filter.excludeUsers = try each(LineFilter.user)
            default: throw value.unknownKey()
            }
        }
        var unique = LineFilter()
        unique.add(filter)
        return unique
    }
}

/// One value of the configuration file, with where it is, and the readers that check it.
public struct ConfigValue {
    let node: YAMLNode
    /// `section.key`, as errors name it.
    public let path: String
    let source: String

    /// The key's own position, for "unknown key" errors; the value's otherwise.
    var keyNode: YAMLNode?

    init(node: YAMLNode, path: String, source: String, keyNode: YAMLNode? = nil) {
        self.node = node
        self.path = path
        self.source = source
        self.keyNode = keyNode
    }

    public func error(_ message: String) -> ConfigError {
        ConfigError(file: source, line: node.line, key: path.isEmpty ? nil : path, message: message)
    }

    /// The error for a key the section does not have.
    public func unknownKey() -> ConfigError {
        ConfigError(file: source, line: (keyNode ?? node).line, key: path,
                    message: "unknown key (see Config/smtplog.yml for the keys smtplog reads)")
    }

    /// The entries of a mapping, in file order.
    func mapping() throws(ConfigError) -> [(String, ConfigValue)] {
        guard let mapping = node.mapping else {
            throw error(path.isEmpty ? "expected a mapping of sections" : "expected a mapping")
        }
        var pairs: [(String, ConfigValue)] = []
        var seen: [String: YAMLNode] = [:]
        for pair in mapping {
            let key = pair.key, value = pair.value
            guard let name = key.scalar else {
                throw ConfigError(file: source, line: key.line, key: path.isEmpty ? nil : path,
                                  message: "keys must be plain names")
            }
            // YAML leaves a repeated key undefined and the parser keeps both: one of the two
            // values would be dropped without a word.
            if let first = seen[name] {
                throw ConfigError(file: source, line: key.line, key: path.isEmpty ? name : "\(path).\(name)",
                                  message: "duplicate key (first given on line \(first.line))")
            }
            seen[name] = key
            pairs.append((name, ConfigValue(node: value, path: path.isEmpty ? name : "\(path).\(name)",
                                            source: source, keyNode: key)))
        }
        return pairs
    }

    /// The entries of a list, in file order; a key with no value is an empty list.
    func list() throws(ConfigError) -> [ConfigValue] {
        if node.isNull { return [] }
        guard let sequence = node.sequence else {
            throw error("expected a list, such as [192.0.2.7, 10.0.0.0/8] or one entry a line after -")
        }
        return sequence.map { ConfigValue(node: $0, path: path, source: source) }
    }

    /// A scalar as written (a number or a name alike: `10.0.0.0/8`, `example.org`).
    func text() throws(ConfigError) -> String {
        guard let text = node.scalar else { throw error("expected one value, not a list or a mapping") }
        return text
    }

    public func integer(minimum: Int, maximum: Int = Int.max) throws(ConfigError) -> Int {
        guard let text = node.scalar, let value = Int(text) else { throw error("expected a whole number") }
        guard value >= minimum, value <= maximum else {
            let range = maximum == Int.max ? "at least \(minimum)" : "from \(minimum) to \(maximum)"
            throw error("expected a whole number \(range), got \(value)")
        }
        return value
    }

    public func severity() throws(ConfigError) -> Severity {
        guard let text = node.scalar, let value = Severity(rawValue: text) else {
            throw error("expected a severity (\(Severity.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return value
    }

    /// A year and a day: a window longer than the logs anyone keeps means nothing more.
    public static let longestDuration = 366 * 86_400

    /// `90s`, `10m`, `1h`, `2d`, or a number of seconds.
    public func duration() throws(ConfigError) -> Int {
        guard let text = node.scalar, let seconds = ConfigValue.seconds(text), seconds > 0 else {
            throw error("expected a duration such as 90s, 10m, 1h or 2d")
        }
        guard seconds <= ConfigValue.longestDuration else {
            throw error("expected a duration of at most 366d, got \(text)")
        }
        return seconds
    }

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
