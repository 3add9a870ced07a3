/// Mask evaluation, ISO/IEC 18004:2015 §7.8.3.1, Table 11 (N1 = 3, N2 = 3,
/// N3 = 40, N4 = 10). The reading of N3 (a 1:1:3:1:1 run with four light modules
/// on at least one side, the symbol edge counting as light) follows the
/// reference encoder segno so both choose the same mask.
enum MaskPenalty {
    static func score(of grid: ModuleGrid) -> Int {
        let size = grid.size
        var total = 0
        var darkCount = 0
        for line in 0..<size {
            let row = (0..<size).map { grid[$0, line] }
            let column = (0..<size).map { grid[line, $0] }
            total += adjacentRunPenalty(row) + adjacentRunPenalty(column)
            total += finderLikePenalty(row) + finderLikePenalty(column)
            darkCount += row.count(where: { $0 })
        }
        total += blockPenalty(grid)
        total += balancePenalty(darkCount: darkCount, moduleCount: size * size)
        return total
    }

    /// N1: each run of k ≥ 5 same-coloured modules scores 3 + (k − 5).
    static func adjacentRunPenalty(_ line: [Bool]) -> Int {
        var penalty = 0
        var runLength = 0
        var previous: Bool?
        for module in line {
            if module == previous {
                runLength += 1
            } else {
                if runLength >= 5 { penalty += runLength - 2 }
                runLength = 1
                previous = module
            }
        }
        if runLength >= 5 { penalty += runLength - 2 }
        return penalty
    }

    /// N2: every 2×2 block of one colour scores 3 (overlapping blocks all count,
    /// which equals 3·(m − 1)·(n − 1) for an m×n block).
    static func blockPenalty(_ grid: ModuleGrid) -> Int {
        var penalty = 0
        for y in 1..<grid.size {
            for x in 1..<grid.size {
                let colour = grid[x, y]
                if grid[x - 1, y] == colour, grid[x, y - 1] == colour, grid[x - 1, y - 1] == colour {
                    penalty += 3
                }
            }
        }
        return penalty
    }

    private static let finderLikePattern: [Bool] = [true, false, true, true, true, false, true]

    /// N3: 40 per dark–light–dark×3–light–dark run bordered by four light modules
    /// (or the symbol edge) on either side. After a scoring match the search resumes
    /// past it, otherwise at its fifth module, matching segno's scan.
    static func finderLikePenalty(_ line: [Bool]) -> Int {
        let count = line.count
        let patternLength = finderLikePattern.count
        var penalty = 0
        var searchStart = 0
        while let start = firstMatch(of: finderLikePattern, in: line, from: searchStart) {
            let end = start + patternLength
            let lightBefore = !line[max(start - 4, 0)..<start].contains(true)
            let lightAfter = !line[end..<min(end + 4, count)].contains(true)
            if lightBefore || lightAfter {
                penalty += 40
                searchStart = end
            } else {
                searchStart = start + 4
            }
        }
        return penalty
    }

    private static func firstMatch(of pattern: [Bool], in line: [Bool], from start: Int) -> Int? {
        guard start + pattern.count <= line.count else { return nil }
        for candidate in start...(line.count - pattern.count) {
            var matches = true
            for offset in 0..<pattern.count where line[candidate + offset] != pattern[offset] {
                matches = false
                break
            }
            if matches { return candidate }
        }
        return nil
    }

    /// N4: 10 points for every full 5 % the dark proportion deviates from 50 %.
    static func balancePenalty(darkCount: Int, moduleCount: Int) -> Int {
        // |dark/total·100 − 50| / 5 == |20·dark − 10·total| / total, kept in integers.
        10 * (abs(20 * darkCount - 10 * moduleCount) / moduleCount)
    }
}
