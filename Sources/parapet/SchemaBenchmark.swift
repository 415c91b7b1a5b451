import ParapetCore
import ParapetGuards

/// `parapet bench --schema`: validation latency of a typical ~2 KB structured LLM answer (an order
/// with a customer, line items and addresses) against a 30-property draft 2020-12 schema with
/// nested objects and arrays, enums, patterns, `required` and `additionalProperties: false`.
enum SchemaBenchmark {
    struct Result {
        var schemaProperties: Int
        var instanceBytes: Int
        var iterations: Int
        var compileMicroseconds: Double
        var isValid: Stats
        var validate: Stats
    }

    struct Stats {
        var p50: Double
        var p99: Double
        var mean: Double
    }

    static func run(iterations: Int) throws -> Result {
        let schema = try JSON.parse(Array(schemaText.utf8))
        let instance = try JSON.parse(Array(instanceText.utf8))
        let clock = ContinuousClock()
        let compileStart = clock.now
        let validator = try JSONSchemaValidator(schema: schema)
        let compileTime = clock.now - compileStart
        guard validator.validate(instance).isEmpty else {
            throw BenchmarkError(message: "benchmark instance is invalid: \(validator.validate(instance))")
        }
        let fast = measure(iterations: iterations) { validator.isValid(instance) ? 1 : 0 }
        let full = measure(iterations: iterations) { validator.validate(instance).count }
        return Result(
            schemaProperties: schema["properties"]?.objectValue?.count ?? 0, instanceBytes: instance.serialized.count,
            iterations: iterations, compileMicroseconds: microseconds(compileTime), isValid: fast, validate: full)
    }

    /// The benchmark as printable lines.
    static func report(iterations: Int) throws -> String {
        let result = try run(iterations: iterations)
        func format(_ stats: Stats) -> String {
            "p50 \(round(stats.p50)) µs  p99 \(round(stats.p99)) µs  mean \(round(stats.mean)) µs"
        }
        return """
            JSON Schema validation, single thread, \(result.iterations) runs: \(result.schemaProperties)-property draft 2020-12 \
            schema, \(result.instanceBytes) B instance (compiled once in \(round(result.compileMicroseconds)) µs)
              isValid    \(format(result.isValid))
              validate   \(format(result.validate))
            """
    }

    private static func round(_ value: Double) -> String {
        value >= 100 ? String(Int(value.rounded())) : String((value * 100).rounded() / 100)
    }

