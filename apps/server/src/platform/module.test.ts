import { describe, expect, it } from 'vitest';
import { type AnyFoyerModule, defineModule, ModuleGraphError, orderModules } from './module.ts';

const mod = (name: string, needs: () => AnyFoyerModule[] = () => []) =>
  defineModule({ name, needs, services: () => ({ [name]: true }) });

describe('module graph', () => {
  it('orders modules after the modules they need, keeping the listed order otherwise', () => {
    const audit = mod('audit');
    const identity = mod('identity', () => [audit]);
    const catalog = mod('catalog', () => [identity, audit]);
    const email = mod('email', () => [audit]);
    expect(orderModules([catalog, email, identity, audit]).map((m) => m.name)).toEqual([
      'audit',
      'identity',
      'catalog',
      'email',
    ]);
  });

  it('refuses a cycle, naming it', () => {
    const a: AnyFoyerModule = mod('a', () => [b]);
    const b: AnyFoyerModule = mod('b', () => [c]);
    const c: AnyFoyerModule = mod('c', () => [a]);
    expect(() => orderModules([a, b, c])).toThrow(ModuleGraphError);
    expect(() => orderModules([a, b, c])).toThrow('modules depend on each other in a cycle: a → b → c → a');
  });

  it('refuses a needed module that is not listed, and a name listed twice', () => {
    const audit = mod('audit');
    expect(() => orderModules([mod('identity', () => [audit])])).toThrow(
      'module "identity" needs "audit", which is not in the module list',
    );
    expect(() => orderModules([audit, mod('audit')])).toThrow('module "audit" is listed twice');
  });
});
