import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';

/**
 * A named, expiring lease in the database: at most one holder at a time,
 * taken over when the holder stops renewing it (e.g. it was killed).
 */
export class Lease {
  constructor(
    private readonly db: Db,
    readonly name: string,
    readonly holder: string,
    private readonly ttlMs: number,
  ) {}

  /** Takes or renews the lease; true when this holder has it. */
  async acquire(): Promise<boolean> {
    const res = await this.db.execute<{ holder: string }>(sql`
      insert into leases (name, holder, expires_at)
      values (${this.name}, ${this.holder}, now() + make_interval(secs => ${this.ttlMs / 1000}))
      on conflict (name) do update
        set holder = excluded.holder, expires_at = excluded.expires_at
        where leases.holder = excluded.holder or leases.expires_at < now()
      returning holder`);
    return rowsOf(res).length > 0;
  }

  async release(): Promise<void> {
    await this.db.execute(sql`delete from leases where name = ${this.name} and holder = ${this.holder}`);
  }
}

/** node-postgres answers `{ rows }`, PGlite too; Drizzle passes them through. */
export function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}
