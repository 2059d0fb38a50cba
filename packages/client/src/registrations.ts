import {
  AddressConfirmationSent,
  AttendanceEntry,
  type AttendanceOverrideBody,
  AttendanceSummary,
  CheckInResult,
  type CreateQuestionBody,
  type CreateRequirementBody,
  ImportRegistrationsResult,
  LinkRegistrationsResult,
  MyRegistration,
  MyRequirementKeys,
  page,
  Question,
  type RecordAttendanceBody,
  type RegisterBody,
  Registration,
  RegistrationAttendance,
  RegistrationForm,
  type RegistrationStatus,
  RegistrationSummary,
  Requirement,
  type UpdateQuestionBody,
  type UpdateRequirementBody,
} from '@foyer/contracts';
import type { z } from 'zod';
import { type HttpOptions, itemsOf, request } from './http.ts';

const RegistrationPage = page(Registration);
const AttendancePage = page(AttendanceSummary);
const event = (eventId: string) => `/api/v1/events/${encodeURIComponent(eventId)}`;
const registration = (id: string) => `/api/v1/registrations/${encodeURIComponent(id)}`;

/** Filters of an event's registration list (see the contracts' `RegistrationListQuery`). */
export type RegistrationFilter = { status?: RegistrationStatus; q?: string; cursor?: string; limit?: number };

/** What a registration form shows: state, seats, questions, requirements; organisers edit the last two. */
export function registrationFormApi(options: HttpOptions) {
  return {
    get: (eventId: string, signal?: AbortSignal) =>
      request(options, `${event(eventId)}/registration-form`, { schema: RegistrationForm, signal }),
    questions: (eventId: string, signal?: AbortSignal) =>
      request(options, `${event(eventId)}/questions`, { schema: itemsOf(Question), signal }),
    createQuestion: (eventId: string, body: z.input<typeof CreateQuestionBody>) =>
      request(options, `${event(eventId)}/questions`, { method: 'POST', body, schema: Question }),
    updateQuestion: (eventId: string, questionId: string, body: z.input<typeof UpdateQuestionBody>) =>
      request(options, `${event(eventId)}/questions/${encodeURIComponent(questionId)}`, {
        method: 'PATCH',
        body,
        schema: Question,
      }),
    removeQuestion: (eventId: string, questionId: string) =>
      request(options, `${event(eventId)}/questions/${encodeURIComponent(questionId)}`, {
        method: 'DELETE',
        schema: null,
      }),
    requirements: (eventId: string, signal?: AbortSignal) =>
      request(options, `${event(eventId)}/requirements`, { schema: itemsOf(Requirement), signal }),
    createRequirement: (eventId: string, body: z.input<typeof CreateRequirementBody>) =>
      request(options, `${event(eventId)}/requirements`, { method: 'POST', body, schema: Requirement }),
    updateRequirement: (eventId: string, requirementId: string, body: z.input<typeof UpdateRequirementBody>) =>
      request(options, `${event(eventId)}/requirements/${encodeURIComponent(requirementId)}`, {
        method: 'PATCH',
        body,
        schema: Requirement,
      }),
    removeRequirement: (eventId: string, requirementId: string) =>
      request(options, `${event(eventId)}/requirements/${encodeURIComponent(requirementId)}`, {
        method: 'DELETE',
        schema: null,
      }),
  };
}

/** Registering (guest or signed in) and managing an event's registrations. */
export function registrationsApi(options: HttpOptions) {
  const decide = (path: string, body: object = {}) =>
    request(options, path, { method: 'POST', body, schema: Registration });
  return {
    /**
     * Pass an `idempotencyKey` (e.g. one per form submission) so a retry never
     * registers twice. A guest of an event that asks them to confirm their
     * address gets `address_confirmation_sent` (see `isAddressConfirmationSent`):
     * nothing is registered until they open the mailed link.
     */
    register: (eventId: string, body: z.input<typeof RegisterBody>, idempotencyKey?: string) =>
      request(options, `${event(eventId)}/registrations`, {
        method: 'POST',
        body,
        schema: AddressConfirmationSent.or(Registration),
        ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}),
      }),
    /** Registers the request a confirmation mail's link stands for (`token` from the link). */
    confirmAddress: (token: string) =>
      request(options, '/api/v1/registrations/address-confirmations', {
        method: 'POST',
        body: { token },
        schema: Registration,
        anonymous: true,
      }),
    list: (eventId: string, filter: RegistrationFilter = {}, signal?: AbortSignal) =>
      request(options, `${event(eventId)}/registrations`, { schema: RegistrationPage, query: { ...filter }, signal }),
    summary: (eventId: string, signal?: AbortSignal) =>
      request(options, `${event(eventId)}/registrations/summary`, { schema: RegistrationSummary, signal }),
    /** The URL of the CSV export (send it with the access token, e.g. via fetch and a Blob). */
    csvUrl: (eventId: string) => `${options.baseUrl ?? ''}${event(eventId)}/registrations.csv`,
    import: (eventId: string, csv: string) =>
      request(options, `${event(eventId)}/registrations/import`, {
        method: 'POST',
        body: { csv },
        schema: ImportRegistrationsResult,
      }),
    cancel: (registrationId: string, reason?: string) =>
      decide(`${registration(registrationId)}/cancel`, reason ? { reason } : {}),
    promote: (registrationId: string, overCapacity = false) =>
      decide(`${registration(registrationId)}/promote`, { overCapacity }),
    promoteNext: (eventId: string, overCapacity = false) =>
      decide(`${event(eventId)}/waitlist/promote-next`, { overCapacity }),
    approve: (registrationId: string, overCapacity = false) =>
      decide(`${registration(registrationId)}/approve`, { overCapacity }),
    decline: (registrationId: string, reason?: string) =>
      decide(`${registration(registrationId)}/decline`, reason ? { reason } : {}),
    /** A registration by its own link (the `token` its emails carry), for guests without an account. */
    byLink: (registrationId: string, token: string, signal?: AbortSignal) =>
      request(options, `${registration(registrationId)}/by-link`, { schema: MyRegistration, query: { token }, signal }),
    /** Mails a new link to the registration of `email` for the event, if there is one (always resolves: 202). */
    requestLink: (eventId: string, email: string) =>
      request(options, `/api/v1/events/${encodeURIComponent(eventId)}/registrations/link-requests`, {
        method: 'POST',
        body: { email },
        schema: null,
        anonymous: true,
      }),
    /** Organisers: mails the registrant a new link; older links stop working. */
    sendNewLink: (registrationId: string) =>
      request(options, `${registration(registrationId)}/link`, { method: 'POST', schema: null }),
    /** Cancels with the registration's own link token. */
    cancelByLink: (registrationId: string, token: string, reason?: string) =>
      decide(`${registration(registrationId)}/cancel-by-link`, { token, ...(reason ? { reason } : {}) }),
  };
}

