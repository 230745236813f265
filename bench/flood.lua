-- wrk script for bench/flood.sh: GET FLOOD_PATH with a query string made
-- up for each request, FLOOD_DISTINCT (100000) different ones in turn, the
-- way a bot or a broken link generator would ask for the home page.
local path = os.getenv("FLOOD_PATH") or "/"
local distinct = tonumber(os.getenv("FLOOD_DISTINCT") or "100000")
local parameter = os.getenv("FLOOD_PARAMETER") or "utm_source"
local counter = 0

request = function()
    counter = counter + 1
    local n = (counter * 7919) % distinct
    return wrk.format("GET", string.format("%s?%s=flood%d&r%d=%d", path, parameter, n, n % 97, n))
end
