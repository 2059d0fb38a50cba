import client from 'prom-client';
import { describe, expect, it } from 'vitest';
import { HttpRequestMetrics } from './http-request-metrics.ts';

describe('HTTP request metrics', () => {
  it('counts and times answers per method, route and status as a Prometheus counter and histogram', async () => {
    const registry = new client.Registry();
    const http = new HttpRequestMetrics(registry);
    http.record('GET', '/api/v1/events', 200, 0.003);
    http.record('GET', '/api/v1/events', 200, 0.02);
    http.record('GET', '/api/v1/events', 200, 12);
    http.record('GET', '/api/v1/events', 304, 0.001);
    const text = await registry.metrics();
    const labels = 'method="GET",route="/api/v1/events",status="200"';
    expect(text).toContain('# TYPE http_requests_total counter');
    expect(text).toContain(`http_requests_total{${labels}} 3`);
    expect(text).toContain('http_requests_total{method="GET",route="/api/v1/events",status="304"} 1');
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    // Buckets are cumulative: ≤5 ms one, ≤25 ms two, +Inf all three.
    expect(text).toContain(`http_request_duration_seconds_bucket{${labels},le="0.005"} 1`);
    expect(text).toContain(`http_request_duration_seconds_bucket{${labels},le="0.01"} 1`);
    expect(text).toContain(`http_request_duration_seconds_bucket{${labels},le="0.025"} 2`);
    expect(text).toContain(`http_request_duration_seconds_bucket{${labels},le="10"} 2`);
    expect(text).toContain(`http_request_duration_seconds_bucket{${labels},le="+Inf"} 3`);
    expect(text).toContain(`http_request_duration_seconds_sum{${labels}} 12.023`);
    expect(text).toContain(`http_request_duration_seconds_count{${labels}} 3`);
  });

  it('starts again from zero when the registry is reset', async () => {
    const registry = new client.Registry();
    const http = new HttpRequestMetrics(registry);
    http.record('POST', '/x', 201, 0.1);
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('route="/x"');
  });
});
