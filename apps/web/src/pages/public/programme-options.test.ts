import type { SessionWithIncludes } from '@foyer/contracts';
import { describe, expect, it } from 'vitest';
import { linkHref } from './link-href.ts';
import { programmeOptions } from './programme-options.ts';
import { bioTeaser } from './teaser.ts';

const tag = (id: string, name: string) => ({ id, name, organizationId: 'o', createdAt: '' });
const named = (id: string, name: string) => ({ id, name }) as never;
const session = (tags: string[][], location: string[] | null, people: string[][]) =>
  ({
    tags: tags.map(([id, name]) => tag(id as string, name as string)),
    location: location ? named(location[0] as string, location[1] as string) : null,
    people: people.map(([id, name]) => named(id as string, name as string)),
  }) as unknown as SessionWithIncludes;

describe('programme filter choices', () => {
  it('offers each tag, location and person of the programme once, by name', () => {
    const options = programmeOptions(
      [
        session([['t2', 'Jazz']], ['l1', 'Quay Stage'], [['p1', 'The Gulls']]),
        session(
          [
            ['t2', 'Jazz'],
            ['t1', 'Family'],
          ],
          ['l2', 'Boathouse'],
          [
            ['p2', 'Marta Sails'],
            ['p1', 'The Gulls'],
          ],
        ),
        session([], null, []),
      ],
      [tag('t3', 'Folk')],
    );
    expect(options.tags).toEqual([
      { value: 't1', label: 'Family' },
      { value: 't3', label: 'Folk' },
      { value: 't2', label: 'Jazz' },
    ]);
    expect(options.locations.map((o) => o.label)).toEqual(['Boathouse', 'Quay Stage']);
    expect(options.people.map((o) => o.value)).toEqual(['p2', 'p1']);
  });
});

describe('teasers and links', () => {
  it('takes the first paragraph of a bio as plain text, shortened', () => {
    expect(bioTeaser('A **jazz** [quartet](https://x.org).\n\nFounded in 2019.')).toBe('A jazz quartet.');
    expect(bioTeaser('word '.repeat(100), 20)).toBe('word word word word…');
    expect(bioTeaser('')).toBe('');
  });

  it('turns email and phone links into mailto: and tel:', () => {
    expect(linkHref({ id: '1', service: 'email', url: 'info@example.org' })).toBe('mailto:info@example.org');
    expect(linkHref({ id: '1', service: 'email', url: 'mailto:info@example.org' })).toBe('mailto:info@example.org');
    expect(linkHref({ id: '1', service: 'phone', url: '+49 40 123' })).toBe('tel:+4940123');
    expect(linkHref({ id: '1', service: 'website', url: 'https://example.org' })).toBe('https://example.org');
  });
});
