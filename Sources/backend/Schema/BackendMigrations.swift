import Postgres

/// The backend's schema, in order. Append new versions; never edit one that has shipped.
enum BackendMigrations {
    /// The advisory-lock key under which migrations run ("shopmicro" as an integer).
    static let lockKey: Int64 = 0x73686F706D6963

    static let all: [PostgresMigration] = [
        PostgresMigration(version: 1, name: "catalog, orders and order items") { session in
            try session.executeScript("""
                CREATE TABLE categories (
                    slug text PRIMARY KEY CHECK (slug ~ '^[a-z0-9-]{1,50}$'),
                    name text NOT NULL,
                    description text NOT NULL
                );
                CREATE TABLE products (
                    id bigserial PRIMARY KEY,
                    sku text NOT NULL UNIQUE,
                    name text NOT NULL,
                    description text NOT NULL,
                    price_cents integer NOT NULL CHECK (price_cents >= 0),
                    currency char(3) NOT NULL DEFAULT 'USD',
                    category text NOT NULL REFERENCES categories (slug),
                    stock integer NOT NULL CHECK (stock >= 0),
                    image_path text NOT NULL,
                    updated_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE INDEX products_category ON products (category, id);
                CREATE TABLE orders (
                    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                    sequence bigserial UNIQUE,
                    idempotency_key text NOT NULL UNIQUE,
                    session_id text NOT NULL,
                    email text NOT NULL,
                    ship_name text NOT NULL,
                    ship_line1 text NOT NULL,
                    ship_line2 text,
                    ship_city text NOT NULL,
                    ship_postal_code text NOT NULL,
                    ship_country char(2) NOT NULL,
                    total_cents bigint NOT NULL CHECK (total_cents >= 0),
                    currency char(3) NOT NULL,
                    status text NOT NULL DEFAULT 'confirmed',
                    created_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE TABLE order_items (
                    order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
                    product_id bigint NOT NULL REFERENCES products (id),
                    name text NOT NULL,
                    quantity integer NOT NULL CHECK (quantity > 0),
                    unit_price_cents integer NOT NULL CHECK (unit_price_cents >= 0),
                    PRIMARY KEY (order_id, product_id)
                );
                CREATE INDEX order_items_product ON order_items (product_id);
                """)
        },
        PostgresMigration(version: 2, name: "seed catalog") { session in
            for category in SeedCatalog.categories {
                try session.query("INSERT INTO categories (slug, name, description) VALUES ($1, $2, $3)",
                                  category.slug, category.name, category.description)
            }
            for product in SeedCatalog.products {
                try session.query("""
                    INSERT INTO products (sku, name, description, price_cents, currency, category, stock, image_path)
                    VALUES ($1, $2, $3, $4, 'USD', $5, $6, $7)
                    """,
                    product.sku, product.name, product.description, product.priceCents, product.category,
                    product.stock, "/static/products/\(product.sku.lowercased()).svg")
            }
        },
    ]
}
