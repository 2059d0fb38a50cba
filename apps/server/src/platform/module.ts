import type { FastifyInstance } from 'fastify';
import type { Platform } from './platform.ts';

/**
 * A domain module plugs into a Foyer process here: `configure` declares its
 * queues, schedules, event subscribers and handlers before the platform
 * starts; `routes` registers its HTTP API (API role only).
 */
export interface FoyerModule {
  name: string;
  configure?(platform: Platform): void;
  routes?(app: FastifyInstance, platform: Platform): Promise<void> | void;
  /** Rewrites a request URL before routing (e.g. an alias path form); returns it unchanged when not its own. */
  rewriteUrl?(url: string): string;
  /** Adds `<title>` and meta tags to the web app's pages it knows (API role only). */
  pageMetadata?(platform: Platform): PageMetadataResolver;
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
