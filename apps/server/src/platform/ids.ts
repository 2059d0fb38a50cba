const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path segment or reference is a uuid (an id) rather than a slug. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
