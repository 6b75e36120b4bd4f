// Builds src/ to dist/ with tsc (tsconfig.build.json). `npm install` and `npm ci` run it through
// `prepare`; bin/paperboy.js runs it again whenever a source is newer than the last build, so an
// edited checkout never runs stale JavaScript. Run directly (`node bin/build.js`) it always builds.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lock = join(root, 'dist.lock');
const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

/** Newest modification time (ms) among the files the build reads. */
function newestInput(dir) {
  let newest = 0;
  for (const input of inputs) {
    const path = join(dir, input);
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    if (!stat.isDirectory()) {
      newest = Math.max(newest, stat.mtimeMs);
      continue;
    }
    // Directory mtimes change when a file is added or removed.
    newest = Math.max(newest, stat.mtimeMs);
    for (const entry of readdirSync(path, { recursive: true })) newest = Math.max(newest, statSync(join(path, String(entry))).mtimeMs);
  }
  return newest;
}

/** True when dist/ holds a build at least as new as every source (or there are no sources to build). */
export function isBuildFresh(dir = root) {
  const stamp = join(dir, 'dist', '.build-stamp');
  if (!existsSync(join(dir, 'src'))) return existsSync(join(dir, 'dist', 'cli.js'));
  if (!existsSync(stamp) || !existsSync(join(dir, 'dist', 'cli.js'))) return false;
  return statSync(stamp).mtimeMs >= newestInput(dir);
}

/** The tsc entry point, or undefined when typescript is not installed (npm install --omit=dev). */
function tscPath() {
  // typescript's exports do not list bin/tsc: find the package folder, then its bin.
  try {
    const pkg = createRequire(join(root, 'package.json')).resolve('typescript/package.json');
    const tsc = join(dirname(pkg), 'bin', 'tsc');
    return existsSync(tsc) ? tsc : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Builds dist/. Returns false when no compiler is installed. Several processes starting at once
 * take turns through a lock folder; the later ones find the build fresh and skip it.
 */
export function build({ force = false, quiet = false } = {}) {
  // An install before the sources are copied in (a container's dependency layer): nothing to build.
  if (!existsSync(join(root, 'src'))) return true;
  const tsc = tscPath();
  if (!tsc) return false;
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed build: older than any build takes.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited 2 minutes for ${lock}; remove it if no build is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  try {
    if (!force && isBuildFresh()) return true;
    const started = Date.now();
    // Built beside dist/ and swapped in: a running Paperboy importing a module lazily never finds
    // dist/ half written, and JavaScript of a deleted source does not linger.
    const next = join(root, `dist.next-${process.pid}`);
    rmSync(next, { recursive: true, force: true });
    const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', next], { cwd: root, encoding: 'utf8' });
    if (result.error) throw result.error;
    if (result.status !== 0) {
      // tsc still writes JavaScript on a type error; the message says where, as tsx would not.
      process.stderr.write(`${result.stdout}${result.stderr}tsc reported errors (dist/ was still written)\n`);
      if (!existsSync(join(next, 'cli.js'))) throw new Error('the build produced no cli.js');
    } else if (!quiet) {
      process.stderr.write(`Built dist/ from src/ in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
    }
    // The stamp carries the start time: a source saved during the build makes it stale again.
    const stamp = join(next, '.build-stamp');
    writeFileSync(stamp, '');
    utimesSync(stamp, started / 1000, started / 1000);
    const old = join(root, `dist.old-${process.pid}`);
    if (existsSync(join(root, 'dist'))) renameSync(join(root, 'dist'), old);
    renameSync(next, join(root, 'dist'));
    rmSync(old, { recursive: true, force: true });
    return true;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // Without devDependencies (npm ci --omit=dev) there is no compiler: not an install failure,
  // bin/paperboy.js then runs the sources through tsx (slower to start, more memory).
  if (!build({ force: true })) process.stderr.write('paperboy: typescript is not installed, so dist/ was not built; paperboy will run src/ through tsx.\n');
}
