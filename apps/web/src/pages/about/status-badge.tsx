import { Badge } from '@mantine/core';

// Mantine's green.9 is just under 4.5:1 against white badge text; teal.9 and
// red.9 clear it, and the label carries the meaning for colour-blind readers.
export function StatusBadge({ ok, label, size = 'md' }: { ok: boolean; label: string; size?: 'md' | 'lg' }) {
  return (
    <Badge color={ok ? 'teal.9' : 'red.9'} variant="filled" size={size}>
      {label}
    </Badge>
  );
}
