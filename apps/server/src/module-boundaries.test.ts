import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The rule this test holds: a module is used from outside its folder (by
// other modules, the CLI, the app, cross-module tests) only through its
// `index.ts` (its public surface), and platform code never imports a module. Like the authorization matrix, it fails naming what is wrong.

const SRC = path.dirname(fileURLToPath(import.meta.url));

interface Violation {
  file: string;
  specifier: string;
  reason: string;
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The relative specifiers a source file imports or re-exports (static and dynamic). */
function specifiersOf(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2];
    if (specifier?.startsWith('.')) found.push(specifier);
  }
  return found;
}

/** `modules/<name>/…` → name; anything else → null. Paths are relative to src, with `/`. */
function moduleOf(file: string): string | null {
  const parts = file.split('/');
  return parts[0] === 'modules' && parts.length > 2 ? parts[1]! : null;
}

// A table may refer to another module's table by foreign key: schema files
// import schema files, so that tables load without pulling in services
// (drizzle-kit loads the schema on its own, where import cycles would bite).
const isSchema = (file: string) => file.endsWith('/schema.ts');

/** Every boundary broken by `files` (path relative to src → source). */
export function boundaryViolations(files: Map<string, string>): Violation[] {
  const violations: Violation[] = [];
  for (const [file, source] of files) {
    const fromModule = moduleOf(file);
    const inPlatform = file.startsWith('platform/');
    for (const specifier of specifiersOf(source)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      const toModule = moduleOf(target);
      if (inPlatform && target.startsWith('modules/')) {
        violations.push({ file, specifier, reason: 'platform code imports a module' });
      } else if (
        toModule &&
        fromModule !== toModule &&
        target !== `modules/${toModule}/index.ts` &&
        !(isSchema(file) && isSchema(target))
      ) {
        violations.push({
          file,
          specifier,
          reason: `imports the internals of module "${toModule}" (use modules/${toModule}/index.ts)`,
        });
      }
    }
  }
  return violations;
}

function sourceTree(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name)) {
        files.set(path.relative(SRC, full).split(path.sep).join('/'), fs.readFileSync(full, 'utf8'));
      }
    }
  };
  walk(SRC);
  // The migration generator's list of every table is the one place that reads each module's schema.ts.
  files.delete('schema.ts');
  return files;
}

describe('module boundaries', () => {
  it('modules import each other only through index.ts, and platform code imports no module', () => {
    const violations = boundaryViolations(sourceTree());
    const report = violations.map((v) => `${v.file}: import '${v.specifier}' — ${v.reason}`).join('\n');
    expect(report, 'cross-module internal imports').toBe('');
  });

  it('every module folder has its module.ts and index.ts', () => {
    const folders = fs
      .readdirSync(path.join(SRC, 'modules'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    const missing = folders.flatMap((name) =>
      ['module.ts', 'index.ts']
        .filter((f) => !fs.existsSync(path.join(SRC, 'modules', name, f)))
        .map((f) => `modules/${name}/${f}`),
    );
    expect(missing).toEqual([]);
  });

  it('the check catches a deliberate internal import, a dynamic one and platform importing a module', () => {
    const files = new Map([
      ['modules/registration/seats.ts', "import { events } from '../catalog/schema.ts';\n"],
      [
        'modules/registration/ok.ts',
        "import { catalogModule } from '../catalog/index.ts';\nimport { x } from './y.ts';\n",
      ],
      ['modules/email/lazy.test.ts', "const { users } = await import('../identity/users.ts');\n"],
      ['modules/email/reexport.ts', "export { thing } from '../identity/secrets.ts';\n"],
      ['platform/http/bad.ts', "import type { AuditService } from '../../modules/audit/index.ts';\n"],
    ]);
    expect(boundaryViolations(files)).toEqual([
      {
        file: 'modules/registration/seats.ts',
        specifier: '../catalog/schema.ts',
        reason: 'imports the internals of module "catalog" (use modules/catalog/index.ts)',
      },
      {
        file: 'modules/email/lazy.test.ts',
        specifier: '../identity/users.ts',
        reason: 'imports the internals of module "identity" (use modules/identity/index.ts)',
      },
      {
        file: 'modules/email/reexport.ts',
        specifier: '../identity/secrets.ts',
        reason: 'imports the internals of module "identity" (use modules/identity/index.ts)',
      },
      {
        file: 'platform/http/bad.ts',
        specifier: '../../modules/audit/index.ts',
        reason: 'platform code imports a module',
      },
    ]);
  });
});
