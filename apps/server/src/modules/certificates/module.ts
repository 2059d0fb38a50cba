import { defineModule } from '../../platform/module.ts';
import type { Platform } from '../../platform/platform.ts';
import { type AuditServices, auditModule } from '../audit/index.ts';
import { type CatalogServices, catalogModule } from '../catalog/index.ts';
import { type OrganizationsServices, organizationsModule } from '../organizations/index.ts';
import { type RegistrationServices, registrationModule } from '../registration/index.ts';
import { CertificateRendering } from './certificate-rendering.ts';
import { OrganizationPdfSigner } from './certificate-signing.ts';
import { registerCertificatesRoutes } from './certificates-routes.ts';
import { CERTIFICATE_ISSUED, CertificatesService } from './certificates-service.ts';

function certificatesServices(
  platform: Platform,
  { audit, attendance }: AuditServices & RegistrationServices & CatalogServices & OrganizationsServices,
) {
  const certificates = new CertificatesService({
    db: platform.database.db,
    audit,
    attendance,
    cipher: platform.cipher,
    publicUrl: platform.config.publicUrl,
    storage: platform.storage,
  });
  return {
    /** Issuing, verification, revocation and re-issue of certificates. */
    certificates,
    /** Renders, signs and stores one certificate's PDF (the job of `certificate.issued`). */
    certificateRendering: new CertificateRendering(
      platform.storage,
      certificates,
      new OrganizationPdfSigner(platform.cipher),
    ),
  };
}

export type CertificatesServices = ReturnType<typeof certificatesServices>;

/** Certificates for eligible attendees: issued in batches, rendered to PDF by jobs, verifiable by anyone. */
export const certificatesModule = defineModule({
  name: 'certificates',
  needs: () => [auditModule, organizationsModule, catalogModule, registrationModule],
  services: certificatesServices,
  configure(platform, { certificates, certificateRendering }) {
    // One job per issued certificate: render, store, count it in its batch.
    platform.bus.onEventJob(
      CERTIFICATE_ISSUED,
      'certificates.render-pdf',
      async (event, tx) => {
        await certificateRendering.render(tx, String(event.payload.certificateId));
      },
      { expireInSeconds: 120 },
    );
    // Auto-issue: when an event with certificates and auto-issue completes, everyone eligible gets one.
    platform.bus.onEventJob('event.completed', 'certificates.auto-issue', async (event, tx) => {
      const eventId = String(event.payload.eventId);
      await certificates.autoIssue(tx, eventId);
    });
  },
  async routes(app, platform, services) {
    await registerCertificatesRoutes(app, platform, services);
  },
});
