/** Prometheus text exposition for request counts and latencies; no client library needed for this much. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly durations = new Map<string, { buckets: number[]; sum: number; count: number }>();
  private readonly startedAt = Date.now();

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `method="${method}",route="${escape(route)}",status="${status}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    const dkey = `method="${method}",route="${escape(route)}"`;
    let d = this.durations.get(dkey);
    if (!d) {
      d = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.durations.set(dkey, d);
    }
    BUCKETS.forEach((le, i) => {
      if (seconds <= le) d.buckets[i]! += 1;
    });
    d.sum += seconds;
    d.count += 1;
  }

  render(extra: Record<string, number> = {}): string {
    const lines: string[] = [];
    lines.push('# HELP trasealla_http_requests_total HTTP requests by route and status.', '# TYPE trasealla_http_requests_total counter');
    for (const [labels, n] of this.requests) lines.push(`trasealla_http_requests_total{${labels}} ${n}`);
    lines.push(
      '# HELP trasealla_http_request_duration_seconds Request latency.',
      '# TYPE trasealla_http_request_duration_seconds histogram',
    );
    for (const [labels, d] of this.durations) {
      BUCKETS.forEach((le, i) => lines.push(`trasealla_http_request_duration_seconds_bucket{${labels},le="${le}"} ${d.buckets[i]}`));
      lines.push(`trasealla_http_request_duration_seconds_bucket{${labels},le="+Inf"} ${d.count}`);
      lines.push(`trasealla_http_request_duration_seconds_sum{${labels}} ${d.sum}`);
      lines.push(`trasealla_http_request_duration_seconds_count{${labels}} ${d.count}`);
    }
    const mem = process.memoryUsage();
    const gauges: Record<string, number> = {
      trasealla_process_resident_memory_bytes: mem.rss,
      trasealla_process_heap_used_bytes: mem.heapUsed,
      trasealla_process_uptime_seconds: (Date.now() - this.startedAt) / 1000,
      ...extra,
    };
    for (const [name, value] of Object.entries(gauges)) lines.push(`# TYPE ${name} gauge`, `${name} ${value}`);
    return lines.join('\n') + '\n';
  }
}

function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}
