import Foundation
import JikimPolicyFile
import JikimTestSupport
import Testing

/// The JSON Schema editors use and the reader agree: every example passes both, every broken fixture fails both.
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

func runSchemaCheck(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try PythonEnvironment.python("tests"))
    process.arguments = [repository.appendingPathComponent("scripts/check-schema.py").path] + arguments
    process.currentDirectoryURL = repository
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output)
}

/// Every example under examples/, so a new one is checked against the schema without being named here.
let validFiles = ((try? FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("examples").path)) ?? [])
    .sorted().map { "examples/\($0)/policy.yaml" }
    .filter { FileManager.default.fileExists(atPath: repository.appendingPathComponent($0).path) }
    + ["Sources/JikimServer/DemoPolicy/policy.yaml", "Sources/JikimServer/DemoPolicy/history/2025-01-01.yaml"]

let schemaFixtures: [String] = {
    let directory = repository.appendingPathComponent("Tests/JikimPolicyFileTests/SchemaFixtures").path
    return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        .map { "Tests/JikimPolicyFileTests/SchemaFixtures/\($0)" }
}()

@Test("the examples and the demo policy are valid against the JSON Schema")
func examplesMatchSchema() throws {
    #expect(validFiles.count >= 11, "the examples were not found: \(validFiles)")
    let result = try runSchemaCheck(validFiles)
    #expect(result.status == 0, "\(result.output)")
}

@Test("each broken fixture is rejected by the JSON Schema and by the reader")
func fixturesFailSchemaAndReader() throws {
    #expect(schemaFixtures.count >= 6)
    let result = try runSchemaCheck(["--expect-invalid"] + schemaFixtures)
    #expect(result.status == 0, "\(result.output)")
    for fixture in schemaFixtures {
        #expect(CheckReport(path: repository.appendingPathComponent(fixture).path).exitCode == 1, "\(fixture)")
    }
}
