import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';

// PGlite is a database inside one process: two processes on one data folder would corrupt it.
// The lock is a Unix socket the owner listens on in the data folder. Its liveness is proven by
// connecting, never by a stored pid: after a hard kill the socket file stays but nobody answers
// (ECONNREFUSED), so the next start takes it over, even when the new process has the old one's
// pid (pid 1 in a container). listen() itself is atomic: of two starts, one gets EADDRINUSE.

export class DataDirBusyError extends Error {
  constructor(readonly dir: string) {
    super(
      `The embedded database in ${dir} is in use by another running Paperboy. ` +
        'Stop it first, point PAPERBOY_DATA_DIR elsewhere, or use a Postgres server (DATABASE_URL) to run several processes.',
    );
    this.name = 'DataDirBusyError';
  }
}

// Linux and macOS refuse socket paths over ~104 bytes.
const MAX_SOCKET_PATH = 100;

/** Where the lock of `dir` listens (or, with another name, another local socket of that folder). */
export function lockAddress(dir: string, name = 'paperboy.sock'): string {
  const hash = createHash('sha256').update(`${dir}\0${name}`).digest('hex').slice(0, 32);
  if (process.platform === 'win32') return `\\\\.\\pipe\\paperboy-${hash}`;
  const path = join(dir, name);
  if (path.length <= MAX_SOCKET_PATH) return path;
  // A deep folder: Linux's abstract namespace holds a socket with no file, gone with its process.
  if (process.platform === 'linux') return `\0paperboy-${hash}`;
  throw new Error(`The data folder path is too long for its lock (at most ${MAX_SOCKET_PATH - 14} characters): ${dir}. Use a shorter PAPERBOY_DATA_DIR.`);
}

function listen(address: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    // Whoever connects is only proving the owner alive: answer nothing, hang up.
    const server = createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen(address, () => {
      server.off('error', reject);
      // The lock must not keep a finished one-shot command alive.
      server.unref();
      resolve(server);
    });
  });
}

/** True when a process is listening on the address; false when the socket is left over. */
function answers(address: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(address);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.destroy();
      if (error.code === 'ECONNREFUSED' || error.code === 'ENOENT') resolve(false);
      else reject(error);
    });
  });
}

/** Takes the folder's lock (a socket left by a dead process is taken over); returns its release. */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const address = lockAddress(dir);
  // The pid file of earlier versions proves nothing and would only confuse a reader.
  rmSync(join(dir, 'paperboy.lock'), { force: true });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const server = await listen(address);
      return () => new Promise<void>((resolve) => server.close(() => resolve()));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      if (await answers(address)) throw new DataDirBusyError(dir);
      // Left by a process that died without closing it; only a path socket leaves a file.
      if (!address.startsWith('\0') && process.platform !== 'win32') rmSync(address, { force: true });
    }
  }
  throw new DataDirBusyError(dir);
}
