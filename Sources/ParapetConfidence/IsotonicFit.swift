/// Isotonic regression as scikit-learn's `IsotonicRegression(y_min=0, y_max=1)` fits it.
enum IsotonicFit {
    /// `np.finfo(np.float64).resolution`: scores closer than this to a group's first score are
    /// one threshold.
    static let resolution = 1e-15

    /// The thresholds and values for samples with finite scores (checked by the caller).
    static func fit(_ samples: [CalibrationSample]) -> (thresholds: [Double], values: [Double]) {
        let sorted = samples.sorted { lhs, rhs in
            lhs.score != rhs.score ? lhs.score < rhs.score : (!lhs.correct && rhs.correct)
        }
        // Pool equal scores: mean label, summed weight.
        var xs: [Double] = []
        var ys: [Double] = []
        var weights: [Double] = []
        for sample in sorted {
            let label = sample.correct ? 1.0 : 0.0
            if let first = xs.last, sample.score - first < resolution {
                ys[ys.count - 1] += label
                weights[weights.count - 1] += 1
            } else {
                xs.append(sample.score)
                ys.append(label)
                weights.append(1)
            }
        }
        for index in ys.indices { ys[index] /= weights[index] }
        let fitted = poolAdjacentViolators(ys, weights: weights).map { min(max($0, 0), 1) }
        // Keep the ends and every point that differs from a neighbour.
        var thresholds: [Double] = []
        var values: [Double] = []
        for index in fitted.indices {
            let interior = index > 0 && index < fitted.count - 1
            if !interior || fitted[index] != fitted[index - 1] || fitted[index] != fitted[index + 1] {
                thresholds.append(xs[index])
                values.append(fitted[index])
            }
        }
        return (thresholds, values)
    }

    /// The weighted least-squares non-decreasing fit: merges each block with its predecessors
    /// while they are not increasing (blocks with equal means merge too, as sklearn's does).
    static func poolAdjacentViolators(_ ys: [Double], weights: [Double]) -> [Double] {
        var sums: [Double] = []  // weighted sum of y per block
        var blockWeights: [Double] = []
        var lengths: [Int] = []
        for index in ys.indices {
            var sum = ys[index] * weights[index]
            var weight = weights[index]
            var length = 1
            while let last = sums.last, let lastWeight = blockWeights.last, last / lastWeight >= sum / weight {
                sum += last
                weight += lastWeight
                length += lengths[lengths.count - 1]
                sums.removeLast()
                blockWeights.removeLast()
                lengths.removeLast()
            }
            sums.append(sum)
            blockWeights.append(weight)
            lengths.append(length)
        }
        var result: [Double] = []
        result.reserveCapacity(ys.count)
        for block in sums.indices {
            result.append(contentsOf: repeatElement(sums[block] / blockWeights[block], count: lengths[block]))
        }
        return result
    }
}
