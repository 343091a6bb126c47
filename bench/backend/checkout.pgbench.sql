-- The checkout transaction of the backend, as pgbench runs it: decrement stock (never below
-- zero), write the order and its item, in one transaction. Run with -M prepared (variables
-- become bound parameters).
\set pid random(1, 72)
BEGIN;
UPDATE products SET stock = stock - 1, updated_at = now() WHERE id = :pid AND stock >= 1 RETURNING price_cents, currency;
INSERT INTO orders (idempotency_key, session_id, email, ship_name, ship_line1, ship_city, ship_postal_code, ship_country, total_cents, currency)
    VALUES (gen_random_uuid()::text, 'pgbench', 'bench@example.com', 'Bench', '1 Main St', 'Springfield', '12345', 'US', 100, 'USD')
    RETURNING id AS order_id \gset
INSERT INTO order_items (order_id, product_id, name, quantity, unit_price_cents)
    SELECT CAST(:order_id AS uuid), p.id, p.name, 1, p.price_cents FROM products p WHERE p.id = :pid;
COMMIT;
