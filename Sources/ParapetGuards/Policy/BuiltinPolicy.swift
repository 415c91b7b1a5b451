/// The default policy compiled into the binary: what Parapet does with nothing configured.
///
/// Sensitive values are redacted on the way in (so providers never see them) and out; secrets in
/// a model's output block; injections block in prompts, tool results and retrieved documents;
/// harm categories (reported by classifiers and judges in later tiers) block.
enum BuiltinPolicy {
    static let yaml = """
        version: builtin-1
        defaults:
          action: annotate
          threshold: 0.5
          fail_mode: closed
          redaction: placeholder
        categories:
          "pii.*":
            input: redact
            output: redact
            tool: redact
            retrieval: redact
          pii.url:
            action: annotate
          pii.ip_address:
            input: annotate
            retrieval: annotate
          "secret.*":
            input: redact
            output: block
            tool: redact
            retrieval: redact
          "injection.*":
            input: block
            output: annotate
            tool: block
            retrieval: block
          "harm.*":
            action: block
            threshold: 0.7
          "topic.*":
            input: block
            output: block
            tool: annotate
            retrieval: annotate
          "wordlist.*":
            action: redact
          output.invalid_json:
            output: block
          output.ungrounded:
            output: review
          "detector.*":
            action: annotate
        """
}
