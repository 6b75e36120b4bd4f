import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Metrics } from '../core/ports.js';

// The Metrics port as Prometheus series. Each call makes its own registry, so tests (and several
// cores in one process) never share counters.

export interface PromMetrics extends Metrics {
  /** Every series in the Prometheus text format, for GET /metrics. */
  render(): Promise<string>;
  /** The Content-Type header that goes with render(). */
  readonly contentType: string;
  readonly registry: Registry;
}

export function createPromMetrics(options: { processMetrics?: boolean } = {}): PromMetrics {
  const registry = new Registry();
  // Resident memory, CPU, event-loop lag, heap: what an operator asks for first.
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'paperboy_' });

  const sent = new Counter({
    name: 'paperboy_digests_sent_total',
    help: 'Digests posted, per platform.',
    labelNames: ['platform'] as const,
    registers: [registry],
  });
  const failed = new Counter({
    name: 'paperboy_digests_failed_total',
    help: 'Digest deliveries that failed, per platform and reason (transient ones are retried).',
    labelNames: ['platform', 'reason'] as const,
    registers: [registry],
  });
  // Posted but not recorded as sent: the ledger write failed for good or the claim was lost while
  // the database was down. Not counted as sent; whoever holds the delivery next finishes it.
  const unknown = new Counter({
    name: 'paperboy_digests_unknown_total',
    help: 'Digests posted whose outcome could not be recorded in the ledger, per platform.',
    labelNames: ['platform'] as const,
    registers: [registry],
  });
  const recovered = new Counter({
    name: 'paperboy_digest_parts_recovered_total',
    help: 'Digest parts found on the platform by a look-up after an attempt with an unknown outcome, instead of posted again.',
    labelNames: ['platform'] as const,
    registers: [registry],
  });
  const storeRetries = new Counter({
    name: 'paperboy_store_retries_total',
    help: 'Ledger writes retried because the database was unavailable, per operation.',
    labelNames: ['operation'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'paperboy_digest_delivery_latency_seconds',
    help: "Time from a channel's digest slot to the posted digest.",
    labelNames: ['platform'] as const,
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21_600, 43_200],
    registers: [registry],
  });
  const commands = new Histogram({
    name: 'paperboy_command_duration_seconds',
    help: 'Time to answer a /papers command, per platform, subcommand and outcome (ok, error).',
    labelNames: ['platform', 'command', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const ingestRuns = new Counter({
    name: 'paperboy_ingest_runs_total',
    help: 'Ingest runs of one day of the feed, per outcome (ok, failed).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const ingestPapers = new Counter({
    name: 'paperboy_ingest_papers_total',
    help: 'Papers stored or updated by ingest runs.',
    registers: [registry],
  });
  const ingestLastSuccess = new Gauge({
    name: 'paperboy_ingest_last_success_timestamp_seconds',
    help: 'When this process last finished an ingest run successfully (Unix time; 0 = not yet).',
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'paperboy_rate_limited_total',
    help: 'Platform API requests answered 429 Too Many Requests, per platform.',
    labelNames: ['platform'] as const,
    registers: [registry],
  });

  // Zero series exist from the start, so rate() and alerts see the first run.
  for (const outcome of ['ok', 'failed']) ingestRuns.inc({ outcome }, 0);

  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    digestDelivered(platform, outcome, latencyMs) {
      if (outcome === 'sent') {
        sent.inc({ platform });
        latency.observe({ platform }, Math.max(0, latencyMs) / 1000);
      } else if (outcome === 'unknown') {
        unknown.inc({ platform });
      } else {
        failed.inc({ platform, reason: outcome });
      }
    },
    commandHandled(platform, command, ms, ok) {
      commands.observe({ platform, command, outcome: ok ? 'ok' : 'error' }, ms / 1000);
    },
    ingestRun(ok, papers) {
      ingestRuns.inc({ outcome: ok ? 'ok' : 'failed' });
      if (papers > 0) ingestPapers.inc(papers);
      if (ok) ingestLastSuccess.setToCurrentTime();
    },
    rateLimited(platform) {
      rateLimited.inc({ platform });
    },
    digestPartsRecovered(platform, parts) {
      if (parts > 0) recovered.inc({ platform }, parts);
    },
    storeRetried(operation) {
      storeRetries.inc({ operation });
    },
  };
}
