import { eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import type { EventCopy } from '../catalog/index.ts';
import { eventRequirements, registrationQuestions } from './schema.ts';

/**
 * Copies an event's registration form — questions and requirements — into
 * its duplicate (new ids; nothing refers to them by id). Plugged into the
 * catalogue's duplication, inside its transaction.
 */
export async function copyRegistrationForm(
  tx: Tx,
  { sourceEventId, eventId, organizationId }: EventCopy,
): Promise<void> {
  const questionRows = await tx
    .select()
    .from(registrationQuestions)
    .where(eq(registrationQuestions.eventId, sourceEventId));
  if (questionRows.length > 0) {
    await tx
      .insert(registrationQuestions)
      .values(
        questionRows.map(({ id: _id, createdAt: _c, updatedAt: _u, ...q }) => ({ ...q, eventId, organizationId })),
      );
  }
  const requirementRows = await tx.select().from(eventRequirements).where(eq(eventRequirements.eventId, sourceEventId));
  if (requirementRows.length > 0) {
    await tx
      .insert(eventRequirements)
      .values(
        requirementRows.map(({ id: _id, createdAt: _c, updatedAt: _u, ...r }) => ({ ...r, eventId, organizationId })),
      );
  }
}