    struct BenchmarkError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private static func measure(iterations: Int, _ body: () -> Int) -> Stats {
        let clock = ContinuousClock()
        var sink = 0
        for _ in 0..<min(iterations, 2_000) { sink &+= body() }
        var samples: [Double] = []
        samples.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let start = clock.now
            sink &+= body()
            samples.append(microseconds(clock.now - start))
        }
        keep(sink)
        samples.sort()
        return Stats(
            p50: samples[samples.count / 2], p99: samples[min(samples.count - 1, samples.count * 99 / 100)],
            mean: samples.reduce(0, +) / Double(samples.count))
    }

    private static func microseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
    }

    /// Keeps the optimiser from deleting measured work.
    @inline(never) private static func keep(_ value: Int) {
        if value == Int.min { print("") }
    }

    static let schemaText = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://example.com/schemas/order-answer.json",
          "type": "object",
          "additionalProperties": false,
          "required": ["id", "status", "created_at", "customer", "items", "currency", "subtotal", "tax", "total",
                       "shipping_address", "summary", "sentiment", "confidence", "language", "version"],
          "properties": {
            "id": {"type": "string", "pattern": "^ord_[a-z0-9]{12}$"},
            "status": {"enum": ["pending", "paid", "shipped", "delivered", "cancelled", "refunded"]},
            "created_at": {"type": "string", "format": "date-time"},
            "customer": {
              "type": "object",
              "additionalProperties": false,
              "required": ["name", "email"],
              "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 100},
                "email": {"type": "string", "pattern": "^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$"},
                "phone": {"type": ["string", "null"], "pattern": "^\\+?[0-9 ()-]{7,20}$"},
                "tier": {"enum": ["free", "pro", "enterprise"]}
              }
            },
            "items": {
              "type": "array",
              "minItems": 1,
              "maxItems": 50,
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["sku", "quantity", "unit_price"],
                "properties": {
                  "sku": {"type": "string", "pattern": "^[A-Z]{3}-\\d{4}$"},
                  "name": {"type": "string", "maxLength": 200},
                  "quantity": {"type": "integer", "minimum": 1, "maximum": 1000},
                  "unit_price": {"type": "number", "minimum": 0, "multipleOf": 0.01}
                }
              }
            },
            "currency": {"enum": ["USD", "EUR", "GBP", "CHF", "JPY"]},
            "subtotal": {"type": "number", "minimum": 0},
            "tax": {"type": "number", "minimum": 0},
            "total": {"type": "number", "minimum": 0},
            "discount_code": {"type": ["string", "null"], "pattern": "^[A-Z0-9]{4,16}$"},
            "shipping_address": {"$ref": "#/$defs/address"},
            "billing_address": {"$ref": "#/$defs/address"},
            "notes": {"type": "string", "maxLength": 2000},
            "tags": {"type": "array", "items": {"type": "string", "maxLength": 32}, "uniqueItems": true, "maxItems": 10},
            "priority": {"type": "integer", "minimum": 1, "maximum": 5},
            "gift": {"type": "boolean"},
            "sentiment": {"enum": ["positive", "neutral", "negative"]},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "language": {"type": "string", "pattern": "^[a-z]{2}(-[A-Z]{2})?$"},
            "summary": {"type": "string", "minLength": 1, "maxLength": 500},
            "follow_up": {"type": "boolean"},
            "channel": {"enum": ["email", "chat", "phone", "web"]},
            "agent_id": {"type": ["string", "null"]},
            "refund": {
              "type": "object",
              "additionalProperties": false,
              "required": ["requested"],
              "properties": {"requested": {"type": "boolean"}, "amount": {"type": "number", "minimum": 0}}
            },
            "estimated_delivery": {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"},
            "tracking_number": {"type": ["string", "null"]},
            "carrier": {"enum": ["ups", "fedex", "dhl", "usps", null]},
            "weight_kg": {"type": "number", "exclusiveMinimum": 0},
            "metadata": {"type": "object", "additionalProperties": {"type": "string"}, "maxProperties": 10},
            "version": {"const": 1}
          },
          "$defs": {
            "address": {
              "type": "object",
              "additionalProperties": false,
              "required": ["line1", "city", "country"],
              "properties": {
                "line1": {"type": "string", "minLength": 1, "maxLength": 200},
                "line2": {"type": ["string", "null"]},
                "city": {"type": "string", "minLength": 1},
                "postal_code": {"type": "string", "pattern": "^[A-Z0-9 -]{3,10}$"},
                "country": {"type": "string", "pattern": "^[A-Z]{2}$"}
              }
            }
          }
        }
        """#

    static let instanceText = #"""
        {
          "id": "ord_8f3k2m9x1q7z",
          "status": "shipped",
          "created_at": "2025-03-14T09:26:53Z",
          "customer": {"name": "Ada Lovelace", "email": "ada@example.com", "phone": "+44 20 7946 0958", "tier": "pro"},
          "items": [
            {"sku": "BKS-1001", "name": "Notes on the Analytical Engine", "quantity": 1, "unit_price": 34.99},
            {"sku": "PEN-2040", "name": "Fountain pen, fine nib", "quantity": 2, "unit_price": 18.5},
            {"sku": "INK-0300", "name": "Ink cartridges (blue, pack of 12)", "quantity": 3, "unit_price": 6.25},
            {"sku": "NTB-0777", "name": "Dotted notebook A5", "quantity": 4, "unit_price": 12.0},
            {"sku": "LMP-5120", "name": "Desk lamp with dimmer", "quantity": 1, "unit_price": 49.9}
          ],
          "currency": "GBP",
          "subtotal": 187.14,
          "tax": 37.43,
          "total": 224.57,
          "discount_code": null,
          "shipping_address": {"line1": "12 St James's Square", "line2": null, "city": "London", "postal_code": "SW1Y 4JH", "country": "GB"},
          "billing_address": {"line1": "12 St James's Square", "city": "London", "postal_code": "SW1Y 4JH", "country": "GB"},
          "notes": "Customer asked whether the lamp ships separately and whether the notebook comes in a plain ruling. Confirmed both items ship together from the London warehouse; plain ruling is out of stock until next month, offered dotted instead and the customer accepted. Wrapping requested for the pen. Customer also asked to be notified before delivery; the carrier confirmed a one-hour delivery window by text message and a signature on receipt. No further action needed unless the parcel is delayed past the estimated date.",
          "tags": ["repeat-customer", "gift-wrap", "uk"],
          "priority": 3,
          "gift": true,
          "sentiment": "positive",
          "confidence": 0.92,
          "language": "en-GB",
          "summary": "Order shipped in one parcel; customer accepted dotted notebook instead of plain; pen gift-wrapped.",
          "follow_up": false,
          "channel": "email",
          "agent_id": "agt_4471",
          "refund": {"requested": false},
          "estimated_delivery": "2025-03-17",
          "tracking_number": "1Z999AA10123456784",
          "carrier": "ups",
          "weight_kg": 2.35,
          "metadata": {"source": "support-inbox", "thread": "th_99812", "model": "extractor-v3"},
          "version": 1
        }
        """#
}
