import { IMAGE_WIDTH_LADDER, type MediaItem } from '@foyer/contracts';

/**
 * `srcset` for a public image: rungs of the server's width ladder from
 * `smallest` up to the original's width, and — when the original lies
 * between rungs — the next rung, which the server answers at the original's
 * own width (it never enlarges), so it is described by that width.
 */
export function srcSetOf(item: Pick<MediaItem, 'imageUrl' | 'width'>, smallest = 320): string | undefined {
  if (!item.imageUrl) return undefined;
  const original: number = item.width ?? 3000;
  const candidates: [number, number][] = IMAGE_WIDTH_LADDER.filter((w) => w >= smallest && w <= original).map((w) => [
    w,
    w,
  ]);
  const above = IMAGE_WIDTH_LADDER.find((w) => w > original);
  if (above !== undefined && !IMAGE_WIDTH_LADDER.includes(original as never)) candidates.push([above, original]);
  return candidates.map(([asked, width]) => `${item.imageUrl}&w=${asked} ${width}w`).join(', ');
}
