import { describe, expect, it } from 'vitest';
import { MARK, messageText, postFrame, readMark, setupReply } from './chat-dialects.ts';
import { LatencyHistogram } from './histogram.ts';

describe('the latency histogram', () => {
  it('answers quantiles within a bucket and merges like one histogram', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    for (let i = 1; i <= 1000; i++) (i % 2 ? a : b).record(i);
    const merged = new LatencyHistogram();
    merged.add(a.toPairs(), a.max);
    merged.add(b.toPairs(), b.max);
    expect(merged.count).toBe(1000);
    expect(merged.quantile(0.5)).toBeCloseTo(501, 0);
    expect(merged.quantile(0.99)).toBeGreaterThanOrEqual(990);
    expect(merged.quantile(0.99)).toBeLessThanOrEqual(1000);
    expect(merged.max).toBe(1000);
  });

  it('keeps 0.1 ms below 100 ms and 10 ms up to a minute', () => {
    const h = new LatencyHistogram();
    h.record(2.34);
    expect(h.quantile(0.5)).toBeCloseTo(2.34, 1);
    const slow = new LatencyHistogram();
    slow.record(4321);
    slow.record(90_000);
    expect(slow.quantile(0.5)).toBeGreaterThanOrEqual(4321);
    expect(slow.quantile(0.5)).toBeLessThanOrEqual(4330);
    expect(slow.quantile(1)).toBe(90_000);
  });
});

describe('the chat dialects', () => {
  it('finds the mark in every server’s frame', () => {
    const text = messageText(3, 41, 1764770000123.456);
    const frames = [
      `{"type":"message","channel":"room:x","seq":9,"event":"chat.message","data":{"text":${JSON.stringify(text)}}}`,
      `42["message",{"seq":9,"text":${JSON.stringify(text)}}]`,
    ];
    for (const frame of frames) {
      const bytes = Buffer.from(frame);
      expect(readMark(bytes, bytes.indexOf(MARK))).toEqual({ phase: 3, n: 41, sentAt: 1764770000123.456 });
    }
    expect(readMark(Buffer.from('SB~1~x~'), 0)).toBeNull();
  });

  it('subscribes on Foyer and connects on Socket.IO', () => {
    expect(JSON.parse(setupReply('foyer', '{"type":"welcome","protocol":1}', 'room:x').send!)).toEqual({
      type: 'subscribe',
      id: 'sub',
      channel: 'room:x',
    });
    expect(setupReply('foyer', '{"type":"ack","id":"sub","result":{}}', 'room:x').ready).toBe(true);
    expect(() => setupReply('foyer', '{"type":"error","id":"sub","code":"RATE_LIMITED"}', 'room:x')).toThrow();
    expect(setupReply('socketio', '0{"sid":"a","pingInterval":25000}', '').send).toBe('40');
    expect(setupReply('socketio', '40{"sid":"b"}', '').ready).toBe(true);
    expect(postFrame('socketio', '', 'p1', 'hi')).toBe('42["post",{"text":"hi"}]');
    expect(JSON.parse(postFrame('foyer', 'room:x', 'p1', 'hi'))).toEqual({
      type: 'chat.send',
      id: 'p1',
      channel: 'room:x',
      text: 'hi',
    });
  });
});
