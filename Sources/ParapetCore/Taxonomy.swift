/// The catalogue of concrete categories: the contract between policy authors and detectors.
///
/// Fixed categories are listed here. Open families are named by prefix: `topic.<name>` and
/// `wordlist.<name>` come from the policy's topic and word-list declarations, `tool.<name>.<rule>`
/// from tool policies (later), `detector.<name>.unavailable` from fail-open detectors.
public struct Taxonomy: Sendable {
    /// One category with a human-readable name.
    public struct Entry: Sendable, Hashable {
        public let id: CategoryID
        public let name: String
        public init(_ id: CategoryID, _ name: String) {
            self.id = id
            self.name = name
        }
    }

    public let entries: [Entry]
    private let index: [CategoryID: Int]

    public init(entries: [Entry]) {
        self.entries = entries
        var index: [CategoryID: Int] = [:]
        for (i, entry) in entries.enumerated() { index[entry.id] = i }
        self.index = index
    }

    public func contains(_ id: CategoryID) -> Bool { index[id] != nil }

    public func entry(_ id: CategoryID) -> Entry? { index[id].map { entries[$0] } }

    /// Groups whose members are open-ended (declared by a policy or by a tool).
    public static let openGroups: Set<String> = ["topic", "wordlist", "tool", "detector"]

    /// The built-in taxonomy.
    public static let standard = Taxonomy(entries: [
        // Personal data.
        Entry("pii.email", "Email address"),
        Entry("pii.phone", "Phone number (NANP or E.164)"),
        Entry("pii.credit_card", "Payment card number (Luhn-valid, known issuer)"),
        Entry("pii.iban", "International bank account number (mod-97 valid)"),
        Entry("pii.us_ssn", "US social security number"),
        Entry("pii.ip_address", "IPv4 or IPv6 address"),
        Entry("pii.url", "URL"),
        Entry("pii.mac_address", "MAC address"),
        Entry("pii.crypto_wallet", "Bitcoin wallet address (base58check or bech32)"),
        Entry("pii.us_bank_routing", "US bank routing number (ABA checksum)"),
        // Credentials.
        Entry("secret.aws_access_key", "AWS access key id"),
        Entry("secret.aws_secret_key", "AWS secret access key"),
        Entry("secret.github_token", "GitHub token (classic or fine-grained)"),
        Entry("secret.openai_key", "OpenAI API key"),
        Entry("secret.anthropic_key", "Anthropic API key"),
        Entry("secret.slack_token", "Slack token or webhook"),
        Entry("secret.stripe_key", "Stripe secret or restricted key"),
        Entry("secret.google_api_key", "Google API key"),
        Entry("secret.jwt", "JSON Web Token"),
        Entry("secret.private_key", "PEM private-key block"),
        Entry("secret.generic", "High-entropy value assigned to a key-like name"),
        // Prompt injection.
        Entry("injection.instruction_override", "Instruction override (ignore previous instructions)"),
        Entry("injection.jailbreak_persona", "Persona jailbreak (DAN, developer mode, no restrictions)"),
        Entry("injection.system_prompt_extraction", "System-prompt extraction"),
        Entry("injection.role_tag", "Delimiter or role-tag injection (fake system turns, chat-template tokens)"),
        Entry("injection.encoded_payload", "Instructions hidden in base64, hex or rot13"),
        Entry("injection.hidden_text", "Text hidden in invisible Unicode (tag characters, bidi controls)"),
        // Llama Guard 3 hazards S1–S14.
        Entry("harm.S1_violent_crimes", "Violent crimes"),
        Entry("harm.S2_non_violent_crimes", "Non-violent crimes"),
        Entry("harm.S3_sex_related_crimes", "Sex-related crimes"),
        Entry("harm.S4_child_sexual_exploitation", "Child sexual exploitation"),
        Entry("harm.S5_defamation", "Defamation"),
        Entry("harm.S6_specialized_advice", "Specialized advice"),
        Entry("harm.S7_privacy", "Privacy"),
        Entry("harm.S8_intellectual_property", "Intellectual property"),
        Entry("harm.S9_indiscriminate_weapons", "Indiscriminate weapons"),
        Entry("harm.S10_hate", "Hate"),
        Entry("harm.S11_suicide_self_harm", "Suicide and self-harm"),
        Entry("harm.S12_sexual_content", "Sexual content"),
        Entry("harm.S13_elections", "Elections"),
        Entry("harm.S14_code_interpreter_abuse", "Code interpreter abuse"),
        Entry("harm.toxicity", "Toxic, hateful or abusive language"),
        // Output validation.
        Entry("output.invalid_json", "Output is not valid JSON or does not match its schema"),
        Entry("output.ungrounded", "Output is not supported by the provided sources"),
    ])
}
