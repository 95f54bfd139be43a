import Foundation
import Testing
@testable import SMTPLogKit

/// Syslog stamps with the month named in another language, as `journalctl` or a daemon using
/// `strftime` writes them under that locale. The names here are copied from what glibc 2.36's
/// `LC_TIME=xx_XX.UTF-8 date +%b` prints (and, for ru and el, the standalone forms older glibc
/// printed), not from the table under test; a second test reads glibc's locale sources where
/// they are installed.
@Suite("Syslog month names in other languages")
struct MonthNameTests {
    struct Locale: Sendable, CustomStringConvertible {
        let name: String
        /// January to December, several spellings of a month separated by `|`.
        let months: [String]
        var description: String { name }
    }

    static let locales: [Locale] = [
        Locale(name: "de_DE", months: ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"]),
        Locale(name: "de_AT", months: ["Jän", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"]),
        Locale(name: "fr_FR", months: ["janv.", "févr.", "mars", "avril", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]),
        Locale(name: "fr_CA", months: ["jan", "fév", "mar", "avr", "mai", "jun", "jui", "aoû", "sep", "oct", "nov", "déc"]),
        Locale(name: "es_ES", months: ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"]),
        Locale(name: "it_IT", months: ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"]),
        Locale(name: "pt_BR", months: ["jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"]),
        Locale(name: "nl_NL", months: ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]),
        Locale(name: "pl_PL", months: ["sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru"]),
        Locale(name: "ru_RU", months: ["янв", "фев", "мар", "апр", "мая|май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]),
        Locale(name: "uk_UA", months: ["січ", "лют", "бер", "кві", "тра", "чер", "лип", "сер", "вер", "жов", "лис", "гру"]),
        Locale(name: "el_GR", months: ["Ιαν", "Φεβ", "Μαρ|Μάρ", "Απρ", "Μαΐ|Μάι", "Ιουν|Ιούν", "Ιουλ|Ιούλ", "Αυγ|Αύγ", "Σεπ", "Οκτ",
                                       "Νοε|Νοέ", "Δεκ"]),
        Locale(name: "tr_TR", months: ["Oca", "Şub", "Mar", "Nis", "May", "Haz", "Tem", "Ağu", "Eyl", "Eki", "Kas", "Ara"]),
        Locale(name: "sv_SE", months: ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]),
        Locale(name: "da_DK", months: ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]),
        Locale(name: "nb_NO", months: ["jan.", "feb.", "mars", "april", "mai", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "des."]),
        Locale(name: "cs_CZ", months: ["led", "úno", "bře", "dub", "kvě", "čen", "čec", "srp", "zář", "říj", "lis", "pro"]),
        Locale(name: "sk_SK", months: ["jan", "feb", "mar", "apr", "máj", "jún", "júl", "aug", "sep", "okt", "nov", "dec"]),
        Locale(name: "sl_SI", months: ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "avg", "sep", "okt", "nov", "dec"]),
        Locale(name: "hu_HU", months: ["jan", "febr", "márc", "ápr", "máj", "jún", "júl", "aug", "szept", "okt", "nov", "dec"]),
        Locale(name: "ro_RO", months: ["ian", "feb", "mar", "apr", "mai", "iun", "iul", "aug", "sep", "oct", "nov", "dec"]),
        Locale(name: "fi_FI", months: ["tammi", "helmi", "maalis", "huhti", "touko", "kesä", "heinä", "elo", "syys", "loka", "marras", "joulu"]),
    ]

    /// The prefix of `text` as `LinePrefix` reads it, alone and after `before` (its memo).
    static func prefix(_ text: String, after before: String? = nil) -> LinePrefix? {
        var memo = PrefixMemo()
        if let before {
            var bytes = Array(before.utf8)
            _ = bytes.withUnsafeMutableBufferPointer { LinePrefix.parse(UnsafeBufferPointer($0), memo: &memo) }
        }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { LinePrefix.parse(UnsafeBufferPointer($0), memo: &memo) }
    }

    static func time(_ month: Int, _ day: Int, _ h: Int, _ m: Int, _ s: Int) -> LogTime {
        LogTime(year: 0, month: month, day: day, hour: h, minute: m, second: s)
    }

    @Test("each month of the locale, with one or two spaces before the day, as journalctl and syslog pad it", arguments: locales)
    func locale(_ locale: Locale) throws {
        for (index, spellings) in locale.months.enumerated() {
            for name in spellings.split(separator: "|") {
                for (day, written) in [(5, "  5"), (5, " 05"), (5, " 5"), (22, " 22")] {
                    let line = "\(name)\(written) 06:25:01 mx1 postfix/smtpd[123]: connect from x[192.0.2.1]"
                    let prefix = try #require(Self.prefix(line), "\(locale): \(line)")
                    #expect(prefix.format == .syslog)
                    #expect(prefix.time == Self.time(index + 1, day, 6, 25, 1), "\(locale): \(line)")
                    #expect(prefix.mail == .postfix(.smtpd), "\(locale): \(line)")
                    // Also after a line of the same stamp but another second, through the memo.
                    let before = "\(name)\(written) 06:25:00 mx1 postfix/smtpd[123]: x"
                    #expect(Self.prefix(line, after: before)?.time == Self.time(index + 1, day, 6, 25, 1), "\(locale): \(line) after \(before)")
                }
            }
        }
    }

    @Test("a log in German and one in Greek are counted as a report, day by day")
    func report() throws {
        let german = """
            Mär 31 23:59:58 mx1 postfix/smtpd[10]: NOQUEUE: reject: RCPT from unknown[203.0.113.9]: 554 5.7.1 <x@example.org>: Relay access denied; from=<a@b.example> to=<x@example.org> proto=ESMTP helo=<b>
            Apr  1 00:00:01 mx1 postfix/smtpd[10]: NOQUEUE: reject: RCPT from unknown[203.0.113.9]: 554 5.7.1 <y@example.org>: Relay access denied; from=<a@b.example> to=<y@example.org> proto=ESMTP helo=<b>
            Dez 31 12:00:00 mx1 postfix/smtpd[10]: warning: unknown[203.0.113.7]: SASL LOGIN authentication failed: UGFzc3dvcmQ6

            """
        let greek = """
            Ιούν 30 23:59:59 mx1 postfix/smtpd[10]: warning: unknown[203.0.113.7]: SASL LOGIN authentication failed: UGFzc3dvcmQ6
            Ιουλ  1 00:00:00 mx1 postfix/smtpd[10]: warning: unknown[203.0.113.7]: SASL LOGIN authentication failed: UGFzc3dvcmQ6
            Ιουλ  1 00:00:01 mx1 postfix/smtpd[10]: warning: unknown[203.0.113.7]: SASL LOGIN authentication failed: UGFzc3dvcmQ6

            """
        for (text, days) in [(german, ["2026-03-31": ["554": 1], "2026-04-01": ["554": 1], "2026-12-31": ["535": 1]]),
                             (greek, ["2026-06-30": ["535": 1], "2026-07-01": ["535": 2]])] {
            let result = Analyzer(options: AnalysisOptions(startingYear: 2026)).analyze(bytes: Array(text.utf8))
            #expect(result.summary.lines.events == 3)
            #expect(result.summary.lines.unrecognized == 0)
            #expect(result.summary.byDayStrings == days)
        }
    }

    @Test("a long stamp is never taken from the line before: the memo covers 15 bytes")
    func longStampsAreParsedEachTime() {
        // `Ιούν 05 06:` is 15 bytes: the minutes differ after them.
        #expect(Self.prefix("Ιούν 05 06:59:01 mx1 postfix/smtpd[1]: x", after: "Ιούν 05 06:25:01 mx1 postfix/smtpd[1]: x")?.time
                == Self.time(6, 5, 6, 59, 1))
        #expect(Self.prefix("févr. 12 06:25:59 mx1 postfix/smtpd[1]: x", after: "févr. 12 06:25:01 mx1 postfix/smtpd[1]: x")?.time
                == Self.time(2, 12, 6, 25, 59))
        #expect(Self.prefix("Nov  2 06:25:01 mx1 postfix/smtpd[1]: x", after: "Ιούν 05 06:25:01 mx1 postfix/smtpd[1]: x")?.time
                == Self.time(11, 2, 6, 25, 1))
        // Every byte of a long stamp counts: the day, the hour, the minute, the second.
        let first = "févr. 12 06:25:01 mx1 postfix/smtpd[1]: x"
        for (next, time) in [("févr. 12 06:25:01 mx1 postfix/smtpd[1]: y", Self.time(2, 12, 6, 25, 1)),
                             ("févr. 13 06:25:01 mx1 postfix/smtpd[1]: x", Self.time(2, 13, 6, 25, 1)),
                             ("févr. 12 07:25:01 mx1 postfix/smtpd[1]: x", Self.time(2, 12, 7, 25, 1)),
                             ("févr. 12 06:26:01 mx1 postfix/smtpd[1]: x", Self.time(2, 12, 6, 26, 1)),
                             ("févr. 12 06:25:02 mx1 postfix/smtpd[1]: x", Self.time(2, 12, 6, 25, 2)),
                             ("févr.  2 06:25:01 mx1 postfix/smtpd[1]: x", Self.time(2, 2, 6, 25, 1)),
                             ("févr. 12 06:25:01 mx2 exim[1]: x", Self.time(2, 12, 6, 25, 1))] {
            let prefix = Self.prefix(next, after: first)
            #expect(prefix?.time == time, "\(next)")
            #expect(prefix?.mail == (next.contains("exim") ? .exim : .postfix(.smtpd)), "\(next)")
        }
    }

