import type { AuditEntry, Member } from '@foyer/contracts';
import type { TFunction } from 'i18next';
import en from '../../i18n/en.json';

/** Actions recorded in an organization's log; the filter offers these. */
export const ORG_AUDIT_ACTIONS = [
  'org.created',
  'org.updated',
  'member.invited',
  'member.added',
  'member.joined',
  'member.role_changed',
  'member.removed',
  'member.invitation_revoked',
  'api_key.created',
  'api_key.revoked',
] as const;

function hasLabel(action: string): boolean {
  const [group, name] = action.split('.');
  const labels = en.audit.actions as Record<string, Record<string, string> | undefined>;
  return Boolean(group && name && labels[group]?.[name]);
}

/** The action in words; actions added later (no translation yet) show their code. */
export function actionLabel(action: string, t: TFunction): string {
  return hasLabel(action) ? t(`audit.actions.${action}` as 'audit.actions.org.created') : action;
}

/** Who did it: a member's name when we know them, else a short id. */
export function actorLabel(entry: AuditEntry, people: Map<string, Member>, t: TFunction): string {
  if (entry.actorType === 'system') return t('audit.actor.system');
  if (entry.actorType === 'anonymous' || !entry.actorId) return t('audit.actor.anonymous');
  const person = people.get(entry.actorId);
  if (person) return person.name ?? person.email;
  return entry.actorType === 'api_key'
    ? t('audit.actor.apiKey', { id: entry.actorId.slice(0, 8) })
    : entry.actorId.slice(0, 8);
}

const text = (value: unknown) => (typeof value === 'string' ? value : null);

/** What it was done to, with the useful bits of metadata (roles, key names). */
export function detailsLabel(entry: AuditEntry, people: Map<string, Member>, t: TFunction): string {
  const m = entry.metadata;
  const role = (value: unknown) => (text(value) ? t(`roles.${text(value) as 'owner'}`) : '');
  const person = entry.targetId ? people.get(entry.targetId) : undefined;
  const who = person ? (person.name ?? person.email) : null;
  switch (entry.action) {
    case 'member.role_changed':
      return t('audit.details.roleChanged', { who: who ?? '—', from: role(m.from), to: role(m.to) });
    case 'member.invited':
    case 'member.added':
    case 'member.joined':
      return who
        ? t('audit.details.memberWithRole', { who, role: role(m.role) })
        : t('audit.details.role', { role: role(m.role) });
    case 'member.removed':
      return who ?? t('audit.details.role', { role: role(m.role) });
    case 'api_key.created':
      return t('audit.details.apiKey', { name: text(m.name) ?? '—' });
    case 'org.created':
      return t('audit.details.slug', { slug: text(m.slug) ?? '—' });
    default:
      return who ?? targetLabel(entry, t);
  }
}

/** A target we have no name for, by kind and short id. */
function targetLabel(entry: AuditEntry, t: TFunction): string {
  if (!entry.targetType) return '—';
  const id = entry.targetId?.slice(0, 8) ?? '';
  switch (entry.targetType) {
    case 'api_key':
    case 'invitation':
    case 'user':
      return t(`audit.targets.${entry.targetType}`, { id });
    case 'organization':
      return t('audit.targets.organization');
    default:
      return t('audit.targets.other', { type: entry.targetType, id });
  }
}
