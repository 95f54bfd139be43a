/// Lines made from a few seed lines by changing one byte at one place, and by cutting the line
/// there: what a byte reader is held to against the pattern or the code it replaced.
enum ByteMutations {
    /// Calls `body` with every seed with each byte of `alphabet` at each place (`changed`), and
    /// with the seed cut before that place (`cut`), each with a label to name it in a failure.
    static func forEach(seeds: [String], alphabet: [UInt8],
                        _ body: (_ changed: [UInt8], _ changedLabel: String, _ cut: [UInt8], _ cutLabel: String) throws -> Void) rethrows {
        for seed in seeds {
            let original = Array(seed.utf8)
            for place in original.indices {
                for byte in alphabet {
                    var bytes = original
                    bytes[place] = byte
                    try body(bytes, "\(seed) with \(byte) at \(place)", Array(bytes[..<place]), "\(seed) cut at \(place)")
                }
            }
        }
    }
}
