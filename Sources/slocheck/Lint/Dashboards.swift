import Foundation

/// The PromQL queries of the Grafana dashboards under `dashboards/` (panels, nested rows, template variables).
struct Dashboards {
    struct Query {
        let file: String
        let line: Int
        let panel: String
        let expression: String
    }

    static let directory = "dashboards"

    static func queries(in repository: URL) throws -> [Query] {
        let folder = repository.appendingPathComponent(directory)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        var queries: [Query] = []
        for name in names {
            let path = "\(directory)/\(name)"
            let text = (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: Data(text.utf8))
            } catch {
                throw UnreadableFile(finding: Finding(file: path, line: 0, check: "json", message: "not valid JSON: \(error.localizedDescription)"))
            }
            guard let dashboard = object as? [String: Any] else {
                throw UnreadableFile(finding: Finding(file: path, line: 0, check: "json", message: "a dashboard must be a JSON object"))
            }
            func line(of expression: String) -> Int {
                guard let encoded = try? JSONSerialization.data(withJSONObject: [expression]),
                      let literal = String(data: encoded, encoding: .utf8)?.dropFirst().dropLast(),
                      let range = text.range(of: String(literal)) else { return 0 }
                return text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
            }
            func visit(_ panels: [[String: Any]]) {
                for panel in panels {
                    let title = panel["title"] as? String ?? "untitled panel"
                    for target in panel["targets"] as? [[String: Any]] ?? [] {
                        if let expression = target["expr"] as? String, !expression.isEmpty {
                            queries.append(Query(file: path, line: line(of: expression), panel: "panel \"\(title)\"", expression: expression))
                        }
                    }
                    visit(panel["panels"] as? [[String: Any]] ?? [])
                }
            }
            visit(dashboard["panels"] as? [[String: Any]] ?? [])
            for variable in (dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? [] {
                let query = (variable["query"] as? [String: Any])?["query"] as? String ?? variable["query"] as? String ?? ""
                if variable["type"] as? String == "query", let inner = Self.labelValuesQuery(query) {
                    queries.append(Query(file: path, line: line(of: query), panel: "variable \"\(variable["name"] as? String ?? "")\"", expression: inner))
                }
            }
        }
        return queries
    }

    /// The selector inside `label_values(selector, label)`, as an expression using that label.
    static func labelValuesQuery(_ query: String) -> String? {
        guard query.hasPrefix("label_values("), query.hasSuffix(")") else { return nil }
        let inner = query.dropFirst("label_values(".count).dropLast()
        guard let comma = inner.lastIndex(of: ",") else { return nil }
        let label = inner[inner.index(after: comma)...].trimmingCharacters(in: .whitespaces)
        let selector = inner[..<comma].trimmingCharacters(in: .whitespaces)
        return "sum by (\(label)) (\(selector))"
    }
}
