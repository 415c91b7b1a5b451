import ParapetCore
import Testing
@testable import ParapetGuards

@Suite struct PolicyLoaderTests {
    @Test func builtinPolicyLoads() throws {
        let policy = try PolicyLoader.builtin()
        #expect(policy.version == "builtin-1")
        #expect(policy.rule(for: "pii.email").action(for: .input) == .redact)
        #expect(policy.rule(for: "pii.url").action(for: .output) == .annotate)
        #expect(policy.rule(for: "secret.jwt").action(for: .output) == .block)
        #expect(policy.rule(for: "injection.instruction_override").action(for: .input) == .block)
        #expect(policy.rule(for: "injection.instruction_override").threshold == 0.5)
        #expect(policy.rule(for: "harm.S10_hate").action(for: .output) == .block)
    }

    @Test func fileLayersOverBuiltin() throws {
        let policy = try PolicyLoader.load(yaml: """
            version: acme-3
            categories:
              pii.email:
                output: allow
                redaction: hash
              "secret.*": block
            """)
        #expect(policy.version == "acme-3")
        let email = policy.rule(for: "pii.email")
        #expect(email.action(for: .output) == .allow)
        #expect(email.action(for: .input) == .redact)  // from the built-in layer
        #expect(email.redaction == .hash)
        // The file's wildcard beats the built-in's wildcard.
        #expect(policy.rule(for: "secret.aws_access_key").action(for: .input) == .block)
    }

    @Test func inheritNoneStartsFromNothing() throws {
        let policy = try PolicyLoader.load(yaml: """
            inherit: none
            defaults: {action: allow}
            categories:
              pii.credit_card: block
            """)
        #expect(policy.rule(for: "pii.credit_card").action(for: .input) == .block)
        #expect(policy.rule(for: "pii.email").action(for: .input) == .allow)
    }

    @Test func errorsNameTheirPath() {
        #expect(throws: ConfigErrors.self) {
            _ = try PolicyLoader.load(yaml: "categories:\n  pii.email:\n    output: mask\n")
        }
        do {
            _ = try PolicyLoader.load(yaml: """
                categories:
                  pii.email:
                    output: mask
                    threshold: 2
                  pii.emial: block
                  topic.medical: block
                defaults:
                  colour: red
                """)
            Issue.record("expected errors")
        } catch {
            let text = error.description
            #expect(text.contains(#"policy.categories["pii.email"].output: unknown action "mask""#))
            #expect(text.contains(#"policy.categories["pii.email"].threshold: must be between 0.0 and 1.0"#))
            #expect(text.contains(#"policy.categories["pii.emial"]: unknown category "pii.emial""#))
            #expect(text.contains(#"policy.categories["topic.medical"]: unknown topic "medical""#))
            #expect(text.contains("policy.defaults.colour: unknown field"))
            #expect(error.errors.count == 5)
        }
    }

    @Test func rejectsBadYAMLAndWrongTypes() {
        for bad in ["categories: [", "categories: 3", "topics:\n  x: {keywords: []}", "allow_list: {a: 1}", "a: 1\na: 2", "- 1\n- 2"] {
            #expect(throws: ConfigErrors.self, "\(bad)") { _ = try PolicyLoader.load(yaml: bad) }
        }
    }

    @Test func declaresTopicsWordListsAndAllowList() throws {
        let policy = try PolicyLoader.load(yaml: """
            topics:
              medical_advice:
                keywords: ["dosage", "diagnose me"]
            word_lists:
              profanity: ["darn"]
            allow_list: ["Support@Example.com"]
            categories:
              topic.medical_advice: {input: review}
            """)
        #expect(policy.topics["medical_advice"] == ["dosage", "diagnose me"])
        #expect(policy.wordLists["profanity"] == ["darn"])
        #expect(policy.allowList.contains("support@example.com"))
        #expect(policy.rule(for: "topic.medical_advice").action(for: .input) == .review)
        #expect(policy.rule(for: "wordlist.profanity").action(for: .input) == .redact)
    }
}
