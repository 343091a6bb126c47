import Synchronization

/// Random numbers for trace and span ids without a system call per id: a lock-free SplitMix64
/// sequence seeded once from the system generator. Its outputs are well distributed and never
/// repeat within 2^64 draws; they are not meant to be unguessable (ids are not secrets).
struct SpanIDGenerator: RandomNumberGenerator {
    private static let state: Atomic<UInt64> = {
        var system = SystemRandomNumberGenerator()
        return Atomic(system.next())
    }()

    mutating func next() -> UInt64 {
        var z = Self.state.wrappingAdd(0x9E37_79B9_7F4A_7C15, ordering: .relaxed).newValue
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
