import { Box } from '@mantine/core';
import { useEventImages } from '../../api/media-queries.ts';
import { srcSetOf } from '../../components/responsive-image.ts';

/**
 * The event's cover image across the page: the browser picks the variant
 * for its width and pixel density from `srcset`/`sizes` (a phone's 390 px at
 * 3× gets about 1200 px, not the 3000 px original); cropped to 5∶2 around
 * the focal point. Nothing when the event has no cover.
 */
export function EventCover({ eventId }: { eventId: string }) {
  const images = useEventImages(eventId);
  const cover = images.data?.find((a) => a.role === 'cover')?.media;
  if (!cover?.imageUrl) return null;
  const { x, y } = cover.focalPoint;
  return (
    <Box
      component="img"
      src={`${cover.imageUrl}&w=960`}
      srcSet={srcSetOf(cover)}
      // The page container is at most 1140 px wide (Mantine's lg less its padding); narrower screens use the full width.
      sizes="(min-width: 1200px) 1140px, calc(100vw - 32px)"
      alt={cover.altText}
      width={cover.width ?? undefined}
      height={cover.height ?? undefined}
      data-testid="event-cover"
      style={{
        display: 'block',
        width: '100%',
        height: 'auto',
        aspectRatio: '5 / 2',
        objectFit: 'cover',
        objectPosition: `${Math.round(x * 100)}% ${Math.round(y * 100)}%`,
        borderRadius: 'var(--mantine-radius-md)',
      }}
    />
  );
}
