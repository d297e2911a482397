import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { WriteStats } from '../store/store.ts';

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics(storeWrites: () => WriteStats | null = () => null) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const counted = (name: string, help: string, pick: (stats: WriteStats) => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        const stats = storeWrites();
        if (!stats) return;
        this.reset();
        this.inc(pick(stats));
      },
    });
  counted('plenary_store_commits_total', 'Transactions the embedded store committed (each one fsync).', (stats) => stats.commits);
  counted('plenary_store_writes_total', 'Writes those transactions carried: writes per commit is the group commit at work.', (stats) => stats.writes);
  return {
    registry,
    connectedSockets: new Gauge({ name: 'plenary_connected_sockets', help: 'Socket.IO connections open now.', registers: [registry] }),
    commands: new Counter({
      name: 'plenary_commands_total',
      help: 'Commands received, by command and outcome (ok or the error code).',
      labelNames: ['command', 'outcome'] as const,
      registers: [registry],
    }),
    commandSeconds: new Histogram({
      name: 'plenary_command_duration_seconds',
      help: 'Time from receiving a command to acknowledging it, including the durable commit.',
      labelNames: ['command'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    droppedConnections: new Counter({
      name: 'plenary_dropped_connections_total',
      help: 'Connections the server closed: flooding (kept sending past the rate limit) or slow_reader (too much queued to send).',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    refusedConnections: new Counter({
      name: 'plenary_refused_connections_total',
      help: 'Connections refused because PLENARY_MAX_CONNECTIONS were open (answered unavailable: the server is full).',
      registers: [registry],
    }),
    pushes: new Counter({
      name: 'plenary_coalesced_pushes_total',
      help: 'Coalesced pushes of poll results, question votes and presence.',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    webhookAttempts: new Counter({
      name: 'plenary_webhook_deliveries_total',
      help: 'Webhook delivery attempts, by outcome: delivered (a 2xx), http_error, timeout or unreachable.',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    webhookRetries: new Counter({ name: 'plenary_webhook_retries_total', help: 'Webhook deliveries scheduled for another attempt after a failed one.', registers: [registry] }),
    webhookBacklog: new Gauge({
      name: 'plenary_webhook_backlog_seconds',
      help: 'Age of the oldest room event this process is still retrying to deliver to a webhook endpoint; 0 when none is failing.',
      registers: [registry],
    }),
    webhookLag: new Histogram({
      name: 'plenary_webhook_lag_seconds',
      help: 'Time from committing a room event to its webhook delivery being acknowledged by the receiver.',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
      registers: [registry],
    }),
  };
}
