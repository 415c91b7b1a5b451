import ArgumentParser

@main
struct ParapetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parapet",
        abstract: "A safety and reliability layer for LLM applications.",
        subcommands: []
    )
}
