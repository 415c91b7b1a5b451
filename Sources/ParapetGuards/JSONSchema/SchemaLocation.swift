/// A place in one of the compiled documents: the document's index and a JSON Pointer (its
/// reference tokens escaped, not percent-encoded) from the document root.
struct SchemaLocation: Hashable, Sendable {
    var document: Int
    var pointer: String

    func appending(_ token: String) -> SchemaLocation {
        SchemaLocation(document: document, pointer: pointer + "/" + SchemaText.escapeToken(token))
    }

    func appending(_ index: Int) -> SchemaLocation {
        SchemaLocation(document: document, pointer: pointer + "/" + String(index))
    }
}
