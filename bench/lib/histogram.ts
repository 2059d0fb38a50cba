/**
 * A fixed-bucket latency histogram in milliseconds, cheap to fill and to
 * merge across processes: 0.1 ms buckets below 100 ms, 1 ms up to 1 s,
 * 10 ms up to 60 s, and one bucket beyond.
 */
export class LatencyHistogram {
  static readonly SIZE = 1000 + 900 + 5900 + 1;
  readonly counts = new Float64Array(LatencyHistogram.SIZE);
  count = 0;
  max = 0;

  record(ms: number): void {
    const v = ms < 0 ? 0 : ms;
    this.counts[bucketOf(v)]! += 1;
    this.count += 1;
    if (v > this.max) this.max = v;
  }

  /** Non-empty buckets as `[index, count]` pairs (what workers send over IPC). */
  toPairs(): [number, number][] {
    const pairs: [number, number][] = [];
    for (let i = 0; i < this.counts.length; i++) if (this.counts[i]! > 0) pairs.push([i, this.counts[i]!]);
    return pairs;
  }

  add(pairs: [number, number][], max: number): void {
    for (const [i, n] of pairs) {
      this.counts[i]! += n;
      this.count += n;
    }
    if (max > this.max) this.max = max;
  }

  /** The latency at quantile `q` (0…1): the upper edge of the bucket it falls in (never above the maximum seen). */
  quantile(q: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(upperEdgeOf(i), this.max);
    }
    return this.max;
  }
}

function bucketOf(ms: number): number {
  if (ms < 100) return Math.floor(ms * 10);
  if (ms < 1000) return 1000 + Math.floor(ms - 100);
  if (ms < 60_000) return 1900 + Math.floor((ms - 1000) / 10);
  return LatencyHistogram.SIZE - 1;
}

function upperEdgeOf(i: number): number {
  if (i < 1000) return (i + 1) / 10;
  if (i < 1900) return 100 + (i - 1000) + 1;
  if (i < LatencyHistogram.SIZE - 1) return 1000 + (i - 1900 + 1) * 10;
  return Number.POSITIVE_INFINITY;
}
