/// The dashboard-linter's rules (see `DashboardLint`), each under its name.
enum DashboardRules {
    static let datasourceUIDs: Set<String> = ["$datasource", "${datasource}"]
    static let queryPanelTypes: Set<String> = ["timeseries", "stat", "gauge", "bargauge", "table", "graph", "singlestat", "heatmap", "piechart"]
    static let unitPanelTypes: Set<String> = ["timeseries", "stat", "gauge", "table", "graph", "singlestat"]
    /// Grafana unit ids (packages/grafana-data valueFormats) of the kinds dashboards here use.
    static let units: Set<String> = [
        "none", "string", "short", "percent", "percentunit", "sci", "locale",
        "bytes", "decbytes", "bits", "decbits", "kbytes", "deckbytes", "mbytes", "decmbytes", "gbytes", "decgbytes",
        "Bps", "binBps", "bps", "binbps", "pps",
        "ns", "µs", "ms", "s", "m", "h", "d", "dtdurationms", "dtdurations", "dthms", "dtdhms", "clockms", "clocks", "hertz",
        "dateTimeAsIso", "dateTimeAsIsoNoDateIfToday", "dateTimeAsUS", "dateTimeAsLocal", "dateTimeAsSystem", "dateTimeFromNow",
        "cps", "ops", "reqps", "rps", "wps", "iops", "cpm", "opm", "rpm", "wpm",
        "currencyUSD", "currencyEUR", "currencyGBP", "bool", "bool_yes_no", "bool_on_off",
    ]

    static func check(_ dashboard: Dashboards.Dashboard, _ report: inout DashboardLint.Report) {
        templates(dashboard, &report)
        for panel in dashboard.panels where panel.type != "row" && panel.type != "text" {
            panelRules(panel, dashboard, &report)
            for target in panel.targets { targetRules(target, panel, dashboard, &report) }
        }
    }

    private static func templates(_ dashboard: Dashboards.Dashboard, _ report: inout DashboardLint.Report) {
        let datasources = dashboard.variables.filter { $0.type == "datasource" }
        if let datasource = datasources.first {
            if datasource.name != "datasource" {
                report.add("template-datasource-rule", line: datasource.line, "templated data source variable named '\(datasource.name)', should be named 'datasource'")
            }
            if datasource.label != "Data source" {
                report.add("template-datasource-rule", line: datasource.line, "templated data source variable labeled '\(datasource.label ?? "")', should be labeled 'Data source'")
            }
            if datasource.query != "prometheus" {
                report.add("template-datasource-rule", line: datasource.line, "templated data source variable query is '\(datasource.query)', should be 'prometheus'")
            }
        } else {
            report.add("template-datasource-rule", line: 0, "does not have a templated data source")
        }
        for name in ["job", "instance"] {
            let rule = "template-\(name)-rule"
            guard let variable = dashboard.variable(name) else {
                report.add(rule, line: 0, "is missing the \(name) template")
                continue
            }
            if !datasourceUIDs.contains(variable.datasource ?? "") {
                report.add(rule, line: variable.line, "\(name) template should use datasource '$datasource', is currently '\(variable.datasource ?? "")'")
            }
            if variable.type != "query" { report.add(rule, line: variable.line, "\(name) template should be a Prometheus query, is currently '\(variable.type)'") }
            let label = name.prefix(1).uppercased() + name.dropFirst()
            if variable.label != label { report.add(rule, line: variable.line, "\(name) template should be labeled '\(label)', is currently '\(variable.label ?? "")'") }
            if !variable.multi { report.add(rule, line: variable.line, "\(name) template should be a multi select") }
            if variable.allValue != ".+" {
                report.add(rule, line: variable.line, "\(name) template allValue should be '.+', is currently '\(variable.allValue ?? "")'")
            }
        }
        for variable in dashboard.variables where variable.type == "query" {
            if variable.refresh != 2 {
                report.add("template-on-time-change-reload-rule", line: variable.line,
                           "templated variable named '\(variable.name)', should be set to be refreshed 'On Time Range Change (value 2)', is currently '\(variable.refresh.map(String.init) ?? "unset")'")
            }
            let functions = ["label_names", "label_values", "metrics", "query_result"]
            guard let open = variable.query.firstIndex(of: "("), variable.query.hasSuffix(")"),
                  functions.contains(String(variable.query[..<open])) else {
                report.add("template-label-promql-rule", line: variable.line, "template '\(variable.name)' invalid templated label '\(variable.query)'")
                continue
            }
            let function = String(variable.query[..<open])
            let argument = String(variable.query[variable.query.index(after: open)..<variable.query.index(before: variable.query.endIndex)])
            // label_values(selector, label) reads the selector; query_result(expression) its expression.
            let expression: String? = function == "query_result" ? argument
                : function == "label_values" && argument.contains(",") ? Dashboards.labelValuesQuery(variable.query) : "up"
            if expression.flatMap({ try? ReferencedNames(expression: $0) }) == nil {
                report.add("template-label-promql-rule", line: variable.line, "template '\(variable.name)' invalid templated label '\(variable.query)'")
            }
        }
        if dashboard.editable != false {
            report.add("template-uneditable-rule", line: 0, "is editable, it should be set to 'editable: false' (provisioned from code)")
        }
    }

