import { IMAGE_WIDTH_LADDER } from '@foyer/contracts';

export type ImageFormat = 'avif' | 'webp' | 'jpeg' | 'png';
export type Fit = 'inside' | 'cover';

/** One variant of an image: its box (already snapped and clamped), fit and format. */
export interface VariantSpec {
  width: number | null;
  height: number | null;
  fit: Fit;
  format: ImageFormat;
}

const MIN = IMAGE_WIDTH_LADDER[0];
const MAX = IMAGE_WIDTH_LADDER[IMAGE_WIDTH_LADDER.length - 1]!;

/** Rounds a requested dimension up to the next rung of the ladder, within 30–3000. */
export function snap(value: number | undefined): number | null {
  if (value === undefined) return null;
  const clamped = Math.min(Math.max(value, MIN), MAX);
  return IMAGE_WIDTH_LADDER.find((rung) => rung >= clamped) ?? MAX;
}

/** Rounds a dimension down to the ladder (within 30–3000), so the result fits the box it was asked for. */
export function snapDown(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const clamped = Math.min(Math.max(value, MIN), MAX);
  return [...IMAGE_WIDTH_LADDER].reverse().find((rung) => rung <= clamped) ?? MIN;
}

/**
 * The format to send: the one asked for, else the best the client accepts
 * (AVIF, then WebP), else JPEG (PNG for images with transparency asked as PNG).
 * `negotiated` says the answer depends on Accept (so it must `Vary: Accept`).
 */
export function chooseFormat(
  requested: ImageFormat | undefined,
  accept: string | undefined,
): { format: ImageFormat; negotiated: boolean } {
  if (requested) return { format: requested, negotiated: false };
  const a = (accept ?? '').toLowerCase();
  if (accepts(a, 'image/avif')) return { format: 'avif', negotiated: true };
  if (accepts(a, 'image/webp')) return { format: 'webp', negotiated: true };
  return { format: 'jpeg', negotiated: true };
}

function accepts(accept: string, type: string): boolean {
  return accept.split(',').some((part) => {
    const [name, ...params] = part.trim().split(';');
    if (name?.trim() !== type) return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q ? Number(q.slice(2)) > 0 : true;
  });
}

/** The storage key suffix of a variant: `800x-inside.webp`, `240x240-cover.jpeg`. */
export function variantName(spec: VariantSpec): string {
  return `${spec.width ?? ''}x${spec.height ?? ''}-${spec.fit}.${spec.format}`;
}

export const CONTENT_TYPES: Record<ImageFormat, string> = {
  avif: 'image/avif',
  webp: 'image/webp',
  jpeg: 'image/jpeg',
  png: 'image/png',
};
