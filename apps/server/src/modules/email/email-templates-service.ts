import type {
  EmailPreviewBody,
  EmailTemplateOverride,
  EmailTemplateOverrideBody,
  EmailTemplateSummary,
  EmailTemplateType,
  EmailTemplateView,
  RenderedEmail,
} from '@foyer/contracts';
import { EMAIL_TEMPLATE_TYPES, EVENT_EMAIL_TEMPLATE_TYPES } from '@foyer/contracts';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';
import { organizations } from '../organizations/index.ts';
import { framed } from './default-emails.ts';
import { EMAIL_TYPES } from './email-catalogue.ts';
import { emailTemplateOverrides } from './schema.ts';
import type { TemplateEngine, TemplateSources } from './template-engine.ts';

// Account messages are Foyer's own; organisations word everything else.
const ORG_TYPES = EMAIL_TEMPLATE_TYPES.filter((t) => !t.startsWith('auth.'));

/** Where an override lives: an organisation, or one of its events. */
export interface TemplateScope {
  organizationId: string;
  eventId?: string | null;
}

type OverrideRow = typeof emailTemplateOverrides.$inferSelect;

/**
 * Email templates: Foyer's defaults, organisation and event overrides,
 * previews, and composing a message by the resolution rule
 * event override → organisation override → default (part by part).
 */
