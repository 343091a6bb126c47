import SplitMix
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
        SplitMix64.mix(Self.state.wrappingAdd(SplitMix64.increment, ordering: .relaxed).newValue)
    }
}
