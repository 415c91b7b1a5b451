import ArgumentParser
import Foundation
import ParapetCore
import ParapetGuards

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Validate a policy file and print the rule every category resolves to.",
        discussion: "Without --policy, shows the built-in policy. Exit code 2 when the file is invalid; every error names its path."
    )

    @OptionGroup var policyOptions: PolicyOptions

    func run() throws {
        let policy = try policyOptions.loadPolicy()
        print("policy \(policy.version)")
        print("category".padding(38) + "input     output    tool      retrieval threshold fail    redaction")
        var ids = Taxonomy.standard.entries.map(\.id)
        ids += policy.topics.keys.sorted().map { CategoryID("topic.\($0)") }
        ids += policy.wordLists.keys.sorted().map { CategoryID("wordlist.\($0)") }
        for id in ids {
            let r = policy.rule(for: id)
            print(id.rawValue.padding(38) + r.input.rawValue.padding(10) + r.output.rawValue.padding(10) + r.tool.rawValue.padding(10)
                + r.retrieval.rawValue.padding(10) + "\(r.threshold)".padding(10) + r.failMode.rawValue.padding(8) + r.redaction.rawValue)
        }
    }
}
