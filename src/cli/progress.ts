import type { Writable } from 'node:stream';

/** A one-line progress bar for terminals: [#####-----] 5/10 2026-11-27 */
export function progressBar(stream: Writable, label: string, width = 30) {
  return {
    update(done: number, total: number, note = '') {
      const filled = total === 0 ? width : Math.round((done / total) * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${note}   `);
    },
    done() {
      stream.write('\n');
    },
  };
}
