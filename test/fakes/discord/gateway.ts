import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

// Gateway v10 with plain JSON frames (discord.js adds zlib-stream only when zlib-sync is installed):
// HELLO on connect, an ACK for every heartbeat, READY and one GUILD_CREATE per guild after IDENTIFY,
// then whatever dispatches a test sends.

const op = { dispatch: 0, heartbeat: 1, identify: 2, resume: 6, invalidSession: 9, hello: 10, heartbeatAck: 11 } as const;

export interface IdentifyRecord {
  token: string;
  intents: number;
  shard?: [number, number];
}

export interface GatewayHooks {
  /** READY's d, built when a session identifies. */
  ready(): Record<string, unknown>;
  /** GUILD_CREATE payloads sent right after READY. */
  guilds(): Record<string, unknown>[];
  /** Called with each IDENTIFY; return false to reject the token (close 4004). */
  identify(record: IdentifyRecord): boolean;
}

export class FakeGateway {
  readonly identifies: IdentifyRecord[] = [];
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly sessions = new Set<{ socket: WebSocket; seq: number }>();

  constructor(private readonly hooks: GatewayHooks) {
    this.server.on('connection', (socket: WebSocket, request: IncomingMessage) => this.open(socket, request));
  }

  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.server.handleUpgrade(request, socket, head, (ws) => this.server.emit('connection', ws, request));
  }

  /** Sends an op 0 dispatch to every identified session; returns how many received it. */
  dispatch(type: string, data: unknown): number {
    let sent = 0;
    for (const session of this.sessions) {
      session.seq += 1;
      session.socket.send(JSON.stringify({ op: op.dispatch, t: type, s: session.seq, d: data }));
      sent += 1;
    }
    return sent;
  }

  get connected(): number {
    return this.sessions.size;
  }

  async close(): Promise<void> {
    for (const session of this.sessions) session.socket.terminate();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private open(socket: WebSocket, request: IncomingMessage): void {
    const query = new URL(request.url ?? '/', 'ws://localhost').searchParams;
    if (query.get('v') !== '10' || query.get('encoding') !== 'json') {
      socket.close(4012, 'Invalid API version');
      return;
    }
    const session = { socket, seq: 0 };
    socket.send(JSON.stringify({ op: op.hello, d: { heartbeat_interval: 41_250 } }));
    socket.on('message', (raw) => {
      let frame: { op?: number; d?: unknown };
      try {
        frame = JSON.parse(String(raw)) as { op?: number; d?: unknown };
      } catch {
        socket.close(4002, 'Decode error');
        return;
      }
      if (frame.op === op.heartbeat) {
        socket.send(JSON.stringify({ op: op.heartbeatAck }));
      } else if (frame.op === op.identify) {
        const d = (frame.d ?? {}) as { token?: string; intents?: number; shard?: [number, number] };
        const record: IdentifyRecord = { token: d.token ?? '', intents: d.intents ?? 0, ...(d.shard ? { shard: d.shard } : {}) };
        this.identifies.push(record);
        if (!this.hooks.identify(record)) {
          socket.close(4004, 'Authentication failed');
          return;
        }
        this.sessions.add(session);
        session.seq += 1;
        socket.send(JSON.stringify({ op: op.dispatch, t: 'READY', s: session.seq, d: this.hooks.ready() }));
        for (const guild of this.hooks.guilds()) {
          session.seq += 1;
          socket.send(JSON.stringify({ op: op.dispatch, t: 'GUILD_CREATE', s: session.seq, d: guild }));
        }
      } else if (frame.op === op.resume) {
        // Sessions are not kept across connections: tell the client to identify afresh.
        socket.send(JSON.stringify({ op: op.invalidSession, d: false }));
      }
    });
    socket.on('close', () => this.sessions.delete(session));
  }
}
