import ArgumentParser

/// `shopmicro`: run the whole platform locally (`up`), drive shopper traffic at it (`load`), log
/// Alertmanager notifications (`alert-log`), run fault drills under load (`faults`) and check an
/// endpoint as a container healthcheck (`probe`).
@main
struct ShopMicroCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shopmicro",
        abstract: "Run ShopMicro locally and load it with simulated shoppers.",
        subcommands: [UpCommand.self, LoadCommand.self, AlertLogCommand.self, FaultsCommand.self, ProbeCommand.self])
}
