import { createHmac, timingSafeEqual } from 'node:crypto';
import { fastifyCookie } from '@fastify/cookie';
import { ErrorCode } from '@foyer/contracts';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/problem.ts';
import { isUuid } from '../../platform/ids.ts';
import { events } from '../catalog/index.ts';
import { invalidField } from './chat-errors.ts';
import { cleanText } from './links.ts';
import { chatChannels, chatGuests } from './schema.ts';

/** The cookie that holds a stage guest's signed identity. */
export const GUEST_COOKIE = 'foyer_guest';
/** A guest identity lasts as long as a long festival weekend, then the visitor picks a name again. */
export const GUEST_COOKIE_MAX_AGE_SECONDS = 14 * 86_400;
const NAME_MAX = 40;

/** A stage guest as chat sees them. */
export interface ChatGuest {
  id: string;
  eventId: string;
  name: string;
}

/**
 * Stage guests: a display name picked without an account, held in a
 * cookie `v1.{id}.{HMAC}` under the guest-identity key — so the id cannot
 * be forged or guessed into someone else's, and mutes and bans stick to
 * it. Only events whose stage chat allows guests make them.
 */
export class ChatGuests {
  constructor(
    private readonly db: Db,
    private readonly key: Buffer,
  ) {}

  /** A new guest of the event with `rawName`; refused unless a chat of the event takes guests. */
  async create(eventId: string, rawName: string): Promise<ChatGuest> {
    const name = cleanText(rawName).replace(/\s+/g, ' ');
    if (name.length === 0) throw invalidField('name', 'must not be empty', 'too_small');
    if (name.length > NAME_MAX) throw invalidField('name', `must be at most ${NAME_MAX} characters`, 'too_big');
    const [open] = await this.db
      .select({ organizationId: events.organizationId })
      .from(chatChannels)
      .innerJoin(events, eq(events.id, chatChannels.eventId))
      .where(and(eq(chatChannels.eventId, eventId), eq(chatChannels.guestsAllowed, true)))
      .limit(1);
    if (!open)
      throw new AppError(ErrorCode.GUESTS_NOT_ALLOWED, 403, 'This event’s chat takes signed-in accounts only.');
    const [row] = await this.db
      .insert(chatGuests)
      .values({ eventId, organizationId: open.organizationId, name })
      .returning();
    return { id: row!.id, eventId, name };
  }

  /** The cookie value that proves `guestId`. */
  cookieFor(guestId: string): string {
    return `v1.${guestId}.${this.mac(guestId)}`;
  }

  /** The guest a Cookie header proves, or null (no cookie, a forged one, or a guest gone with its event). */
  async fromCookieHeader(header: string | undefined): Promise<ChatGuest | null> {
    // Parsed here, not by the cookie plugin: the socket's upgrade request has no Fastify cookie scope.
    const value = header ? fastifyCookie.parse(header)[GUEST_COOKIE] : undefined;
    if (!value) return null;
    const [version, id, mac] = value.split('.');
    if (version !== 'v1' || !id || !mac || !isUuid(id)) return null;
    const expected = Buffer.from(this.mac(id));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return this.get(id);
  }

  async get(id: string): Promise<ChatGuest | null> {
    const [row] = await this.db
      .select({ id: chatGuests.id, eventId: chatGuests.eventId, name: chatGuests.name })
      .from(chatGuests)
      .where(eq(chatGuests.id, id));
    return row ?? null;
  }

  private mac(id: string): string {
    return createHmac('sha256', this.key).update(`guest:${id}`).digest('base64url');
  }
}
