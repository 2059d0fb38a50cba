import type { Place } from '@foyer/contracts';

/** The postal address as lines ("Hafenstraße 1", "Building B", "20457 Hamburg", "DE"), empty parts left out. */
export function addressLines(place: Partial<Place>): string[] {
  const town = [place.zip, place.town].filter(Boolean).join(' ');
  return [place.street, place.streetAddition, town, place.country].filter((line): line is string => Boolean(line));
}

/** A link to the spot on OpenStreetMap, with a marker; null without coordinates. */
export function openStreetMapUrl(place: Partial<Place>): string | null {
  const { lat, lon } = place;
  if (typeof lat !== 'number' || typeof lon !== 'number') return null;
  const la = lat.toFixed(6).replace(/\.?0+$/, '');
  const lo = lon.toFixed(6).replace(/\.?0+$/, '');
  return `https://www.openstreetmap.org/?mlat=${la}&mlon=${lo}#map=17/${la}/${lo}`;
}
