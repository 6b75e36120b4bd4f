import { rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import type { CommandRunner } from '../core/commands/context.js';
import { lockAddress } from '../core/db/data-dir-lock.js';
import { consoleChannel } from './console-session.js';
import { renderReplyText } from './render-text.js';

// The embedded database belongs to one process. `paperboy search` typed beside a running
// `npm start` asks that process instead: a Unix socket in the data folder (as private as the
// folder; the file is the owner's), one JSON line each way. Only reading commands are answered:
// the caller cannot manage the console channel from here.

export const LOCAL_COMMANDS_SOCKET = 'paperboy-commands.sock';

export interface LocalAnswer {
  text: string;
  /** True when the command failed (usage, not found...): the caller prints it on stderr. */
  failed: boolean;
  usage: boolean;
}

export interface LocalCommandServer {
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 16_384;

/** Answers `/papers ...` lines from other processes on this machine, with the running core. */
export async function serveLocalCommands(dataDir: string, commands: CommandRunner): Promise<LocalCommandServer> {
  const address = lockAddress(dataDir, LOCAL_COMMANDS_SOCKET);
  const server: Server = createServer((socket) => {
    let request = '';
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      request += chunk;
      if (request.length > MAX_REQUEST_BYTES) return socket.destroy();
      const end = request.indexOf('\n');
      if (end < 0) return;
      void answer(request.slice(0, end)).then((reply) => socket.end(`${JSON.stringify(reply)}\n`));
    });
  });
  async function answer(line: string): Promise<LocalAnswer> {
    let text = '';
    try {
      text = String((JSON.parse(line) as { text?: unknown }).text ?? '');
    } catch {
      return { text: 'unreadable request', failed: true, usage: true };
    }
    const reply = await commands.runText(text, { channel: consoleChannel, caller: { id: 'local-cli' }, canManage: false });
    return { text: renderReplyText(reply), failed: reply.error !== undefined, usage: reply.error?.code === 'usage' };
  }
  // This process owns the data folder (its lock is held), so a socket file here is a leftover.
  if (!address.startsWith('\0') && process.platform !== 'win32') rmSync(address, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address, () => {
      server.off('error', reject);
      server.unref();
      resolve();
    });
  });
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Asks the Paperboy running on `dataDir`; null when none answers there. */
export function askLocalCommands(dataDir: string, text: string): Promise<LocalAnswer | null> {
  const address = lockAddress(dataDir, LOCAL_COMMANDS_SOCKET);
  return new Promise((resolve) => {
    let response = '';
    const socket = createConnection(address, () => socket.write(`${JSON.stringify({ text })}\n`));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (response += chunk));
    socket.on('error', () => resolve(null));
    socket.on('close', () => {
      try {
        resolve(JSON.parse(response.trim()) as LocalAnswer);
      } catch {
        resolve(null);
      }
    });
  });
}
