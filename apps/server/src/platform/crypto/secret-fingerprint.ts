import { hkdfSync } from 'node:crypto';
import type { SqlRunner } from '../db/database.ts';

/**
 * A fingerprint of the root secret: HKDF output under a purpose of its own, so
 * it names the secret without revealing it or any key derived from it.
 */
export function secretFingerprint(secret: string): string {
  const bytes = hkdfSync(
    'sha256',
    Buffer.from(secret, 'utf8'),
    Buffer.from('foyer'),
    Buffer.from('foyer/secret-fingerprint/v1'),
    16,
  );
  return Buffer.from(bytes).toString('hex');
}

/** The configured secret is not the one the database was set up with. */
export class SecretMismatchError extends Error {
  /** EX_CONFIG, as for any other bad configuration. */
  readonly exitCode = 78;
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `FOYER_SECRET is not the secret this database was set up with (its fingerprint is ${actual.slice(0, 12)}…, the database expects ${expected.slice(0, 12)}…): start this process with the same FOYER_SECRET as the others, or data encrypted with it cannot be read.`,
    );
    this.name = 'SecretMismatchError';
  }
}

/** What the database says about a fingerprint: recorded now, matching, or another secret's. */
export type FingerprintCheck =
  | { state: 'recorded' | 'matches'; fingerprint: string }
  | { state: 'differs'; fingerprint: string; expected: string }
  | { state: 'unavailable'; fingerprint: string };

/**
 * Compares `fingerprint` with the one recorded in the database, recording it
 * first if none is (the first start; concurrent first starts agree on one row).
 * `record: false` only reads (`foyer doctor`). `unavailable`: the table does
 * not exist yet (migrations not applied).
 */
export async function checkSecretFingerprint(
  sql: SqlRunner,
  fingerprint: string,
  options: { record?: boolean } = {},
): Promise<FingerprintCheck> {
  const exists = await sql.query<{ exists: boolean }>(
    `select to_regclass('public.root_secret_fingerprint') is not null as exists`,
  );
  if (!exists.rows[0]?.exists) return { state: 'unavailable', fingerprint };
  if (options.record !== false) {
    const inserted = await sql.query(
      'insert into root_secret_fingerprint (id, fingerprint) values (1, $1) on conflict (id) do nothing returning id',
      [fingerprint],
    );
    if (inserted.rows.length > 0) return { state: 'recorded', fingerprint };
  }
  const row = await sql.query<{ fingerprint: string }>('select fingerprint from root_secret_fingerprint where id = 1');
  const expected = row.rows[0]?.fingerprint;
  if (expected === undefined) return { state: 'unavailable', fingerprint };
  return expected === fingerprint ? { state: 'matches', fingerprint } : { state: 'differs', fingerprint, expected };
}
