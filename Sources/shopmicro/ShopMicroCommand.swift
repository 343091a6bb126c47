import ArgumentParser

/// `shopmicro`: run the whole platform locally (`up`) and drive shopper traffic at it (`load`).
@main
struct ShopMicroCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shopmicro",
        abstract: "Run ShopMicro locally and load it with simulated shoppers.",
        subcommands: [UpCommand.self, LoadCommand.self])
}
