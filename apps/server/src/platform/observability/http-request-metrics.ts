import type client from 'prom-client';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

interface Series {
  labels: { method: string; route: string; status: string };
  count: number;
  sum: number;
  /** Observations per bucket, not cumulative; the last one is +Inf. */
  perBucket: number[];
}

/**
 * `http_requests_total` and `http_request_duration_seconds` by method,
 * route pattern and status. Kept in one plain map keyed by a string and
 * handed to the Prometheus registry as two metrics when scraped:
 * prom-client's own label handling (validating, sorting and hashing a
 * label object twice per answer) cost a cheap request about a third of
 * its time (~13 µs of ~40 µs, measured on a 304).
 */
export class HttpRequestMetrics {
  private readonly series = new Map<string, Series>();

  /** Registers both metrics with `registry`. */
  constructor(registry: client.Registry) {
    registry.registerMetric(this.metric('http_requests_total', 'counter', REQUESTS_HELP, () => this.counterValues()));
    registry.registerMetric(
      this.metric('http_request_duration_seconds', 'histogram', DURATION_HELP, () => this.histogramValues()),
    );
  }

  /** Records one answered request. */
  record(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let series = this.series.get(key);
    if (series === undefined) {
      series = {
        labels: { method, route, status: String(status) },
        count: 0,
        sum: 0,
        perBucket: new Array(BUCKETS.length + 1).fill(0),
      };
      this.series.set(key, series);
    }
    series.count += 1;
    series.sum += seconds;
    let bucket = 0;
    while (bucket < BUCKETS.length && seconds > BUCKETS[bucket]!) bucket += 1;
    series.perBucket[bucket]! += 1;
  }

  private counterValues(): client.MetricValue<string>[] {
    return [...this.series.values()].map((s) => ({ labels: s.labels, value: s.count }));
  }

  private histogramValues(): client.MetricValueWithName<string>[] {
    const values: client.MetricValueWithName<string>[] = [];
    const name = 'http_request_duration_seconds';
    for (const s of this.series.values()) {
      let cumulative = 0;
      for (let i = 0; i <= BUCKETS.length; i++) {
        cumulative += s.perBucket[i]!;
        const le = i < BUCKETS.length ? BUCKETS[i]! : '+Inf';
        values.push({ labels: { ...s.labels, le }, value: cumulative, metricName: `${name}_bucket` });
      }
      values.push({ labels: s.labels, value: s.sum, metricName: `${name}_sum` });
      values.push({ labels: s.labels, value: s.count, metricName: `${name}_count` });
    }
    return values;
  }

  /** The shape the registry asks of a metric: a name, a type and `get()` (and `reset()`). */
  private metric(
    name: string,
    type: 'counter' | 'histogram',
    help: string,
    values: () => client.MetricValue<string>[],
  ): client.Metric {
    const reset = () => this.series.clear();
    return {
      name,
      help,
      type,
      aggregator: 'sum',
      get: async () => ({ name, help, type, aggregator: 'sum', values: values() }),
      reset,
    } as unknown as client.Metric;
  }
}

const REQUESTS_HELP = 'HTTP requests answered, by method, route pattern and status code.';
const DURATION_HELP = 'Time to answer HTTP requests, by method, route pattern and status code.';
