import Foundation
import TestSupport
import Testing

@Suite("Storefront in a real headless Chromium")
struct BrowserTests {
    /// Screenshots land here (inside `.build`, so never in git), or in `SCREENSHOT_DIR`.
    static var screenshotDirectory: String {
        ProcessInfo.processInfo.environment["SCREENSHOT_DIR"] ?? URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/screenshots").path
    }

    @Test("a shopper goes from home through search, product, cart and checkout to the confirmation, on a phone-width screen")
    func shopperJourneyInChromium() async throws {
        let shop = try await StorefrontUnderTest()
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("tools/browser_journey.py").path
        let result = try await Tool.run("/usr/bin/env", ["python3", script, shop.frontend.baseURL, Self.screenshotDirectory])
        #expect(result.status == 0, "\(result.output)")
        let summary = try #require(result.output.split(separator: "\n").last.flatMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }, "\(result.output)")
        let orderID = try #require(summary["order_id"] as? String)
        #expect(try await shop.backend.sql("SELECT count(*) FROM orders WHERE id = '\(orderID)'") == "1")
        #expect(try await shop.backend.sql("SELECT quantity FROM order_items WHERE order_id = '\(orderID)'") == "3")
        #expect((summary["screenshots"] as? [String])?.count == 6)
    }
}
