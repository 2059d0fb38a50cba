import type { AuditLogFilter } from '@foyer/client';
import type { CreateApiKeyBody, CreateOrgBody, InviteMemberBody, OrgRole, UpdateOrgBody } from '@foyer/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from './client.ts';
import { accountKeys } from './query-keys.ts';

export function useOrganizations(enabled = true) {
  return useQuery({ queryKey: accountKeys.orgs, queryFn: ({ signal }) => api.orgs.list(signal), enabled });
}

export function useOrganization(orgId: string) {
  return useQuery({ queryKey: accountKeys.org(orgId), queryFn: ({ signal }) => api.orgs.get(orgId, signal) });
}

export function useCreateOrganization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof CreateOrgBody>) => api.orgs.create(body),
    onSuccess: (org) => {
      queryClient.setQueryData(accountKeys.org(org.id), org);
      return queryClient.invalidateQueries({ queryKey: accountKeys.orgs, exact: true });
    },
  });
}

export function useUpdateOrganization(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof UpdateOrgBody>) => api.orgs.update(orgId, body),
    onSuccess: (org) => {
      queryClient.setQueryData(accountKeys.org(org.id), org);
      return queryClient.invalidateQueries({ queryKey: accountKeys.orgs, exact: true });
    },
  });
}

export function useMembers(orgId: string) {
  return useQuery({ queryKey: accountKeys.members(orgId), queryFn: ({ signal }) => api.members.list(orgId, signal) });
}

/** Member changes also add audit entries, so both lists are refetched. */
function useMembersMutation<A, R>(orgId: string, mutationFn: (args: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: accountKeys.members(orgId) }),
        queryClient.invalidateQueries({ queryKey: accountKeys.auditLog(orgId) }),
      ]),
  });
}

export function useInviteMember(orgId: string) {
  return useMembersMutation(orgId, (body: z.input<typeof InviteMemberBody>) => api.members.invite(orgId, body));
}

export function useChangeRole(orgId: string) {
  return useMembersMutation(orgId, ({ userId, role }: { userId: string; role: OrgRole }) =>
    api.members.changeRole(orgId, userId, role),
  );
}

export function useRemoveMember(orgId: string) {
  return useMembersMutation(orgId, (userId: string) => api.members.remove(orgId, userId));
}

export function useWithdrawInvitation(orgId: string) {
  return useMembersMutation(orgId, (invitationId: string) => api.members.withdrawInvitation(orgId, invitationId));
}

export function useApiKeys(orgId: string) {
  return useQuery({ queryKey: accountKeys.apiKeys(orgId), queryFn: ({ signal }) => api.apiKeys.list(orgId, signal) });
}

function useApiKeysMutation<A, R>(orgId: string, mutationFn: (args: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: accountKeys.apiKeys(orgId) }),
        queryClient.invalidateQueries({ queryKey: accountKeys.auditLog(orgId) }),
      ]),
  });
}

export function useCreateApiKey(orgId: string) {
  return useApiKeysMutation(orgId, (body: z.input<typeof CreateApiKeyBody>) => api.apiKeys.create(orgId, body));
}

export function useRevokeApiKey(orgId: string) {
  return useApiKeysMutation(orgId, (keyId: string) => api.apiKeys.revoke(orgId, keyId));
}

const AUDIT_PAGE_SIZE = 25;

export function useAuditLog(orgId: string, filter: AuditLogFilter) {
  return useInfiniteQuery({
    queryKey: accountKeys.auditLog(orgId, filter),
    queryFn: ({ pageParam, signal }) =>
      api.auditLog.list(
        orgId,
        { ...filter, limit: AUDIT_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** What an invitation link is for, before anyone signs in. */
export function useInvitationPreview(token: string) {
  return useQuery({
    queryKey: ['invitation-preview', token],
    queryFn: () => api.invitations.preview(token),
    enabled: token.length > 0,
    retry: false,
    staleTime: 60_000,
  });
}

export function useAcceptInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: api.invitations.accept,
    // Accepting adds an organization and may confirm the email address.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKeys.all }),
  });
}
