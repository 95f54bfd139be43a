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

    /// Every name as one word, its bytes little-endian and zero-padded (no name is longer than
    /// 8 bytes), with its month, in an open-addressed table of `slotCount` slots (a few hundred
    /// bytes): a lookup builds one word from the line and mostly probes one slot, no strings.
    /// An empty slot holds 0, which no name is.
    private static let slotCount = 512
    private static let slots: [(key: UInt64, month: UInt8)] = {
        var slots = [(key: UInt64, month: UInt8)](repeating: (0, 0), count: slotCount)
        for language in languages {
            for (index, spellings) in language.names.enumerated() {
                for name in spellings.split(separator: "|") {
                    let bytes = Array(name.utf8)
                    precondition(!bytes.isEmpty && bytes.count <= maximumLength, "month name \(name): 1 to \(maximumLength) bytes")
                    // English spellings (`May`, `Mar` in Turkish) are read before the table.
                    if bytes.count == 3, TimestampParser.monthNumber(bytes[0], bytes[1], bytes[2]) != nil { continue }
                    let key = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) &<< UInt64(8 * $1.offset) }
                    var slot = slotIndex(key)
                    while slots[slot].key != 0 && slots[slot].key != key { slot = (slot + 1) & (slotCount - 1) }
                    // The first language keeps a name; a test checks that none names two months.
                    if slots[slot].key == 0 { slots[slot] = (key, UInt8(index + 1)) }
                }
            }
        }
        return slots
    }()

    @inline(__always)
    private static func slotIndex(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> 55)   // the top 9 bits: 512 slots
    }

    /// Every name in the table with its month, for tests.
    static var all: [(name: [UInt8], month: Int)] {
        slots.filter { $0.key != 0 }.map { slot in
            (Array((0..<8).map { UInt8(truncatingIfNeeded: slot.key &>> UInt64(8 * $0)) }.prefix { $0 != 0 }), Int(slot.month))
        }
    }

    /// The month of the name at `at`, which ends at the first space after it, and the offset of
    /// that space; nil when the bytes up to it are not a name in the table.
    static func month(in bytes: UnsafeBufferPointer<UInt8>, at: Int) -> (month: Int, end: Int)? {
        // The name as a word, built while its end is looked for: a space within 9 bytes.
        let limit = min(bytes.count, at + maximumLength + 1)
        var end = at
        var key: UInt64 = 0
        var shift: UInt64 = 0
        while end < limit {
            let byte = bytes[end]
            if byte == 0x20 { break }
            if byte == 0 { return nil }
            key |= UInt64(byte) &<< shift
            shift &+= 8
            end += 1
        }
        guard end < limit, end > at else { return nil }
        var slot = slotIndex(key)
        while true {
            let entry = slots[slot]
            if entry.key == key { return (Int(entry.month), end) }
            if entry.key == 0 { return nil }
            slot = (slot + 1) & (slotCount - 1)
        }
    }
}
