import HTTPTypes
import Instrumentation

/// Reads propagation headers from swift-http-types fields (server side).
public struct HTTPFieldsExtractor: Extractor {
    public init() {}

    public func extract(key: String, from fields: HTTPFields) -> String? {
        guard let name = HTTPField.Name(key) else { return nil }
        return fields[name]
    }
}

/// Writes propagation headers into swift-http-types fields.
public struct HTTPFieldsInjector: Injector {
    public init() {}

    public func inject(_ value: String, forKey key: String, into fields: inout HTTPFields) {
        guard let name = HTTPField.Name(key) else { return }
        fields[name] = value
    }
}
