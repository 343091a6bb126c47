import ServiceKit

/// The frontend service: health, readiness and metrics through the shared service kit.
let service = ShopService.start(name: "frontend", defaultPort: 3000)
await service.run()
