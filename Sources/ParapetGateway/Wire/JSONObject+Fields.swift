import ParapetCore

/// Typed field reads that fail with a `WireError` naming the field's path. A JSON `null` counts
/// as absent, as the OpenAI and Anthropic APIs treat it.
extension JSONObject {
    static func path(_ base: String, _ key: String) -> String {
        base.isEmpty ? key : "\(base).\(key)"
    }

    static func path(_ base: String, _ index: Int) -> String {
        "\(base)[\(index)]"
    }

    func field(_ key: String, at base: String, required: Bool) throws(WireError) -> JSON? {
        switch self[key] {
        case nil, .null?:
            if required { throw WireError("is required", param: Self.path(base, key)) }
            return nil
        case let value?: return value
        }
    }

    func string(_ key: String, at base: String, required: Bool = false) throws(WireError) -> String? {
        guard let value = try field(key, at: base, required: required) else { return nil }
        guard let text = value.stringValue else { throw WireError("must be a string", param: Self.path(base, key)) }
        return text
    }

    func bool(_ key: String, at base: String) throws(WireError) -> Bool? {
        guard let value = try field(key, at: base, required: false) else { return nil }
        guard let flag = value.boolValue else { throw WireError("must be a boolean", param: Self.path(base, key)) }
        return flag
    }

    func int(_ key: String, at base: String, required: Bool = false, minimum: Int = .min) throws(WireError) -> Int? {
        guard let value = try field(key, at: base, required: required) else { return nil }
        guard let number = value.intValue else { throw WireError("must be an integer", param: Self.path(base, key)) }
        guard number >= minimum else { throw WireError("must be at least \(minimum)", param: Self.path(base, key)) }
        return number
    }

    func number(_ key: String, at base: String) throws(WireError) -> Double? {
        guard let value = try field(key, at: base, required: false) else { return nil }
        guard let number = value.doubleValue else { throw WireError("must be a number", param: Self.path(base, key)) }
        return number
    }

    func array(_ key: String, at base: String, required: Bool = false) throws(WireError) -> [JSON]? {
        guard let value = try field(key, at: base, required: required) else { return nil }
        guard let elements = value.arrayValue else { throw WireError("must be an array", param: Self.path(base, key)) }
        return elements
    }

    func object(_ key: String, at base: String, required: Bool = false) throws(WireError) -> JSONObject? {
        guard let value = try field(key, at: base, required: required) else { return nil }
        guard let object = value.objectValue else { throw WireError("must be an object", param: Self.path(base, key)) }
        return object
    }

    /// The elements of array `key` as objects, failing on the first element that is not one.
    func objects(_ key: String, at base: String, required: Bool = false) throws(WireError) -> [JSONObject]? {
        guard let elements = try array(key, at: base, required: required) else { return nil }
        return try Self.objects(elements, at: Self.path(base, key))
    }

    static func objects(_ elements: [JSON], at path: String) throws(WireError) -> [JSONObject] {
        var objects: [JSONObject] = []
        objects.reserveCapacity(elements.count)
        for (offset, element) in elements.enumerated() {
            guard let object = element.objectValue else {
                throw WireError("must be an object", param: Self.path(path, offset))
            }
            objects.append(object)
        }
        return objects
    }
}

extension JSON {
    /// The top-level object of a body, or a `WireError` when the body is another kind of value.
    func requireObject() throws(WireError) -> JSONObject {
        guard let object = objectValue else { throw WireError("the body must be a JSON object") }
        return object
    }
}
