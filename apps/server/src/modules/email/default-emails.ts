import type { EmailTemplateType, RenderedEmail } from '@foyer/contracts';
import { EMAIL_TYPES } from './email-catalogue.ts';
import { emailLayout } from './email-layout.ts';
import { TemplateEngine, type TemplateSources } from './template-engine.ts';

const engine = new TemplateEngine();

/** Puts a rendered HTML body into Foyer's layout and tidies the text part. */
export function framed(rendered: TemplateSources, sender: string | null): RenderedEmail {
  return {
    subject: rendered.subject,
    html: emailLayout(rendered.html, { title: rendered.subject, sender }),
    text: `${rendered.text.trim()}\n`,
  };
}

/** Foyer's default wording of `type` for `data`, synchronously (account messages, which no one overrides). */
export function renderDefaultEmail(type: EmailTemplateType, data: Record<string, unknown>): RenderedEmail {
  return framed(engine.renderSync(EMAIL_TYPES[type].defaults, data), null);
}
