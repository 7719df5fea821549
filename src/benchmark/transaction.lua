-- POSTs transaction Bundles of a referral and its own Task (the client's, so the server makes none), built from the
-- referral bodies in the file named after "--", each connection going round them; report.lua's summary is reused.
dofile("src/benchmark/report.lua")
local bodies = {}
local next = 1
init = function(args)
  for line in io.lines(args[1]) do
    local subject = line:match('"subject": (%b{})')
    local performer = line:match('"performer": %[(%b{})%]')
    bodies[#bodies + 1] = '{"resourceType": "Bundle", "type": "transaction", "entry": ['
      .. '{"fullUrl": "urn:uuid:5e0c1a2b-0000-4000-8000-000000000001", "resource": ' .. line
      .. ', "request": {"method": "POST", "url": "ServiceRequest"}}, '
      .. '{"fullUrl": "urn:uuid:5e0c1a2b-0000-4000-8000-000000000002", "resource": {"resourceType": "Task",'
      .. ' "status": "requested", "intent": "order",'
      .. ' "focus": {"reference": "urn:uuid:5e0c1a2b-0000-4000-8000-000000000001"},'
      .. ' "for": ' .. subject .. ', "owner": ' .. performer .. '},'
      .. ' "request": {"method": "POST", "url": "Task"}}]}'
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/fhir+json"
  next = math.random(#bodies)
end
request = function()
  next = next % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[next])
end
