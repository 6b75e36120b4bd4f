import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

// The Socket Mode side of the fake: hello on connect, envelopes out, acks in (platform-facts §C).

export interface Ack {
  envelopeId: string;
  payload: unknown;
  /** Milliseconds between sending the envelope and receiving its ack. */
  afterMs: number;
}

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export class FakeSocketMode {
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private readonly pending = new Map<string, { sentAt: number; resolve: (ack: Ack) => void }>();
  private readonly connectedWaiters: (() => void)[] = [];
  readonly acks: Ack[] = [];
  private pingTimer: NodeJS.Timeout | undefined;

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.server.handleUpgrade(request, socket, head, (ws) => this.onConnection(ws));
  }

  get connections(): number {
    return this.sockets.size;
  }

  /** Resolves once a client has received hello (at once if one already has). */
  connected(): Promise<void> {
    if (this.sockets.size > 0) return Promise.resolve();
    return new Promise((resolve) => this.connectedWaiters.push(resolve));
  }

  /** Sends one envelope to one connected client and resolves with its ack (rejects after `timeoutMs`). */
  send(type: EnvelopeType, payload: unknown, timeoutMs = 5000): Promise<Ack> {
    const socket = [...this.sockets][0];
    if (!socket) return Promise.reject(new Error('no Socket Mode client is connected'));
    const envelopeId = randomUUID();
    return new Promise<Ack>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        reject(new Error(`envelope ${envelopeId} (${type}) was not acknowledged within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(envelopeId, {
        sentAt: Date.now(),
        resolve: (ack) => {
          clearTimeout(timer);
          resolve(ack);
        },
      });
      socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' }));
    });
  }

  private onConnection(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data) => this.onMessage(data.toString()));
    ws.send(JSON.stringify({ type: 'hello', num_connections: this.sockets.size, debug_info: { host: 'fake-slack' }, connection_info: { app_id: 'A0PAPERBOY' } }));
    // Slack pings its clients; the SDK closes a connection that hears nothing for 30 s.
    this.pingTimer ??= setInterval(() => this.sockets.forEach((s) => s.ping()), 5000);
    this.connectedWaiters.splice(0).forEach((resolve) => resolve());
  }

  private onMessage(raw: string): void {
    let frame: { envelope_id?: unknown; payload?: unknown };
    try {
      frame = JSON.parse(raw) as typeof frame;
    } catch {
      return;
    }
    if (typeof frame.envelope_id !== 'string') return;
    const waiting = this.pending.get(frame.envelope_id);
    const ack: Ack = { envelopeId: frame.envelope_id, payload: frame.payload, afterMs: waiting ? Date.now() - waiting.sentAt : -1 };
    this.acks.push(ack);
    if (waiting) {
      this.pending.delete(frame.envelope_id);
      waiting.resolve(ack);
    }
  }

  async close(): Promise<void> {
    if (this.pingTimer) clearInterval(this.pingTimer);
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
