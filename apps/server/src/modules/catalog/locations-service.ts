import type { Link, Location, Place } from '@foyer/contracts';
import { and, asc, eq } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/database.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';
import type { LinksService } from './links-service.ts';
import { invalidField, notFound } from './programme-errors.ts';
import { locations } from './schema.ts';

type LocationRow = typeof locations.$inferSelect;
export interface LocationInput {
  name?: string | undefined;
  description?: string | undefined;
  accessible?: boolean | undefined;
  openAir?: boolean | undefined;
  place?: Partial<Place> | undefined;
}

/** Venues of an organization with their Place, reused across its events. */
export class LocationsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly links: LinksService,
  ) {}

  async create(organizationId: string, body: LocationInput & { name: string }, by: AuditActor): Promise<Location> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(locations)
        .values({ ...toColumns(body), name: body.name, organizationId })
        .returning()
        .catch(rethrowNameTaken(body.name));
      await this.audit.recordChange(tx, {
        actor: by,
        organizationId,
        action: 'location.created',
        subject: { type: 'location', id: row!.id },
        metadata: { name: row!.name },
        event: { payload: { locationId: row!.id } },
      });
      return locationDto(row!, []);
    });
  }

  async list(organizationId: string): Promise<Location[]> {
    const rows = await this.db
      .select()
      .from(locations)
      .where(eq(locations.organizationId, organizationId))
      .orderBy(asc(locations.name), asc(locations.id));
    const links = await this.links.forOwners(
      this.db,
      'location',
      rows.map((r) => r.id),
    );
    return rows.map((r) => locationDto(r, links.get(r.id) ?? []));
  }

  async get(locationId: string, executor: Executor = this.db): Promise<Location> {
    const row = await this.row(executor, locationId);
    return locationDto(row, await this.links.forOwner(executor, 'location', locationId));
  }

  async update(locationId: string, patch: LocationInput, by: AuditActor): Promise<Location> {
    return this.db.transaction(async (tx) => {
      const before = await this.row(tx, locationId, true);
      await tx
        .update(locations)
        .set({ ...toColumns(patch), updatedAt: new Date() })
        .where(eq(locations.id, locationId))
        .catch(rethrowNameTaken(patch.name ?? ''));
      await this.audit.recordChange(tx, {
        actor: by,
        organizationId: before.organizationId,
        action: 'location.updated',
        subject: { type: 'location', id: locationId },
        metadata: { fields: Object.keys(patch) },
        event: { payload: { locationId } },
      });
      return this.get(locationId, tx);
    });
  }

  /** Deletes a location; sessions held there keep going without one (location set to null). */
  async delete(locationId: string, by: AuditActor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const current = await this.row(tx, locationId, true);
      await tx.delete(locations).where(eq(locations.id, locationId));
      await this.links.deleteFor(tx, 'location', [locationId]);
      await this.audit.recordChange(tx, {
        actor: by,
        organizationId: current.organizationId,
        action: 'location.deleted',
        subject: { type: 'location', id: locationId },
        metadata: { name: current.name },
        event: { payload: { locationId } },
      });
    });
  }

  /** The location's organization, or null when there is no such location (for the access gate). */
  async organizationOf(locationId: string): Promise<string | null> {
    const [row] = await this.db
      .select({ organizationId: locations.organizationId })
      .from(locations)
      .where(eq(locations.id, locationId));
    return row?.organizationId ?? null;
  }

  /** A 422 on `field` unless `locationId` is a location of the organization. */
  async assertInOrg(executor: Executor, organizationId: string, locationId: string, field: string): Promise<void> {
    const [row] = await executor
      .select({ id: locations.id })
      .from(locations)
      .where(and(eq(locations.id, locationId), eq(locations.organizationId, organizationId)));
    if (!row) throw invalidField(field, 'must name a location of this organization', 'unknown_location');
  }

  private async row(executor: Executor, locationId: string, lock = false): Promise<LocationRow> {
    const query = executor.select().from(locations).where(eq(locations.id, locationId));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw notFound('location');
    return row;
  }
}

function toColumns(body: LocationInput) {
  const { place, ...rest } = body;
  const columns: Partial<typeof locations.$inferInsert> = Object.fromEntries(
    Object.entries(rest).filter(([, v]) => v !== undefined),
  );
  if (place) {
    const map = {
      street: 'street',
      streetAddition: 'streetAddition',
      zip: 'zip',
      town: 'town',
      country: 'country',
      lat: 'lat',
      lon: 'lon',
      description: 'placeDescription',
    } as const;
    for (const [from, to] of Object.entries(map) as [keyof Place, (typeof map)[keyof Place]][]) {
      if (place[from] !== undefined) (columns as Record<string, unknown>)[to] = place[from];
    }
  }
  return columns;
}

function rethrowNameTaken(name: string) {
  return (err: unknown): never => {
    throw isUniqueViolation(err)
      ? new AppError('CONFLICT', 409, `This organization already has a location "${name}".`, [
          { field: 'body.name', message: 'is already taken', code: 'location_taken' },
        ])
      : err;
  };
}

export function locationDto(row: LocationRow, links: Link[]): Location {
  return {
    id: row.id,
    organizationId: row.organizationId,
    name: row.name,
    description: row.description,
    accessible: row.accessible,
    openAir: row.openAir,
    place: {
      street: row.street,
      streetAddition: row.streetAddition,
      zip: row.zip,
      town: row.town,
      country: row.country,
      lat: row.lat,
      lon: row.lon,
      description: row.placeDescription,
    },
    links,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
