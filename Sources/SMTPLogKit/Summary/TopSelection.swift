extension UnsafeMutableBufferPointer {
    /// Moves the `count` first elements in the strict total order `before` to the front, in no
    /// particular order, the rest behind them: a quickselect, linear on average where a sort of
    /// the whole is n log n. A capped table prunes itself to its top half this way each time it
    /// fills; with a million distinct clients the sorts were 3% of all instructions (callgrind).
    /// Median-of-three pivots; past a depth of 2 log2 n (an input that defeats them) the part
    /// left is sorted, so the worst case stays n log n. Deterministic: the same elements in the
    /// same order give the same result.
    mutating func selectFirst(_ count: Int, by before: (Element, Element) -> Bool) {
        guard count > 0, count < self.count else { return }
        let target = count - 1
        var low = 0
        var high = self.count - 1
        var budget = 2 * (Int.bitWidth - self.count.leadingZeroBitCount) + 4
        while high > low {
            guard budget > 0 else {
                let sorted = self[low...high].sorted(by: before)
                for (offset, element) in sorted.enumerated() { self[low + offset] = element }
                return
            }
            budget -= 1
            let middle = low + (high - low) / 2
            if before(self[middle], self[low]) { swapAt(middle, low) }
            if before(self[high], self[low]) { swapAt(high, low) }
            if before(self[high], self[middle]) { swapAt(high, middle) }
            let pivot = self[middle]
            var left = low
            var right = high
            while left <= right {
                while before(self[left], pivot) { left += 1 }
                while before(pivot, self[right]) { right -= 1 }
                if left <= right {
                    swapAt(left, right)
                    left += 1
                    right -= 1
                }
            }
            if target <= right {
                high = right
            } else if target >= left {
                low = left
            } else {
                return
            }
        }
    }
}
