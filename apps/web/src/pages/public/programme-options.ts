import type { SessionWithIncludes, Tag } from '@foyer/contracts';

export interface Option {
  value: string;
  label: string;
}

const byLabel = (a: Option, b: Option) => a.label.localeCompare(b.label);

function unique(options: Iterable<Option>): Option[] {
  const seen = new Map<string, Option>();
  for (const option of options) if (!seen.has(option.value)) seen.set(option.value, option);
  return [...seen.values()].sort(byLabel);
}

/**
 * The choices of the programme filters: the tags, locations and people that
 * occur in the (unfiltered) programme, so no choice leads to an empty page.
 * The event's own tags are offered too, since its page links to them.
 */
export function programmeOptions(sessions: readonly SessionWithIncludes[], eventTags: readonly Tag[] = []) {
  return {
    tags: unique([...eventTags, ...sessions.flatMap((s) => s.tags ?? [])].map((t) => ({ value: t.id, label: t.name }))),
    locations: unique(sessions.flatMap((s) => (s.location ? [{ value: s.location.id, label: s.location.name }] : []))),
    people: unique(sessions.flatMap((s) => (s.people ?? []).map((p) => ({ value: p.id, label: p.name })))),
  };
}
