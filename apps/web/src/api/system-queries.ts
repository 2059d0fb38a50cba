import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';

export const systemKeys = {
  version: ['system', 'version'] as const,
  readiness: ['system', 'readiness'] as const,
};

export function useVersionInfo() {
  return useQuery({
    queryKey: systemKeys.version,
    queryFn: ({ signal }) => api.system.version(signal),
    // The version only changes on a restart; no need to refetch it on focus.
    staleTime: 5 * 60_000,
  });
}

export function useReadiness() {
  return useQuery({
    queryKey: systemKeys.readiness,
    queryFn: ({ signal }) => api.system.readiness(signal),
    // Readiness is live operational state, so keep it current while the page is open.
    refetchInterval: 15_000,
  });
}
