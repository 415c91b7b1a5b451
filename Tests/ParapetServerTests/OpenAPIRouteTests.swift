import Foundation
import Hummingbird
import ParapetServer
import Testing

@Suite struct OpenAPIRouteTests {
    @Test func documentAndRouterAgree() async throws {
        let t = try await TestServer()
        let router = t.server.makeRouter()
        let served = Set(router.routes.map { "\($0.method.rawValue.uppercased()) \($0.path.description)" })
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var documented: Set<String> = []
        for (path, operations) in paths {
            for method in operations.keys where ["get", "post", "put", "patch", "delete", "head", "options"].contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
        #expect(served.count == 36)
        let components = try #require(document["components"] as? [String: Any])
        let schemas = try #require(components["schemas"] as? [String: Any])
        #expect(schemas["Error"] != nil)
        let schemes = try #require(components["securitySchemes"] as? [String: Any])
        #expect(schemes["bearerAuth"] != nil)
    }
}
