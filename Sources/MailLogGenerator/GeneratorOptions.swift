/// Which mail server's log to write.
public enum Flavor: String, Sendable, CaseIterable {
    case postfix, exim
}

/// A bad option value, with the message the command line shows.
public struct GeneratorError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Everything that decides the log's bytes. The same options give the same bytes.
public struct GeneratorOptions: Sendable {
    public var flavor: Flavor
    /// Postfix only; Exim always writes its own stamps.
    public var timestamps: TimestampStyle
    /// Generation stops at the first session that starts after this many bytes were planned.
    public var size: ByteSize
    public var seed: UInt64
    /// The wall-clock time of the log's start, `2026-11-21T00:00:00`.
    public var start: StartTime
    /// The span of the log in days; every line lies before start + days.
    public var days: Double
    /// The host name in each syslog line (Postfix).
    public var host: String
    public var gzip: Bool
    public var scenario: Scenario

    public static let defaultStart = StartTime(year: 2026, month: 11, day: 21)

    public init(flavor: Flavor = .postfix, timestamps: TimestampStyle = .syslog, size: ByteSize = ByteSize(bytes: 10 << 20, text: "10M"),
                seed: UInt64 = 1, start: StartTime = GeneratorOptions.defaultStart, days: Double = 2, host: String = "mx1",
                gzip: Bool = false, scenario: Scenario = .standard) {
        self.flavor = flavor; self.timestamps = timestamps; self.size = size; self.seed = seed
        self.start = start; self.days = days; self.host = host; self.gzip = gzip; self.scenario = scenario
    }

    /// The most bytes a log may be asked for: 1 TiB.
    public static let maximumSize: Int64 = 1 << 40
    /// Syslog stamps carry no year, so a reader dates a line by its month: a log must not
    /// come back to the month it started in.
    public static let maximumSyslogDays = 330.0
    public static let maximumDays = 3_660.0

    /// Checks every value; the message names the option.
    public func validate() throws(GeneratorError) {
        guard size.bytes > 0, size.bytes <= GeneratorOptions.maximumSize else {
            throw GeneratorError("--size must be between 1 byte and 1T, not \(size.text)")
        }
        guard days.isFinite, days > 0, days <= GeneratorOptions.maximumDays else {
            throw GeneratorError("--days must be more than 0 and at most \(Int(GeneratorOptions.maximumDays)), not \(days)")
        }
        if flavor == .postfix, timestamps == .syslog, days > GeneratorOptions.maximumSyslogDays {
            throw GeneratorError("--days must be at most \(Int(GeneratorOptions.maximumSyslogDays)) with syslog stamps, which carry no year")
        }
        if flavor == .exim, timestamps == .rfc3339 {
            throw GeneratorError("--timestamps is for Postfix: Exim writes its own stamps")
        }
        guard !host.isEmpty, host.utf8.count <= 253,
              host.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x5B && $0 != 0x3A }) else {
            throw GeneratorError("--host must be 1 to 253 printable ASCII characters without spaces, '[' or ':'")
        }
        let end = start.micros + Micros(days * Double(microsPerDay))
        guard CivilTime(end).year <= 9999 else { throw GeneratorError("--start plus --days must end before the year 10000") }
    }

    /// The stamps lines get: Exim writes its own whatever `timestamps` says.
    var stampStyle: TimestampStyle { flavor == .exim ? .exim : timestamps }

    /// The options as smtplog-gen (and gen-maillog, for the options both have) takes them.
    public var arguments: [String] {
        var list = ["--flavor", flavor.rawValue]
        if flavor == .postfix { list += ["--timestamps", timestamps.rawValue] }
        list += ["--size", size.text, "--seed", String(seed), "--start", start.text, "--days", GeneratorOptions.daysText(days),
                 "--host", host]
        if gzip { list.append("--gzip") }
        return list
    }

    static func daysText(_ days: Double) -> String {
        days == days.rounded() && abs(days) < 1e15 ? String(Int64(days)) : String(days)
    }
}

/// A size as `--size` takes it: bytes, or a number with K, M or G (powers of 1024).
public struct ByteSize: Sendable, Equatable {
    public let bytes: Int64
    /// As given, for the truth's record of the options.
    public let text: String

    public init(bytes: Int64, text: String) {
        self.bytes = bytes
        self.text = text
    }

    public init(parsing given: String) throws(GeneratorError) {
        let text = given
        let units: [Character: Double] = ["K": 1024, "M": 1024 * 1024, "G": 1024 * 1024 * 1024, "T": 1024 * 1024 * 1024 * 1024]
        var number = Substring(text)
        var scale = 1.0
        if let last = text.last, let unit = units[Character(last.uppercased())] {
            scale = unit
            number = text.dropLast()
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              let value = Double(number), value.isFinite else {
            throw GeneratorError("--size takes a number of bytes, or one with K, M or G (10M, 1.5G), not '\(given)'")
        }
        let bytes = (value * scale).rounded(.down)
        guard bytes >= 1, bytes <= Double(GeneratorOptions.maximumSize) else {
            throw GeneratorError("--size must be between 1 byte and 1T, not '\(given)'")
        }
        self.init(bytes: Int64(bytes), text: text)
    }
}

/// The log's first moment, as `--start` takes it: `2026-11-21T00:00:00` (or a date alone).
public struct StartTime: Sendable, Equatable {
    public let year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year; self.month = month; self.day = day; self.hour = hour; self.minute = minute; self.second = second
    }

    public init(parsing given: String) throws(GeneratorError) {
        let error = GeneratorError("--start takes a date and time such as 2026-11-21T00:00:00, not '\(given)'")
        let bytes = Array(given.utf8)
        func number(_ range: Range<Int>) throws(GeneratorError) -> Int {
            guard range.upperBound <= bytes.count else { throw error }
            var value = 0
            for byte in bytes[range] {
                guard byte >= 0x30, byte <= 0x39 else { throw error }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard bytes.count == 10 || (bytes.count == 19 && (bytes[10] == 0x54 || bytes[10] == 0x20) && bytes[13] == 0x3A && bytes[16] == 0x3A),
              bytes[4] == 0x2D, bytes[7] == 0x2D else { throw error }
        let year = try number(0..<4), month = try number(5..<7), day = try number(8..<10)
        var hour = 0, minute = 0, second = 0
        if bytes.count == 19 { hour = try number(11..<13); minute = try number(14..<16); second = try number(17..<19) }
        guard (1970...9999).contains(year), (1...12).contains(month), day >= 1, day <= CivilTime.daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60 else {
            throw GeneratorError("--start must be a real date and time from 1970 to 9999, not '\(given)'")
        }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    var micros: Micros { CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second).micros }

    public var text: String {
        var bytes: [UInt8] = []
        appendDigits(year, 4, &bytes); bytes.append(0x2D); appendDigits(month, 2, &bytes); bytes.append(0x2D)
        appendDigits(day, 2, &bytes); bytes.append(0x54); appendDigits(hour, 2, &bytes); bytes.append(0x3A)
        appendDigits(minute, 2, &bytes); bytes.append(0x3A); appendDigits(second, 2, &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
