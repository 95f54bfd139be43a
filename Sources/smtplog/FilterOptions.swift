import ArgumentParser
import SMTPLogKit

/// `--exclude-client`, `--only-client`, `--exclude-domain`, `--only-domain`, `--exclude-user`:
/// what a report leaves out. Each is repeatable and adds to the configuration's `filters:`.
/// A value that is not an address, a network, a domain or a user name is a usage error.
struct FilterOptions: ParsableArguments {
    @Option(name: .customLong("exclude-client"),
            help: ArgumentHelp("Leave out the lines of this client: an address or a network (192.0.2.7, 10.0.0.0/8, 2001:db8::/32). Repeatable.",
                               valueName: "address[/length]"))
    var excludeClients: [String] = []

    @Option(name: .customLong("only-client"),
            help: ArgumentHelp("Report only the replies and notices naming a client of these addresses or networks. Repeatable.",
                               valueName: "address[/length]"))
    var onlyClients: [String] = []

    @Option(name: .customLong("exclude-domain"),
            help: ArgumentHelp("Leave out the lines whose sender or recipient is in this domain or a subdomain of it. Repeatable.",
                               valueName: "domain"))
    var excludeDomains: [String] = []

    @Option(name: .customLong("only-domain"),
            help: ArgumentHelp("Report only the replies and notices whose sender or recipient is in this domain or a subdomain of it. Repeatable.",
                               valueName: "domain"))
    var onlyDomains: [String] = []

    @Option(name: .customLong("exclude-user"),
            help: ArgumentHelp("Leave out the lines of this SASL user name (compared ignoring ASCII case). Repeatable.",
                               valueName: "user"))
    var excludeUsers: [String] = []

    func validate() throws {
        _ = try filter()
    }

    /// The options as a filter; a bad value names its option and what was expected.
    func filter() throws -> LineFilter {
        func each<T>(_ option: String, _ values: [String], _ read: (String) throws(FilterValueError) -> T) throws -> [T] {
            var result: [T] = []
            for value in values {
                do {
                    result.append(try read(value))
                } catch {
                    throw ValidationError("--\(option) \(value): \(error.message)")
                }
            }
            return result
        }
        var filter = LineFilter()
        filter.excludeClients = try each("exclude-client", excludeClients) { text throws(FilterValueError) in try ClientNetwork(parsing: text) }
        filter.onlyClients = try each("only-client", onlyClients) { text throws(FilterValueError) in try ClientNetwork(parsing: text) }
        filter.excludeDomains = try each("exclude-domain", excludeDomains, LineFilter.domain)
        filter.onlyDomains = try each("only-domain", onlyDomains, LineFilter.domain)
        filter.excludeUsers = try each("exclude-user", excludeUsers, LineFilter.user)
        return filter
    }

    /// The configuration's filters with these options added.
    func adding(to configured: LineFilter) throws -> LineFilter {
        var filter = configured
        filter.add(try self.filter())
        return filter
    }
}
