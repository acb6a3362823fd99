import Foundation
import JikimCore
import JikimPolicyFile
import JikimPublishing

/// Renders every example policy in both languages and both formats, `rounds` times.
func renderBenchmark(directory: String, rounds: Int) throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    let files = names.map { "\(directory)/\($0)/policy.yaml" }.filter { FileManager.default.fileExists(atPath: $0) }
    let renderer = try PolicyRenderer()
    var policies: [Policy] = []
    let load = try seconds { policies = try files.map { try PolicyFile.load(path: $0).policy } }
    var bytes = 0
    var times: [DocumentFormat: [Double]] = [:]
    for format in DocumentFormat.allCases {
        for _ in 0..<rounds {
            times[format, default: []].append(try seconds {
                for policy in policies {
                    for language in Language.allCases {
                        bytes += try renderer.render(policy, language: language, format: format).utf8.count
                    }
                }
            })
        }
    }
    print("policies: \(policies.count) (\(files.joined(separator: ", ")))")
    print(String(format: "read and check all: %.1f ms", load * 1000))
    for format in DocumentFormat.allCases {
        let sorted = (times[format] ?? []).sorted()
        let median = sorted[sorted.count / 2]
        print(String(format: "render all %d in ko and en as %@: median %.1f ms, fastest %.1f ms, slowest %.1f ms over %d rounds",
                     policies.count, format.rawValue, median * 1000, sorted[0] * 1000, sorted[sorted.count - 1] * 1000, rounds))
    }
    print("rendered \(bytes / rounds / 2) bytes a round on average")
}
