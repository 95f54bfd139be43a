import Testing
@testable import SMTPLogKit

/// A failure trail's run before a login, and two parts' trails joined, take shortcuts for
/// stamps in order (nearly always): they must give what the plain definitions give, a filter of
/// the stamps in the window and a sort of both parts' stamps, on stamps in order and out of it.
@Suite("Failure trails")
struct FailureTrailTests {
    /// A trail of `count` failures a few seconds apart, `shuffled` of them swapped out of order.
    static func trail(count: Int, shuffled: Int, random: inout SplitMix) -> FailureTrail {
        var stamps: [UInt32] = []
        var now: UInt32 = 1_000_000
        for _ in 0..<count {
            now += UInt32.random(in: 0...90, using: &random)
            stamps.append(now)
        }
        for _ in 0..<shuffled where stamps.count > 1 {
            stamps.swapAt(Int.random(in: 0..<stamps.count, using: &random), Int.random(in: 0..<stamps.count, using: &random))
        }
        var trail = FailureTrail()
        for stamp in stamps { trail.record(stamp, example: LineExample(file: "mail.log", line: 1, text: "failure")) }
        return trail
    }

    @Test("the run before a login is the stamps in its window, the latest `memory` of them", arguments: [0, 1, 2, 3])
    func runEqualsFilter(seed: Int) {
        var random = SplitMix(seed: UInt64(seed) &+ 101)
        for _ in 0..<300 {
            let trail = FailureTrailTests.trail(count: Int.random(in: 0...200, using: &random),
                                                shuffled: Int.random(in: 0...2, using: &random), random: &random)
            let end = UInt32(1_000_000 + Int.random(in: 0...20_000, using: &random))
            let window = Int.random(in: 0...4_000, using: &random)
            let run = trail.run(endingAt: end, window: window)
            #expect(run == FailureTrail.within(trail.stamps, endingAt: end, window: window))
            #expect(trail.hasFailure(endingAt: end, window: window) == !run.isEmpty)
            #expect(FailureTrail.Run(run) == trail.runSummary(endingAt: end, window: window))
        }
    }

    @Test("two parts' stamps joined are the latest `memory` of both, in order", arguments: [0, 1, 2, 3])
    func latestEqualsSort(seed: Int) {
        var random = SplitMix(seed: UInt64(seed) &+ 202)
        for _ in 0..<300 {
            let first = FailureTrailTests.trail(count: Int.random(in: 0...100, using: &random),
                                                shuffled: Int.random(in: 0...1, using: &random), random: &random)
            var second = FailureTrailTests.trail(count: Int.random(in: 0...100, using: &random),
                                                 shuffled: Int.random(in: 0...1, using: &random), random: &random)
            // The second part after the first (the usual case), or overlapping it.
            if Bool.random(using: &random), let last = first.stamps.max() {
                var moved = FailureTrail()
                for stamp in second.stamps { moved.record(stamp - 1_000_000 + last, example: LineExample(file: "mail.log", line: 2, text: "later")) }
                second = moved
            }
            let a = first.stamps.suffix(FailureTrail.memory), b = second.stamps.suffix(FailureTrail.memory)
            let expected = Array((a + b).sorted().suffix(FailureTrail.memory))
            #expect(FailureTrail.latest(a, then: b) == expected)
            #expect((first + second).stamps == expected)
        }
    }
}
