import AsyncHTTPClient
import Foundation

/// Instant queries against Prometheus's HTTP API.
struct PrometheusClient {
    let baseURL: String
    let client: HTTPClient

    struct Unreachable: Error, CustomStringConvertible {
        let description: String
    }

    /// The value of the first series `query` returns, nil when it returns none (or NaN).
    func scalar(_ query: String) async throws -> Double? {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let url = "\(baseURL)/api/v1/query?query=\(query.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        let body: Data
        do {
            let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
            let buffer = try await response.body.collect(upTo: 16 << 20)
            guard response.status == .ok else {
                throw Unreachable(description: "\(baseURL) answered \(response.status.code) for \(query): \(String(buffer: buffer))")
            }
            body = Data(buffer.readableBytesView)
        } catch let error as Unreachable {
            throw error
        } catch {
            throw Unreachable(description: "cannot reach Prometheus at \(baseURL): \(error)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let data = object["data"] as? [String: Any], let results = data["result"] as? [[String: Any]] else {
            throw Unreachable(description: "\(baseURL) did not answer like the Prometheus API")
        }
        guard let value = (results.first?["value"] as? [Any])?.last as? String, let number = Double(value), !number.isNaN else {
            return nil
        }
        return number
    }
}
