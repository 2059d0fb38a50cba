import type { RegistrationForm } from '@foyer/contracts';
import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { type EventRow, rulesOf } from './event-access.ts';
import type { QuestionsService } from './questions-service.ts';
import type { RequirementsService } from './requirements-service.ts';
import { registrationCounters } from './schema.ts';

/** What a registration form shows before anyone submits it: state, seats, questions and requirements. */
export async function registrationForm(
  db: Db,
  deps: { questions: QuestionsService; requirements: RequirementsService },
  event: EventRow,
  now = new Date(),
): Promise<RegistrationForm> {
  const rules = rulesOf(event);
  const [counter] = await db.select().from(registrationCounters).where(eq(registrationCounters.eventId, event.id));
  const confirmed = counter?.confirmed ?? 0;
  const remaining = rules.capacity === null ? null : Math.max(0, rules.capacity - confirmed);
  const takes = event.status === 'published' || event.status === 'live';
  const state =
    !takes || now >= rules.closesAt
      ? 'closed'
      : rules.opensAt && now < rules.opensAt
        ? 'not_yet_open'
        : remaining === 0
          ? 'full'
          : 'open';
  return {
    eventId: event.id,
    state,
    waitlist: rules.waitlistEnabled,
    approvalRequired: rules.approvalRequired,
    guestsAllowed: rules.guestsAllowed,
    confirmAddress: rules.confirmAddress,
    opensAt: rules.opensAt?.toISOString() ?? null,
    closesAt: rules.closesAt.toISOString(),
    capacity: rules.capacity,
    remaining,
    questions: await deps.questions.list(event.id),
    requirements: await deps.requirements.list(event.id),
  };
}
