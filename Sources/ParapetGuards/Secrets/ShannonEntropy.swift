import Foundation

/// Shannon entropy of a byte range, in bits per byte. Used only on candidate values (never in the
/// scan loop); the histogram lives in a stack-allocated temporary buffer.
enum ShannonEntropy {
    static func bitsPerByte(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double {
        let n = range.count
        guard n > 1 else { return 0 }
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 256) { counts -> Double in
            counts.initialize(repeating: 0)
            for i in range { counts[Int(b[i])] &+= 1 }
            var h = 0.0
            let total = Double(n)
            for c in counts where c > 0 {
                let p = Double(c) / total
                h -= p * log2(p)
            }
            return h
        }
    }

    /// `h` with one decimal, without Foundation formatting ("4.6").
    static func format(_ h: Double) -> String {
        let tenths = Int((h * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
