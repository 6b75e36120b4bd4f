#!/usr/bin/env node
// `paperboy`: runs the compiled CLI (dist/cli.js) in this process, plain Node with no compiler
// loaded. dist/ is built by `npm install` (prepare) and rebuilt here first whenever a source is
// newer, so a stale build never runs. Without typescript (npm install --omit=dev) and no usable
// dist/, the TypeScript sources run through tsx instead.
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, isBuildFresh, root } from './build.js';

// Garbage collection: by default V8 lets the old generation grow to up to four times what is live
// before a full collection, so a digest fan-out's short-lived objects (query rows, rendered
// messages, HTTP bodies) pile up to hundreds of MB that are garbage. Growing by at most 25% between
// full collections keeps resident memory near what is live, for a little CPU (bench/README.md,
// memory). It sets no cap: a large store still gets all the heap it needs. A flag in NODE_OPTIONS wins.
if (!/--heap-growing-percent/.test(process.env.NODE_OPTIONS ?? '')) setFlagsFromString('--heap-growing-percent=25');

const dist = join(root, 'dist', 'cli.js');
let entry = dist;
let usable = false;
try {
  usable = (isBuildFresh() || build({ quiet: true })) && existsSync(dist);
} catch (error) {
  // A read-only install (a hardened service) with sources newer than its build: run the sources.
  process.stderr.write(`paperboy: could not rebuild dist/ (${error.message}); running src/ through tsx.\n`);
}
if (!usable) {
  if (!existsSync(join(root, 'src', 'cli.ts'))) {
    process.stderr.write('paperboy: dist/ is missing; run npm install.\n');
    process.exit(1);
  }
  const { register } = await import('tsx/esm/api');
  register();
  entry = join(root, 'src', 'cli.ts');
}
const { runCli } = await import(pathToFileURL(entry).href);
runCli(process.argv.slice(2));
