import type { Server } from 'node:http';
import type { App } from '@slack/bolt';

// Whether the adapter can hear Slack right now, for /healthz: in Socket Mode the socket is open
// (the Socket Mode client announces each state change); over HTTP the server is listening.

/** Call before app.start() so the first "connected" is seen. */
export function watchSocketMode(app: App): () => boolean {
  // Bolt keeps its receiver private; the Socket Mode receiver's client is an event emitter.
  const client = (app as unknown as { receiver?: { client?: { on(event: string, listener: () => void): unknown } } }).receiver?.client;
  let connected = false;
  client?.on('connected', () => {
    connected = true;
  });
  for (const state of ['connecting', 'reconnecting', 'disconnecting', 'disconnected']) {
    client?.on(state, () => {
      connected = false;
    });
  }
  return () => connected;
}

export function httpListening(server: Server): () => boolean {
  return () => server.listening;
}
