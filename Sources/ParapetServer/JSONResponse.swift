import ParapetCore
import Foundation
import Hummingbird

/// Builds JSON responses.
enum JSONResponse {
    /// A response with `bytes` as its JSON body.
    static func bytes(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A response with `value` encoded as JSON (sorted keys; for routes off the hot path).
    static func encode<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return bytes(Array(data), status: status)
    }
}
