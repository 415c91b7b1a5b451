/// A word or number of a sentence, as the grounding check compares them.
struct GroundingToken {
    enum Kind {
        /// A content word.
        case word
        /// A number; `key` is its normalised value.
        case number
        /// A stopword: kept for adjacency (names such as `Bank of America`), never scored.
        case stop
    }

    var kind: Kind
    /// The hash of the folded, stemmed word, or of the normalised number.
    var key: UInt64
    /// Bytes of the token in the text (a percent sign after a number included).
    var range: Range<Int>
    /// Starts with an upper-case letter.
    var isCapitalised: Bool
    /// Two or more upper-case letters and no lower-case ones (`NASA`, `U.S.`).
    var isAcronym: Bool
    /// A lower-case word that may join the parts of a name (`of`, `van`).
    var isConnector: Bool
    /// The first token of the sentence or of a clause (after `:`, `;`, an opening quote or
    /// bracket, a dash, Markdown emphasis), where capitals say nothing about names.
    var startsClause: Bool
}
