import Foundation

/// Platt scaling as scikit-learn's `_sigmoid_calibration` defines it, solved more tightly.
enum PlattFit {
    /// A and B of P = 1 / (1 + exp(A·f + B)) for the raw scores f.
    static func fit(_ samples: [CalibrationSample]) -> (a: Double, b: Double) {
        let scores = samples.map(\.score)
        let positives = Double(samples.count { $0.correct })
        let negatives = Double(samples.count) - positives
        let positiveTarget = (positives + 1) / (positives + 2)
        let negativeTarget = 1 / (negatives + 2)
        let targets = samples.map { $0.correct ? positiveTarget : negativeTarget }
        let initialB = log((negatives + 1) / (positives + 1))
        // One distinct score: A cannot be told from B; the best constant is the mean target.
        guard let first = scores.first, scores.contains(where: { $0 != first }) else {
            let mean = targets.reduce(0, +) / Double(targets.count)
            return (0, log((1 - mean) / mean))
        }
        var a = 0.0
        var b = initialB
        var current = loss(a: a, b: b, scores: scores, targets: targets)
        for _ in 0..<200 {
            var gA = 0.0, gB = 0.0, hAA = 0.0, hAB = 0.0, hBB = 0.0
            for (f, t) in zip(scores, targets) {
                let z = a * f + b
                let d = t - Logistic.sigmoid(-z)
                let w = Logistic.sigmoid(z) * Logistic.sigmoid(-z)
                gA += d * f
                gB += d
                hAA += w * f * f
                hAB += w * f
                hBB += w
            }
            if max(abs(gA), abs(gB)) <= 1e-12 { break }
            // Newton direction, with LIBSVM's tiny ridge so a near-singular Hessian stays solvable.
            hAA += 1e-12
            hBB += 1e-12
            let determinant = hAA * hBB - hAB * hAB
            guard determinant > 0, determinant.isFinite else { break }
            let dA = -(hBB * gA - hAB * gB) / determinant
            let dB = -(-hAB * gA + hAA * gB) / determinant
            let slope = gA * dA + gB * dB
            var step = 1.0
            var accepted = false
            while step >= 1e-10 {
                let trialA = a + step * dA
                let trialB = b + step * dB
                let trial = loss(a: trialA, b: trialB, scores: scores, targets: targets)
                if trial <= current + 1e-4 * step * slope {
                    accepted = trialA != a || trialB != b
                    a = trialA
                    b = trialB
                    current = trial
                    break
                }
                step /= 2
            }
            if !accepted { break }
        }
        return (a, b)
    }

    /// The summed cross-entropy against the soft targets.
    static func loss(a: Double, b: Double, scores: [Double], targets: [Double]) -> Double {
        var total = 0.0
        for (f, t) in zip(scores, targets) {
            let z = a * f + b
            total += t * Logistic.softplus(z) + (1 - t) * Logistic.softplus(-z)
        }
        return total
    }
}
