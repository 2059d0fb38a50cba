import { describe, expect, it } from 'vitest';
import { addressLines, openStreetMapUrl } from './place.ts';

describe('place', () => {
  it('lists the address lines that are filled in', () => {
    expect(
      addressLines({ street: 'Hafenstraße 1', streetAddition: null, zip: '20457', town: 'Hamburg', country: 'DE' }),
    ).toEqual(['Hafenstraße 1', '20457 Hamburg', 'Germany']);
    expect(addressLines({ town: 'Wien', country: 'AT' }, 'de')).toEqual(['Wien', 'Österreich']);
    expect(addressLines({ town: 'Hamburg' })).toEqual(['Hamburg']);
    expect(addressLines({})).toEqual([]);
  });

  it('links to OpenStreetMap only with both coordinates', () => {
    expect(openStreetMapUrl({ lat: 53.5438, lon: 9.966 })).toBe(
      'https://www.openstreetmap.org/?mlat=53.5438&mlon=9.966#map=17/53.5438/9.966',
    );
    expect(openStreetMapUrl({ lat: 0, lon: 0 })).toBe('https://www.openstreetmap.org/?mlat=0&mlon=0#map=17/0/0');
    expect(openStreetMapUrl({ lat: 53.5, lon: null })).toBeNull();
  });
});
