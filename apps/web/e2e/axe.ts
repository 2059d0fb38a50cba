import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// axe-core's browser build, evaluated in the page through the DevTools protocol (a CSP that
// forbids inline scripts does not apply to that).
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Impacts that fail a test: WCAG failures people meet, not best-practice advice. */
const FAILING = new Set(['serious', 'critical']);

export interface AxeProblem {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe-core (WCAG 2.x A and AA rules) on the page as it is now; the serious and critical violations. */
export async function axeViolations(page: Page): Promise<AxeProblem[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<unknown> } }).axe;
    const result = (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    })) as {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: unknown[]; failureSummary?: string; any: { message: string }[] }[];
      }[];
    };
    return result.violations.map((v) => ({
      rule: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => `${n.target.map(String).join(' ')} — ${n.any[0]?.message ?? ''}`),
    }));
  });
  return violations.filter((v) => FAILING.has(v.impact));
}

/** Throws with a readable list when the page has serious or critical accessibility violations. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const problems = await axeViolations(page);
  if (problems.length === 0) return;
  const lines = problems.map((p) => `  ${p.impact} ${p.rule}: ${p.help}\n    ${p.targets.join('\n    ')}`);
  throw new Error(`axe found ${problems.length} serious/critical violation(s) on ${where}:\n${lines.join('\n')}`);
}
