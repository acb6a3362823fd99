import ArgumentParser
import Foundation
import JikimCore
import JikimPolicyFile
import JikimPublishing

extension Language: ExpressibleByArgument {}
extension DocumentFormat: ExpressibleByArgument {}

extension PolicyCommand {
    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render the privacy policy (개인정보 처리방침) from a policy file.",
            discussion: "With --version, renders an earlier version from the archived file its history entry names."
        )

        @Argument(help: "The policy file (YAML).")
        var file: String

        @Option(help: "The language: ko or en.")
        var lang: Language = .ko

        @Option(help: "The format: md or html.")
        var format: DocumentFormat = .md

        @Option(name: .customLong("version"), help: "An earlier version to render, by its id in the policy's history.")
        var version: String?

        @Option(help: "A directory of templates that replace the bundled ones (policy.<lang>.<format>.mustache).")
        var templates: String?

        func run() throws {
            do {
                let archive = try PolicyArchive(currentFile: file)
                let (policy, changes) = try archive.versionWithChanges(version)
                let renderer = try PolicyRenderer(templateDirectory: templates)
                print(try renderer.render(policy, language: lang, format: format, changes: changes), terminator: "")
            } catch let failure as PolicyArchive.Failure {
                printError(failure.description)
                if case .file(.unreadable) = failure { throw PolicyExit.unreadable }
                throw PolicyExit.invalid
            } catch let failure as PolicyRenderer.Failure {
                printError(failure.description)
                throw PolicyExit.invalid
            }
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say what changed between two policy files, marking changes that need fresh consent.",
            discussion: "Exit status: 0 when the files are valid, 1 when one is invalid, 2 when one is unreadable."
        )

        @Argument(help: "The earlier policy file.")
        var old: String

        @Argument(help: "The later policy file.")
        var new: String

        @Option(help: "The language of the sentences: ko or en.")
        var lang: Language = .en

        func run() throws {
            let before = try loadPolicyFile(old).policy
            let after = try loadPolicyFile(new).policy
            let changes = PolicyDiff.changes(from: before, to: after)
            if changes.isEmpty {
                print(lang == .ko ? "달라진 점이 없습니다." : "No changes.")
                return
            }
            for change in changes {
                let marker = change.needsFreshConsent ? (lang == .ko ? " [재동의 필요]" : " [needs fresh consent]") : ""
                print("- \(change.sentence(in: lang))\(marker)")
            }
            let fresh = changes.filter(\.needsFreshConsent).count
            print(lang == .ko
                ? "변경 \(changes.count)건, 그중 재동의가 필요한 변경 \(fresh)건"
                : "\(changes.count) change(s), \(fresh) needing fresh consent")
        }
    }
}
