// A stand-in for images a message carries as attachments (`cid:`), e.g. the ticket's QR code:
// the browser cannot load `cid:` URLs, and the page's CSP only lets `data:` images through.
const PLACEHOLDER = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160" viewBox="0 0 160 160">' +
    '<rect width="160" height="160" fill="#f1f3f5" stroke="#868e96" stroke-dasharray="6 4"/>' +
    '<text x="80" y="86" font-family="sans-serif" font-size="14" text-anchor="middle" fill="#495057">attached image</text>' +
    '</svg>',
)}`;

/** The HTML of a message with every `cid:` image source replaced by a visible placeholder, for previews. */
export function withCidPlaceholders(html: string): string {
  return html.replace(/(\ssrc\s*=\s*)(["'])cid:[^"']*\2/gi, `$1$2${PLACEHOLDER}$2`);
}
