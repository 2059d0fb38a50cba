/** Adds ListParts to an s3rver instance (see s3rver-list-parts.mjs). */
export function addListParts(server: { middleware: unknown[] }, directory: string): void;
