import type { MailFilter, TemplateLevel } from '@foyer/client';
import type { EmailPreviewBody, EmailTemplateOverrideBody, EmailTemplateType } from '@foyer/contracts';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from './client.ts';
import { accountKeys } from './query-keys.ts';

const levelKey = (level: TemplateLevel) =>
  'eventId' in level ? accountKeys.event(level.eventId) : accountKeys.org(level.orgId);

// Under the account prefix, so signing out drops them with everything else.
export const emailKeys = {
  templates: (level: TemplateLevel) => [...levelKey(level), 'email-templates'] as const,
  template: (level: TemplateLevel, type: EmailTemplateType) => [...levelKey(level), 'email-templates', type] as const,
  preview: (level: TemplateLevel, type: EmailTemplateType, body: z.input<typeof EmailPreviewBody>) =>
    [...levelKey(level), 'email-templates', type, 'preview', body] as const,
  outbox: (filter: MailFilter) => [...accountKeys.all, 'admin-mail', filter] as const,
  mail: (id: string) => [...accountKeys.all, 'admin-mail', 'one', id] as const,
};

export function useEmailTemplates(level: TemplateLevel) {
  return useQuery({
    queryKey: emailKeys.templates(level),
    queryFn: ({ signal }) => api.emailTemplates.list(level, signal),
  });
}

export function useEmailTemplate(level: TemplateLevel, type: EmailTemplateType) {
  return useQuery({
    queryKey: emailKeys.template(level, type),
    queryFn: ({ signal }) => api.emailTemplates.get(level, type, signal),
  });
}

/** Renders unsaved parts; the previous rendering stays on screen while the next one is on its way. */
export function useEmailPreview(level: TemplateLevel, type: EmailTemplateType, body: z.input<typeof EmailPreviewBody>) {
  return useQuery({
    queryKey: emailKeys.preview(level, type, body),
    queryFn: () => api.emailTemplates.preview(level, type, body),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

function useTemplateMutation<A, R>(level: TemplateLevel, fn: (args: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: emailKeys.templates(level) }),
  });
}

export function useSaveEmailTemplate(level: TemplateLevel, type: EmailTemplateType) {
  return useTemplateMutation(level, (body: z.input<typeof EmailTemplateOverrideBody>) =>
    api.emailTemplates.put(level, type, body),
  );
}

export function useResetEmailTemplate(level: TemplateLevel, type: EmailTemplateType) {
  return useTemplateMutation(level, () => api.emailTemplates.remove(level, type));
}

const OUTBOX_PAGE = 25;

/** The platform's outbox, newest first, a page at a time. */
export function useOutbox(filter: MailFilter) {
  return useInfiniteQuery({
    queryKey: emailKeys.outbox(filter),
    queryFn: ({ pageParam, signal }) =>
      api.adminMail.list({ ...filter, limit: OUTBOX_PAGE, ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useMail(id: string) {
  return useQuery({ queryKey: emailKeys.mail(id), queryFn: ({ signal }) => api.adminMail.get(id, signal) });
}
