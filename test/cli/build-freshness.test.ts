import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript without types: bin/ runs before any build.
import { isBuildFresh } from '../../bin/build.js';

// bin/paperboy.js runs dist/ only when no source is newer than the last build; a stale build would
// let a test (or a user) run yesterday's code.

const fresh = isBuildFresh as (dir: string) => boolean;

describe('dist/ freshness', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-build-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const at = (path: string, seconds: number) => utimesSync(join(dir, path), seconds, seconds);

  it('is stale without a build, after a source edit and after a new source file', () => {
    mkdirSync(join(dir, 'src', 'core'), { recursive: true });
    writeFileSync(join(dir, 'src', 'core', 'a.ts'), 'export {};');
    writeFileSync(join(dir, 'tsconfig.json'), '{}');
    for (const path of ['src/core/a.ts', 'src/core', 'src', 'tsconfig.json']) at(path, 1000);
    expect(fresh(dir)).toBe(false);

    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'cli.js'), '');
    writeFileSync(join(dir, 'dist', '.build-stamp'), '');
    at('dist/.build-stamp', 2000);
    expect(fresh(dir)).toBe(true);

    at('src/core/a.ts', 3000);
    expect(fresh(dir)).toBe(false);
    at('dist/.build-stamp', 3000);
    expect(fresh(dir)).toBe(true);

    writeFileSync(join(dir, 'src', 'core', 'b.ts'), 'export {};');
    at('src/core/b.ts', 1000);
    at('src/core', 4000);
    expect(fresh(dir)).toBe(false);
    at('dist/.build-stamp', 4000);
    expect(fresh(dir)).toBe(true);

    at('tsconfig.json', 5000);
    expect(fresh(dir)).toBe(false);
  });
});
