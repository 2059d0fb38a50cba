import {
  AcceptInvitationBody,
  ApiKey,
  CreateApiKeyBody,
  CreatedApiKey,
  CreateOrgBody,
  InvitationPreview,
  InviteMemberBody,
  items,
  Member,
  Organization,
  UpdateMemberBody,
  UpdateOrgBody,
} from '@foyer/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { limitByIp, orgParam, requestMeta, userOf } from '../../platform/auth/request-context.ts';
import type { Platform } from '../../platform/platform.ts';
import type { OrganizationsServices } from './module.ts';

const OrgParams = z.object({ orgId: z.uuid() });
const tags = ['organizations'];

export function registerOrganizationRoutes(
  app: FastifyInstance,
  platform: Platform,
  { organizations, members, apiKeys }: OrganizationsServices,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/orgs',
    {
      config: { access: { action: 'org.create' } },
      schema: {
        tags,
        summary: 'Create an organization (you become its owner)',
        body: CreateOrgBody,
        response: { 201: Organization },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await organizations.create(userOf(request), request.body, requestMeta(request))),
  );
  r.get(
    '/api/v1/orgs',
    {
      config: { access: { action: 'org.list' } },
      schema: {
        tags,
        summary: 'Organizations I belong to',
        response: { 200: items(Organization) },
      },
    },
    async (request) => ({ items: await organizations.listFor(userOf(request).userId) }),
  );
  r.get(
    '/api/v1/orgs/:orgId',
    {
      config: { access: { action: 'org.read', organizationId: orgParam } },
      schema: { tags, summary: 'One organization', params: OrgParams, response: { 200: Organization } },
    },
    async (request) =>
      organizations.get(request.params.orgId, request.actor.kind === 'user' ? request.actor.userId : null),
  );
  r.patch(
    '/api/v1/orgs/:orgId',
    {
      config: { access: { action: 'org.update', organizationId: orgParam } },
      schema: {
        tags,
        summary: 'Rename an organization or change its slug',
        params: OrgParams,
        body: UpdateOrgBody,
        response: { 200: Organization },
      },
    },
    async (request) => organizations.update(userOf(request), request.params.orgId, request.body, requestMeta(request)),
  );

  r.get(
    '/api/v1/orgs/:orgId/members',
    {
      config: { access: { action: 'org.members.read', organizationId: orgParam } },
      schema: {
        tags,
        summary: 'Members and pending invitations',
        params: OrgParams,
        response: { 200: items(Member) },
      },
    },
    async (request) => ({ items: await members.list(request.params.orgId) }),
  );
  r.post(
    '/api/v1/orgs/:orgId/members',
    {
      config: { access: { action: 'org.members.manage', organizationId: orgParam } },
      schema: {
        tags,
        summary: 'Add a member by email (invites people without an account)',
        params: OrgParams,
        body: InviteMemberBody,
        response: { 201: Member },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await members.invite(userOf(request), request.params.orgId, request.body, requestMeta(request))),
  );
  r.patch(
    '/api/v1/orgs/:orgId/members/:userId',
    {
      config: { access: { action: 'org.members.manage', organizationId: orgParam } },
      schema: {
        tags,
        summary: 'Change a member’s role',
        params: OrgParams.extend({ userId: z.uuid() }),
        body: UpdateMemberBody,
        response: { 200: Member },
      },
    },
    async (request) =>
      members.changeRole(
        userOf(request),
        request.params.orgId,
        request.params.userId,
        request.body.role,
        requestMeta(request),
      ),
  );
  r.delete(
    '/api/v1/orgs/:orgId/members/:userId',
    {
      config: { access: { action: 'org.members.manage', organizationId: orgParam } },
      schema: { tags, summary: 'Remove a member', params: OrgParams.extend({ userId: z.uuid() }) },
    },
    async (request, reply) => {
      await members.remove(userOf(request), request.params.orgId, request.params.userId, requestMeta(request));
      return reply.status(204).send();
    },
  );
  r.delete(
    '/api/v1/orgs/:orgId/invitations/:invitationId',
    {
      config: { access: { action: 'org.members.manage', organizationId: orgParam } },
      schema: { tags, summary: 'Withdraw a pending invitation', params: OrgParams.extend({ invitationId: z.uuid() }) },
    },
    async (request, reply) => {
      await members.revokeInvitation(
        userOf(request),
        request.params.orgId,
        request.params.invitationId,
        requestMeta(request),
      );
      return reply.status(204).send();
    },
  );
  r.post(
    '/api/v1/invitations/preview',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Which organization and role an invitation link is for',
        body: AcceptInvitationBody,
        response: { 200: InvitationPreview },
      },
    },
    async (request) => {
      await limitByIp(platform, request.ip, 'invitation-preview', 30, 600);
      return members.preview(request.body.token);
    },
  );
  r.post(
    '/api/v1/invitations/accept',
    {
      config: { access: { action: 'account.update' } },
      schema: {
        tags,
        summary: 'Accept an invitation with its emailed token',
        body: AcceptInvitationBody,
        response: { 200: z.object({ organizationId: z.uuid(), role: z.string() }) },
      },
    },
    async (request) => members.accept(userOf(request), request.body.token, requestMeta(request)),
  );

  r.post(
    '/api/v1/orgs/:orgId/api-keys',
    {
      config: { access: { action: 'org.apiKeys.manage', organizationId: orgParam } },
      schema: {
        tags: ['api-keys'],
        summary: 'Create an API key (shown once)',
        params: OrgParams,
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKey },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await apiKeys.create(userOf(request), request.params.orgId, request.body, requestMeta(request))),
  );
  r.get(
    '/api/v1/orgs/:orgId/api-keys',
    {
      config: { access: { action: 'org.apiKeys.read', organizationId: orgParam } },
      schema: {
        tags: ['api-keys'],
        summary: 'API keys (prefix, scopes, last use)',
        params: OrgParams,
        response: { 200: items(ApiKey) },
      },
    },
    async (request) => ({ items: await apiKeys.list(request.params.orgId) }),
  );
  r.delete(
    '/api/v1/orgs/:orgId/api-keys/:keyId',
    {
      config: { access: { action: 'org.apiKeys.manage', organizationId: orgParam } },
      schema: { tags: ['api-keys'], summary: 'Revoke an API key', params: OrgParams.extend({ keyId: z.uuid() }) },
    },
    async (request, reply) => {
      await apiKeys.revoke(userOf(request), request.params.orgId, request.params.keyId, requestMeta(request));
      return reply.status(204).send();
    },
  );
}
