import { describe, expect, it } from 'vitest';
import { parseWrkOutput } from './wrk.ts';

// What wrk 4.1 prints with --latency (Debian's package).
const OUTPUT = `Running 5s test @ http://127.0.0.1:4999/
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.27ms  520.13us  16.93ms   91.20%
    Req/Sec    22.14k     1.51k   24.06k    84.00%
  Latency Distribution
     50%    2.15ms
     75%    2.36ms
     90%    2.71ms
     99%    3.98ms
  110170 requests in 5.00s, 3.15GB read
  Socket errors: connect 0, read 2, write 1, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:  22012.51
Transfer/sec:    644.54MB
`;

describe('wrk output', () => {
  it('reads requests/s, latency percentiles in ms, counts and errors', () => {
    expect(parseWrkOutput(OUTPUT)).toEqual({
      requestsPerSecond: 22012.51,
      latencyP50Ms: 2.15,
      latencyP99Ms: 3.98,
      latencyMaxMs: 16.93,
      requests: 110170,
      errors: 3,
      timeouts: 3,
      non2xx: 7,
    });
  });

  it('reads microsecond and second latencies, and a run without errors', () => {
    const quiet = OUTPUT.replace('2.15ms', '980.00us')
      .replace('3.98ms', '1.20s')
      .replace(/ {2}Socket errors.*\n/, '')
      .replace(/ {2}Non-2xx.*\n/, '');
    const figures = parseWrkOutput(quiet);
    expect(figures.latencyP50Ms).toBeCloseTo(0.98);
    expect(figures.latencyP99Ms).toBe(1200);
    expect(figures.errors + figures.timeouts + figures.non2xx).toBe(0);
  });

  it('refuses output it cannot read', () => {
    expect(() => parseWrkOutput('unable to connect to 127.0.0.1:1 Connection refused')).toThrow(/wrk output/);
  });
});
