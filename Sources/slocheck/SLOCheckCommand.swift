import ArgumentParser
import Foundation

/// `slocheck`: SLOs and alerting rules as code. Without a subcommand it runs `lint`, which is what CI runs.
///
/// Exit codes: 0 clean, 1 findings (or an exhausted budget), 2 usage or unreadable input,
/// 4 Prometheus unreachable.
@main
struct SLOCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slocheck",
        abstract: "Generate, lint and measure ShopMicro's SLOs and alerting rules.",
        discussion: "Exit codes: 0 clean, 1 findings or an exhausted error budget, 2 usage or unreadable input, 4 Prometheus unreachable.",
        subcommands: [Lint.self, Generate.self, Budget.self],
        defaultSubcommand: Lint.self)

    /// Like ArgumentParser's `main`, but a usage error exits 2, as documented, instead of 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}

/// Options every subcommand takes.
struct CommonOptions: ParsableArguments {
    @Option(help: "The repository to check.") var repository = "."
    @Option(help: "text for people, json for machines.") var format: OutputFormat = .text

    var repositoryURL: URL { URL(fileURLWithPath: repository).standardizedFileURL }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Prints findings and turns them into the exit code.
enum FindingReport {
    static func finish(_ findings: [Finding], format: OutputFormat, clean: String) throws -> Never {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(["findings": findings]), as: UTF8.self))
        case .text:
            for finding in findings { print(finding.text) }
            print(findings.isEmpty ? clean : "\(findings.count) finding\(findings.count == 1 ? "" : "s")")
        }
        throw ExitCode(findings.isEmpty ? 0 : 1)
    }

    /// An unreadable file: its message, exit 2.
    static func unreadable(_ error: UnreadableFile, format: OutputFormat) -> ExitCode {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: (try? encoder.encode(["error": error.finding])) ?? Data(), as: UTF8.self))
        case .text:
            FileHandle.standardError.write(Data("slocheck: \(error.finding.text)\n".utf8))
        }
        return ExitCode(2)
    }
}

struct Lint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the SLO specs, the rules, the runbook and the dashboards against what the services emit.")
    @OptionGroup var options: CommonOptions

    func run() async throws {
        do {
            try FindingReport.finish(try Linter(repository: options.repositoryURL).run(), format: options.format,
                                     clean: "slocheck: clean (SLO specs, rules, runbook, dashboards)")
        } catch let error as UnreadableFile {
            throw FindingReport.unreadable(error, format: options.format)
        }
    }
}

struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write \(RuleGenerator.outputPath) from the SLO specs (--check: only compare).")
    @OptionGroup var options: CommonOptions
    @Flag(help: "Fail when the committed rules differ from a fresh generation, instead of writing them.") var check = false

    func run() async throws {
        do {
            let (specs, findings) = try SpecLoader(repository: options.repositoryURL).load()
            guard findings.isEmpty else { try FindingReport.finish(findings, format: options.format, clean: "") }
            let files = try GeneratedFiles(specs: specs, runbook: try Runbook(repository: options.repositoryURL))
            if check {
                try FindingReport.finish(files.staleFindings(in: options.repositoryURL), format: options.format,
                                         clean: "slocheck: the generated rules and their tests are up to date")
            }
            try files.write(to: options.repositoryURL)
            if options.format == .text {
                print("slocheck: wrote \(files.contents.keys.sorted().joined(separator: " and ")) for \(specs.count) SLOs")
            }
        } catch let error as UnreadableFile {
            throw FindingReport.unreadable(error, format: options.format)
        }
    }
}
