import {
  ApiKey,
  AuditEntry,
  type AuditLogQuery,
  type CreateApiKeyBody,
  CreatedApiKey,
  type CreateOrgBody,
  InvitationPreview,
  type InviteMemberBody,
  Member,
  Organization,
  type OrgRole,
  page,
  type UpdateOrgBody,
} from '@foyer/contracts';
import type { z } from 'zod';
import { type HttpOptions, itemsOf, request } from './http.ts';

const AuditPage = page(AuditEntry);
const InvitationAccepted = Member.pick({ role: true }).extend({ organizationId: Organization.shape.id });

const org = (orgId: string) => `/api/v1/orgs/${encodeURIComponent(orgId)}`;

/** Organizations I belong to (`/api/v1/orgs`). */
export function organizationsApi(options: HttpOptions) {
  return {
    create: (body: z.input<typeof CreateOrgBody>) =>
      request(options, '/api/v1/orgs', { method: 'POST', body, schema: Organization }),
    list: (signal?: AbortSignal) => request(options, '/api/v1/orgs', { schema: itemsOf(Organization), signal }),
    get: (orgId: string, signal?: AbortSignal) => request(options, org(orgId), { schema: Organization, signal }),
    update: (orgId: string, body: z.input<typeof UpdateOrgBody>) =>
      request(options, org(orgId), { method: 'PATCH', body, schema: Organization }),
  };
}

/** Members and pending invitations of one organization. */
export function membersApi(options: HttpOptions) {
  return {
    list: (orgId: string, signal?: AbortSignal) =>
      request(options, `${org(orgId)}/members`, { schema: itemsOf(Member), signal }),
    /** Adds an existing account at once; anyone else gets an emailed invitation. */
    invite: (orgId: string, body: z.input<typeof InviteMemberBody>) =>
      request(options, `${org(orgId)}/members`, { method: 'POST', body, schema: Member }),
    changeRole: (orgId: string, userId: string, role: OrgRole) =>
      request(options, `${org(orgId)}/members/${encodeURIComponent(userId)}`, {
        method: 'PATCH',
        body: { role },
        schema: Member,
      }),
    remove: (orgId: string, userId: string) =>
      request(options, `${org(orgId)}/members/${encodeURIComponent(userId)}`, { method: 'DELETE', schema: null }),
    withdrawInvitation: (orgId: string, invitationId: string) =>
      request(options, `${org(orgId)}/invitations/${encodeURIComponent(invitationId)}`, {
        method: 'DELETE',
        schema: null,
      }),
  };
}

export function invitationsApi(options: HttpOptions) {
  return {
    /** Which organization and role a link is for; needs no sign-in. */
    preview: (token: string) =>
      request(options, '/api/v1/invitations/preview', {
        method: 'POST',
        body: { token },
        schema: InvitationPreview,
        anonymous: true,
      }),
    /** The signed-in person accepts an invitation sent to their address. */
    accept: (token: string) =>
      request(options, '/api/v1/invitations/accept', { method: 'POST', body: { token }, schema: InvitationAccepted }),
  };
}

export function apiKeysApi(options: HttpOptions) {
  return {
    /** The answer carries the full key; it is never shown again. */
    create: (orgId: string, body: z.input<typeof CreateApiKeyBody>) =>
      request(options, `${org(orgId)}/api-keys`, { method: 'POST', body, schema: CreatedApiKey }),
    list: (orgId: string, signal?: AbortSignal) =>
      request(options, `${org(orgId)}/api-keys`, { schema: itemsOf(ApiKey), signal }),
    revoke: (orgId: string, keyId: string) =>
      request(options, `${org(orgId)}/api-keys/${encodeURIComponent(keyId)}`, { method: 'DELETE', schema: null }),
  };
}

/** Filters of `GET /orgs/{orgId}/audit-log` (see `AuditLogQuery`); `from`/`to` are ISO date-times. */
export type AuditLogFilter = Partial<Record<Exclude<keyof z.input<typeof AuditLogQuery>, 'limit'>, string>> & {
  limit?: number;
};

export function auditLogApi(options: HttpOptions) {
  return {
    /** Newest first; pass the answer's `nextCursor` back as `cursor` for the next page. */
    list: (orgId: string, filter: AuditLogFilter = {}, signal?: AbortSignal) =>
      request(options, `${org(orgId)}/audit-log`, { schema: AuditPage, query: { ...filter }, signal }),
  };
}
