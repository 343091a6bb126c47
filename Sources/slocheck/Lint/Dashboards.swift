import Foundation

/// The Grafana dashboards under `dashboards/`: their variables, panels (rows' nested panels too) and
/// PromQL targets, with the lines they are written on.
struct Dashboards {
    static let directory = "dashboards"

    struct Target {
        /// Position in the panel's `targets` (the linter's `targetIdx`).
        let index: Int
        let expression: String
        let line: Int
        let exemplar: Bool
    }

    struct Panel {
        let title: String
        let type: String
        let description: String
        /// The data source uid (`${datasource}`), or the string form of older dashboards.
        let datasource: String?
        let unit: String?
        let targets: [Target]
        let line: Int
        let object: [String: Any]
    }

    struct Variable {
        let name: String
        let type: String
        let label: String?
        let datasource: String?
        let query: String
        let multi: Bool
        let includeAll: Bool
        let allValue: String?
        let refresh: Int?
        let line: Int
    }

    struct Dashboard {
        let file: String
        let title: String
        let editable: Bool?
        let variables: [Variable]
        let panels: [Panel]

        func variable(_ name: String) -> Variable? { variables.first { $0.name == name } }
    }

    /// A PromQL query of a panel or a variable, for the emitted-metrics check.
    struct Query {
        let file: String
        let line: Int
        let panel: String
        let expression: String
    }

    static func load(in repository: URL) throws -> [Dashboard] {
        let folder = repository.appendingPathComponent(directory)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { try dashboard(path: "\(directory)/\($0)", text: (try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)) ?? "") }
    }

    static func dashboard(path: String, text: String) throws -> Dashboard {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw UnreadableFile(finding: Finding(file: path, line: 0, check: "json", message: "not valid JSON: \(error.localizedDescription)"))
        }
        guard let dashboard = object as? [String: Any] else {
            throw UnreadableFile(finding: Finding(file: path, line: 0, check: "json", message: "a dashboard must be a JSON object"))
        }
        /// The line of the first occurrence of `value` as a JSON string after `key`.
        func line(of value: String, key: String) -> Int {
            guard let encoded = try? JSONSerialization.data(withJSONObject: [value], options: .withoutEscapingSlashes),
                  let literal = String(data: encoded, encoding: .utf8)?.dropFirst().dropLast(),
                  let range = text.range(of: "\"\(key)\": \(literal)") ?? text.range(of: String(literal)) else { return 0 }
            return text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
        }
        func uid(_ value: Any?) -> String? {
            (value as? [String: Any])?["uid"] as? String ?? value as? String
        }
        var panels: [Panel] = []
        func visit(_ objects: [[String: Any]]) {
            for panel in objects {
                let title = panel["title"] as? String ?? ""
                let targets = (panel["targets"] as? [[String: Any]] ?? []).enumerated().compactMap { index, target -> Target? in
                    guard let expression = target["expr"] as? String else { return nil }
                    return Target(index: index, expression: expression, line: line(of: expression, key: "expr"),
                                  exemplar: target["exemplar"] as? Bool ?? false)
                }
                let defaults = (panel["fieldConfig"] as? [String: Any])?["defaults"] as? [String: Any]
                panels.append(Panel(title: title, type: panel["type"] as? String ?? "", description: panel["description"] as? String ?? "",
                                    datasource: uid(panel["datasource"]), unit: defaults?["unit"] as? String, targets: targets,
                                    line: line(of: title, key: "title"), object: panel))
                visit(panel["panels"] as? [[String: Any]] ?? [])
            }
        }
        visit(dashboard["panels"] as? [[String: Any]] ?? [])
        let variables = ((dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []).map { variable in
            let name = variable["name"] as? String ?? ""
            let query = (variable["query"] as? [String: Any])?["query"] as? String ?? variable["query"] as? String ?? ""
            return Variable(name: name, type: variable["type"] as? String ?? "", label: variable["label"] as? String,
                            datasource: uid(variable["datasource"]), query: query, multi: variable["multi"] as? Bool ?? false,
                            includeAll: variable["includeAll"] as? Bool ?? false, allValue: variable["allValue"] as? String,
                            refresh: variable["refresh"] as? Int, line: line(of: name, key: "name"))
        }
        return Dashboard(file: path, title: dashboard["title"] as? String ?? path, editable: dashboard["editable"] as? Bool,
                         variables: variables, panels: panels)
    }

    /// Every panel query and every `label_values` variable of every dashboard.
    static func queries(in dashboards: [Dashboard]) -> [Query] {
        dashboards.flatMap { dashboard in
            dashboard.panels.flatMap { panel in
                panel.targets.filter { !$0.expression.isEmpty }.map {
                    Query(file: dashboard.file, line: $0.line, panel: "panel \"\(panel.title.isEmpty ? "untitled panel" : panel.title)\"", expression: $0.expression)
                }
            } + dashboard.variables.compactMap { variable in
                guard variable.type == "query", let inner = labelValuesQuery(variable.query) else { return nil }
                return Query(file: dashboard.file, line: variable.line, panel: "variable \"\(variable.name)\"", expression: inner)
            }
        }
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
