-- wrk script: GET one path, with `%d` replaced by a random product id from 1 to MAX_ID (1000), e.g.
--   wrk ... -s bench/wrk-latency.lua URL -- "/recommendations?product_id=%d&limit=5" RATE CONNECTIONS [MAX_ID]
-- With RATE > 0 each connection waits so that all CONNECTIONS together send about RATE requests per
-- second (0 = as fast as possible). Prints the measured rate, errors and latency percentiles (µs).
local path, rate, connections, max_id = "/", 0, 1, 1000

function init(args)
    path = args[1] or "/"
    rate = tonumber(args[2] or "0")
    connections = tonumber(args[3] or "1")
    max_id = tonumber(args[4] or "1000")
    math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0) % 100000)
end

function request()
    if path:find("%%d") then
        return wrk.format("GET", (path:gsub("%%d", tostring(math.random(1, max_id)))))
    end
    return wrk.format("GET", path)
end

function delay()
    if rate > 0 then return 1000 * connections / rate end
    return 0
end

function done(summary, latency, requests)
    io.write(string.format("rps %.1f\n", summary.requests / (summary.duration / 1e6)))
    io.write(string.format("errors %d\n", summary.errors.status + summary.errors.connect + summary.errors.read
        + summary.errors.write + summary.errors.timeout))
    for _, p in ipairs({ 50, 90, 99 }) do
        io.write(string.format("p%d %d\n", p, latency:percentile(p)))
    end
end
