import { PassThrough, type Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';

/** Bytes file-type needs to recognise every format it knows. */
const HEAD_BYTES = 4100;

export interface Sniffed {
  /** The detected MIME type, or null when the bytes match no known format. */
  mime: string | null;
  ext: string | null;
  /** The whole stream again, head included. */
  stream: Readable;
}

/**
 * Reads the first bytes of an upload, detects its type from them (never from
 * the name or the client's Content-Type), and hands back a stream of the
 * whole upload, so it is read once and never held whole in memory.
 */
export async function sniff(source: Readable): Promise<Sniffed> {
  const chunks: Buffer[] = [];
  let have = 0;
  const iterator = source[Symbol.asyncIterator]();
  let done = false;
  while (have < HEAD_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = next.value as Buffer;
    chunks.push(chunk);
    have += chunk.length;
  }
  const head = Buffer.concat(chunks);
  const type = head.length > 0 ? await fileTypeFromBuffer(head) : undefined;
  const stream = new PassThrough();
  stream.write(head);
  if (done) stream.end();
  else {
    (async () => {
      try {
        for (;;) {
          const next = await iterator.next();
          if (next.done) break;
          if (!stream.write(next.value)) await new Promise((r) => stream.once('drain', r));
        }
        stream.end();
      } catch (err) {
        stream.destroy(err as Error);
      }
    })();
  }
  return { mime: type?.mime ?? null, ext: type?.ext ?? null, stream };
}
