import {
  CreateQuestionBody,
  CreateRequirementBody,
  items,
  Question,
  RegistrationForm,
  Requirement,
  UpdateQuestionBody,
  UpdateRequirementBody,
} from '@foyer/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActorOf } from '../../platform/auth/actor.ts';
import { eventParam, requestMeta } from '../../platform/auth/request-context.ts';
import type { Platform } from '../../platform/platform.ts';
import type { RegistrationServices } from './module.ts';
import { registrationForm } from './registration-form.ts';

const EventParams = z.object({ eventId: z.uuid() });
const by = (request: FastifyRequest) => auditActorOf(request.actor, requestMeta(request));

/**
 * What people see and answer before registering: custom questions and
 * requirements (organisers edit them; anyone reads them for events the
 * public may see), and the form with its open/full state.
 */
export function registerRegistrationFormRoutes(
  app: FastifyInstance,
  platform: Platform,
  s: RegistrationServices,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const manage = { action: 'registration.manage' as const, eventId: eventParam };
  const { db } = platform.database;

  r.get(
    '/api/v1/events/:eventId/registration-form',
    {
      config: { access: 'public' },
      schema: {
        tags: ['registrations'],
        summary: 'Whether registration is open, seats left, the questions and the requirements',
        description:
          'Public for published or live events that are public or unlisted; otherwise for readers of the event.',
        params: EventParams,
        response: { 200: RegistrationForm },
      },
    },
    async (request) =>
      registrationForm(db, s, await s.eventPermissions.readable(db, request.actor, request.params.eventId)),
  );

  const questionTags = ['registration questions'];
  const QuestionParams = EventParams.extend({ questionId: z.uuid() });
  r.get(
    '/api/v1/events/:eventId/questions',
    {
      config: { access: 'public' },
      schema: {
        tags: questionTags,
        summary: 'The registration questions of the event, in form order',
        params: EventParams,
        response: { 200: items(Question) },
      },
    },
    async (request) => {
      await s.eventPermissions.readable(db, request.actor, request.params.eventId);
      return { items: await s.questions.list(request.params.eventId) };
    },
  );
  r.post(
    '/api/v1/events/:eventId/questions',
    {
      config: { access: manage },
      schema: {
        tags: questionTags,
        summary: 'Add a question (short_text, long_text, single_choice, multiple_choice, checkbox)',
        params: EventParams,
        body: CreateQuestionBody,
        response: { 201: Question },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await s.questions.create(request.params.eventId, request.body, by(request))),
  );
  r.patch(
    '/api/v1/events/:eventId/questions/:questionId',
    {
      config: { access: manage },
      schema: {
        tags: questionTags,
        summary: 'Edit a question',
        params: QuestionParams,
        body: UpdateQuestionBody,
        response: { 200: Question },
      },
    },
    async (request) => s.questions.update(request.params.eventId, request.params.questionId, request.body, by(request)),
  );
  r.delete(
    '/api/v1/events/:eventId/questions/:questionId',
    {
      config: { access: manage },
      schema: { tags: questionTags, summary: 'Remove a question (given answers are kept)', params: QuestionParams },
    },
    async (request, reply) => {
      await s.questions.delete(request.params.eventId, request.params.questionId, by(request));
      return reply.status(204).send();
    },
  );

  const requirementTags = ['requirements'];
  const RequirementParams = EventParams.extend({ requirementId: z.uuid() });
  r.get(
    '/api/v1/events/:eventId/requirements',
    {
      config: { access: 'public' },
      schema: {
        tags: requirementTags,
        summary: 'What participants must bring, know or be aware of',
        params: EventParams,
        response: { 200: items(Requirement) },
      },
    },
    async (request) => {
      await s.eventPermissions.readable(db, request.actor, request.params.eventId);
      return { items: await s.requirements.list(request.params.eventId) };
    },
  );
  r.post(
    '/api/v1/events/:eventId/requirements',
    {
      config: { access: manage },
      schema: {
        tags: requirementTags,
        summary: 'Add a requirement (kind: equipment, skill, accessibility, other)',
        params: EventParams,
        body: CreateRequirementBody,
        response: { 201: Requirement },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await s.requirements.create(request.params.eventId, request.body, by(request))),
  );
  r.patch(
    '/api/v1/events/:eventId/requirements/:requirementId',
    {
      config: { access: manage },
      schema: {
        tags: requirementTags,
        summary: 'Edit a requirement',
        params: RequirementParams,
        body: UpdateRequirementBody,
        response: { 200: Requirement },
      },
    },
    async (request) =>
      s.requirements.update(request.params.eventId, request.params.requirementId, request.body, by(request)),
  );
  r.delete(
    '/api/v1/events/:eventId/requirements/:requirementId',
    {
      config: { access: manage },
      schema: { tags: requirementTags, summary: 'Remove a requirement', params: RequirementParams },
    },
    async (request, reply) => {
      await s.requirements.delete(request.params.eventId, request.params.requirementId, by(request));
      return reply.status(204).send();
    },
  );
}
