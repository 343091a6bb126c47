import Foundation
import TestSupport
import Testing

@Suite("shopmicro alert-log: Alertmanager's webhook receiver")
struct AlertLogTests {
    /// A notification as Alertmanager 0.25 sends it (payload version 4, with fields the receiver does not use).
    static func notification(receiver: String, status: String = "firing") -> [UInt8] {
        Array("""
            {"version":"4","groupKey":"{}:{alertname=\\"ShopMicroTargetDown\\"}","truncatedAlerts":0,"receiver":"\(receiver)",
             "status":"\(status)","groupLabels":{"alertname":"ShopMicroTargetDown"},"commonLabels":{},"commonAnnotations":{},
             "externalURL":"http://alertmanager:9093","alerts":[{"status":"\(status)","fingerprint":"f1",
             "labels":{"alertname":"ShopMicroTargetDown","job":"backend","severity":"page"},
             "annotations":{"summary":"backend cannot be scraped","runbook_url":"https://example.org/RUNBOOK.md#shopmicrotargetdown"},
             "startsAt":"2026-12-01T10:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus:9090/graph"}]}
            """.utf8)
    }

    @Test("each alert of a notification is one JSON log line with its receiver, status, labels and runbook link, and is counted")
    func logsEachAlert() async throws {
        let receiver = try await ServiceProcess("shopmicro", arguments: ["alert-log"])
        defer { Task { _ = try? await receiver.stop() } }
        let reply = try await HTTP.send(.POST, receiver.baseURL + "/page", headers: [("Content-Type", "application/json")],
                                        body: Self.notification(receiver: "page"))
        #expect(reply.status == .ok)
        let line = try #require(receiver.logRecords().compactMap { $0 }.first { $0["alertname"] as? String == "ShopMicroTargetDown" })
        #expect(line["message"] as? String == "FIRING ShopMicroTargetDown")
        #expect(line["level"] as? String == "error")  // a firing page
        #expect(line["receiver"] as? String == "page")
        #expect(line["runbook_url"] as? String == "https://example.org/RUNBOOK.md#shopmicrotargetdown")
        #expect((line["labels"] as? [String: Any])?["job"] as? String == "backend")
        #expect(line["trace_id"] is String)
        #expect(try await receiver.metric(#"shopmicro_alert_notifications_total{receiver="page",status="firing"}"#) == 1)
    }

    @Test("an unknown receiver, a notification for another receiver, malformed JSON and a wrong content type are refused with a JSON error",
          arguments: [
              ("/pager", "application/json", "for pager", 404, "unknown_receiver"),
              ("/ticket", "application/json", "for page", 400, "receiver_mismatch"),
              ("/page", "application/json", "cut short", 400, "invalid_body"),
              ("/page", "text/plain", "for page", 415, "unsupported_media_type"),
          ])
    func refusesBadNotifications(path: String, contentType: String, body: String, status: Int, code: String) async throws {
        let receiver = try await ServiceProcess("shopmicro", arguments: ["alert-log"])
        let body = body == "cut short" ? Array("{\"receiver\":".utf8) : Self.notification(receiver: String(body.dropFirst("for ".count)))
        defer { Task { _ = try? await receiver.stop() } }
        let reply = try await HTTP.send(.POST, receiver.baseURL + path, headers: [("Content-Type", contentType)], body: body)
        #expect(Int(reply.status.code) == status, "\(reply.text)")
        let error = try reply.json()["error"] as? [String: Any]
        #expect(error?["code"] as? String == code, "\(reply.text)")
        #expect((error?["trace_id"] as? String)?.count == 32)
        #expect(!receiver.stdout().contains("FIRING"))
    }

    @Test("shopmicro faults refuses an unknown drill and names the drills")
    func faultsRefusesUnknownDrill() async throws {
        let result = try await Tool.run(ServiceProcess.binaryDirectory.appendingPathComponent("shopmicro").path,
                                        ["faults", "--drills", "redis-kill,meteor-strike"])
        #expect(result.status != 0, "\(result.output)")
        #expect(result.output.contains("unknown drill \"meteor-strike\""), "\(result.output)")
        #expect(result.output.contains("postgres-hang"))
    }
}
