/** The first paragraph of a bio as plain text, for a card. */
export function bioTeaser(bio: string, max = 180): string {
  const first = bio.trim().split(/\n\s*\n/)[0] ?? '';
  const plain = first
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[#>*_`~]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
}
