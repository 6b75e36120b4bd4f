import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

// `.env` as .env.example promises ("Copy to .env"): read once at start, before the config is
// parsed. A variable already set in the environment wins, as with dotenv and docker --env-file,
// so `LOG_LEVEL=debug npm start` still overrides the file.

export interface EnvWithFile {
  env: NodeJS.ProcessEnv;
  /** The file that was read, or undefined when there is none. */
  file: string | undefined;
}

/** The environment merged with `<dir>/.env` when that file exists. */
export function withEnvFile(env: NodeJS.ProcessEnv, dir: string): EnvWithFile {
  const file = resolve(dir, '.env');
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { env, file: undefined };
    throw error;
  }
  const fromFile = parseEnv(content);
  const merged: NodeJS.ProcessEnv = { ...env };
  for (const [key, value] of Object.entries(fromFile)) {
    if (merged[key] === undefined) merged[key] = value;
  }
  return { env: merged, file };
}
