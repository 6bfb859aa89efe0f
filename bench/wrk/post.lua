-- POSTs the files named in BODIES (space separated) in turn, with the API key in KEY.
local bodies = {}
for path in string.gmatch(os.getenv("BODIES") or "", "%S+") do
  local f = assert(io.open(path, "rb")); bodies[#bodies + 1] = f:read("*a"); f:close()
end
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = os.getenv("KEY")
request = function()
  i = i % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[i])
end
