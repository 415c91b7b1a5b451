import ParapetCore

/// Detects personal data in text: email addresses, phone numbers, payment card numbers, IBANs,
/// US social security numbers, IP addresses, URLs, MAC addresses, Bitcoin addresses and US bank
/// routing numbers.
///
/// A single pass over the UTF-8 bytes with a first-byte prefilter dispatches to hand-written
/// matchers; numbers are validated (Luhn, mod-97, ABA 3-7-1, base58check, bech32) and scored
/// with nearby context words. No regular expressions.
public struct PIIDetector: Detector {
    /// `pii@1`.
    public let id = DetectorID(name: "pii", version: 1)

    /// The ten `pii.*` categories.
    public var categories: [CategoryID] { PIICategory.all }

    /// Creates the detector. It holds no state.
    public init() {}

    /// Appends every personal-data match in `text` to `hits`, in text order per matcher.
    public func scan(_ text: ScanText, into hits: inout [DetectorHit]) throws(DetectorFailure) {
        guard !text.bytes.isEmpty, text.bytes.count == text.lowered.count else { return }
        text.bytes.withUnsafeBufferPointer { bytes in
            text.lowered.withUnsafeBufferPointer { lowered in
                PIIScanner(bytes: bytes, lowered: lowered).run(into: &hits)
            }
        }
    }
}
