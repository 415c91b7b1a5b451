import Hummingbird
import ParapetStore

/// `GET /healthz` (the process answers), `GET /readyz` (the stores answer) and `GET /openapi.json`.
struct HealthRoutes: Sendable {
    let stores: ParapetStores

    func register(on router: Router<ParapetRequestContext>) {
        router.get("healthz") { _, _ in JSONResponse.bytes(Array(#"{"status":"ok"}"#.utf8)) }
        router.get("readyz") { _, _ in
            do {
                _ = try await stores.keys.count()
                _ = try await stores.audit.lastRecord()
                return JSONResponse.bytes(Array(#"{"status":"ready"}"#.utf8))
            } catch {
                return JSONResponse.bytes(Array(#"{"status":"unavailable"}"#.utf8), status: .serviceUnavailable)
            }
        }
        let document = Array(OpenAPIDocument.json.utf8)
        router.get("openapi.json") { _, _ in JSONResponse.bytes(document) }
    }
}