    @Test("what is no month stays unrecognised: a made-up name, Croatian, a name without its stamp", arguments: [
        "Xyz  5 06:25:01 mx1 postfix/smtpd[1]: x", "velj  5 06:25:01 mx1 postfix/smtpd[1]: x",
        "févr 12 06:25:01 mx1 postfix/smtpd[1]: x", "Mär 12 06:25 mx1 postfix/smtpd[1]: x", "Mär", "févr.", "Ιούνιος 5 06:25:01 mx1 x[1]: y",
        "mai mai mai", "janv. 32 06:25:01 mx1 postfix/smtpd[1]: x",
    ])
    func unknown(_ line: String) {
        #expect(Self.prefix(line) == nil || Self.prefix(line)?.format != .syslog, "\(line)")
    }

    @Test("no name in the table stands for two months, and English names are left to the fast path")
    func tableIsUnambiguous() {
        var months: [[UInt8]: Int] = [:]
        for entry in MonthNames.all {
            #expect(months.updateValue(entry.month, forKey: entry.name) == nil, "\(String(decoding: entry.name, as: UTF8.self)) twice")
            #expect(entry.name.count <= MonthNames.maximumLength)
            #expect(!(entry.name.count == 3 && TimestampParser.monthNumber(entry.name[0], entry.name[1], entry.name[2]) != nil))
        }
        for locale in Self.locales {
            for (index, spellings) in locale.months.enumerated() {
                for name in spellings.split(separator: "|") {
                    let bytes = Array(name.utf8)
                    let english = bytes.count == 3 ? TimestampParser.monthNumber(bytes[0], bytes[1], bytes[2]) : nil
                    #expect((english ?? months[bytes]) == index + 1, "\(locale): \(name)")
                }
            }
        }
    }

