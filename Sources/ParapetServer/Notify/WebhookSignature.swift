import Crypto
import Foundation
import ParapetCore

/// The signature of a webhook delivery, in the `x-parapet-signature` header:
///
///     x-parapet-signature: t=1767225600,v1=5f0c…(64 hex digits)
///
/// `v1` is the lower-case hex HMAC-SHA256, keyed with the webhook's secret, of the ASCII decimal
/// timestamp, a full stop and the exact body bytes (`"1767225600." + body`). `t` is the Unix time
/// in seconds at which the attempt was sent (each retry is signed afresh); the body, and so the
/// `x-parapet-delivery` id inside the headers, stays the same across retries. A receiver checks
/// the MAC over the raw body before parsing it, and refuses timestamps too far from its clock
/// (replays). Several `v1` entries are allowed (any may match), for rotating secrets.
public enum WebhookSignature {
    /// How far a timestamp may be from the receiver's clock by default (5 minutes).
    public static let defaultTolerance: TimeInterval = 300

    /// The header value for `body` sent at `timestamp` (Unix seconds).
    public static func header(body: [UInt8], secret: [UInt8], timestamp: Int64) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: message(body: body, timestamp: timestamp), using: SymmetricKey(data: secret))
        return "t=\(timestamp),v1=" + Hex.encode(mac)
    }

    /// Checks a delivery as a receiver would: a well-formed header, a `v1` MAC of this body with
    /// this secret (compared in constant time), and a timestamp within `tolerance` seconds of
    /// `now` (either side). Throws the first problem found.
    public static func verify(
        header: String, body: [UInt8], secret: [UInt8], now: Date = Date(), tolerance: TimeInterval = defaultTolerance
    ) throws(WebhookSignatureError) {
        var timestamp: Int64?
        var candidates: [[UInt8]] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { throw .malformed }
            let key = pair[0].trimmingCharacters(in: .whitespaces)
            let value = pair[1].trimmingCharacters(in: .whitespaces)
            switch key {
            case "t":
                guard timestamp == nil, !value.isEmpty, value.utf8.count <= 18, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                    let t = Int64(value)
                else { throw .malformed }
                timestamp = t
            case "v1":
                // A v1 that is not 32 bytes of hex cannot match; it does not make the header invalid.
                if let mac = Hex.decode(value), mac.count == SHA256.byteCount { candidates.append(mac) }
            default:
                continue  // later schemes (v2, …) are ignored
            }
        }
        guard let timestamp else { throw .malformed }
        guard !candidates.isEmpty else { throw .mismatch }
        let key = SymmetricKey(data: secret)
        let signed = message(body: body, timestamp: timestamp)
        var matched = false
        for candidate in candidates where HMAC<SHA256>.isValidAuthenticationCode(candidate, authenticating: signed, using: key) {
            matched = true
        }
        guard matched else { throw .mismatch }
        guard abs(now.timeIntervalSince1970 - Double(timestamp)) <= tolerance else { throw .stale }
    }

    /// `"<t>." + body`: what the MAC covers.
    static func message(body: [UInt8], timestamp: Int64) -> [UInt8] {
        var out = Array("\(timestamp).".utf8)
        out.append(contentsOf: body)
        return out
    }
}

/// Why `WebhookSignature.verify` refused a delivery.
public struct WebhookSignatureError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Reason: Hashable {
        case malformed, mismatch, stale
    }

    private let reason: Reason

    /// The header is not `t=<digits>,v1=<hex>[,…]`.
    public static let malformed = WebhookSignatureError(reason: .malformed)
    /// No `v1` is the MAC of this body and timestamp with this secret (tampered body, wrong secret).
    public static let mismatch = WebhookSignatureError(reason: .mismatch)
    /// The signature is right but its timestamp is outside the tolerance (a replay, or a clock off).
    public static let stale = WebhookSignatureError(reason: .stale)

    public var description: String {
        switch reason {
        case .malformed: "the signature header is malformed"
        case .mismatch: "the signature does not match the body"
        case .stale: "the signature timestamp is outside the tolerance"
        }
    }
}
