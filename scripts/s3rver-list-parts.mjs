// s3rver (3.7) implements multipart uploads but not ListParts (GET
// /{bucket}/{key}?uploadId=…), which @tus/s3-store calls to resume an upload.
// This adds it, read from the parts s3rver itself keeps on disk
// (`<directory>/<bucket>/._S3rver_uploads/<uploadId>/<partNumber>` and
// `<partNumber>.md5`), so resumable uploads can be tested against a real
// S3-protocol server. Used by scripts/s3-test-server.mjs (CI) and
// platform/testing/s3-test-server.ts.
import fs from 'node:fs/promises';
import path from 'node:path';

const escapeXml = (s) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Puts ListParts in front of s3rver's own routes. Call before `run()`: Koa
 * composes its middleware when the server starts listening.
 * @param {import('koa')} server an s3rver instance (a Koa application)
 * @param {string} directory the directory s3rver was given
 */
export function addListParts(server, directory) {
  server.middleware.unshift(async (ctx, next) => {
    const uploadId = ctx.query.uploadId;
    if (ctx.method !== 'GET' || typeof uploadId !== 'string' || ctx.query.partNumber !== undefined) return next();
    const [, bucket, ...keyParts] = ctx.path.split('/');
    const key = decodeURIComponent(keyParts.join('/'));
    const uploadDir = path.join(directory, bucket ?? '', '._S3rver_uploads', path.basename(uploadId));
    const storedKey = await fs.readFile(path.join(uploadDir, 'key'), 'utf8').catch(() => null);
    ctx.type = 'application/xml';
    if (storedKey !== key) {
      ctx.status = 404;
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message><UploadId>${escapeXml(uploadId)}</UploadId></Error>`;
      return;
    }
    const marker = Number(ctx.query['part-number-marker'] ?? 0);
    const numbers = (await fs.readdir(uploadDir))
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .filter((n) => n > marker)
      .sort((a, b) => a - b);
    const parts = [];
    for (const n of numbers) {
      const file = path.join(uploadDir, String(n));
      const md5 = await fs.readFile(`${file}.md5`, 'utf8').catch(() => null);
      // A part whose checksum is not written yet is still being received: not listed.
      if (!md5) continue;
      const stat = await fs.stat(file);
      parts.push(
        `<Part><PartNumber>${n}</PartNumber><LastModified>${stat.mtime.toISOString()}</LastModified><ETag>"${md5}"</ETag><Size>${stat.size}</Size></Part>`,
      );
    }
    ctx.status = 200;
    ctx.body =
      `<?xml version="1.0" encoding="UTF-8"?><ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
      `<Bucket>${escapeXml(bucket ?? '')}</Bucket><Key>${escapeXml(key)}</Key><UploadId>${escapeXml(uploadId)}</UploadId>` +
      `<PartNumberMarker>${marker}</PartNumberMarker><MaxParts>10000</MaxParts><IsTruncated>false</IsTruncated>` +
      `${parts.join('')}</ListPartsResult>`;
  });
}
