/** Latency buckets (seconds) of the request histogram. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

type Labels = Record<string, string>;
const key = (labels: Labels) =>
  Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
    .join(',');

/** A small Prometheus registry: counters, one request histogram, and gauges read at scrape time. */
export class Metrics {
  private readonly counters = new Map<string, { help: string; values: Map<string, number> }>();
  private readonly histogram = new Map<string, { buckets: number[]; sum: number; count: number }>();
  private readonly gauges = new Map<string, { help: string; read: () => number }>();

  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    let counter = this.counters.get(name);
    if (!counter) this.counters.set(name, (counter = { help, values: new Map() }));
    const k = key(labels);
    counter.values.set(k, (counter.values.get(k) ?? 0) + by);
  }

  observeRequest(labels: Labels, seconds: number): void {
    const k = key(labels);
    let h = this.histogram.get(k);
    if (!h) this.histogram.set(k, (h = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= (BUCKETS[i] ?? Infinity)) h.buckets[i] = (h.buckets[i] ?? 0) + 1;
    h.sum += seconds;
    h.count += 1;
  }

  gauge(name: string, help: string, read: () => number): void {
    this.gauges.set(name, { help, read });
  }

  /** The text exposition format (version 0.0.4). */
  render(): string {
    const lines: string[] = [];
    for (const [name, c] of this.counters) {
      lines.push(`# HELP ${name} ${c.help}`, `# TYPE ${name} counter`);
      for (const [k, v] of c.values) lines.push(`${name}${k ? `{${k}}` : ''} ${v}`);
    }
    lines.push('# HELP shiftguard_http_request_duration_seconds HTTP request latency by route and status.', '# TYPE shiftguard_http_request_duration_seconds histogram');
    for (const [k, h] of this.histogram) {
      BUCKETS.forEach((le, i) => lines.push(`shiftguard_http_request_duration_seconds_bucket{${k},le="${le}"} ${h.buckets[i]}`));
      lines.push(`shiftguard_http_request_duration_seconds_bucket{${k},le="+Inf"} ${h.count}`);
      lines.push(`shiftguard_http_request_duration_seconds_sum{${k}} ${h.sum}`, `shiftguard_http_request_duration_seconds_count{${k}} ${h.count}`);
    }
    for (const [name, g] of this.gauges) lines.push(`# HELP ${name} ${g.help}`, `# TYPE ${name} gauge`, `${name} ${g.read()}`);
    return `${lines.join('\n')}\n`;
  }
}
