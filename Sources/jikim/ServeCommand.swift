import ArgumentParser

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the Jikim server.")
    func run() async throws {
        throw ValidationError("not built yet")
    }
}
