-- POSTs the referrals in the file named after "--" (one JSON body per line), each connection going round them;
-- report.lua's summary is reused.
dofile("src/benchmark/report.lua")
local bodies = {}
local next = 1
init = function(args)
  for line in io.lines(args[1]) do
    bodies[#bodies + 1] = line
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/fhir+json"
  next = math.random(#bodies)
end
request = function()
  next = next % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[next])
end
