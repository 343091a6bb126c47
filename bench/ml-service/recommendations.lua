-- wrk script: GET /recommendations for a random product among the first PRODUCTS ids, or the
-- request path given on the command line (`-- /healthz`). With `-- path rate` each connection waits
-- so that all connections together send about `rate` requests per second (0 = as fast as possible).
-- Prints the measured rate and the latency percentiles in microseconds at the end.
local path, rate, connections = nil, 0, 1

function init(args)
    path = args[1] ~= "" and args[1] or nil
    rate = tonumber(args[2] or "0")
    connections = tonumber(args[3] or "1")
    math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0) % 100000)
end

function request()
    if path then return wrk.format("GET", path) end
    return wrk.format("GET", string.format("/recommendations?product_id=%d&limit=5", math.random(1, 1000)))
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
