import { clearLine, cursorTo, type Interface } from 'node:readline';
import type { Writable } from 'node:stream';

// One terminal shared by the prompt, command replies, digests and log lines. Anything printed
// while the prompt waits goes above it: the prompt line is cleared, the text written, and the
// prompt redrawn with what the person had typed so far (readline keeps that line).

export interface TerminalScreen {
  /** Writes whole lines above the prompt, through `write` (the output stream by default). */
  print(text: string, write?: (body: string) => void): void;
  /** Shows the prompt (when this is an interactive terminal). */
  prompt(): void;
  /** Attaches the readline interface that owns the typed line. */
  attach(rl: Interface): void;
}

export function createTerminalScreen(output: Writable, interactive: boolean): TerminalScreen {
  let rl: Interface | undefined;
  let prompting = false;
  return {
    attach(next) {
      rl = next;
      rl.setPrompt('papers> ');
      // Once input has ended nobody types: later lines (shutting down) need no prompt under them.
      rl.on('close', () => {
        prompting = false;
      });
    },
    prompt() {
      if (!interactive || !rl) return;
      prompting = true;
      rl.prompt(true);
    },
    print(text, write = (body) => output.write(body)) {
      const body = text.endsWith('\n') ? text : `${text}\n`;
      if (!interactive || !rl || !prompting) {
        write(body);
        return;
      }
      clearLine(output, 0);
      cursorTo(output, 0);
      write(body);
      rl.prompt(true);
    },
  };
}
