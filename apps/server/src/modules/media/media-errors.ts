import { ErrorCode } from '@foyer/contracts';
import { AppError } from '../../platform/http/problem.ts';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;

export const mediaErrors = {
  typeNotAllowed: (mime: string | null, ext: string | null) =>
    new AppError(
      ErrorCode.MEDIA_TYPE_NOT_ALLOWED,
      415,
      mime
        ? `The file is ${mime} (.${ext}), which cannot be uploaded here, whatever its name says.`
        : 'The file’s type could not be recognised from its content; only images, videos, audio and PDFs can be uploaded.',
      [{ field: 'file', message: mime ?? 'unknown', code: 'detected_type' }],
    ),
  quotaExceeded: (quota: number, used: number, size: number) =>
    new AppError(
      ErrorCode.MEDIA_QUOTA_EXCEEDED,
      413,
      `This upload (${mb(size)}) would take the organization past its storage quota of ${mb(quota)} (${mb(used)} used). Delete unused media or ask for more space.`,
    ),
  tooLarge: (limit: number) =>
    new AppError(ErrorCode.PAYLOAD_TOO_LARGE, 413, `The file is larger than the limit of ${mb(limit)}.`),
  notFound: () => new AppError(ErrorCode.NOT_FOUND, 404, 'No such media item.'),
  notAnImage: () =>
    new AppError(ErrorCode.MEDIA_NOT_AN_IMAGE, 422, 'This media item is not an image that can be resized.'),
  altTextRequired: () =>
    new AppError(ErrorCode.MEDIA_ALT_TEXT_REQUIRED, 422, 'Describe the image (alt text) before showing it publicly.', [
      { field: 'altText', message: 'is required for images shown publicly', code: 'required' },
    ]),
  inUse: (where: { subjectType: string; subjectId: string; role: string }[]) =>
    new AppError(
      ErrorCode.MEDIA_IN_USE,
      409,
      `This media item is still used: ${where.map((w) => `${w.role} of ${w.subjectType} ${w.subjectId}`).join(', ')}. Remove it there first.`,
      where.map((w) => ({ field: `${w.subjectType}:${w.subjectId}`, message: w.role, code: 'used_by' })),
    ),
  busy: (retryAfterSeconds: number) =>
    new AppError(ErrorCode.MEDIA_BUSY, 503, 'Too many images are being prepared; try again shortly.', undefined, {
      'retry-after': String(retryAfterSeconds),
    }),
  noFileField: (field: string) =>
    new AppError(ErrorCode.VALIDATION_FAILED, 422, `Send the file as multipart/form-data field \`${field}\`.`),
  noFile: () => new AppError(ErrorCode.VALIDATION_FAILED, 422, 'Send the file as multipart/form-data field `file`.'),
};
