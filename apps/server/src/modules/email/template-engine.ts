import type { FieldError } from '@foyer/contracts';
import { type FS, Liquid, type LiquidError, type TagToken } from 'liquidjs';
import { AppError } from '../../platform/http/problem.ts';

/** A file system that has no files: templates come from the database or code, never from disk. */
const NO_FILES: FS = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async (file) => {
    throw new Error(`templates cannot read files (${file})`);
  },
  readFileSync: (file) => {
    throw new Error(`templates cannot read files (${file})`);
  },
  resolve: (_dir, file) => file,
  contains: async () => false,
  containsSync: () => false,
  sep: '/',
  dirname: () => '',
};

// Bounds so a hostile or careless template cannot hog the server.
const LIMITS = { parseLimit: 200_000, renderLimit: 1_000, memoryLimit: 10_000_000 };

function sandboxed(escapeOutput: boolean): Liquid {
  const liquid = new Liquid({
    fs: NO_FILES,
    root: [],
    partials: [],
    layouts: [],
    relativeReference: false,
    dynamicPartials: false,
    strictFilters: true,
    ownPropertyOnly: true,
    jsTruthy: false,
    ...LIMITS,
    ...(escapeOutput ? { outputEscape: 'escape' as const } : {}),
  });
  // Refused when parsed, with their position, rather than failing later at send time.
  for (const tag of ['include', 'render', 'layout']) {
    liquid.registerTag(tag, {
      parse(token: TagToken) {
        throw new Error(`{% ${token.name} %} is not available: email templates cannot load other files`);
      },
      *render() {},
    });
  }
  return liquid;
}

/** The parts of one message as templates. */
export interface TemplateSources {
  subject: string;
  html: string;
  text: string;
}

export type TemplatePart = keyof TemplateSources;

/**
 * LiquidJS in a sandbox: no file system, no includes, renders bounded in
 * time and memory, unknown filters refused. HTML parts escape every output
 * (`{{ name }}` of `<b>` shows as text); subject and text parts do not.
 */
export class TemplateEngine {
  private readonly html = sandboxed(true);
  private readonly plain = sandboxed(false);

  /** Throws TEMPLATE_INVALID (422) naming the part, line and column of every part that does not parse. */
  validate(parts: Partial<TemplateSources>): void {
    const errors: FieldError[] = [];
    for (const part of ['subject', 'html', 'text'] as const) {
      const source = parts[part];
      if (source == null) continue;
      try {
        this.engineFor(part).parse(source);
      } catch (err) {
        errors.push(syntaxError(part, err));
      }
    }
    if (errors.length) {
      const first = errors[0]!;
      throw new AppError(
        'TEMPLATE_INVALID',
        422,
        `The ${first.field.replace('body.', '')} template has an error at line ${first.line}, column ${first.column}: ${first.message}`,
        errors,
      );
    }
  }

  /** Renders every part with `data`; a template that fails while rendering is answered TEMPLATE_INVALID. */
  async render(sources: TemplateSources, data: Record<string, unknown>): Promise<TemplateSources> {
    this.validate(sources);
    const out = {} as TemplateSources;
    for (const part of ['subject', 'html', 'text'] as const) {
      try {
        out[part] = await this.engineFor(part).parseAndRender(sources[part], data);
      } catch (err) {
        throw new AppError('TEMPLATE_INVALID', 422, `The ${part} template failed to render.`, [syntaxError(part, err)]);
      }
    }
    // A subject is one line.
    out.subject = out.subject.replace(/\s+/g, ' ').trim();
    return out;
  }

  /** Synchronous rendering, for defaults only (built-in templates that are known to be valid). */
  renderSync(sources: TemplateSources, data: Record<string, unknown>): TemplateSources {
    return {
      subject: this.plain.parseAndRenderSync(sources.subject, data).replace(/\s+/g, ' ').trim(),
      html: this.html.parseAndRenderSync(sources.html, data),
      text: this.plain.parseAndRenderSync(sources.text, data),
    };
  }

  private engineFor(part: TemplatePart): Liquid {
    return part === 'html' ? this.html : this.plain;
  }
}

function syntaxError(part: TemplatePart, err: unknown): FieldError {
  const e = err as LiquidError & { token?: { getPosition?: () => number[] } };
  const [line, column] = e.token?.getPosition?.() ?? [1, 1];
  // LiquidJS appends ", line:2, col:3" (and sometimes a source excerpt); the position is given apart.
  const message = String(e.message ?? err)
    .split('\n')[0]!
    .replace(/, line:\d+, col:\d+$/, '');
  return { field: `body.${part}`, message, code: 'template_syntax', line: line ?? 1, column: column ?? 1 };
}
