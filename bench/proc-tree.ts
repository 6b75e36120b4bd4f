import { readdirSync, readFileSync } from 'node:fs';
import { round } from './stats.js';

// Resident memory of a process and every process under it, sampled from /proc: VmRSS summed over
// the tree at each sample, and each process's own VmHWM (its exact peak) as last seen alive.

interface Sample {
  at: number;
  rssMb: number;
}

function status(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(text);
    const hwm = /VmHWM:\s+(\d+) kB/.exec(text);
    return rss && hwm ? { rss: Number(rss[1]) / 1024, hwm: Number(hwm[1]) / 1024 } : undefined;
  } catch {
    return undefined;
  }
}

/** pid and its descendants (children of every thread: Node may spawn from any). */
export function processTree(pid: number): number[] {
  const children: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const list = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (list) children.push(...list.split(/\s+/).map(Number));
    }
  } catch {
    return [];
  }
  return [pid, ...children.flatMap(processTree)];
}

export class TreeSampler {
  private readonly samples: Sample[] = [];
  private readonly hwm = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(readonly root: number, intervalMs = 50) {
    this.timer = setInterval(() => this.take(), intervalMs);
    this.take();
  }

  private take(): void {
    let rss = 0;
    for (const pid of processTree(this.root)) {
      const s = status(pid);
      if (!s) continue;
      rss += s.rss;
      this.hwm.set(pid, s.hwm);
    }
    if (rss > 0) this.samples.push({ at: Date.now(), rssMb: rss });
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Tree RSS between two instants: mean and max. */
  window(from: number, to = Date.now()): { mean: number; max: number } {
    const values = this.samples.filter((s) => s.at >= from && s.at <= to).map((s) => s.rssMb);
    return { mean: round(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)), max: round(Math.max(0, ...values)) };
  }

  /** Highest summed tree RSS seen, the root's own peak, and the highest peak of any child. */
  peaks(): { treeMb: number; rootHwmMb: number; childHwmMb: number } {
    const children = [...this.hwm.entries()].filter(([pid]) => pid !== this.root).map(([, mb]) => mb);
    return {
      treeMb: round(Math.max(0, ...this.samples.map((s) => s.rssMb))),
      rootHwmMb: round(this.hwm.get(this.root) ?? 0),
      childHwmMb: round(Math.max(0, ...children)),
    };
  }
}
