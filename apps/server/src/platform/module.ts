import type { FastifyInstance } from 'fastify';
import type { Platform } from './platform.ts';

/**
 * A domain module plugs into a Foyer process here. It names the modules it
 * needs; its `services` factory builds its services from the platform and
 * the services of those modules; `configure` declares its queues,
 * schedules, event subscribers and handlers before the platform starts
 * working; `routes` registers its HTTP API (API role only). Declare one
 * with {@link defineModule} in the module's own `module.ts`.
 */
export interface FoyerModule<
  Name extends string = string,
  Services extends object = object,
  Needs extends readonly AnyFoyerModule[] = readonly AnyFoyerModule[],
> {
  readonly name: Name;
  /**
   * The modules whose services this one's factory, configure and routes
   * use. A function, so that modules whose files import each other (a
   * table referring to another module's table) can still be evaluated in
   * any order: it is read when the process builds its modules.
   */
  readonly needs: () => Needs;
  /** Builds this module's services; `needs` holds the services of the modules it needs. */
  readonly services: (platform: Platform, needs: ServicesOfAll<Needs>) => Services;
  readonly configure?: (platform: Platform, services: Services & ServicesOfAll<Needs>) => void;
  readonly routes?: (
    app: FastifyInstance,
    platform: Platform,
    services: Services & ServicesOfAll<Needs>,
  ) => Promise<void> | void;
  /** Rewrites a request URL before routing (e.g. an alias path form); returns it unchanged when not its own. */
  readonly rewriteUrl?: (url: string) => string;
  /** Adds `<title>` and meta tags to the web app's pages it knows (API role only). */
  readonly pageMetadata?: (platform: Platform, services: Services & ServicesOfAll<Needs>) => PageMetadataResolver;
}

// biome-ignore lint/suspicious/noExplicitAny: the widest module type, for lists of modules of any shape.
export type AnyFoyerModule = FoyerModule<string, any, readonly any[]>;

/** The services a module's factory builds. */
export type ServicesOf<M> = M extends FoyerModule<string, infer S, readonly AnyFoyerModule[]> ? S : never;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The services of every module in `Ms`, as one object (service names are unique across modules). */
export type ServicesOfAll<Ms extends readonly AnyFoyerModule[]> = Ms extends readonly []
  ? Record<never, never>
  : UnionToIntersection<ServicesOf<Ms[number]>>;

/** Declares a module; the identity function, there for the types. */
export function defineModule<
  const Name extends string,
  Services extends object,
  const Needs extends readonly AnyFoyerModule[] = readonly [],
>(module: FoyerModule<Name, Services, Needs>): FoyerModule<Name, Services, Needs> {
  return module;
}

/** What a page of the web app is about, for its `<title>`, description and Open Graph tags. */
export interface PageMetadata {
  title: string;
  description?: string;
  /** Absolute URL of the page. */
  url?: string;
  /** Absolute URL of an image. */
  image?: string | null;
}

/** Finds the metadata of a web page by its path, or null when the path is not one it knows. */
export type PageMetadataResolver = (path: string) => Promise<PageMetadata | null>;

/** A start-up error in the module list: a cycle, a missing or a duplicate module. */
export class ModuleGraphError extends Error {
  override name = 'ModuleGraphError';
}

/**
 * Puts `modules` in dependency order (each after the modules it needs),
 * keeping the given order where the graph allows. Fails naming the cycle
 * (`a → b → a`), a needed module missing from the list, or a duplicate name.
 */
export function orderModules(modules: readonly AnyFoyerModule[]): AnyFoyerModule[] {
  const byName = new Map<string, AnyFoyerModule>();
  for (const m of modules) {
    if (byName.has(m.name)) throw new ModuleGraphError(`module "${m.name}" is listed twice`);
    byName.set(m.name, m);
  }
  const ordered: AnyFoyerModule[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (m: AnyFoyerModule, path: string[]) => {
    const seen = state.get(m.name);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const cycle = [...path.slice(path.indexOf(m.name)), m.name];
      throw new ModuleGraphError(`modules depend on each other in a cycle: ${cycle.join(' → ')}`);
    }
    state.set(m.name, 'visiting');
    for (const need of m.needs() as readonly AnyFoyerModule[]) {
      const listed = byName.get(need.name);
      if (!listed)
        throw new ModuleGraphError(`module "${m.name}" needs "${need.name}", which is not in the module list`);
      visit(listed, [...path, m.name]);
    }
    state.set(m.name, 'done');
    ordered.push(m);
  };
  for (const m of modules) visit(m, []);
  return ordered;
}

/**
 * The modules of one process with the services their factories built, in
 * dependency order. Built once, when the platform starts.
 */
export class ModuleSet {
  readonly ordered: readonly AnyFoyerModule[];
  private readonly services = new Map<string, object>();

  private constructor(ordered: AnyFoyerModule[]) {
    this.ordered = ordered;
  }

  /** Orders `modules` and runs every factory, each after those of the modules it needs. */
  static build(platform: Platform, modules: readonly AnyFoyerModule[]): ModuleSet {
    const set = new ModuleSet(orderModules(modules));
    for (const m of set.ordered) {
      set.services.set(m.name, m.services(platform, set.needsOf(m)));
    }
    return set;
  }

  /** The services `module`'s factory built. Throws when the module is not part of this process. */
  of<M extends AnyFoyerModule>(module: M): ServicesOf<M> {
    const services = this.services.get(module.name);
    if (!services) throw new Error(`module "${module.name}" is not running in this process`);
    return services as ServicesOf<M>;
  }

  /** `module`'s own services together with those of the modules it needs. */
  withNeeds(module: AnyFoyerModule): object {
    return { ...this.needsOf(module), ...this.of(module) };
  }

  private needsOf(module: AnyFoyerModule): object {
    const merged: Record<string, unknown> = {};
    for (const need of module.needs() as readonly AnyFoyerModule[]) Object.assign(merged, this.of(need));
    return merged;
  }
}

/**
 * The services of `module` in the process of `platform` — for the CLI and
 * tests, which stand outside every module. Modules get theirs through their
 * factory's `needs`.
 */
export function servicesOf<M extends AnyFoyerModule>(platform: Platform, module: M): ServicesOf<M> {
  return platform.modules.of(module);
}
