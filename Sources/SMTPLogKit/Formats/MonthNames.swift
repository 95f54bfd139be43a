/// Month names of syslog stamps in other languages than English, as glibc's `%b` writes them.
///
/// rsyslog and syslogd always write English names, but a log saved from `journalctl` (or a
/// daemon stamping with `strftime`) under another `LC_TIME` writes the locale's: `Mär`,
/// `févr.`, `Απρ`. These are read only when the first three bytes are not an English month, so
/// an English log never reaches this table.
///
/// A fixed table: the names glibc 2.36 writes (`abmon`) and, where a locale has them, its
/// standalone forms (`ab_alt_mon`), which older glibc versions wrote for `%b`. A name that two
/// languages give different months would date lines wrongly without a word, so no such name is
/// in the table (a test holds that): Croatian is left out for it (its `lis`, `lip` and `srp` are
/// October, June and July; Polish and Czech use them for November, July and August).
enum MonthNames {
    /// The languages read, with their twelve names as glibc writes them (January first; more
    /// than one spelling of a month is separated by `|`). English is not here: its names are
    /// compared before the table is looked at.
    static let languages: [(locales: String, names: [String])] = [
        ("de_DE, de_CH, de_AT", ["Jan|Jän", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"]),
        ("fr_FR", ["janv.", "févr.", "mars", "avril", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]),
        ("fr_CA, fr_BE", ["jan", "fév", "mar", "avr", "mai", "jun", "jui", "aoû", "sep", "oct", "nov", "déc"]),
        ("es_ES", ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"]),
        ("it_IT", ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"]),
        ("pt_PT, pt_BR", ["jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"]),
        ("nl_NL, nl_BE", ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]),
        ("pl_PL", ["sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru"]),
        ("ru_RU", ["янв", "фев", "мар", "апр", "мая|май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]),
        ("uk_UA", ["січ", "лют", "бер", "кві", "тра", "чер", "лип", "сер", "вер", "жов", "лис", "гру"]),
        ("el_GR", ["Ιαν", "Φεβ", "Μαρ|Μάρ", "Απρ", "Μαΐ|Μάι", "Ιουν|Ιούν", "Ιουλ|Ιούλ", "Αυγ|Αύγ", "Σεπ", "Οκτ",
                   "Νοε|Νοέ", "Δεκ"]),
        ("tr_TR", ["Oca", "Şub", "Mar", "Nis", "May", "Haz", "Tem", "Ağu", "Eyl", "Eki", "Kas", "Ara"]),
        ("sv_SE, da_DK", ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]),
        ("nb_NO, nn_NO", ["jan.", "feb.", "mars", "april", "mai", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "des."]),
        ("cs_CZ", ["led", "úno", "bře", "dub", "kvě", "čen", "čec", "srp", "zář", "říj", "lis", "pro"]),
        ("sk_SK", ["jan", "feb", "mar", "apr", "máj", "jún", "júl", "aug", "sep", "okt", "nov", "dec"]),
        ("sl_SI", ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "avg", "sep", "okt", "nov", "dec"]),
        ("hu_HU", ["jan", "febr", "márc", "ápr", "máj", "jún", "júl", "aug", "szept", "okt", "nov", "dec"]),
        ("ro_RO", ["ian", "feb", "mar", "apr", "mai", "iun", "iul", "aug", "sep", "oct", "nov", "dec"]),
        ("fi_FI", ["tammi", "helmi", "maalis", "huhti", "touko", "kesä", "heinä", "elo", "syys", "loka", "marras",
                   "joulu"]),
    ]

    /// The longest name in bytes (`Ιούν` is 8): a token longer than this is no month.
    static let maximumLength = 8

    /// The names' bytes one after another, with `(offset, length, month)` per name, grouped by
    /// first byte: `starts[b]..<starts[b + 1]` are the names that begin with byte `b`. A class,
    /// so that a lookup retains one reference rather than three arrays.
    private final class Table: Sendable {
        let bytes: [UInt8]
        let entries: [(offset: Int, length: Int, month: Int)]
        let starts: [Int]

        init(_ languages: [(locales: String, names: [String])]) {
            var names: [(bytes: [UInt8], month: Int)] = []
            for language in languages {
                for (index, spellings) in language.names.enumerated() {
                    for name in spellings.split(separator: "|") {
                        let bytes = Array(name.utf8)
                        // English spellings (`May`, `Mar` in Turkish) are read before the table.
                        if bytes.count == 3, TimestampParser.monthNumber(bytes[0], bytes[1], bytes[2]) != nil { continue }
                        if !names.contains(where: { $0.bytes == bytes }) { names.append((bytes, index + 1)) }
                    }
                }
            }
            names.sort { $0.bytes.lexicographicallyPrecedes($1.bytes) }
            var bytes: [UInt8] = []
            var entries: [(offset: Int, length: Int, month: Int)] = []
            var counts = [Int](repeating: 0, count: 256)
            for name in names {
                entries.append((bytes.count, name.bytes.count, name.month))
                bytes += name.bytes
                counts[Int(name.bytes[0])] += 1
            }
            var starts = [Int](repeating: 0, count: 257)
            for byte in 0..<256 { starts[byte + 1] = starts[byte] + counts[byte] }
            self.bytes = bytes
            self.entries = entries
            self.starts = starts
        }
    }

    private static let table = Table(languages)

    /// Every name in the table with its month, for tests.
    static var all: [(name: [UInt8], month: Int)] {
        table.entries.map { (Array(table.bytes[$0.offset..<($0.offset + $0.length)]), $0.month) }
    }

    /// The month of the name at `at`, which ends at the first space after it, and the offset of
    /// that space; nil when the bytes up to it are not a name in the table.
    static func month(in bytes: UnsafeBufferPointer<UInt8>, at: Int) -> (month: Int, end: Int)? {
        guard at < bytes.count else { return nil }
        let table = self.table
        let first = Int(bytes[at])
        let candidates = table.starts[first]..<table.starts[first + 1]
        guard !candidates.isEmpty else { return nil }
        var end = at + 1
        let limit = min(bytes.count, at + maximumLength + 1)
        while end < limit, bytes[end] != 0x20 { end += 1 }
        guard end < limit else { return nil }
        let length = end - at
        for index in candidates {
            let entry = table.entries[index]
            guard entry.length == length else { continue }
            var same = true
            for offset in 1..<length where table.bytes[entry.offset + offset] != bytes[at + offset] {
                same = false
                break
            }
            if same { return (entry.month, end) }
        }
        return nil
    }
}
