import ServiceKit

/// The ml-service service: health, readiness and metrics through the shared service kit.
let service = ShopService.start(name: "ml-service", defaultPort: 8000)
await service.run()
