/// What happens when a detector for a category cannot give an answer (it failed, timed out or is
/// unavailable).
public enum FailMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Refuse: the category is treated as found, with the action `block`.
    case closed
    /// Pass and flag: the text goes on, annotated with a finding that says the detector failed.
    case open
}