    /// glibc's own locale sources, where the system has them (Debian's `locales` package): the
    /// `abmon` and `ab_alt_mon` of each locale, `<U00E4>` escapes decoded, `copy` followed.
    static func glibcNames(_ locale: String, in folder: URL, depth: Int = 0) -> [[String]]? {
        guard depth < 4, let text = try? String(contentsOf: folder.appendingPathComponent(locale), encoding: .utf8),
              let start = text.range(of: "\nLC_TIME\n"), let end = text.range(of: "\nEND LC_TIME", range: start.upperBound..<text.endIndex)
        else { return nil }
        let section = String(text[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "/\n", with: "")
        var found: [[String]] = []
        for line in section.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard let gap = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) else { continue }
            let key = trimmed[..<gap], value = trimmed[gap...].trimmingCharacters(in: .whitespaces)
            if key == "copy" {
                return glibcNames(value.replacingOccurrences(of: "\"", with: ""), in: folder, depth: depth + 1)
            }
            guard key == "abmon" || key == "ab_alt_mon" else { continue }
            // The quoted strings, whatever comments (`% sich`) stand between them.
            let names = value.split(separator: "\"", omittingEmptySubsequences: false).enumerated()
                .filter { $0.offset % 2 == 1 }.map { _, quoted -> String in
                    var name = ""
                    var rest = quoted
                    while !rest.isEmpty {
                        if rest.hasPrefix("<U"), let close = rest.firstIndex(of: ">"),
                           let value = UInt32(rest[rest.index(rest.startIndex, offsetBy: 2)..<close], radix: 16),
                           let scalar = Unicode.Scalar(value) {
                            name.unicodeScalars.append(scalar)
                            rest = rest[rest.index(after: close)...]
                        } else {
                            name.append(rest.removeFirst())
                        }
                    }
                    return name
                }
            if names.count == 12 { found.append(names) }
        }
        return found.isEmpty ? nil : found
    }

    @Test("every name glibc's locale sources give for these locales is read as its month")
    func glibcSources() throws {
        let folder = URL(fileURLWithPath: "/usr/share/i18n/locales")
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("de_DE").path) else {
            print("skipped: glibc's locale sources are not installed (/usr/share/i18n/locales, Debian package locales)")
            return
        }
        let names = ["de_DE", "de_AT", "de_CH", "fr_FR", "fr_CA", "fr_BE", "es_ES", "es_MX", "it_IT", "pt_PT", "pt_BR", "nl_NL",
                     "nl_BE", "pl_PL", "ru_RU", "uk_UA", "el_GR", "tr_TR", "sv_SE", "da_DK", "nb_NO", "nn_NO", "cs_CZ", "sk_SK",
                     "sl_SI", "hu_HU", "ro_RO", "fi_FI"]
        for locale in names {
            let lists = try #require(Self.glibcNames(locale, in: folder), "\(locale): no abmon")
            for list in lists {
                for (index, name) in list.enumerated() {
                    let line = "\(name) 05 06:25:01 mx1 postfix/smtpd[1]: x"
                    #expect(Self.prefix(line)?.time?.month == index + 1, "\(locale): \(name)")
                }
            }
        }
    }
}
