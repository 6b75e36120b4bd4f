import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

// Gateway v10 with plain JSON frames (discord.js adds zlib-stream only when zlib-sync is installed):
// HELLO on connect, an ACK for every heartbeat, READY and one GUILD_CREATE per guild of the session's
// shard after IDENTIFY, then whatever dispatches a test sends. Like Discord, a guild's events go only
// to sessions of the shard that owns it, `(guild_id >> 22) % shard_count`; events without a guild go
// to shard 0. Two sessions identifying as the same shard both receive its events, as on Discord.

const op = { dispatch: 0, heartbeat: 1, identify: 2, resume: 6, invalidSession: 9, hello: 10, heartbeatAck: 11 } as const;

export interface IdentifyRecord {
  token: string;
  intents: number;
  shard?: [number, number];
}

/** [shard id, shard count]; a session that names none is [0, 1]. */
export type ShardTuple = [number, number];

export interface GatewayHooks {
  /** READY's d for a session of this shard. */
  ready(shard: ShardTuple): Record<string, unknown>;
  /** GUILD_CREATE payloads sent right after READY: the guilds this shard owns. */
  guilds(shard: ShardTuple): Record<string, unknown>[];
  /** Called with each IDENTIFY; return false to reject the token (close 4004). */
  identify(record: IdentifyRecord): boolean;
}

interface Session {
  socket: WebSocket;
  seq: number;
  shard: ShardTuple;
}

/** The shard that receives a guild's events: `(guild_id >> 22) % shard_count`. */
export function shardOfGuild(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

export class FakeGateway {
  readonly identifies: IdentifyRecord[] = [];
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly sessions = new Set<Session>();

  constructor(private readonly hooks: GatewayHooks) {
    this.server.on('connection', (socket: WebSocket, request: IncomingMessage) => this.open(socket, request));
  }

  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.server.handleUpgrade(request, socket, head, (ws) => this.server.emit('connection', ws, request));
  }

  /**
   * Sends an op 0 dispatch to every identified session of the shard that owns `guildId` (shard 0
   * without a guild); returns how many sessions received it.
   */
  dispatch(type: string, data: unknown, guildId?: string): number {
    let sent = 0;
    for (const session of this.sessions) {
      const [id, count] = session.shard;
      if ((guildId === undefined ? 0 : shardOfGuild(guildId, count)) !== id) continue;
      session.seq += 1;
      session.socket.send(JSON.stringify({ op: op.dispatch, t: type, s: session.seq, d: data }));
      sent += 1;
    }
    return sent;
  }

  get connected(): number {
    return this.sessions.size;
  }

  /** The shards of the open sessions, e.g. [[0, 2], [1, 2]]. */
  get shards(): ShardTuple[] {
    return [...this.sessions].map((s) => s.shard);
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
    const session: Session = { socket, seq: 0, shard: [0, 1] };
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
        const [id, count] = d.shard ?? [0, 1];
        if (!Number.isInteger(id) || !Number.isInteger(count) || count < 1 || id < 0 || id >= count) {
          socket.close(4010, 'Invalid shard');
          return;
        }
        session.shard = [id, count];
        this.sessions.add(session);
        session.seq += 1;
        socket.send(JSON.stringify({ op: op.dispatch, t: 'READY', s: session.seq, d: this.hooks.ready(session.shard) }));
        for (const guild of this.hooks.guilds(session.shard)) {
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
