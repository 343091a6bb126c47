import Mustache

/// A value the templates read. Each model answers its keys itself (`MustacheParent`), because
/// swift-mustache's default, `Mirror` reflection, took most of a page's CPU (58 % of the home page).
typealias PageModel = MustacheParent

extension Layout: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "search": search
        case "traceID": traceID
        default: nil
        }
    }
}
