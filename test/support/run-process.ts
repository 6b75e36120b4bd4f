import { spawn } from 'node:child_process';

// A command run to its end as a user runs it: a real process, its own environment, its output.

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node ...args` with exactly `env` (plus PATH and HOME), in `cwd`, fed `stdin` then end of input. */
export function runNode(args: string[], options: { env?: Record<string, string>; cwd?: string; stdin?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      ...(options.cwd ? { cwd: options.cwd } : {}),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
