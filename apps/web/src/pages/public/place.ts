import type { Place } from '@foyer/contracts';

/** The country of an ISO 3166-1 alpha-2 code in the UI language ("DE" → "Germany"), the code when unknown. */
export function countryName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The postal address as lines ("Hafenstraße 1", "Building B", "20457 Hamburg", "Germany"), empty parts left out. */
export function addressLines(place: Partial<Place>, language = 'en'): string[] {
  const town = [place.zip, place.town].filter(Boolean).join(' ');
  const country = place.country ? countryName(place.country, language) : null;
  return [place.street, place.streetAddition, town, country].filter((line): line is string => Boolean(line));
}

/** A link to the spot on OpenStreetMap, with a marker; null without coordinates. */
export function openStreetMapUrl(place: Partial<Place>): string | null {
  const { lat, lon } = place;
  if (typeof lat !== 'number' || typeof lon !== 'number') return null;
  const la = lat.toFixed(6).replace(/\.?0+$/, '');
  const lo = lon.toFixed(6).replace(/\.?0+$/, '');
  return `https://www.openstreetmap.org/?mlat=${la}&mlon=${lo}#map=17/${la}/${lo}`;
}
