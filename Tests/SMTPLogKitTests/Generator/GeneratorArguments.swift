import MailLogGenerator

/// smtplog-gen's arguments (which gen-maillog shares) read into `GeneratorOptions`, so that a
/// test names a log the way the command line and gen-maillog name it, and generates it in
/// this process.
enum GeneratorArguments {
    struct Unknown: Error, CustomStringConvertible {
        let description: String
    }

    static func options(_ arguments: [String]) throws -> GeneratorOptions {
        var options = GeneratorOptions()
        var rest = arguments[...]
        func value(_ name: String) throws -> String {
            guard let next = rest.popFirst() else { throw Unknown(description: "\(name) needs a value") }
            return next
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--flavor":
                let text = try value(argument)
                guard let flavor = Flavor(rawValue: text) else { throw Unknown(description: "no flavor \(text)") }
                options.flavor = flavor
            case "--timestamps":
                let text = try value(argument)
                guard let style = TimestampStyle(rawValue: text) else { throw Unknown(description: "no timestamps \(text)") }
                options.timestamps = style
            case "--size": options.size = try ByteSize(parsing: try value(argument))
            case "--seed":
                let text = try value(argument)
                guard let seed = UInt64(text) else { throw Unknown(description: "bad seed \(text)") }
                options.seed = seed
            case "--start": options.start = try StartTime(parsing: try value(argument))
            case "--days":
                let text = try value(argument)
                guard let days = Double(text) else { throw Unknown(description: "bad days \(text)") }
                options.days = days
            case "--host": options.host = try value(argument)
            case "--gzip": options.gzip = true
            default: throw Unknown(description: "unknown argument \(argument)")
            }
        }
        try options.validate()
        return options
    }
}
