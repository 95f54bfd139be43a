import Foundation
import Testing
@testable import SMTPLogKit

/// `disconnect from` command lists are counted through a cache of the lists already read
/// (`SessionCommandCache`): the tallies must be those of reading every list, whatever lists
/// repeat, collide in the cache, or cannot be kept (too long, too many commands, counts too
/// large, names Postfix does not count).
@Suite("Session command lists through the cache")
struct SessionCommandCacheTests {
    static let lists = [
        "ehlo=2 starttls=1 mail=1 rcpt=1 data=1 quit=1 commands=7",
        "ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5",
        "ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4",
        "helo=1 mail=1 rcpt=0/1 quit=1 commands=3/4",
        "ehlo=1 auth=0/3 commands=1/4",
        "commands=0/0",
        "unknown=0/1 commands=0/1",
        // Longer than 64 bytes: read every time.
        "ehlo=2 starttls=1 auth=1 mail=1 rcpt=12 data=1 rset=1 noop=2 quit=1 commands=22",
        // More commands than a kept list holds.
        "helo=1 ehlo=1 starttls=1 auth=1 mail=1 rcpt=1 data=1 rset=1 quit=1 commands=9",
        // Counts beyond what a kept tally holds.
        "ehlo=1 rcpt=0/20000 commands=1/20001",
        // A name Postfix does not count, and a malformed token.
        "ehlo=1 xyzzy=2 mail=x quit=1 commands=4",
        "EHLO=1 QUIT=1 commands=2",
    ]

