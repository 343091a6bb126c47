import ServiceKit

/// The backend service: health, readiness and metrics through the shared service kit.
let service = ShopService.start(name: "backend", defaultPort: 8080)
await service.run()
