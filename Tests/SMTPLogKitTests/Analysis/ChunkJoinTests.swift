import Foundation
import Testing
@testable import SMTPLogKit

/// A large file read on several cores is cut into chunks tapering to `maximumChunk` bytes, and
/// each chunk is joined to the ones before it as soon as they are read (`JobFolder`), so that
/// memory holds the running join and the chunks in flight rather than one full set of tables
/// per core. Many small chunks must report exactly what one pass reports. (Two cores read a
/// file of up to `ChunkPlan.defaultHalvingLimit` in halves: the tests that want many chunks on
/// two set `halvingLimit` to 0.)
@Suite("Large files cut into many chunks joined as they are read", .serialized)
struct ChunkJoinTests {
    @Test("a chunk plan with a maximum covers the file in order, at line starts, in chunks tapering to the maximum")
    func planCoversFile() throws {
        let folder = try TemporaryFolder()
        let flavor = GeneratedTruthTests.flavors[0]
        let log = try GeneratedTruthTests.generate(flavor, in: folder).log
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: log)))
        let maximum = 100_000
        let plan = ChunkPlan.plan(path: log, size: bytes.count, parts: 2, minimumChunk: 64 << 10, maximumChunk: maximum)
        // Fewer chunks than even ones of the maximum would be, at least as many as of four maxima.
        #expect(plan.ranges.count >= bytes.count / (ChunkPlan.taperLimit * maximum) && plan.ranges.count < bytes.count / maximum)
        #expect(plan.ranges.first?.lowerBound == 0 && plan.ranges.last?.upperBound == bytes.count)
        for (before, after) in zip(plan.ranges, plan.ranges.dropFirst()) {
            #expect(before.upperBound == after.lowerBound)
            #expect(bytes[after.lowerBound - 1] == 0x0A, "a chunk starts after a newline")
        }
        // A line start is looked for up to a megabyte after the cut: no chunk is much longer
        // than the taper allows, and the chunks near the end (where what is left is less than
        // `taperShare` maxima) are the maximum at most.
        #expect(plan.ranges.allSatisfy { $0.count < ChunkPlan.taperLimit * maximum + 4_096 })
        let nearEnd = plan.ranges.filter { bytes.count - $0.lowerBound < ChunkPlan.taperShare * maximum }
        #expect(nearEnd.count >= 2 && nearEnd.allSatisfy { $0.count < maximum + 4_096 })
        #expect(plan.ranges.contains { $0.count > 2 * maximum }, "a 4 MB log's first chunks are larger")
        // Without a maximum, one chunk per part, as before.
        #expect(ChunkPlan.plan(path: log, size: bytes.count, parts: 2, minimumChunk: 64 << 10).ranges.count == 2)
        // A file too small to split stays whole whatever the maximum.
        #expect(ChunkPlan.plan(path: log, size: bytes.count, parts: 2, minimumChunk: bytes.count, maximumChunk: 1).ranges.count == 1)
    }

    @Test("two workers read a file up to the halving limit in halves, a longer one and more workers taper")
    func halvesOnTwoWorkers() throws {
        let folder = try TemporaryFolder()
        let log = try GeneratedTruthTests.generate(GeneratedTruthTests.flavors[0], in: folder).log
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: log)))
        let size = bytes.count, maximum = 100_000
        func plan(parts: Int, halvingLimit: Int) -> [Range<Int>] {
            ChunkPlan.plan(path: log, size: size, parts: parts, minimumChunk: 64 << 10, maximumChunk: maximum,
                           halvingLimit: halvingLimit).ranges
        }
        let halves = plan(parts: 2, halvingLimit: size)
        #expect(halves.count == 2 && halves[0].lowerBound == 0 && halves[1].upperBound == size)
        #expect(halves[0].upperBound == halves[1].lowerBound && bytes[halves[1].lowerBound - 1] == 0x0A)
        #expect(abs(halves[0].count - size / 2) < 4_096, "cut at the line start nearest the middle")
        // One byte past the limit, or three workers: the taper, as without a limit.
        let tapered = plan(parts: 2, halvingLimit: 0)
        #expect(tapered.count > 8 && plan(parts: 2, halvingLimit: size - 1) == tapered)
        #expect(plan(parts: 3, halvingLimit: size).count > 8)
        // The analyzer's default halves the 1 GB benchmark log's size on two cores.
        #expect(AnalysisOptions(threads: 2).halvingLimit == ChunkPlan.defaultHalvingLimit)
        #expect(ChunkPlan.defaultHalvingLimit >= 1_073_743_875 && ChunkPlan.defaultHalvingLimit < 3 << 30)
    }

    @Test("a cut whose next stamped line is past the first small window, and a first stamp past it, are still found")
    func lineStartPastSmallWindow() throws {
        let folder = try TemporaryFolder()
        let line = "Feb  3 06:25:01 mail postfix/smtpd[123]: connect from client.example[192.0.2.1]\n"
        let lines = String(repeating: line, count: 2_000)
        // An unstamped line of 200 KiB, from about 160 to 360 KB: the middle of the file, where
        // a two-part plan cuts, falls in it, and no line starts within 64 KiB of the cut.
        let junk = String(repeating: "x", count: 200 << 10) + "\n"
        let path = try folder.write("long.log", lines + junk + lines)
        let size = (lines + junk + lines).utf8.count
        let afterJunk = (lines + junk).utf8.count
        #expect(size / 2 > lines.utf8.count && size / 2 + ChunkPlan.lineStartWindows[0] < afterJunk)
        let plan = ChunkPlan.plan(path: path, size: size, parts: 2, minimumChunk: 64 << 10)
        #expect(plan.ranges == [0..<afterJunk, afterJunk..<size])

        // The first syslog stamp after 100 KiB of unstamped bytes: February.
        let late = try folder.write("late.log", String(repeating: "y", count: 100 << 10) + "\n" + lines)
        #expect(ChunkPlan.firstSyslogMonth(path: late) == 2)
        #expect(ChunkPlan.firstSyslogMonth(path: try folder.write("none.log", junk)) == nil)
        // A line the small window's end cuts is not read as it is cut: whole, this one has no
        // known prefix, cut after "abc:" it would; the month is the next whole line's, March.
        let whole = "Feb  3 06:25:01 abc:def ghi", cut = "Feb  3 06:25:01 abc:"
        #expect(whole.utf8.withContiguousStorageIfAvailable { LinePrefix.parse($0) } == .some(nil))
        #expect(cut.utf8.withContiguousStorageIfAvailable { LinePrefix.parse($0) != nil } == true)
        let filler = String(repeating: "y", count: ChunkPlan.lineStartWindows[0] - cut.utf8.count - 1) + "\n"
        let cutLog = try folder.write("cut.log", filler + whole + "\n" + "Mar  4 06:25:01 mail postfix/smtpd[1]: connect from x[192.0.2.1]\n")
        #expect(ChunkPlan.firstSyslogMonth(path: cutLog) == 3)
        // A cut with no stamped line after it within a megabyte is no cut: the file stays whole.
        let unstamped = try folder.write("unstamped.log", lines + String(repeating: junk, count: 8))
        let unstampedSize = (lines + String(repeating: junk, count: 8)).utf8.count
        #expect(ChunkPlan.plan(path: unstamped, size: unstampedSize, parts: 2, minimumChunk: 64 << 10).ranges == [0..<unstampedSize])
    }

    @Test("with more chunks than workers, the first chunks are staggered (1/n, 2/n… of a chunk), the rest even")
    func staggeredPlan() throws {
        // The cuts alone: two workers, the first chunk half; three, a third then two thirds.
        #expect(ChunkPlan.staggeredCuts(size: 1_000, parts: 4, workers: 2) == [125, 375, 625, 875])
        #expect(ChunkPlan.staggeredCuts(size: 900, parts: 3, workers: 3) == [100, 300, 600])
        // The last chunk of each worker cut in four: a worker that finds none left waits a quarter
        // chunk at most for the other's last; no cut when there are no more chunks than workers.
        #expect(ChunkPlan.endingFinely([100, 200, 300], size: 400, workers: 2) == [100, 200, 225, 250, 275, 300, 325, 350, 375])
        #expect(ChunkPlan.endingFinely([500], size: 1_000, workers: 2) == [500])
        let folder = try TemporaryFolder()
        let log = try GeneratedTruthTests.generate(GeneratedTruthTests.flavors[0], in: folder).log
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: log)))
        // A maximum of an eighth of the file or more: no chunk tapers (`taperedCuts`).
        let maximum = bytes.count / ChunkPlan.taperShare + 1
        let ranges = ChunkPlan.plan(path: log, size: bytes.count, parts: 2, minimumChunk: 64 << 10, maximumChunk: maximum).ranges
        let chunk = bytes.count / (bytes.count / maximum + 1)
        // The first chunk is about half the others (a line start is found after each cut).
        #expect(ranges.count >= 4)
        #expect(abs(ranges[0].count - chunk / 2) < 4_096)
        // The last two chunks (one per worker) are each cut in `endingSplit` (`endingFinely`).
        let ending = 2 * ChunkPlan.endingSplit
        #expect(ranges.dropFirst().dropLast(ending).allSatisfy { abs($0.count - chunk) < 4_096 })
        #expect(ranges.suffix(ending).prefix(ChunkPlan.endingSplit).allSatisfy { abs($0.count - chunk / ChunkPlan.endingSplit) < 4_096 })
        #expect(ranges.allSatisfy { $0.count < maximum + 4_096 })
        #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == bytes.count)
        for (before, after) in zip(ranges, ranges.dropFirst()) {
            #expect(before.upperBound == after.lowerBound && bytes[after.lowerBound - 1] == 0x0A)
        }
    }

    @Test("a large file's chunks taper: an eighth of what is left, four maxima at most, the maximum near the end")
    func taperedPlan() {
        let mebibyte = 1 << 20
        let size = 1_024 * mebibyte, maximum = 32 * mebibyte
        let cuts = ChunkPlan.taperedCuts(size: size, workers: 2, chunk: maximum)
        let lengths = zip([0] + cuts, cuts + [size]).map { $1 - $0 }
        // 19 chunks where chunks of the maximum made 33 (the first half of one).
        #expect(lengths.count == 19)
        #expect(cuts == cuts.sorted() && lengths.allSatisfy { $0 > 0 } && lengths.reduce(0, +) == size)
        // The first is staggered: half of the largest, which is four maxima.
        #expect(lengths[0] == 2 * maximum && lengths[1] == size / 8 - lengths[0] / 8)
        #expect(lengths.allSatisfy { $0 <= ChunkPlan.taperLimit * maximum })
        // After the first, each is at most the one before, down to the maximum.
        #expect(zip(lengths.dropFirst(), lengths.dropFirst(2)).allSatisfy { $0 + 1 >= $1 }, "even chunks differ by a byte")
        var left = size - lengths[0]
        for length in lengths.dropFirst() {
            #expect(length <= max(left / ChunkPlan.taperShare, maximum))
            left -= length
        }
        #expect(lengths.suffix(8).allSatisfy { $0 <= maximum })
        // A file past the span (one GiB) tapers over its first GiB alone, as that file would,
        // then is cut into chunks of the maximum.
        #expect(size == ChunkPlan.taperSpan)
        let long = ChunkPlan.taperedCuts(size: 3 * size, workers: 2, chunk: maximum)
        let longLengths = zip([0] + long, long + [3 * size]).map { $1 - $0 }
        #expect(Array(longLengths.prefix(11)) == Array(lengths.prefix(11)) && lengths[10] > maximum)
        #expect(longLengths.dropFirst(11).allSatisfy { $0 <= maximum } && longLengths.count == 11 + 72)
        // A file of at most about eight maxima is cut as before: even chunks, the first staggered.
        #expect(ChunkPlan.taperedCuts(size: 1_000, workers: 2, chunk: 250)
                == ChunkPlan.staggeredCuts(size: 1_000, parts: 4, workers: 2))
        #expect(ChunkPlan.taperedCuts(size: 900, workers: 3, chunk: 300)
                == ChunkPlan.staggeredCuts(size: 900, parts: 3, workers: 3))
        // On four cores a taper of one chunk leaves two of the stagger's steps to the tail: a
        // quarter, a half and three quarters of a tail chunk, then whole ones.
        let four = ChunkPlan.taperedCuts(size: 257 * mebibyte, workers: 4, chunk: maximum)
        let quarters = zip([0] + four, four + [257 * mebibyte]).map { $1 - $0 }
        let tailChunk = quarters[3]
        #expect(quarters[0] < quarters[1] && quarters[1] < quarters[2] && quarters[2] < tailChunk)
        #expect(abs(quarters[0] - (257 * mebibyte / ChunkPlan.taperShare) / 4) <= 1)
        #expect(abs(2 * quarters[1] - tailChunk) <= 2 && abs(4 * quarters[2] - 3 * tailChunk) <= 4)
        // The last is what is left.
        #expect(quarters.dropFirst(3).dropLast().allSatisfy { $0 == tailChunk } && tailChunk <= maximum)
        #expect(quarters.last! <= tailChunk && quarters.reduce(0, +) == 257 * mebibyte)
    }

    @Test("absorbing a part's accumulators gives what += gives, and leaves the part holding none")
    func absorbIsMerge() throws {
        let folder = try TemporaryFolder()
        let log = try GeneratedTruthTests.generate(GeneratedTruthTests.flavors[0], in: folder).log
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: log)))
        // Two parts cut at a line start near the middle.
        var cut = bytes.count / 2
        while bytes[cut - 1] != 0x0A { cut += 1 }
        let analyzer = Analyzer(options: AnalysisOptions(startingYear: 2026, threads: 1))
        let first = analyzer.analyze(bytes: Array(bytes[..<cut]), name: InputName(log))
        var second = analyzer.analyze(bytes: Array(bytes[cut...]), name: InputName(log))
        second.rules.offsetLineNumbers(by: first.summary.lines.read)
        var added = first, absorbed = first
        added.summary += second.summary
        absorbed.summary += second.summary
        added.rules += second.rules
        var part = second.rules
        absorbed.rules.absorb(&part)
        let rules = RuleSet()
        #expect(rules.accumulator(of: PasswordGuessedRule.self, in: part) == nil, "the part holds no rule's accumulator")
        #expect(rules.accumulator(of: PasswordGuessedRule.self, in: absorbed.rules) != nil)
        let json = try Report(inputs: [added]).rendered(.json)
        #expect(json.contains("\"findings\""))
        #expect(try Report(inputs: [absorbed]).rendered(.json) == json)
        #expect(try Report(inputs: [absorbed]).rendered(.text) == Report(inputs: [added]).rendered(.text))
    }

    @Test("generated logs give byte-identical JSON and text on one core and in many chunks on two and three",
          arguments: [GeneratedTruthTests.flavors[0], GeneratedTruthTests.flavors[2], GeneratedTruthTests.flavors[4]])
    func sameAsOnePass(_ flavor: GeneratedTruthTests.Flavor) throws {
        let folder = try TemporaryFolder()
        let (log, truth) = try GeneratedTruthTests.generate(flavor, in: folder)
        let year = GeneratedTruthTests.startYear(truth)
        let one = Analyzer(options: AnalysisOptions(startingYear: year, threads: 1)).analyzeFolded([InputName(log)])
        let json = try Report(folded: one).rendered(.json)
        let text = try Report(folded: one).rendered(.text)
        #expect(Report(folded: one).findings.count >= 3, "\(flavor.name): the generated log's findings")
        for (threads, maximum) in [(2, 16 << 10), (2, 100_000), (3, 250_000)] {
            var options = AnalysisOptions(startingYear: year, threads: threads)
            options.minimumChunk = 16 << 10
            options.maximumChunk = maximum
            options.halvingLimit = 0
            let chunked = Analyzer(options: options).analyzeFolded([InputName(log)])
            let label = "\(flavor.name), \(threads) threads, chunks of \(maximum) bytes"
            #expect(chunked.inputs.map(\.summary.lines) == one.inputs.map(\.summary.lines), "\(label): lines")
            #expect(chunked.inputs.map(\.resumeOffset) == one.inputs.map(\.resumeOffset), "\(label): resume offset")
            // The rules judged on as many cores as the run read on (`RuleSet.findings`).
            #expect(try Report(folded: chunked, threads: threads).rendered(.json) == json, "\(label): JSON")
            #expect(try Report(folded: chunked, threads: threads).rendered(.text) == text, "\(label): text")
        }
    }

    @Test("chunks of a large file and whole small files fold in the order given")
    func mixedInputs() throws {
        let folder = try TemporaryFolder()
        let names = try FoldedAnalysisTests.files(in: folder)
        var options = AnalysisOptions(startingYear: 2026, threads: 2)
        options.minimumChunk = 16 << 10
        options.maximumChunk = 20_000
        options.halvingLimit = 0
        let chunked = Analyzer(options: options).analyzeFolded(names)
        let one = Analyzer(options: AnalysisOptions(startingYear: 2026, threads: 1)).analyzeFolded(names)
        #expect(chunked.inputs.map(\.name) == names)
        #expect(chunked.inputs.map(\.summary.lines) == one.inputs.map(\.summary.lines))
        #expect(chunked.inputs.map(\.error) == one.inputs.map(\.error))
        #expect(try Report(folded: chunked).rendered(.json) == Report(folded: one).rendered(.json))
    }
}
