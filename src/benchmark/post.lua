-- POSTs the referral in the file named after "--"; report.lua's summary is reused.
dofile("src/benchmark/report.lua")
init = function(args)
  local file = io.open(args[1], "r")
  wrk.method = "POST"
  wrk.body = file:read("*a")
  wrk.headers["Content-Type"] = "application/fhir+json"
  file:close()
end
