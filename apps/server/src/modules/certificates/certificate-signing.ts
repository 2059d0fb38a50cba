import {
  constants,
  createPrivateKey,
  generateKeyPairSync,
  type KeyObject,
  privateEncrypt,
  randomBytes,
} from 'node:crypto';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { Signer, SignPdf } from '@signpdf/signpdf';
import { eq } from 'drizzle-orm';
import forge from 'node-forge';
import type { PDFDocument } from 'pdf-lib';
import type { Executor } from '../../platform/db/database.ts';
import { organizations } from '../organizations/index.ts';
import type { PdfSigner } from './certificate-rendering.ts';
import type { NameCipher } from './certificates-service.ts';
import { certificateSigningKeys } from './schema.ts';

/** How long an organisation's signing certificate is valid. */
const VALIDITY_YEARS = 10;

interface StoredKey {
  p12Base64: string;
  passphrase: string;
}

/** One organisation's key in memory, read out of its PKCS#12 once, and the name it signs as. */
interface LoadedKey {
  signer: OrganizationSigner;
  name: string;
}

/** DER prefix of a SHA-256 DigestInfo (RFC 8017 §9.2): what RSASSA-PKCS1-v1_5 signs, the hash appended. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * @signpdf's signer of a PKCS#7 detached signature over the PDF's byte
 * range, as its P12Signer makes it (node-forge's PKCS#7, SHA-256, content
 * type, signing time and message digest as signed attributes) — but with
 * the key read once rather than decrypted from the PKCS#12 for every
 * document, and the RSA operation done by Node's crypto instead of
 * JavaScript bignums (together ~60 ms → ~3 ms per certificate).
 */
export class OrganizationSigner extends Signer {
  constructor(
    private readonly certificate: forge.pki.Certificate,
    private readonly key: KeyObject,
  ) {
    super();
  }

  /** Reads the key and certificate out of a PKCS#12. */
  static fromP12(p12: Buffer, passphrase: string): OrganizationSigner {
    const parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(p12.toString('binary')), false, passphrase);
    const certBag = forge.pki.oids.certBag!;
    const keyBag = forge.pki.oids.pkcs8ShroudedKeyBag!;
    const cert = parsed.getBags({ bagType: certBag })[certBag]?.[0]?.cert;
    const key = parsed.getBags({ bagType: keyBag })[keyBag]?.[0]?.key;
    if (!cert || !key) throw new Error('The signing key store holds no certificate and key');
    return new OrganizationSigner(cert, createPrivateKey(forge.pki.privateKeyToPem(key)));
  }

  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(pdfBuffer.toString('binary'));
    p7.addCertificate(this.certificate);
    const key = this.key;
    p7.addSigner({
      // forge calls key.sign(md) with the digest of the signed attributes; Node pads and signs it.
      key: {
        sign: (md: forge.md.MessageDigest) =>
          privateEncrypt(
            { key, padding: constants.RSA_PKCS1_PADDING },
            Buffer.concat([SHA256_DIGEST_INFO, Buffer.from(md.digest().getBytes(), 'binary')]),
          ).toString('binary'),
      } as unknown as forge.pki.rsa.PrivateKey,
      certificate: this.certificate,
      digestAlgorithm: forge.pki.oids.sha256!,
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType!, value: forge.pki.oids.data },
        { type: forge.pki.oids.signingTime!, value: (signingTime ?? new Date()) as unknown as string },
        { type: forge.pki.oids.messageDigest! },
      ],
    });
    p7.sign({ detached: true });
    return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
  }
}

const aadOf = (organizationId: string) => `certificate-signing-key:${organizationId}`;

/**
 * Makes an organisation's signing identity: a 2048-bit RSA key (Node's
 * crypto) and a self-signed X.509 certificate naming the organisation
 * (node-forge), bundled as PKCS#12 for @signpdf's signer.
 */
export function newSigningIdentity(organizationName: string): {
  p12: Buffer;
  passphrase: string;
  certificatePem: string;
} {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  // A positive serial of 16 random bytes (the top bit cleared).
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + VALIDITY_YEARS * 365.25 * 86_400_000);
  const subject = [
    { name: 'commonName', value: `${organizationName} (certificates)`.slice(0, 64) },
    { name: 'organizationName', value: organizationName.slice(0, 64) },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key, forge.md.sha256.create());
  const passphrase = randomBytes(18).toString('base64url');
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], passphrase, {
    algorithm: 'aes256',
    friendlyName: organizationName,
  });
  const p12 = Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
  return { p12, passphrase, certificatePem: forge.pki.certificateToPem(cert) };
}

/**
 * Signs certificates' PDFs with their organisation's key as a standard
 * PDF signature (adbe.pkcs7.detached over the byte range), which PDF
 * readers show and which fails verification once a byte changes. Each
 * organisation's key is made on first use and kept encrypted
 * (`certificate_signing_keys`); loaded keys are kept in memory.
 */
export class OrganizationPdfSigner implements PdfSigner {
  private readonly loaded = new Map<string, LoadedKey>();

  constructor(private readonly cipher: NameCipher) {}

  async sign(tx: Executor, organizationId: string, doc: PDFDocument): Promise<Buffer> {
    const key = await this.keyOf(tx, organizationId);
    pdflibAddPlaceholder({
      pdfDoc: doc,
      reason: `Certificate issued by ${key.name}`,
      name: key.name,
      contactInfo: '',
      location: '',
      appName: 'Foyer',
      signingTime: doc.getCreationDate() ?? new Date(),
    });
    const unsigned = Buffer.from(await doc.save({ useObjectStreams: false }));
    return new SignPdf().sign(unsigned, key.signer);
  }

  private async keyOf(tx: Executor, organizationId: string): Promise<LoadedKey> {
    const cached = this.loaded.get(organizationId);
    if (cached) return cached;
    const [org] = await tx
      .select({ name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, organizationId));
    const name = org?.name ?? 'Foyer';
    let [row] = await tx
      .select()
      .from(certificateSigningKeys)
      .where(eq(certificateSigningKeys.organizationId, organizationId));
    let madeNow = false;
    if (!row) {
      madeNow = true;
      const identity = newSigningIdentity(name);
      const stored: StoredKey = { p12Base64: identity.p12.toString('base64'), passphrase: identity.passphrase };
      // Two first renders at once make two keys; the first stored wins and both use it.
      await tx
        .insert(certificateSigningKeys)
        .values({
          organizationId,
          certificatePem: identity.certificatePem,
          p12Encrypted: this.cipher.encrypt(JSON.stringify(stored), aadOf(organizationId)),
        })
        .onConflictDoNothing();
      [row] = await tx
        .select()
        .from(certificateSigningKeys)
        .where(eq(certificateSigningKeys.organizationId, organizationId));
    }
    const stored = JSON.parse(this.cipher.decrypt(row!.p12Encrypted, aadOf(organizationId))) as StoredKey;
    const key = {
      signer: OrganizationSigner.fromP12(Buffer.from(stored.p12Base64, 'base64'), stored.passphrase),
      name,
    };
    // A key made in this transaction is kept in memory only once it is read back committed (next time).
    if (!madeNow) this.loaded.set(organizationId, key);
    return key;
  }
}
