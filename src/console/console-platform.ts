import type { ChatPlatform } from '../core/ports.js';
import { renderDigestText } from './render-text.js';

/** The terminal as a chat platform: digests for the `console` channel are printed. */
export function createConsolePlatform(write: (text: string) => void): ChatPlatform {
  let counter = 0;
  return {
    platform: 'console',
    async deliverDigest(_target, digest) {
      write(`\n${renderDigestText(digest)}\n`);
      counter += 1;
      return { ok: true, messageIds: [`console-${counter}`] };
    },
  };
}
