import { escapeHtml as esc } from '../../platform/http/html.ts';

/**
 * Foyer's HTML frame around every message body: a language attribute, a
 * title, one centred layout table (role=presentation, so screen readers do
 * not announce it as data), dark text on white for contrast, a footer that
 * says who sent it. Bodies (default or overridden) only fill the middle.
 */
export function emailLayout(body: string, opts: { title: string; lang?: string; sender?: string | null }): string {
  const sender = opts.sender ? `Sent by ${esc(opts.sender)} through Foyer.` : 'Sent by Foyer.';
  return `<!doctype html>
<html lang="${esc(opts.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${esc(opts.title)}</title>
<style>
  body { margin: 0; padding: 0; background: #f1f3f5; }
  .foyer-card { width: 100%; max-width: 600px; }
  .foyer-body { padding: 32px; }
  .foyer-body h1 { font-size: 22px; line-height: 1.3; margin: 0 0 16px; color: #1a1b1e; }
  .foyer-body p { margin: 0 0 16px; }
  .foyer-body a { color: #5f3dc4; }
  .foyer-button { background: #5f3dc4; color: #ffffff !important; padding: 12px 20px; border-radius: 6px; text-decoration: none; display: inline-block; font-weight: 600; }
  .foyer-ticket { text-align: center; margin: 24px 0; }
  .foyer-code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 16px; letter-spacing: 1px; word-break: break-all; }
  @media (max-width: 620px) { .foyer-body { padding: 20px !important; } .foyer-foot { padding: 16px 20px !important; } }
</style>
</head>
<body style="margin:0;padding:0;background:#f1f3f5">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f1f3f5">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" class="foyer-card" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background:#ffffff;border-radius:8px">
<tr><td class="foyer-body" style="padding:32px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1a1b1e">
${body}
</td></tr>
<tr><td class="foyer-foot" style="padding:16px 32px;border-top:1px solid #dee2e6;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:13px;line-height:1.5;color:#495057">${sender}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;
}