    /// The tallies by name, read the plain way: every `name=a/b` or `name=n`, `commands=` left out.
    static func expected(_ lists: [String]) -> [String: CommandTally] {
        var tallies: [String: CommandTally] = [:]
        for list in lists {
            for token in list.split(separator: " ") {
                let parts = token.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0] != "commands" else { continue }
                let counts = parts[1].split(separator: "/").map { Int($0) }
                guard counts.allSatisfy({ $0 != nil }), let accepted = counts.first ?? nil else { continue }
                let total = counts.count == 2 ? counts[1]! : accepted
                tallies[parts[0].lowercased(), default: CommandTally()].accepted += accepted
                tallies[parts[0].lowercased(), default: CommandTally()].total += total
            }
        }
        return tallies
    }

    @Test("tallies equal a plain reading of every list, over thousands of disconnections")
    func talliesEqualPlainReading() {
        var chosen: [String] = []
        var log = ""
        var generator = SystemRandomNumberGenerator()
        for index in 0..<3_000 {
            // Many distinct lists too, so that lists meet in the cache's slots.
            let list = index % 5 == 0 ? "ehlo=1 mail=1 rcpt=\(index % 97)/\(index % 97 + 3) quit=1 commands=\(index % 97 + 2)/\(index % 97 + 5)"
                : SessionCommandCacheTests.lists.randomElement(using: &generator)!
            chosen.append(list)
            let client = "192.0.2.\(index % 250 + 1)"
            log += "Nov 22 06:25:\(10 + index % 40) mx postfix/smtpd[\(1000 + index)]: connect from unknown[\(client)]\n"
            log += "Nov 22 06:25:\(10 + index % 40) mx postfix/smtpd[\(1000 + index)]: disconnect from unknown[\(client)] \(list)\n"
        }
        let sessions = Analyzer(options: AnalysisOptions()).analyze(bytes: Array(log.utf8)).summary.traffic.sessions
        // `EHLO=` is counted apart from `ehlo=` (as another name), under the same lower-case name.
        let read = Dictionary(sessions.commands.map { ($0.name, $0.tally) }, uniquingKeysWith: +)
        #expect(read == SessionCommandCacheTests.expected(chosen))
        #expect(sessions.connections == 3_000)
    }

    /// `place` reads a list's words where they lie in the line, the last one cut at the list's
    /// end: a list of any length up to 64 bytes is found once kept, whatever bytes stand
    /// around it in the line, and a list that differs in any byte (the last one too) is not.
    @Test("a kept list is found by its bytes alone, at every length and offset")
    func keptListFoundByItsBytes() {
        let tallies = [(index: 0, accepted: 1, total: 1)]
        for length in 1...SessionCommandCache.maxBytes {
            let list = (0..<length).map { UInt8(0x61 + $0 % 26) }
            for offset in [0, 3, 8, 13] {
                var cache = SessionCommandCache()
                // Kept from one line, looked up in others with other bytes around the list.
                let kept = [UInt8](repeating: 0x20, count: offset) + list + [0x20, 0x71]
                let keptRange = offset..<(offset + length)
                kept.withUnsafeBufferPointer { line in
                    let place = cache.place(of: keptRange, in: line)!
                    #expect(!place.found)
                    tallies.withUnsafeBufferPointer { cache.keep(keptRange, in: line, slot: place.slot, tallies: $0) }
                    #expect(cache.place(of: keptRange, in: line)?.found == true)
                }
                let other = [UInt8](repeating: 0x7A, count: offset + 5) + list + [0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48]
                let otherRange = (offset + 5)..<(offset + 5 + length)
                other.withUnsafeBufferPointer { line in
                    #expect(cache.place(of: otherRange, in: line)?.found == true, "length \(length), offset \(offset)")
                }
                // The same list with its last byte, or its first, changed.
                for changed in Set([0, length - 1]) {
                    var differing = other
                    differing[offset + 5 + changed] = 0x30
                    differing.withUnsafeBufferPointer { line in
                        #expect(cache.place(of: otherRange, in: line)?.found == false, "length \(length), byte \(changed)")
                    }
                }
                // A list that ends where the line ends.
                let ending = Array(list)
                ending.withUnsafeBufferPointer { line in
                    #expect(cache.place(of: 0..<length, in: line)?.found == true)
                }
            }
        }
    }

    /// A cached list's disconnections are counted in its slot and added to the figures only
    /// when read, merged, written out, or when the slot takes another list: parts that still
    /// hold counted lists must merge, compare and round-trip as if every list had been added.
    @Test("lists counted in the cache and not yet added are in merged, compared and written figures")
    func pendingListsInEveryFigure() throws {
        func log(_ lists: [String], from first: Int) -> [UInt8] {
            var text = ""
            for (offset, list) in lists.enumerated() {
                let pid = first + offset
                text += "Nov 22 06:25:10 mx postfix/smtpd[\(pid)]: connect from unknown[192.0.2.\(pid % 250 + 1)]\n"
                text += "Nov 22 06:25:11 mx postfix/smtpd[\(pid)]: disconnect from unknown[192.0.2.\(pid % 250 + 1)] \(list)\n"
            }
            return Array(text.utf8)
        }
        // The same few lists again and again (found in the cache), and among them many distinct
        // ones that take slots over from lists with counts not yet added.
        let lists = (0..<2_000).map { index in
            index % 3 == 0 ? "ehlo=1 mail=1 rcpt=\(index % 301)/\(index % 301 + 1) quit=1 commands=\(index % 301 + 2)/\(index % 301 + 3)"
                : SessionCommandCacheTests.lists[index % 7]
        }
        let analyzer = Analyzer(options: AnalysisOptions())
        let whole = analyzer.analyze(bytes: log(lists, from: 1000)).summary.traffic.sessions
        let expected = SessionCommandCacheTests.expected(lists)
        #expect(Dictionary(whole.commands.map { ($0.name, $0.tally) }, uniquingKeysWith: +) == expected)

        var first = analyzer.analyze(bytes: log(Array(lists[..<1_200]), from: 1000)).summary.traffic.sessions
        let second = analyzer.analyze(bytes: log(Array(lists[1_200...]), from: 2200)).summary.traffic.sessions
        #expect(first != whole && second != whole)
        first += second
        #expect(first == whole)
        #expect(Dictionary(first.commands.map { ($0.name, $0.tally) }, uniquingKeysWith: +) == expected)
        // Merged again after more lists were counted in the merged part's cache.
        var again = analyzer.analyze(bytes: log(Array(lists[..<600]), from: 1000)).summary.traffic.sessions
        again += analyzer.analyze(bytes: log(Array(lists[600..<1_200]), from: 1600)).summary.traffic.sessions
        again += second
        #expect(again == whole)

        let readBack = try JSONDecoder().decode(SessionTraffic.self, from: try JSONEncoder().encode(whole))
        #expect(readBack == whole)
        #expect(readBack.commandTallies == whole.commandTallies)
        #expect(readBack.commandTallies.reduce(0) { $0 + $1.total } > 0)
    }
}
