import ParapetCore

@testable import ParapetGateway

/// Parses a JSON fixture written as text; a broken fixture is a test bug, reported as a thrown error.
func json(_ text: String) throws -> JSON {
    try JSON.parse(Array(text.utf8))
}

/// The compact serialisation as text, for readable expectations.
func text(_ value: JSON) -> String {
    String(decoding: value.serialized, as: UTF8.self)
}

/// The `param` of the `WireError` thrown by `body`, or nil when it did not throw one.
func wireErrorParam(_ body: () throws -> Void) -> String?? {
    do {
        try body()
        return nil
    } catch let error as WireError {
        return .some(error.param)
    } catch {
        return nil
    }
}
