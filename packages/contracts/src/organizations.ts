import { z } from 'zod';
import { cursorParam, instant } from './common.ts';
import { Email } from './identity.ts';

export const OrgRole = z.enum(['owner', 'admin', 'organizer', 'viewer']);
export type OrgRole = z.infer<typeof OrgRole>;

export const Slug = z
  .string()
  .min(2)
  .max(63)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'lower-case letters, digits and inner hyphens only');

export const Organization = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  /** The caller's role in it, when they are a member. */
  role: OrgRole.nullable(),
  /** Members must sign in with a second factor to use the organization's console routes. */
  requireSecondFactor: z.boolean(),
  createdAt: z.string(),
});
export type Organization = z.infer<typeof Organization>;

export const CreateOrgBody = z.object({ name: z.string().trim().min(1).max(200), slug: Slug });
export const UpdateOrgBody = CreateOrgBody.partial().extend({ requireSecondFactor: z.boolean().optional() });

export const Member = z.object({
  userId: z.uuid().nullable(),
  invitationId: z.uuid().nullable(),
  email: z.string(),
  name: z.string().nullable(),
  role: OrgRole,
  status: z.enum(['active', 'invited']),
  createdAt: z.string(),
});
export type Member = z.infer<typeof Member>;

export const InviteMemberBody = z.object({ email: Email, role: OrgRole });
export const UpdateMemberBody = z.object({ role: OrgRole });
export const AcceptInvitationBody = z.object({ token: z.string().min(20).max(200) });
/** What an invitation link is about, shown before accepting. */
export const InvitationPreview = z.object({
  organizationName: z.string(),
  organizationSlug: z.string(),
  role: OrgRole,
  expiresAt: z.string(),
});
export type InvitationPreview = z.infer<typeof InvitationPreview>;

export const ApiKeyScope = z.enum(['catalog:read', 'catalog:write', 'registrations:read', 'registrations:write']);
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;

export const ApiKey = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().describe('The first characters of the key, to recognise it'),
  scopes: z.array(ApiKeyScope),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;

export const CreateApiKeyBody = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(ApiKeyScope).min(1),
});
export const CreatedApiKey = ApiKey.extend({ key: z.string().describe('Shown once; store it now') });

export const AuditEntry = z.object({
  id: z.string(),
  organizationId: z.uuid().nullable(),
  actorType: z.enum(['user', 'api_key', 'system', 'anonymous']),
  actorId: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const CursorQuery = z.object({
  cursor: cursorParam().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const AuditLogQuery = CursorQuery.extend({
  action: z.string().max(100).optional(),
  actorId: z.string().max(100).optional(),
  targetId: z.string().max(100).optional(),
  from: instant().optional(),
  to: instant().optional(),
});

/** A whole list answer: `{ items: [...] }`. */
export function items<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item) });
}

export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
