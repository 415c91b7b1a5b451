import ParapetCore
import Foundation
import Hummingbird

/// Reads JSON request bodies strictly: a size limit (413), valid UTF-8 (checked before decoding),
/// and decoding errors turned into 400s that name the parameter.
struct JSONBody {
    let maxBytes: Int

    /// The whole body, or 413 when it exceeds `maxBytes`.
    func collect(_ request: Request) async throws -> ByteBuffer {
        if let length = request.headers.combinedValue(.contentLength).flatMap({ Int($0) }), length > maxBytes {
            throw APIError.tooLarge(limit: maxBytes)
        }
        var request = request
        do {
            return try await request.collectBody(upTo: maxBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError.tooLarge(limit: maxBytes)
        }
    }

    /// Decodes `T` from the request's JSON body.
    func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let buffer = try await collect(request)
        return try decode(type, from: buffer)
    }

    /// Decodes `T` from a collected body.
    func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        guard buffer.readableBytes > 0 else { throw APIError.invalidRequest("request body is empty; expected a JSON object", code: "empty_body") }
        let data = Data(buffer.readableBytesView)
        guard Self.isValidUTF8(data) else {
            throw APIError.invalidRequest("request body is not valid UTF-8", code: "invalid_utf8")
        }
        let decoder = JSONDecoder()
        do {
            return try decoder.decode(type, from: data)
        } catch let error as APIError {
            throw error
        } catch let error as DecodingError {
            throw Self.translate(error)
        } catch {
            throw APIError.invalidRequest("malformed JSON", code: "invalid_json")
        }
    }

    /// The request's body parsed with the byte-level ``JSON`` parser (duplicate keys refused),
    /// which must be an object: 400 for an empty body, invalid UTF-8, malformed JSON or another
    /// value; 413 over the limit.
    func object(from request: Request) async throws -> JSONObject {
        let buffer = try await collect(request)
        return try buffer.withUnsafeReadableBytes { bytes in try Self.object(parsing: bytes) }
    }

    static func object(parsing bytes: UnsafeRawBufferPointer) throws -> JSONObject {
        guard !bytes.isEmpty else { throw APIError.invalidRequest("request body is empty; expected a JSON object", code: "empty_body") }
        guard isValidUTF8(bytes) else { throw APIError.invalidRequest("request body is not valid UTF-8", code: "invalid_utf8") }
        let json: JSON
        do {
            json = try JSON.parse(bytes)
        } catch {
            throw APIError.invalidRequest("malformed JSON: \(error)", code: "invalid_json")
        }
        guard case .object(let object) = json else { throw APIError.invalidRequest("request body must be a JSON object", code: "invalid_type") }
        return object
    }

    /// Whether `bytes` are valid UTF-8 (ASCII fast path, full validation only when needed).
    static func isValidUTF8(_ bytes: Data) -> Bool {
        bytes.withUnsafeBytes { raw in isValidUTF8(raw) }
    }

    static func isValidUTF8(_ raw: UnsafeRawBufferPointer) -> Bool {
        if ByteScan.firstNonASCII(raw) == raw.count { return true }
        return String(validating: raw.bindMemory(to: UInt8.self), as: UTF8.self) != nil
    }

    static func translate(_ error: DecodingError) -> APIError {
        switch error {
        case .typeMismatch(let type, let context):
            let param = ParamPath.render(context.codingPath)
            if param.isEmpty { return .invalidRequest("request body must be \(describe(type))", code: "invalid_type") }
            return .invalidRequest("\(param) must be \(describe(type))", param: param, code: "invalid_type")
        case .valueNotFound(let type, let context):
            let param = ParamPath.render(context.codingPath)
            return .invalidRequest("\(param.isEmpty ? "value" : param) must be \(describe(type)), not null", param: param.isEmpty ? nil : param, code: "invalid_type")
        case .keyNotFound(let key, let context):
            let param = ParamPath.render(context.codingPath, key.stringValue)
            return .invalidRequest("missing required field \(param)", param: param, code: "missing_field")
        case .dataCorrupted(let context):
            let param = ParamPath.render(context.codingPath)
            if param.isEmpty { return .invalidRequest("malformed JSON: \(context.debugDescription)", code: "invalid_json") }
            return .invalidRequest("invalid value for \(param)", param: param, code: "invalid_value")
        @unknown default:
            return .invalidRequest("malformed JSON", code: "invalid_json")
        }
    }

    /// "a string", "an object", … for error messages.
    static func describe(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if name == "String" || name == "Substring" { return "a string" }
        if name.hasPrefix("Array") || name.hasPrefix("[") && !name.contains(":") { return "an array" }
        if name.hasPrefix("Dictionary") || name.hasPrefix("[") { return "an object" }
        if name == "Bool" { return "a boolean" }
        if name.hasPrefix("Int") || name.hasPrefix("UInt") || name == "Double" || name == "Float" { return "a number" }
        return "a valid value"
    }
}
