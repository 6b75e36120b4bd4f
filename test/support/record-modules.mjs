// Preloaded with `node --import` by test/cli/lazy-load.test.ts: writes every module the process
// loaded to the file named by RECORD_MODULES_TO, one URL or path a line, as it exits. ESM loads
// are seen by a resolve hook; CommonJS ones (discord.js and Bolt are CommonJS) in require.cache.
import { appendFileSync, writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const file = process.env.RECORD_MODULES_TO;
if (file) {
  writeFileSync(file, '');
  register('./record-modules-hooks.mjs', import.meta.url, { data: { file } });
  const cache = createRequire(import.meta.url).cache;
  process.on('exit', () => appendFileSync(file, Object.keys(cache).map((p) => `${p}\n`).join('')));
}
