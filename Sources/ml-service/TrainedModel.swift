import Recommender
import Synchronization

/// One trained model as requests see it: the engine and where it came from.
struct TrainedModel: Sendable {
    let engine: RecommendationEngine
    /// Names the training data: `o<last order sequence>-p<products>`, the same on every replica
    /// that learned from the same history.
    let version: String
    /// Orders the model learned from.
    let orderCount: Int
}

/// The current model, swapped atomically: a request reads one whole model, old or new, never a mix.
final class ModelStore: Sendable {
    private let model = Mutex<TrainedModel?>(nil)
    private let lastTraining = Mutex<ContinuousClock.Instant?>(nil)
    private let started = ContinuousClock.now

    /// The model requests use; nil until the first training succeeded.
    var current: TrainedModel? { model.withLock { $0 } }

    /// Installs `trained` and notes that the model now reflects the backend's data.
    func install(_ trained: TrainedModel) {
        model.withLock { $0 = trained }
        confirmFresh()
    }

    /// Notes that a training found nothing new: the current model is still up to date.
    func confirmFresh() {
        lastTraining.withLock { $0 = .now }
    }

    /// Seconds since the model was last known to be up to date (since start when it never was).
    var ageSeconds: Double {
        let since = lastTraining.withLock { $0 } ?? started
        let age = ContinuousClock.now - since
        return Double(age.components.seconds) + Double(age.components.attoseconds) / 1e18
    }
}
