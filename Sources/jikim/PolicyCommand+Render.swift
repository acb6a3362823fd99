import ArgumentParser

extension PolicyCommand {
    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Render the privacy policy (not built yet).")
        @Argument var file: String
        @Option var lang: String = "ko"
        @Option var format: String = "md"
        func run() throws { throw ValidationError("render: not built yet") }
    }
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Compare two policy files (not built yet).")
        @Argument var old: String
        @Argument var new: String
        func run() throws { throw ValidationError("diff: not built yet") }
    }
}
