/// The Redis pub/sub channel on which the backend announces catalog changes (a checkout's products):
/// each message is the changed cache keys separated by spaces. Every cache of catalog reads, the
/// backend's and the storefront's, drops what a message names and is trusted only while subscribed.
public enum CatalogInvalidations {
    public static let channel = "catalog:invalidations"
}
