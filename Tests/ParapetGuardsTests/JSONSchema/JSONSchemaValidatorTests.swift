import Foundation
import ParapetCore
import Testing

@testable import ParapetGuards

@Suite struct JSONSchemaValidatorTests {
    func json(_ text: String) throws -> JSON { try JSON.parse(Array(text.utf8)) }

    func validator(_ schema: String, draft: JSONSchemaDraft = .draft2020_12) throws -> JSONSchemaValidator {
        try JSONSchemaValidator(schema: json(schema), defaultDraft: draft)
    }

    // MARK: - Violations

    @Test func violationsNameInstanceAndKeyword() throws {
        let schema = try validator(
            #"""
            {"type": "object", "required": ["id", "total"], "additionalProperties": false,
             "properties": {
               "id": {"type": "string", "pattern": "^ord_[0-9]+$"},
               "total": {"type": "integer", "minimum": 0},
               "lines": {"type": "array", "items": {"$ref": "#/$defs/line"}}
             },
             "$defs": {"line": {"type": "object", "properties": {"price": {"type": "number", "exclusiveMinimum": 0}}}}}
            """#)
        let violations = schema.validate(try json(##"{"id": "x1", "total": "9", "lines": [{"price": 2}, {"price": -1}], "extra/~": 1}"##))
        #expect(
            violations == [
                JSONSchemaViolation(instancePath: "/id", keywordLocation: "/properties/id/pattern", message: "must match the pattern \"^ord_[0-9]+$\""),
                JSONSchemaViolation(instancePath: "/total", keywordLocation: "/properties/total/type", message: "expected integer, got string"),
                JSONSchemaViolation(
                    instancePath: "/lines/1/price", keywordLocation: "/properties/lines/items/$ref/properties/price/exclusiveMinimum",
                    message: "must be > 0, got -1"),
                JSONSchemaViolation(
                    instancePath: "/extra~1~0", keywordLocation: "/additionalProperties", message: "property \"extra/~\" is not allowed"),
            ])
        #expect(!schema.isValid(try json(##"{"id": "ord_1"}"##)))
        #expect(
            schema.validate(try json(##"{"id": "ord_1"}"##))
                == [JSONSchemaViolation(instancePath: "", keywordLocation: "/required", message: "missing required property \"total\"")])
        #expect(schema.validate(try json(##"{"id": "ord_1", "total": 3.0}"##)).isEmpty)
    }

    @Test func branchingKeywordsReportOneViolation() throws {
        let schema = try validator(##"{"anyOf": [{"type": "string"}, {"type": "integer"}], "not": {"const": 3}}"##)
        #expect(
            schema.validate(.number(2.5))
                == [JSONSchemaViolation(instancePath: "", keywordLocation: "/anyOf", message: "must match at least one of the 2 schemas in \"anyOf\"")])
        #expect(schema.validate(.number(3)).map(\.keywordLocation) == ["/not"])
        let oneOf = try validator(##"{"oneOf": [{"minimum": 0}, {"maximum": 10}]}"##)
        #expect(oneOf.validate(.number(5)).map(\.message) == ["must match exactly one schema in \"oneOf\", but matches 0 and 1"])
        let conditional = try validator(##"{"if": {"type": "string"}, "then": {"minLength": 3}, "else": {"type": "null"}}"##)
        #expect(conditional.validate("ab").map(\.keywordLocation) == ["/then/minLength"])
        #expect(conditional.validate(.number(1)).map(\.keywordLocation) == ["/else/type"])
    }

    @Test func maxErrorsLimitsTheList() throws {
        let schema = try validator(##"{"items": {"type": "integer"}}"##)
        let instance = JSON.array(Array(repeating: "x", count: 100))
        #expect(schema.validate(instance, maxErrors: 5).count == 5)
        #expect(schema.validate(instance, maxErrors: 5).map(\.instancePath) == ["/0", "/1", "/2", "/3", "/4"])
        #expect(schema.validate(instance, maxErrors: 0).count == 1)
        #expect(schema.validate(instance).count == 16)
        #expect(schema.validate(instance, maxErrors: 1_000).count == 100)
    }

    @Test func messagesStayShort() throws {
        let long = String(repeating: "ü", count: 500)
        let schema = try JSONSchemaValidator(
            schema: .object([
                "required": .array([.string(long)]),
                "properties": .object([long: .object(["pattern": .string("^" + long + "$"), "enum": .array([.string(long), .string(long + "x")])])]),
                "additionalProperties": .bool(false),
            ]))
        let violations = schema.validate(.object([long: "nope", long + "y": .number(1)]))
        #expect(violations.count == 3)
        for violation in violations { #expect(violation.message.count <= 200, "\(violation.message)") }
    }

    // MARK: - Compile errors

    @Test func invalidSchemasThrowWithTheirLocation() throws {
        func failure(_ schema: String, draft: JSONSchemaDraft = .draft2020_12) throws -> JSONSchemaError? {
            let schema = try json(schema)
            do {
                _ = try JSONSchemaValidator(schema: schema, defaultDraft: draft)
                return nil
            } catch {
                return error
            }
        }
        let negative = try failure(##"{"properties": {"name": {"minLength": -1}}}"##)
        #expect(negative?.kind == .invalidSchema)
        #expect(negative?.location == "/properties/name/minLength")
        #expect(negative?.description == "must be a non-negative integer at /properties/name/minLength")
        let missing = try failure(##"{"properties": {"a": {"$ref": "#/$defs/nope"}}}"##)
        #expect(missing?.kind == .unresolvableReference)
        #expect(missing?.location == "/properties/a/$ref")
        #expect(try failure(##"{"$ref": "https://example.com/unknown.json"}"##)?.kind == .unresolvableReference)
        #expect(try failure(##"{"$ref": "#nowhere"}"##)?.kind == .unresolvableReference)
        #expect(try failure(##"{"$schema": "http://json-schema.org/draft-04/schema#"}"##)?.kind == .unsupported)
        let lookbehind = try failure(##"{"patternProperties": {"(?<=a)b": true}}"##)
        #expect(lookbehind?.kind == .unsupported)
        #expect(lookbehind?.location == "/patternProperties/(?<=a)b")
        #expect(try failure(##"{"pattern": "(unclosed"}"##)?.location == "/pattern")
        #expect(try failure(#"{"pattern": "(unclosed"}"#)?.kind == .invalidSchema)
        #expect(try failure(##"{"type": "float"}"##)?.location == "/type")
        #expect(try failure(##"{"items": 3}"##)?.location == "/items")
        #expect(try failure(##"{"multipleOf": 0}"##)?.location == "/multipleOf")
        #expect(try failure(##"{"$id": "http://example.com/a#frag"}"##)?.kind == .invalidSchema)
        #expect(try failure("[]")?.kind == .invalidSchema)
        // Unknown keywords are annotations, even with odd values.
        #expect(try failure(##"{"x-note": [1, 2], "format": "no-such-format"}"##) == nil)
    }

    // MARK: - Semantics beyond the test suite

    @Test func numbersCompareExactly() throws {
        let cents = try validator(##"{"multipleOf": 0.0001}"##)
        #expect(cents.isValid(.number("0.0075")))
        #expect(cents.isValid(.number("12345678901234567890.1234")))
        #expect(!cents.isValid(.number("0.00751")))
        let tenth = try validator(##"{"multipleOf": 0.1}"##)
        #expect(tenth.isValid(.number("0.3")))
        #expect(tenth.isValid(.number("1e308")))
        let big = try validator(##"{"type": "integer", "minimum": 18446744073709551616, "maximum": 1e20}"##)
        #expect(big.isValid(.number("18446744073709551617")))
        #expect(!big.isValid(.number("18446744073709551615")))
        #expect(!big.isValid(.number("100000000000000000001")))
        #expect(try validator(##"{"const": 1}"##).isValid(.number("1.0")))
        #expect(try validator(#"{"enum": [[1, {"a": 2.0}]]}"#).isValid(try json(#"[1e0, {"a": 2}]"#)))
        #expect(try validator(##"{"type": "integer"}"##).isValid(.number("1.0e2")))
        #expect(!(try validator(##"{"type": "integer"}"##).isValid(.number("1.5e0"))))
    }

    @Test func stringsCompareByCodePoints() throws {
        let composed = "\u{E9}"
        let decomposed = "e\u{301}"
        let schema = try JSONSchemaValidator(schema: .object(["const": .string(composed)]))
        #expect(schema.isValid(.string(composed)))
        #expect(!schema.isValid(.string(decomposed)))
        let closed = try JSONSchemaValidator(
            schema: .object(["properties": .object([composed: .bool(true)]), "additionalProperties": .bool(false)]))
        #expect(!closed.isValid(.object([decomposed: .number(1)])))
        #expect(try validator(##"{"maxLength": 1}"##).isValid("\u{1F600}"))
        #expect(!(try validator(##"{"maxLength": 1}"##).isValid(.string(decomposed))))
    }

    struct TableResolver: JSONSchemaResolver {
        let documents: [String: JSON]
        func document(for uri: String) -> JSON? { documents[uri] }
    }

    @Test func resolverServesRemoteReferences() throws {
        let resolver = TableResolver(documents: [
            "https://schemas.example/money.json": try json(##"{"$defs": {"amount": {"type": "number", "minimum": 0}}}"##)
        ])
        let schema = try JSONSchemaValidator(
            schema: try json(##"{"properties": {"total": {"$ref": "https://schemas.example/money.json#/$defs/amount"}}}"##), resolver: resolver)
        #expect(schema.isValid(try json(##"{"total": 3}"##)))
        #expect(schema.validate(try json(##"{"total": -3}"##)).map(\.keywordLocation) == ["/properties/total/$ref/minimum"])
    }

    @Test func builtInMetaschemasValidateSchemas() throws {
        let meta2020 = try validator(##"{"$ref": "https://json-schema.org/draft/2020-12/schema"}"##)
        #expect(meta2020.isValid(try json(##"{"type": "object", "properties": {"a": {"minLength": 2}}}"##)))
        #expect(!meta2020.isValid(try json(##"{"properties": {"a": {"minLength": -2}}}"##)))
        #expect(!meta2020.isValid(try json(##"{"$anchor": "not an anchor"}"##)))
        let meta7 = try validator(##"{"$ref": "http://json-schema.org/draft-07/schema#"}"##, draft: .draft7)
        #expect(meta7.isValid(try json(##"{"items": [{"type": "string"}], "additionalItems": false}"##)))
        #expect(!meta7.isValid(try json(##"{"type": "float"}"##)))
        for uri in [SchemaMetaschemas.draft07URI, SchemaMetaschemas.draft2020URI] { #expect(SchemaMetaschemas.document(for: uri) != nil) }
    }

    @Test func draftComesFromSchemaKeyword() throws {
        // Draft-07 ignores siblings of $ref; 2020-12 applies them.
        let text = ##"{"$defs": {"a": true}, "definitions": {"a": true}, "properties": {"x": {"$ref": "#/definitions/a", "type": "string"}}}"##
        let instance = try json(##"{"x": 1}"##)
        #expect(try validator(text, draft: .draft7).isValid(instance))
        #expect(!(try validator(text, draft: .draft2020_12).isValid(instance)))
        let pinned = ##"{"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"x": {"$ref": "#/definitions/a", "type": "string"}}, "definitions": {"a": true}}"##
        #expect(try validator(pinned, draft: .draft2020_12).isValid(instance))
    }

    // MARK: - Hostile input

    @Test func catastrophicPatternFailsClosed() throws {
        let schema = try validator(##"{"properties": {"name": {"pattern": "^(a+)+$"}}, "patternProperties": {"^(b|bb)+$": true}}"##)
        let evil = String(repeating: "a", count: 64) + "!"
        let violations = schema.validate(.object(["name": .string(evil)]))
        #expect(violations.count == 1)
        #expect(violations.first?.message.contains("step budget") == true)
        #expect(!schema.isValid(.object(["name": .string(evil)])))
        let evilKey = String(repeating: "b", count: 64) + "!"
        #expect(schema.validate(.object([evilKey: .number(1)])).first?.keywordLocation == "/patternProperties/^(b|bb)+$")
    }

    @Test func exhaustedBudgetsCannotBeNegatedIntoAPass() throws {
        let evil = JSON.string(String(repeating: "a", count: 64) + "!")
        let negated = try validator(#"{"not": {"pattern": "^(a+)+$"}}"#)
        #expect(!negated.isValid(evil))
        #expect(negated.validate(evil).map(\.keywordLocation) == ["/not/pattern"])
        let alternative = try validator(#"{"anyOf": [{"pattern": "^(a+)+$"}, true], "propertyNames": {"not": {"pattern": "^(a+)+$"}}}"#)
        #expect(!alternative.isValid(evil))
        #expect(alternative.validate(evil).map(\.keywordLocation) == ["/anyOf/0/pattern"])
        let key = String(repeating: "a", count: 64) + "!"
        #expect(alternative.validate(.object([key: .null])).map(\.instancePath) == ["/" + key])
        let cycle = try validator(##"{"not": {"$ref": "#"}}"##)
        #expect(!cycle.isValid(.null))
        #expect(cycle.validate(.null).first?.message.contains("deeper than") == true)
    }

    @Test func referenceCyclesStopAtTheDepthLimit() throws {
        let schema = try validator(##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##)
        let violations = schema.validate(.null)
        #expect(violations.count == 1)
        #expect(violations.first?.message.contains("deeper than") == true)
        #expect(!schema.isValid(.null))
        #expect(try validator(##"{"$ref": "#"}"##).validate(.number(1)).count == 1)
    }

    @Test func deepInstancesFitASmallStack() throws {
        let schema = try validator(##"{"$defs": {"node": {"type": "array", "items": {"$ref": "#/$defs/node"}}}, "$ref": "#/$defs/node"}"##)
        var deep = JSON.array([])
        for _ in 0..<1_000 { deep = .array([deep]) }
        var shallow = JSON.array([])
        for _ in 0..<100 { shallow = .array([shallow]) }
        // Run where the stack is as small as a secondary thread's on macOS (512 KB) in release
        // builds (about 0.7 KB per nested evaluation); debug frames are ten times larger.
        #if DEBUG
        let stackSize = 8 << 20
        #else
        let stackSize = 512 << 10
        #endif
        let results = Results()
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread { [deep, shallow] in
            results.set(schema.validate(deep), schema.isValid(shallow))
            finished.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        finished.wait()
        withExtendedLifetime(deep) {}
        #expect(results.deep?.first?.message.contains("deeper than") == true)
        #expect(results.shallowValid == true)
    }

    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var storedDeep: [JSONSchemaViolation]?
        private var storedShallowValid: Bool?
        var deep: [JSONSchemaViolation]? { lock.withLock { storedDeep } }
        var shallowValid: Bool? { lock.withLock { storedShallowValid } }
        func set(_ deep: [JSONSchemaViolation], _ shallow: Bool) {
            lock.withLock {
                storedDeep = deep
                storedShallowValid = shallow
            }
        }
    }

    @Test func hugeArraysAndObjects() throws {
        let schema = try validator(##"{"type": "array", "uniqueItems": true, "items": {"type": "integer"}, "contains": {"const": 199999}}"##)
        let numbers = JSON.array((0..<200_000).map { JSON.number($0) })
        #expect(schema.isValid(numbers))
        #expect(schema.validate(.array((0..<200_000).map { JSON.number($0 % 150_000) })).map(\.keywordLocation) == ["/uniqueItems", "/contains"])
        let objects = try validator(##"{"additionalProperties": {"type": "string"}, "maxProperties": 100000}"##)
        let wide = JSONObject(uniqueKeys: (0..<50_000).map { "key\($0)" }, values: Array(repeating: "v", count: 50_000))
        #expect(objects.isValid(.object(wide)))
    }
}
