import { CertificatePdfCheck } from '@foyer/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, session } from './client.ts';
import { registrationKeys } from './registration-queries.ts';

const PAGE_SIZE = 50;

// Under the event's registrations, so a decision on attendance refreshes the certificates too.
export const certificateKeys = {
  event: (eventId: string) => [...registrationKeys.event(eventId), 'certificates'] as const,
  verification: (code: string) => ['certificate-verification', code] as const,
};

/** The event's certificates, a page at a time. */
export function useCertificates(eventId: string) {
  return useInfiniteQuery({
    queryKey: certificateKeys.event(eventId),
    queryFn: ({ pageParam, signal }) =>
      api.certificates.list(eventId, { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // While PDFs are being rendered, look again every few seconds.
    refetchInterval: (query) =>
      query.state.data?.pages.some((p) => p.items.some((c) => !c.pdfReady && c.status === 'valid')) ? 3000 : false,
  });
}

/** "Issue to all eligible": one click, made safe to retry by its Idempotency-Key. */
export function useIssueCertificates(eventId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (idempotencyKey: string) => api.certificates.issue(eventId, { all: true }, idempotencyKey),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: certificateKeys.event(eventId) }),
  });
}

export function useRevokeCertificate(eventId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) => api.certificates.revoke(id, reason),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: certificateKeys.event(eventId) }),
  });
}

/** The signed-in person's own certificates. */
export function useMyCertificates() {
  return useQuery({
    queryKey: ['my-certificates'],
    queryFn: ({ signal }) => api.certificates.mine(signal).then((r) => r.items),
  });
}

/** Public: what a code certifies. */
export function useCertificateVerification(code: string) {
  return useQuery({
    queryKey: certificateKeys.verification(code),
    queryFn: ({ signal }) => api.certificates.verify(code, signal),
    retry: false,
  });
}

/** Downloads a certificate's PDF with the signed-in user's token and hands it to the browser. */
export async function downloadCertificatePdf(id: string, shortCode: string): Promise<void> {
  const token = await session.accessToken();
  const res = await fetch(`/api/v1/certificates/${encodeURIComponent(id)}/pdf`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!res.ok) throw new Error(`The PDF could not be downloaded (${res.status}).`);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `certificate-${shortCode}.pdf`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Public: uploads a PDF to learn whether it is byte for byte a certificate as issued. */
export function useCheckCertificatePdf() {
  return useMutation({
    mutationFn: async (file: File) => {
      const res = await fetch('/api/v1/certificates/check-pdf', {
        method: 'POST',
        headers: { 'content-type': 'application/pdf' },
        body: file,
      });
      if (!res.ok) throw new Error(`The file could not be checked (${res.status}).`);
      return CertificatePdfCheck.parse(await res.json());
    },
  });
}
