-- wrk script: each connection alternates "add product to my cart" and "check out my cart" with a
-- fresh session and Idempotency-Key per order. Run with one connection per thread (-t N -c N) so a
-- connection's add always precedes its checkout. Prints the number of 201 checkouts at the end.
local threads = {}

function setup(thread)
    thread:set("id", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    counter = 0
    created = 0
    product = 1 + (id % 72)
end

function request()
    counter = counter + 1
    local order = math.floor((counter + 1) / 2)
    local session = string.format("bench-%d-%d-%d", id, order, math.random(1, 1000000000))
    if counter % 2 == 1 then
        current = session
        return wrk.format("POST", "/api/cart/items",
            { ["Content-Type"] = "application/json", ["X-Session-ID"] = current },
            string.format('{"product_id":%d,"quantity":1}', product))
    end
    return wrk.format("POST", "/api/orders",
        { ["Content-Type"] = "application/json", ["X-Session-ID"] = current, ["Idempotency-Key"] = current },
        '{"email":"bench@example.com","shipping_address":{"name":"Bench","line1":"1 Main St","city":"Springfield","postal_code":"12345","country":"US"}}')
end

function response(status, headers, body)
    if status == 201 then created = created + 1 end
end

function done(summary, latency, requests)
    local total = 0
    for _, thread in ipairs(threads) do total = total + thread:get("created") end
    io.write(string.format("checkouts_created %d\n", total))
end
