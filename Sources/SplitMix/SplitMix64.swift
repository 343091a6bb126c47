/// SplitMix64: a tiny, fast generator whose outputs are well distributed and the same on every
/// platform for the same seed (seeded synthetic data, load-generator choices, span ids). Not for secrets.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The step added to the state for each output.
    public static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    public var state: UInt64

    public init(state: UInt64) {
        self.state = state
    }

    public mutating func next() -> UInt64 {
        state &+= Self.increment
        return Self.mix(state)
    }

    /// The output function for one state value.
    @inlinable
    public static func mix(_ state: UInt64) -> UInt64 {
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
