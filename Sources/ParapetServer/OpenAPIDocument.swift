import ParapetCore

/// The OpenAPI 3.1 description of every route, served at `GET /openapi.json`. A test checks that
/// its paths and methods are exactly the router's.
public enum OpenAPIDocument {
    /// The document, as JSON.
    public static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "Parapet guard service and gateway",
    "version": "1.0.0",
    "description": "Guard text and chat messages against a policy (PII and secret redaction, injection blocking), read the tamper-evident audit trail, manage API keys and policies. Every error has the shape {\"error\":{\"type\",\"message\",\"param\",\"code\"}}."
  },
  "security": [{"bearerAuth": []}],
  "paths": {
    "/healthz": {
      "get": {
        "summary": "Liveness: the process answers.",
        "security": [],
        "responses": {"200": {"description": "Alive.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}}}
      }
    },
    "/readyz": {
      "get": {
        "summary": "Readiness: the stores answer.",
        "security": [],
        "responses": {
          "200": {"description": "Ready.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}},
          "503": {"description": "A store does not answer.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}}
        }
      }
    },
    "/openapi.json": {
      "get": {
        "summary": "This document.",
        "security": [],
        "responses": {"200": {"description": "The OpenAPI document.", "content": {"application/json": {"schema": {"type": "object"}}}}}
      }
    },
    "/v1/guard": {
      "post": {
        "summary": "Guard one text or one list of chat messages (any role). The response is sent after its audit record is durable.",
        "parameters": [{"$ref": "#/components/parameters/RequestID"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/GuardRequest"}}}},
        "responses": {
          "200": {"description": "The decision.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/GuardResponse"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/v1/guard/batch": {
      "post": {
        "summary": "Guard several items (any role). Every item is validated before any is decided; one audit record per item.",
        "parameters": [{"$ref": "#/components/parameters/RequestID"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
          "type": "object", "additionalProperties": false, "required": ["items"],
          "properties": {"items": {"type": "array", "minItems": 1, "maxItems": 64, "items": {"$ref": "#/components/schemas/GuardRequest"}}}
        }}}},
        "responses": {
          "200": {"description": "One decision per item, in order.", "content": {"application/json": {"schema": {
            "type": "object", "required": ["results"],
            "properties": {"results": {"type": "array", "items": {"$ref": "#/components/schemas/GuardResponse"}}}
          }}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/v1/guard/tool": {
      "post": {
        "summary": "Decide one proposed tool call against the tools: section (any role): kill switch, role, argument schema, per-role limits, flagged objects (local list, then the permission service within its deadline; on_error when it fails), per-user or per-tenant counters of the caller's tenant. With record (default true) an allowed call is counted atomically. Without a tools: section every tool is denied. The response is sent after its audit record is durable.",
        "parameters": [{"$ref": "#/components/parameters/RequestID"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ToolGuardRequest"}}}},
        "responses": {
          "200": {"description": "The decision.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ToolGuardResponse"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/v1/audit": {
      "get": {
        "summary": "Audit records of the caller's tenant, oldest first (admin).",
        "parameters": [
          {"name": "since", "in": "query", "schema": {"type": "string", "format": "date-time"}, "description": "Records at or after this time (RFC 3339)."},
          {"name": "until", "in": "query", "schema": {"type": "string", "format": "date-time"}, "description": "Records before this time (RFC 3339)."},
          {"name": "action", "in": "query", "schema": {"$ref": "#/components/schemas/Action"}},
          {"name": "category", "in": "query", "schema": {"type": "string"}, "description": "Records with a finding of this category."},
          {"name": "after", "in": "query", "schema": {"type": "string"}, "description": "The next_cursor of the previous page."},
          {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}}
        ],
        "responses": {
          "200": {"description": "A page of records.", "content": {"application/json": {"schema": {
            "type": "object", "required": ["data", "next_cursor"],
            "properties": {
              "data": {"type": "array", "items": {"$ref": "#/components/schemas/AuditRecord"}},
              "next_cursor": {"type": ["string", "null"]}
            }
          }}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/v1/audit/verify": {
      "get": {
        "summary": "Verify the audit hash chain and its signed checkpoints (admin).",
        "responses": {
          "200": {"description": "The verification result.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Verification"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/v1/admin/keys": {
      "post": {
        "summary": "Create an API key in the caller's tenant (admin). The secret is shown once.",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
          "type": "object", "additionalProperties": false, "required": ["role", "name"],
          "properties": {
            "role": {"$ref": "#/components/schemas/Role"},
            "name": {"type": "string", "minLength": 1, "maxLength": 128},
            "tenant": {"type": "string", "description": "Must be the caller's tenant (the default)."}
          }
        }}}},
        "responses": {
          "201": {"description": "The key, with its secret.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Key"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      },
      "get": {
        "summary": "List the keys of the caller's tenant (admin); never hashes or secrets.",
        "responses": {
          "200": {"description": "The keys, oldest first.", "content": {"application/json": {"schema": {
            "type": "object", "required": ["data"], "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Key"}}}
          }}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/v1/admin/keys/{id}": {
      "delete": {
        "summary": "Revoke a key of the caller's tenant (admin). Idempotent.",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "The revoked key.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Key"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"description": "A key cannot revoke itself.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/v1/admin/policy": {
      "post": {
        "summary": "Validate and install a policy of the caller's tenant (admin); it replaces the old one atomically.",
        "parameters": [{"$ref": "#/components/parameters/PolicyName"}],
        "requestBody": {"required": true, "content": {
          "application/yaml": {"schema": {"type": "string"}},
          "text/yaml": {"schema": {"type": "string"}},
          "text/plain": {"schema": {"type": "string"}},
          "application/json": {"schema": {"type": "object"}}
        }},
        "responses": {
          "200": {"description": "Installed.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Policy"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"description": "Unsupported Content-Type.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      },
      "get": {
        "summary": "The tenant's policy document, or which base policy is in effect (admin).",
        "parameters": [{"$ref": "#/components/parameters/PolicyName"}],
        "responses": {
          "200": {"description": "The policy.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Policy"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/v1/chat/completions": {
      "post": {
        "summary": "OpenAI-compatible chat completion through the gateway: the model names a route; input guard, retries, fallbacks, circuit breakers, output guard (streams are guarded too), audit record. Headers x-parapet-request-id, x-parapet-target, x-parapet-attempts, x-parapet-fallback, x-parapet-audit-id, and with governance x-parapet-cache, x-parapet-degraded, x-parapet-route, x-parapet-idempotent-replay. Takes an optional Idempotency-Key header.",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["model", "messages"], "additionalProperties": true}}}},
        "responses": {
          "200": {"description": "A chat.completion, or with stream=true a text/event-stream of chat.completion.chunk events ending in [DONE] (a guard violation or upstream failure ends it with an error event instead).", "content": {"application/json": {"schema": {"type": "object"}}, "text/event-stream": {"schema": {"type": "string"}}}},
          "202": {"description": "The answer is held for review (confidence in the review tier): a review object; poll its Location.", "content": {"application/json": {"schema": {"type": "object"}}}},
          "400": {"description": "Invalid request, or guardrail_blocked (code = the category).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "422": {"description": "invalid_output: the answer does not satisfy the requested schema after repairs and re-asks.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"description": "The model is not a route (model_not_found).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "409": {"description": "Idempotency-Key reused with another body, or its first request still running (idempotency_error).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "429": {"description": "Every target is rate limited (rate_limit_error), or a governance limit: budget_exceeded, rate_limit_exceeded, session_limit_exceeded (retry-after when known).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "502": {"description": "Every attempt failed (upstream_error).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "503": {"description": "No target available (every circuit open), a guard failed closed, or the audit log is down.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "504": {"description": "The route's deadline passed (timeout_error).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    },
    "/v1/messages": {
      "post": {
        "summary": "Anthropic-compatible Messages API through the gateway (any provider kind behind the route); streaming with Anthropic events. Errors carry a top-level \"type\": \"error\" as well.",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["model", "max_tokens", "messages"], "additionalProperties": true}}}},
        "responses": {
          "200": {"description": "A message, or with stream=true a text/event-stream of Messages events.", "content": {"application/json": {"schema": {"type": "object"}}, "text/event-stream": {"schema": {"type": "string"}}}},
          "400": {"description": "Invalid request, or guardrail_blocked.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"description": "The model is not a route.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "429": {"description": "Every target is rate limited.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "502": {"description": "Every attempt failed.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "503": {"description": "No target available or a guard failed closed.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "504": {"description": "The route's deadline passed.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    },
    "/v1/models": {
      "get": {
        "summary": "The gateway's routes as OpenAI models.",
        "responses": {
          "200": {"description": "A list.", "content": {"application/json": {"schema": {"type": "object"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"}
        }
      }
    },
    "/v1/embeddings": {
      "post": {
        "summary": "Embeddings passthrough (OpenAI shape) through the route's targets; inputs are guarded first.",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["model", "input"], "additionalProperties": true}}}},
        "responses": {
          "200": {"description": "The upstream's embeddings.", "content": {"application/json": {"schema": {"type": "object"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"description": "The model is not a route.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "502": {"description": "Every attempt failed.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    },
    "/v1/admin/targets": {
      "get": {
        "summary": "Every gateway target with its circuit breaker state (admin).",
        "responses": {
          "200": {"description": "Targets.", "content": {"application/json": {"schema": {"type": "object"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"}
        }
      }
    },
    "/v1/admin/switches": {
      "get": {
        "summary": "The tenant's kill switches (admin).",
        "responses": {
          "200": {"description": "Switches.", "content": {"application/json": {"schema": {"type": "object"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"}
        }
      },
      "post": {
        "summary": "Sets a kill switch (route, target, tool, category or fail_mode); effective with the next call; audited (admin).",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
          "type": "object", "additionalProperties": false, "required": ["kind", "name", "reason"],
          "properties": {
            "kind": {"type": "string", "enum": ["route", "target", "tool", "category", "fail_mode"]},
            "name": {"type": "string", "minLength": 1, "maxLength": 256},
            "value": {"type": "string", "enum": ["open", "closed"], "description": "fail_mode only"},
            "reason": {"type": "string", "minLength": 1, "maxLength": 1024}
          }}}}},
        "responses": {
          "200": {"description": "The switch.", "content": {"application/json": {"schema": {"type": "object"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"}
        }
      }
    },
    "/v1/admin/switches/{kind}/{name}": {
      "delete": {
        "summary": "Removes a kill switch; audited (admin).",
        "parameters": [
          {"name": "kind", "in": "path", "required": true, "schema": {"type": "string"}},
          {"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}
        ],
        "responses": {
          "204": {"description": "Removed."},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      }
    },
    "/v1/admin/governance": {
      "get": {
        "summary": "Kill switches and semantic cache counters (admin).",
        "responses": {
          "200": {"description": "Overview.", "content": {"application/json": {"schema": {"type": "object"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"}
        }
      }
    },
    "/v1/reviews/{id}": {
      "get": {
        "summary": "The state of an answer held for review (any role, own tenant). ?wait=SECONDS (0-60) long-polls. Once approved or edited the held chat completion is returned exactly once (x-parapet-review-status).",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}, {"name": "wait", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 0, "maximum": 60}}],
        "responses": {
          "200": {"description": "The held answer, released now.", "content": {"application/json": {"schema": {"type": "object"}}}},
          "202": {"description": "Still pending (Location and retry-after headers).", "content": {"application/json": {"schema": {"type": "object"}}}},
          "400": {"description": "Invalid wait.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"description": "No such review in this tenant.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "409": {"description": "Already released (already_released).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "422": {"description": "Rejected or expired (review_rejected, code = the reason).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    },
    "/v1/review/queue": {
      "get": {
        "summary": "Pending review items of the tenant by priority (reviewer or admin).",
        "parameters": [{"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 200}}],
        "responses": {
          "200": {"description": "A list of items.", "content": {"application/json": {"schema": {"type": "object"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"}
        }
      }
    },
    "/v1/review/stats": {
      "get": {
        "summary": "The feedback loop of the caller's tenant over a period (reviewer or admin): escalation rate per route against the 10-15% band (flags below_band, in_band, above_band over 20%, recalibrate over 60%), reviewer overrides per route reason (revise_prompt), per category and per reason code, task types always escalated (do_not_automate_yet). Items created in the period against the gateway calls of the period.",
        "parameters": [
          {"name": "since", "in": "query", "schema": {"type": "string", "format": "date-time"}, "description": "Start of the period, inclusive (RFC 3339; default: 7 days before until)."},
          {"name": "until", "in": "query", "schema": {"type": "string", "format": "date-time"}, "description": "End of the period, exclusive (RFC 3339; default: now)."}
        ],
        "responses": {
          "200": {"description": "The statistics.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReviewStats"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "503": {"description": "A store does not answer.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    },
    "/v1/review/export": {
      "get": {
        "summary": "Reviewed items created in the period as calibration samples for parapet calibrate (reviewer or admin): JSON Lines, one {\"score\": confidence, \"correct\": approved unchanged} per resolved item with a confidence.",
        "parameters": [
          {"name": "since", "in": "query", "schema": {"type": "string", "format": "date-time"}, "description": "Start of the period, inclusive (RFC 3339; default: 7 days before until)."},
          {"name": "until", "in": "query", "schema": {"type": "string", "format": "date-time"}, "description": "End of the period, exclusive (RFC 3339; default: now)."}
        ],
        "responses": {
          "200": {"description": "JSON Lines (possibly empty).", "content": {"application/jsonl": {"schema": {"type": "string"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "503": {"description": "A store does not answer.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    },
    "/v1/review/items/{id}/claim": {
      "post": {
        "summary": "Claim an item with a lease so no other reviewer holds it (reviewer or admin).",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "The claimed item.", "content": {"application/json": {"schema": {"type": "object"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"description": "No such item in this tenant.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "409": {"description": "Held by another reviewer, resolved, or already decided by this reviewer.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    },
    "/v1/review/items/{id}/decision": {
      "post": {
        "summary": "Approve, reject or edit a claimed item with a reason code; audited (reviewer or admin; an admin counts as senior).",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["verdict", "reason_code"], "additionalProperties": false, "properties": {"verdict": {"enum": ["approve", "reject", "edit"]}, "reason_code": {"type": "string"}, "comment": {"type": "string"}, "edited_content": {"type": "string"}}}}}},
        "responses": {
          "200": {"description": "The item after the decision.", "content": {"application/json": {"schema": {"type": "object"}}}},
          "400": {"description": "Invalid decision.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"description": "No such item in this tenant.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "409": {"description": "Not the lease holder, already decided, or resolved.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    },
    "/console": {
      "get": {
        "summary": "Reviewer console (HTML): the tenant's pending review items by priority. Signed-in sessions only (cookie parapet_console); keyboard: j/k, Enter, ?.",
        "security": [{"consoleSession": []}],
        "responses": {"200": {"description": "The page.", "content": {"text/html": {"schema": {"type": "string"}}}}, "303": {"description": "See Other: to the sign-in page without a session, to the next page after a form."}}
      }
    },
    "/console/sign-in": {
      "get": {
        "summary": "Reviewer console (HTML): the sign-in form; sets the parapet_console_signin cookie holding the form's CSRF token.",
        "security": [],
        "responses": {"200": {"description": "The sign-in form.", "content": {"text/html": {"schema": {"type": "string"}}}}, "303": {"description": "See Other: to the sign-in page without a session, to the next page after a form."}}
      },
      "post": {
        "summary": "Reviewer console: sign in with a reviewer or admin key (a client key is refused). Opens an 8 h in-memory session: Set-Cookie parapet_console=<token>; HttpOnly; SameSite=Strict; Path=/console.",
        "security": [],
        "requestBody": {"required": true, "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["csrf", "key"], "properties": {"csrf": {"type": "string"}, "key": {"type": "string"}, "next": {"type": "string"}}}}}},
        "responses": {"303": {"description": "See Other: to the sign-in page without a session, to the next page after a form."}, "400": {"description": "Invalid form (HTML error page).", "content": {"text/html": {"schema": {"type": "string"}}}}, "401": {"description": "Unknown, malformed or revoked key: the sign-in form again.", "content": {"text/html": {"schema": {"type": "string"}}}}, "403": {"description": "A client key, or a form without the sign-in cookie's token: the sign-in form again.", "content": {"text/html": {"schema": {"type": "string"}}}}}
      }
    },
    "/console/sign-out": {
      "post": {
        "summary": "Reviewer console: end the session.",
        "security": [{"consoleSession": []}],
        "requestBody": {"required": true, "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["csrf"], "properties": {"csrf": {"type": "string"}}}}}},
        "responses": {"303": {"description": "See Other: to the sign-in page without a session, to the next page after a form."}, "403": {"description": "The form's CSRF token does not match the session.", "content": {"text/html": {"schema": {"type": "string"}}}}}
      }
    },
    "/console/items/{id}": {
      "get": {
        "summary": "Reviewer console (HTML): one item — request, suggestion, confidence, findings, reasoning, fired triggers, decisions — with Claim, Approve, Reject and Edit forms; keyboard: c, a, r, e, ?.",
        "security": [{"consoleSession": []}],
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "The page.", "content": {"text/html": {"schema": {"type": "string"}}}}, "303": {"description": "See Other: to the sign-in page without a session, to the next page after a form."}, "404": {"description": "No such item in this tenant.", "content": {"text/html": {"schema": {"type": "string"}}}}}
      }
    },
    "/console/items/{id}/claim": {
      "post": {
        "summary": "Reviewer console: claim the item, exactly as POST /v1/review/items/{id}/claim (same lease, audit record and errors, as HTML pages).",
        "security": [{"consoleSession": []}],
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "requestBody": {"required": true, "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["csrf"], "properties": {"csrf": {"type": "string"}}}}}},
        "responses": {"303": {"description": "See Other: to the sign-in page without a session, to the next page after a form."}, "403": {"description": "The form's CSRF token does not match the session.", "content": {"text/html": {"schema": {"type": "string"}}}}, "404": {"description": "No such item in this tenant.", "content": {"text/html": {"schema": {"type": "string"}}}}, "409": {"description": "Held by another reviewer, not the lease holder, already decided, or resolved.", "content": {"text/html": {"schema": {"type": "string"}}}}}
      }
    },
    "/console/items/{id}/decision": {
      "post": {
        "summary": "Reviewer console: approve, reject or edit a claimed item, exactly as POST /v1/review/items/{id}/decision (reason_other, when filled in, replaces reason).",
        "security": [{"consoleSession": []}],
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "requestBody": {"required": true, "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["csrf", "verdict", "reason"], "properties": {"csrf": {"type": "string"}, "verdict": {"enum": ["approve", "reject", "edit"]}, "reason": {"type": "string"}, "reason_other": {"type": "string"}, "comment": {"type": "string"}, "edited_content": {"type": "string"}}}}}},
        "responses": {"303": {"description": "See Other: to the sign-in page without a session, to the next page after a form."}, "400": {"description": "Invalid form (HTML error page).", "content": {"text/html": {"schema": {"type": "string"}}}}, "403": {"description": "The form's CSRF token does not match the session.", "content": {"text/html": {"schema": {"type": "string"}}}}, "404": {"description": "No such item in this tenant.", "content": {"text/html": {"schema": {"type": "string"}}}}, "409": {"description": "Held by another reviewer, not the lease holder, already decided, or resolved.", "content": {"text/html": {"schema": {"type": "string"}}}}}
      }
    },
    "/console/stats": {
      "get": {
        "summary": "Reviewer console (HTML): the review statistics of GET /v1/review/stats for the tenant (same since/until parameters and defaults).",
        "security": [{"consoleSession": []}],
        "parameters": [
          {"name": "since", "in": "query", "schema": {"type": "string", "format": "date-time"}},
          {"name": "until", "in": "query", "schema": {"type": "string", "format": "date-time"}}
        ],
        "responses": {"200": {"description": "The page.", "content": {"text/html": {"schema": {"type": "string"}}}}, "303": {"description": "See Other: to the sign-in page without a session, to the next page after a form."}, "400": {"description": "Invalid form (HTML error page).", "content": {"text/html": {"schema": {"type": "string"}}}}}
      }
    }
  },
  "components": {
    "securitySchemes": {
      "bearerAuth": {"type": "http", "scheme": "bearer", "description": "An API key (ppk_…). Roles: client < reviewer < admin."},
      "consoleSession": {"type": "apiKey", "in": "cookie", "name": "parapet_console", "description": "The reviewer console's session, opened by POST /console/sign-in."}
    },
    "parameters": {
      "RequestID": {"name": "x-request-id", "in": "header", "schema": {"type": "string", "maxLength": 128, "pattern": "^[A-Za-z0-9._:-]+$"}, "description": "Echoed in the response; generated when absent or not of this form."},
      "PolicyName": {"name": "name", "in": "query", "schema": {"type": "string", "default": "default", "pattern": "^[a-z0-9_.-]{1,64}$"}}
    },
    "responses": {
      "BadRequest": {"description": "Invalid input (invalid_request_error), naming the parameter.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Unauthorized": {"description": "Missing, malformed, unknown or revoked key (authentication_error).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Forbidden": {"description": "The key's role or tenant does not allow this (permission_error).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "NotFound": {"description": "Not found in the caller's tenant (not_found_error).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "TooLarge": {"description": "The body exceeds the size limit (request_too_large).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Unavailable": {"description": "Storage cannot be reached (service_unavailable).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    },
    "schemas": {
      "Error": {
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "object", "required": ["type", "message", "param", "code"], "properties": {
          "type": {"type": "string", "enum": ["invalid_request_error", "authentication_error", "permission_error", "not_found_error", "conflict_error", "request_too_large", "service_unavailable", "internal_error"]},
          "message": {"type": "string"},
          "param": {"type": ["string", "null"]},
          "code": {"type": ["string", "null"]}
        }}}
      },
      "Status": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}},
      "Direction": {"type": "string", "enum": ["input", "output", "tool", "retrieval"]},
      "Action": {"type": "string", "enum": ["allow", "annotate", "redact", "review", "block"]},
      "Role": {"type": "string", "enum": ["client", "reviewer", "admin"]},
      "ReviewStats": {
        "type": "object", "required": ["object", "since", "until", "routes", "categories", "reasons", "task_types"],
        "properties": {
          "object": {"const": "review.stats"},
          "since": {"type": "string", "format": "date-time"},
          "until": {"type": "string", "format": "date-time"},
          "routes": {"type": "array", "items": {"type": "object", "required": ["route", "calls", "escalated", "sampled", "decisions", "overrides", "reasons"], "properties": {
            "route": {"type": "string"}, "calls": {"type": "integer"}, "escalated": {"type": "integer"}, "sampled": {"type": "integer"},
            "decisions": {"type": "integer"}, "overrides": {"type": "integer"},
            "escalation_rate": {"type": "number", "description": "escalated / calls; absent without calls"},
            "override_rate": {"type": "number", "description": "overrides (reject or edit) / decisions; absent without decisions"},
            "flag": {"enum": ["below_band", "in_band", "above_band", "recalibrate"]},
            "reasons": {"type": "array", "items": {"type": "object", "properties": {"reason": {"type": "string"}, "overrides": {"type": "integer"}, "share": {"type": "number"}, "flag": {"const": "revise_prompt"}}}}
          }}},
          "categories": {"type": "array", "items": {"$ref": "#/components/schemas/ReviewOverrides"}},
          "reasons": {"type": "array", "items": {"$ref": "#/components/schemas/ReviewOverrides"}},
          "task_types": {"type": "array", "items": {"type": "object", "required": ["task_type", "calls", "escalated"], "properties": {
            "task_type": {"type": "string"}, "calls": {"type": "integer"}, "escalated": {"type": "integer"}, "flag": {"const": "do_not_automate_yet"}
          }}}
        }
      },
      "ReviewOverrides": {
        "type": "object", "required": ["key", "decisions", "overrides"],
        "properties": {"key": {"type": "string"}, "decisions": {"type": "integer"}, "overrides": {"type": "integer"}, "override_rate": {"type": "number"}}
      },
      "Message": {
        "type": "object", "additionalProperties": false, "required": ["role", "content"],
        "properties": {"role": {"type": "string", "enum": ["system", "developer", "user", "assistant", "tool"]}, "content": {"type": "string"}}
      },
      "GuardRequest": {
        "type": "object", "additionalProperties": false, "required": ["direction"],
        "description": "Exactly one of text or messages.",
        "properties": {
          "direction": {"$ref": "#/components/schemas/Direction"},
          "text": {"type": "string", "minLength": 1},
          "messages": {"type": "array", "minItems": 1, "maxItems": 256, "items": {"$ref": "#/components/schemas/Message"}},
          "policy": {"type": "string", "default": "default"},
          "route": {"type": "string", "maxLength": 128},
          "metadata": {"type": "object", "additionalProperties": {"type": "string"}, "description": "Flat string tags, at most 4096 bytes as JSON."}
        }
      },
      "Finding": {
        "type": "object", "required": ["category", "start", "end", "utf8_start", "utf8_end", "score", "detector", "explanation", "action"],
        "properties": {
          "category": {"type": "string"},
          "start": {"type": "integer", "description": "Code-point offset, inclusive."},
          "end": {"type": "integer", "description": "Code-point offset, exclusive."},
          "utf8_start": {"type": "integer"},
          "utf8_end": {"type": "integer"},
          "score": {"type": "number"},
          "detector": {"type": "string"},
          "explanation": {"type": "string"},
          "action": {"$ref": "#/components/schemas/Action"},
          "message_index": {"type": "integer", "description": "For messages requests: which message."}
        }
      },
      "GuardResponse": {
        "type": "object", "required": ["action", "findings", "latency_us", "audit_id", "policy_version"],
        "properties": {
          "action": {"$ref": "#/components/schemas/Action"},
          "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
          "redacted_text": {"type": "string", "description": "Text requests, when something was redacted."},
          "redacted_messages": {"type": "array", "items": {"$ref": "#/components/schemas/Message"}, "description": "Messages requests, when something was redacted."},
          "latency_us": {"type": "integer"},
          "audit_id": {"type": "string"},
          "policy_version": {"type": "string"}
        }
      },
      "ToolGuardRequest": {
        "type": "object", "additionalProperties": false, "required": ["tool", "arguments", "role"],
        "properties": {
          "tool": {"type": "string", "minLength": 1, "maxLength": 256, "description": "The function name."},
          "arguments": {"oneOf": [{"type": "object"}, {"type": "string", "description": "A JSON object as text, as models write it."}], "description": "Numbers are compared as exact decimals on their text."},
          "role": {"type": "string", "minLength": 1, "maxLength": 128, "description": "The end user's application role (agent, manager), not a key role."},
          "user": {"type": "string", "minLength": 1, "maxLength": 200, "description": "The end user; per-user counters need it."},
          "record": {"type": "boolean", "default": true, "description": "Count an allowed call against the tool's counters."}
        }
      },
      "ToolDecisionReason": {
        "type": "object", "required": ["code", "outcome", "message"],
        "properties": {
          "code": {"type": "string", "enum": ["unknown_tool", "tool_disabled", "role_not_allowed", "invalid_arguments", "argument_over_limit", "flagged_object", "permission_check_failed", "counter_exceeded", "missing_user", "tool_default"]},
          "outcome": {"type": "string", "enum": ["allow", "review", "deny"]},
          "message": {"type": "string"},
          "argument": {"type": "string", "description": "The top-level argument the reason is about."}
        }
      },
      "ToolGuardResponse": {
        "type": "object", "required": ["outcome", "reasons", "risk", "counted", "latency_us", "audit_id"],
        "properties": {
          "outcome": {"type": "string", "enum": ["allow", "review", "deny"], "description": "The most severe outcome of the reasons (deny > review > allow)."},
          "reasons": {"type": "array", "items": {"$ref": "#/components/schemas/ToolDecisionReason"}},
          "risk": {"oneOf": [{"type": "null"}, {"type": "object", "properties": {
            "irreversible": {"type": "boolean"},
            "blast_radius": {"type": "string", "enum": ["single", "account", "tenant", "global"]},
            "compliance": {"type": "string", "enum": ["none", "pii", "financial", "health", "legal"]}
          }}], "description": "The declared risk of the tool; null for an undeclared one."},
          "counted": {"type": "boolean", "description": "Whether the call now counts against the tool's counters."},
          "latency_us": {"type": "integer"},
          "audit_id": {"type": "string"}
        }
      },
      "AuditRecord": {
        "type": "object",
        "required": ["sequence", "id", "time", "tenant", "request_id", "key_id", "direction", "route", "policy_version", "action", "categories", "findings", "detectors", "latency_us", "text_hash", "redacted_text", "metadata", "hash", "previous_hash"],
        "properties": {
          "sequence": {"type": "integer"},
          "id": {"type": "string"},
          "time": {"type": "string", "format": "date-time"},
          "tenant": {"type": "string"},
          "request_id": {"type": "string"},
          "key_id": {"type": "string"},
          "direction": {"$ref": "#/components/schemas/Direction"},
          "route": {"type": ["string", "null"]},
          "policy_version": {"type": "string"},
          "action": {"$ref": "#/components/schemas/Action"},
          "categories": {"type": "array", "items": {"type": "string"}},
          "findings": {"type": "array", "items": {"type": "object", "properties": {
            "category": {"type": "string"}, "start": {"type": "integer"}, "end": {"type": "integer"}, "score": {"type": "number"},
            "detector": {"type": "string"}, "action": {"$ref": "#/components/schemas/Action"}, "message_index": {"type": "integer"}
          }}},
          "detectors": {"type": "array", "items": {"type": "string"}},
          "latency_us": {"type": "integer"},
          "text_hash": {"type": "string", "description": "Hex SHA-256 of salt and raw text."},
          "redacted_text": {"type": ["string", "null"]},
          "raw_text": {"type": "string", "description": "Only when the server is configured to keep raw text."},
          "metadata": {"type": ["object", "null"], "additionalProperties": {"type": "string"}},
          "hash": {"type": "string"},
          "previous_hash": {"type": "string"}
        }
      },
      "Verification": {
        "type": "object", "required": ["intact", "records", "checkpoints", "problems"],
        "properties": {
          "intact": {"type": "boolean"},
          "records": {"type": "integer"},
          "checkpoints": {"type": "integer"},
          "first_sequence": {"type": "integer"},
          "last_sequence": {"type": "integer"},
          "problems": {"type": "array", "items": {"type": "object", "required": ["kind", "sequence", "message"], "properties": {
            "kind": {"type": "string", "enum": ["changed", "missing", "inserted", "reordered", "broken_link", "checkpoint_mismatch", "bad_signature", "missing_anchor"]},
            "sequence": {"type": "integer"}, "audit_id": {"type": "string"}, "message": {"type": "string"}
          }}}
        }
      },
      "Key": {
        "type": "object", "required": ["id", "tenant", "role", "name", "created_at", "revoked_at"],
        "properties": {
          "id": {"type": "string"},
          "tenant": {"type": "string"},
          "role": {"$ref": "#/components/schemas/Role"},
          "name": {"type": "string"},
          "created_at": {"type": "string", "format": "date-time"},
          "revoked_at": {"type": ["string", "null"], "format": "date-time"},
          "secret": {"type": "string", "description": "Only in the creation response."}
        }
      },
      "Policy": {
        "type": "object", "required": ["name", "version", "origin", "document", "updated_at"],
        "properties": {
          "name": {"type": "string"},
          "version": {"type": "string"},
          "origin": {"type": "string", "enum": ["stored", "base"]},
          "document": {"type": ["string", "null"], "description": "The stored document (GET only)."},
          "updated_at": {"type": ["string", "null"], "format": "date-time"}
        }
      }
    }
  }
}
"""#
}