export class EmailTemplatesService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly engine: TemplateEngine,
  ) {}

  /** Every type that can be overridden at `scope`, with what is overridden here and above. */
  async list(scope: TemplateScope): Promise<EmailTemplateSummary[]> {
    const rows = await this.db
      .select({ type: emailTemplateOverrides.type, eventId: emailTemplateOverrides.eventId })
      .from(emailTemplateOverrides)
      .where(eq(emailTemplateOverrides.organizationId, scope.organizationId));
    const at = (eventId: string | null) => new Set(rows.filter((r) => r.eventId === eventId).map((r) => r.type));
    const org = at(null);
    if (!scope.eventId) {
      return ORG_TYPES.map((type) => ({ type, overridden: org.has(type), inherited: false }));
    }
    const event = at(scope.eventId);
    return EVENT_EMAIL_TEMPLATE_TYPES.map((type) => ({ type, overridden: event.has(type), inherited: org.has(type) }));
  }

  /** The template of `type` as seen at `scope`. */
  async view(scope: TemplateScope, type: EmailTemplateType, executor: Executor = this.db): Promise<EmailTemplateView> {
    const { org, event } = await this.overrides(executor, scope, type);
    const own = scope.eventId ? event : org;
    const def = EMAIL_TYPES[type];
    return {
      type,
      scope: scope.eventId ? 'event' : 'organization',
      defaults: def.defaults,
      inherited: scope.eventId && org ? toDto(org) : null,
      override: own ? toDto(own) : null,
      effective: resolve(type, org, event),
      variables: def.variables,
      sampleData: def.sample,
    };
  }

  /** Stores this level's override after checking every part parses; audited. */
  async put(
    scope: TemplateScope,
    type: EmailTemplateType,
    body: EmailTemplateOverrideBody,
    by: AuditActor,
  ): Promise<EmailTemplateView> {
    const parts = { subject: body.subject ?? null, html: body.html ?? null, text: body.text ?? null };
    this.engine.validate({
      ...(parts.subject != null ? { subject: parts.subject } : {}),
      ...(parts.html != null ? { html: parts.html } : {}),
      ...(parts.text != null ? { text: parts.text } : {}),
    });
    // Parsing is not enough: a filter given what it cannot take fails only when rendering. Render the
    // template as it would be sent (these parts over the levels below) with sample data; refuse what fails.
    await this.preview(scope, type, {
      ...(parts.subject != null ? { subject: parts.subject } : {}),
      ...(parts.html != null ? { html: parts.html } : {}),
      ...(parts.text != null ? { text: parts.text } : {}),
    });
    return this.db.transaction(async (tx) => {
      await tx
        .insert(emailTemplateOverrides)
        .values({ organizationId: scope.organizationId, eventId: scope.eventId ?? null, type, ...parts })
        .onConflictDoUpdate({
          target: [emailTemplateOverrides.organizationId, emailTemplateOverrides.eventId, emailTemplateOverrides.type],
          set: { ...parts, updatedAt: new Date() },
        });
      await this.recordChange(tx, scope, type, 'email_template.updated', by);
      return this.view(scope, type, tx);
    });
  }

  /** Removes this level's override (the next level applies again). */
  async remove(scope: TemplateScope, type: EmailTemplateType, by: AuditActor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const deleted = await tx
        .delete(emailTemplateOverrides)
        .where(and(scopeCondition(scope), eq(emailTemplateOverrides.type, type)))
        .returning({ id: emailTemplateOverrides.id });
      if (deleted.length === 0) throw new AppError('NOT_FOUND', 404, 'There is no override of this template here.');
      await this.recordChange(tx, scope, type, 'email_template.deleted', by);
    });
  }

  /** Renders unsaved (or stored) parts with sample data, as the recipient would see them. */
  async preview(scope: TemplateScope, type: EmailTemplateType, body: EmailPreviewBody): Promise<RenderedEmail> {
    const view = await this.view(scope, type);
    const sources: TemplateSources = {
      subject: body.subject ?? view.effective.subject,
      html: body.html ?? view.effective.html,
      text: body.text ?? view.effective.text,
    };
    const [org] = await this.db
      .select({ name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, scope.organizationId));
    const sample = view.sampleData;
    const data = {
      ...sample,
      ...(org && 'organization' in sample
        ? { organization: { ...(sample.organization as object), name: org.name } }
        : {}),
      ...(body.data ?? {}),
    };
    return framed(await this.engine.render(sources, data), org?.name ?? null);
  }

  /**
   * The message of `type` for `data`, by the resolution rule; `scope` null
   * uses Foyer's defaults. Pass the caller's transaction as `executor`.
   */
  async compose(
    executor: Executor,
    type: EmailTemplateType,
    data: Record<string, unknown>,
    scope: TemplateScope | null,
  ): Promise<RenderedEmail> {
    const sources = scope ? (await this.view(scope, type, executor)).effective : EMAIL_TYPES[type].defaults;
    const sender = (data.organization as { name?: string } | undefined)?.name ?? null;
    try {
      return framed(await this.engine.render(sources, data), sender);
    } catch (err) {
      if (!scope || !(err instanceof AppError) || err.code !== 'TEMPLATE_INVALID') throw err;
      // An organisation's wording that fails on real data (it passed with the sample) must not stop
      // the mail: send Foyer's default, and tell the organisers in their audit log (and as an event).
      await this.audit.recordChange(executor, {
        actor: { type: 'system', id: null },
        organizationId: scope.organizationId,
        action: 'email_template.render_failed',
        subject: { type: 'email_template', id: type },
        metadata: { type, eventId: scope.eventId ?? null, error: err.message },
        event: {
          aggregate: { type: scope.eventId ? 'event' : 'organization', id: scope.eventId ?? scope.organizationId },
          payload: { type, eventId: scope.eventId ?? null, error: err.message },
        },
      });
      return framed(await this.engine.render(EMAIL_TYPES[type].defaults, data), sender);
    }
  }

  private async overrides(executor: Executor, scope: TemplateScope, type: EmailTemplateType) {
    const rows = await executor
      .select()
      .from(emailTemplateOverrides)
      .where(
        and(eq(emailTemplateOverrides.organizationId, scope.organizationId), eq(emailTemplateOverrides.type, type)),
      );
    return {
      org: rows.find((r) => r.eventId === null) ?? null,
      event: scope.eventId ? (rows.find((r) => r.eventId === scope.eventId) ?? null) : null,
    };
  }

  private async recordChange(
    tx: Executor,
    scope: TemplateScope,
    type: EmailTemplateType,
    action: string,
    by: AuditActor,
  ): Promise<void> {
    const metadata = { type, eventId: scope.eventId ?? null };
    await this.audit.recordChange(tx, {
      actor: by,
      organizationId: scope.organizationId,
      action: action,
      subject: { type: 'email_template', id: type },
      metadata,
      event: {
        aggregate: { type: scope.eventId ? 'event' : 'organization', id: scope.eventId ?? scope.organizationId },
        payload: metadata,
      },
    });
  }
}

function scopeCondition(scope: TemplateScope) {
  return and(
    eq(emailTemplateOverrides.organizationId, scope.organizationId),
    scope.eventId ? eq(emailTemplateOverrides.eventId, scope.eventId) : isNull(emailTemplateOverrides.eventId),
  );
}

function resolve(type: EmailTemplateType, org: OverrideRow | null, event: OverrideRow | null): TemplateSources {
  const def = EMAIL_TYPES[type].defaults;
  return {
    subject: event?.subject ?? org?.subject ?? def.subject,
    html: event?.html ?? org?.html ?? def.html,
    text: event?.text ?? org?.text ?? def.text,
  };
}

function toDto(row: OverrideRow): EmailTemplateOverride {
  return { subject: row.subject, html: row.html, text: row.text, updatedAt: row.updatedAt.toISOString() };
}
