// The certificates module's public surface: what other modules may import.
export { CERTIFICATE_ISSUED, type CertificatesService } from './certificates-service.ts';
export { type CertificatesServices, certificatesModule } from './module.ts';
/** Read model: certificates, for the personal-data export and erasure to come (issue #17). */
export { certificates } from './schema.ts';
