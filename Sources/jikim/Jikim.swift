import ArgumentParser

@main
struct Jikim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jikim",
        abstract: "Run the processing of personal information that a privacy policy promises.",
        subcommands: [PolicyCommand.self, ServeCommand.self, InitCommand.self, ActorsCommand.self, SubjectsCommand.self, RequestsCommand.self, KeysCommand.self, LogCommand.self, SweepCommand.self, DestructionCommand.self, IncidentsCommand.self]
    )
}
