import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

/*
 * The validator of every route's body, query, params and headers: the
 * route's zod schema, behind checks that hold for every input whatever
 * its schema says. PostgreSQL refuses NUL (U+0000) in text, so a NUL in any
 * string or object key is refused here as a validation error with its
 * path, instead of failing a query later.
 */

const withoutNul = z.unknown().superRefine((value, ctx) => {
  const walk = (v: unknown, path: (string | number)[], depth: number): void => {
    if (depth > 64) return;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) ctx.addIssue({ code: 'custom', path, message: 'must not contain NUL characters' });
    } else if (Array.isArray(v)) {
      for (const [i, item] of v.entries()) walk(item, [...path, i], depth + 1);
    } else if (v && typeof v === 'object') {
      for (const [key, item] of Object.entries(v)) {
        if (key.includes('\u0000')) {
          ctx.addIssue({ code: 'custom', path, message: 'must not have keys with NUL characters' });
        }
        walk(item, [...path, key], depth + 1);
      }
    }
  };
  walk(value, [], 0);
});

const guarded = new WeakMap<object, z.ZodType>();

/** Fastify's validator compiler for zod schemas, refusing NUL characters anywhere in the input. */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> = (route) => {
  let schema = guarded.get(route.schema);
  if (!schema) {
    schema = withoutNul.pipe(route.schema);
    guarded.set(route.schema, schema);
  }
  return zodValidatorCompiler({ ...route, schema });
};
