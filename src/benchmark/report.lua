-- Every request carries the bearer token run.sh got from the development issuer.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
-- Prints throughput and latency percentiles (wrk's own summary has no p95).
done = function(summary, latency, requests)
  io.write(string.format("Requests/sec: %.1f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("p50 %.1f ms\n", latency:percentile(50) / 1000))
  io.write(string.format("p95 %.1f ms\n", latency:percentile(95) / 1000))
  local e = summary.errors
  io.write(string.format("errors: connect %d read %d write %d status %d timeout %d\n", e.connect, e.read, e.write, e.status, e.timeout))
end