    private static func panelRules(_ panel: Dashboards.Panel, _ dashboard: Dashboards.Dashboard, _ report: inout DashboardLint.Report) {
        if queryPanelTypes.contains(panel.type) && !datasourceUIDs.contains(panel.datasource ?? "") {
            report.add("panel-datasource-rule", line: panel.line, panel: panel, "does not use a templated datasource, uses '\(panel.datasource ?? "")'")
        }
        if panel.title.isEmpty || panel.description.isEmpty {
            report.add("panel-title-description-rule", line: panel.line, panel: panel, "has missing title or description")
        }
        if unitPanelTypes.contains(panel.type) && !units.contains(panel.unit ?? "") {
            report.add("panel-units-rule", line: panel.line, panel: panel, "has no or invalid units defined: '\(panel.unit ?? "")'")
        }
        if queryPanelTypes.contains(panel.type) && panel.targets.isEmpty {
            report.add("panel-no-targets-rule", line: panel.line, panel: panel, "has no targets")
        }
    }

    private static func targetRules(_ target: Dashboards.Target, _ panel: Dashboards.Panel, _ dashboard: Dashboards.Dashboard,
                                    _ report: inout DashboardLint.Report) {
        let uses: [SelectorUse]
        do {
            _ = try ReferencedNames(expression: target.expression)
            uses = try SelectorUse.all(in: target.expression)
        } catch {
            report.add("target-promql-rule", line: target.line, panel: panel, target: target, "invalid PromQL query '\(target.expression)': \(error)")
            return
        }
        for use in uses {
            if ["rate", "irate"].contains(use.function ?? ""), let range = use.range, range != "$__rate_interval" {
                report.add("target-rate-interval-rule", line: target.line, panel: panel, target: target,
                           "invalid PromQL query '\(target.expression)': should use $__rate_interval")
            }
            if (use.metric ?? "").hasSuffix("_total") && !(use.range != nil && ["rate", "irate", "increase"].contains(use.function ?? "")) {
                report.add("target-counter-agg-rule", line: target.line, panel: panel, target: target,
                           "counter metric '\(use.metric!)' is not aggregated with rate, irate, or increase")
            }
            for name in ["job", "instance"] where !use.has(name, "=~", "$\(name)") {
                report.add("target-\(name)-rule", line: target.line, panel: panel, target: target,
                           "invalid PromQL query '\(target.expression)': \(use.metric ?? "selector") selector does not filter on \(name)=~\"$\(name)\"")
            }
            if dashboard.variable("slo") != nil, (use.metric ?? "").hasPrefix("slo:"), !use.has("slo", "=~", "$slo") {
                report.add("target-slo-rule", line: target.line, panel: panel, target: target,
                           "\(use.metric!) is not filtered by the dashboard's slo variable (slo=~\"$slo\")")
            }
        }
    }
}
