#!/usr/bin/env node
// The server runs from its TypeScript sources through tsx (esbuild): no
// compile step, so `npm ci && npm start` is all a fresh checkout needs.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