/** The signed-in user's registrations and tickets. */
export function myRegistrationsApi(options: HttpOptions) {
  return {
    list: (signal?: AbortSignal) =>
      request(options, '/api/v1/me/registrations', { schema: itemsOf(MyRegistration), signal }),
    get: (registrationId: string, signal?: AbortSignal) =>
      request(options, `/api/v1/me/registrations/${encodeURIComponent(registrationId)}`, {
        schema: MyRegistration,
        signal,
      }),
    /** The requirement keys you meet (e.g. `own-laptop`). */
    requirementKeys: (signal?: AbortSignal) =>
      request(options, '/api/v1/me/requirement-keys', { schema: MyRequirementKeys, signal }),
    setRequirementKeys: (keys: string[]) =>
      request(options, '/api/v1/me/requirement-keys', { method: 'PUT', body: { keys }, schema: MyRequirementKeys }),
    /** 403 EMAIL_NOT_VERIFIED until the account's address is verified. */
    link: () => request(options, '/api/v1/me/registrations/link', { method: 'POST', schema: LinkRegistrationsResult }),
  };
}

/** The door: check ticket codes in to the event or one of its sessions, and undo. */
export function checkInsApi(options: HttpOptions) {
  return {
    /** Idempotent: a repeated code answers the earlier check-in with `alreadyCheckedIn: true`. */
    checkIn: (eventId: string, code: string, sessionId?: string) =>
      request(options, `${event(eventId)}/check-ins`, {
        method: 'POST',
        body: sessionId ? { code, sessionId } : { code },
        schema: CheckInResult,
      }),
    undo: (eventId: string, registrationId: string, sessionId?: string) =>
      request(options, `${event(eventId)}/check-ins/${encodeURIComponent(registrationId)}`, {
        method: 'DELETE',
        query: { sessionId },
        schema: null,
      }),
  };
}

/** The attendance ledger: everyone's results, one registration's entries, manual entries and overrides. */
export function attendanceApi(options: HttpOptions) {
  return {
    /** Confirmed registrations and anyone with entries, oldest first; pass `nextCursor` back as `cursor`. */
    list: (eventId: string, page: { cursor?: string; limit?: number } = {}, signal?: AbortSignal) =>
      request(options, `${event(eventId)}/attendance`, { schema: AttendancePage, query: { ...page }, signal }),
    /** The event's rule, the registration's result and its ledger entries. */
    get: (registrationId: string, signal?: AbortSignal) =>
      request(options, `${registration(registrationId)}/attendance`, { schema: RegistrationAttendance, signal }),
    /** Recording the same `sourceRef` again answers the existing entry. */
    record: (eventId: string, body: z.input<typeof RecordAttendanceBody>) =>
      request(options, `${event(eventId)}/attendance`, { method: 'POST', body, schema: AttendanceEntry }),
    /** `null` (or absent) for `attended`/`eligible` leaves that value to the rule. */
    override: (registrationId: string, body: z.input<typeof AttendanceOverrideBody>) =>
      request(options, `${registration(registrationId)}/attendance-override`, {
        method: 'PUT',
        body,
        schema: AttendanceSummary,
      }),
  };
}

/** Whether a registration answer is the "check your inbox" of an event that asks guests to confirm their address. */
export function isAddressConfirmationSent(
  answer: Registration | AddressConfirmationSent,
): answer is AddressConfirmationSent {
  return answer.status === 'address_confirmation_sent';
}
