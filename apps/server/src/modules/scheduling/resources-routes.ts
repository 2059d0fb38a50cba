import {
  CreateProjectBody,
  CreateResourceBody,
  CreateResourceLayoutBody,
  items,
  Project,
  Resource,
  ResourceLayout,
  UpdateProjectBody,
  UpdateResourceBody,
  UpdateResourceLayoutBody,
} from '@foyer/contracts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { orgParam } from '../../platform/auth/request-context.ts';
import {
  by,
  expectedVersion,
  LayoutParams,
  OrgParams,
  ProjectParams,
  param,
  ResourceParams,
  typed,
} from './route-kit.ts';
import type { SchedulingServices } from './scheduling-services.ts';

/** Resources, resource layouts and projects of an organization. */
export function registerResourceRoutes(app: FastifyInstance, s: SchedulingServices): void {
  const r = typed(app);
  const read = { action: 'scheduling.read' as const, organizationId: orgParam };
  const manage = { action: 'scheduling.manage' as const, organizationId: orgParam };
  const resourceOrg = {
    organizationId: (req: Parameters<typeof param>[0]) => s.resources.organizationOf(param(req, 'resourceId')),
  };
  const layoutOrg = {
    organizationId: (req: Parameters<typeof param>[0]) => s.resourceLayouts.organizationOf(param(req, 'layoutId')),
  };
  const projectOrg = {
    organizationId: (req: Parameters<typeof param>[0]) => s.projects.organizationOf(param(req, 'projectId')),
  };
  const tags = ['scheduling'];

  r.post(
    '/api/v1/orgs/:orgId/resources',
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Add a bookable resource',
        params: OrgParams,
        body: CreateResourceBody,
        response: { 201: Resource },
      },
    },
    async (req, reply) => reply.status(201).send(await s.resources.create(req.params.orgId, req.body, by(req))),
  );
  r.get(
    '/api/v1/orgs/:orgId/resources',
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'The organization’s resources, oldest first',
        params: OrgParams,
        querystring: z.object({ active: z.enum(['true', 'false']).optional() }),
        response: { 200: items(Resource) },
      },
    },
    async (req) => ({ items: await s.resources.list(req.params.orgId, { activeOnly: req.query.active === 'true' }) }),
  );
  r.get(
    '/api/v1/resources/:resourceId',
    {
      config: { access: { action: 'scheduling.read', ...resourceOrg } },
      schema: {
        tags,
        summary: 'One resource (ETag: its version)',
        params: ResourceParams,
        response: { 200: Resource },
      },
    },
    async (req, reply) => {
      const resource = await s.resources.get(req.params.resourceId);
      return reply.header('etag', `"${resource.version}"`).send(resource);
    },
  );
  r.patch(
    '/api/v1/resources/:resourceId',
    {
      config: { access: { action: 'scheduling.manage', ...resourceOrg } },
      schema: {
        tags,
        summary: 'Edit a resource (If-Match or version: a stale edit is 409 STALE_VERSION)',
        params: ResourceParams,
        body: UpdateResourceBody,
        response: { 200: Resource },
      },
    },
    async (req, reply) => {
      const version = expectedVersion(req, req.body.version);
      const resource = await s.resources.update(req.params.resourceId, { ...req.body, version }, by(req));
      return reply.header('etag', `"${resource.version}"`).send(resource);
    },
  );
  r.delete(
    '/api/v1/resources/:resourceId',
    {
      config: { access: { action: 'scheduling.manage', ...resourceOrg } },
      schema: { tags, summary: 'Delete a resource with its bookings', params: ResourceParams },
    },
    async (req, reply) => {
      await s.resources.delete(req.params.resourceId, by(req), expectedVersion(req));
      return reply.status(204).send();
    },
  );

  r.post(
    '/api/v1/orgs/:orgId/resource-layouts',
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Add a resource layout (1–20 resources, in order)',
        params: OrgParams,
        body: CreateResourceLayoutBody,
        response: { 201: ResourceLayout },
      },
    },
    async (req, reply) => reply.status(201).send(await s.resourceLayouts.create(req.params.orgId, req.body, by(req))),
  );
  r.get(
    '/api/v1/orgs/:orgId/resource-layouts',
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'The organization’s resource layouts, by name',
        params: OrgParams,
        response: { 200: items(ResourceLayout) },
      },
    },
    async (req) => ({ items: await s.resourceLayouts.list(req.params.orgId) }),
  );
  r.get(
    '/api/v1/resource-layouts/:layoutId',
    {
      config: { access: { action: 'scheduling.read', ...layoutOrg } },
      schema: { tags, summary: 'One resource layout', params: LayoutParams, response: { 200: ResourceLayout } },
    },
    async (req, reply) => {
      const layout = await s.resourceLayouts.get(req.params.layoutId);
      return reply.header('etag', `"${layout.version}"`).send(layout);
    },
  );
  r.patch(
    '/api/v1/resource-layouts/:layoutId',
    {
      config: { access: { action: 'scheduling.manage', ...layoutOrg } },
      schema: {
        tags,
        summary: 'Rename or rearrange a resource layout',
        params: LayoutParams,
        body: UpdateResourceLayoutBody,
        response: { 200: ResourceLayout },
      },
    },
    async (req) =>
      s.resourceLayouts.update(
        req.params.layoutId,
        { ...req.body, version: expectedVersion(req, req.body.version) },
        by(req),
      ),
  );
  r.delete(
    '/api/v1/resource-layouts/:layoutId',
    {
      config: { access: { action: 'scheduling.manage', ...layoutOrg } },
      schema: { tags, summary: 'Delete a resource layout (its resources stay)', params: LayoutParams },
    },
    async (req, reply) => {
      await s.resourceLayouts.delete(req.params.layoutId, by(req));
      return reply.status(204).send();
    },
  );

  r.post(
    '/api/v1/orgs/:orgId/projects',
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Add a project',
        params: OrgParams,
        body: CreateProjectBody,
        response: { 201: Project },
      },
    },
    async (req, reply) => reply.status(201).send(await s.projects.create(req.params.orgId, req.body, by(req))),
  );
  r.get(
    '/api/v1/orgs/:orgId/projects',
    {
      config: { access: read },
      schema: { tags, summary: 'The organization’s projects', params: OrgParams, response: { 200: items(Project) } },
    },
    async (req) => ({ items: await s.projects.list(req.params.orgId) }),
  );
  r.patch(
    '/api/v1/projects/:projectId',
    {
      config: { access: { action: 'scheduling.manage', ...projectOrg } },
      schema: {
        tags,
        summary: 'Edit a project',
        params: ProjectParams,
        body: UpdateProjectBody,
        response: { 200: Project },
      },
    },
    async (req) =>
      s.projects.update(
        req.params.projectId,
        { ...req.body, version: expectedVersion(req, req.body.version) },
        by(req),
      ),
  );
  r.delete(
    '/api/v1/projects/:projectId',
    {
      config: { access: { action: 'scheduling.manage', ...projectOrg } },
      schema: { tags, summary: 'Delete a project (its bookings stay, without one)', params: ProjectParams },
    },
    async (req, reply) => {
      await s.projects.delete(req.params.projectId, by(req), expectedVersion(req));
      return reply.status(204).send();
    },
  );
}
