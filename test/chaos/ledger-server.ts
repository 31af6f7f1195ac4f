import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One side-effect request as the ledger received it. */
export interface LedgerDelivery {
  /** The `<name>` of `/ledger/<name>`. */
  ledger: string;
  /** The `Idempotency-Key` header; undefined when the caller sent none. */
  key: string | undefined;
  /** Increases by one per delivery across all ledgers: the order things happened in. */
  delivery: number;
  /** Epoch ms it arrived at. */
  receivedAt: number;
  /** The JSON body (an empty object when there was none or it was not JSON). */
  body: Record<string, unknown>;
}

/** What a ledger's deliveries add up to. */
export interface LedgerCounts {
  /** Every request received, duplicates included. */
  raw: number;
  /** Distinct idempotency keys. */
  uniqueKeys: number;
  /** `raw - uniqueKeys`: deliveries a deduplicating receiver would have dropped. */
  duplicates: number;
  /** The most deliveries any one key had. */
  maxPerKey: number;
  /** Deliveries without an `Idempotency-Key` (a workflow bug when non-zero). */
  withoutKey: number;
}

/** A local HTTP service that records every side effect a workflow sends it (the battery's "ledger"). */
export interface LedgerServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Deliveries in arrival order, of one ledger or of all. */
  deliveries(ledger?: string): LedgerDelivery[];
  /** Deliveries per idempotency key, each list in arrival order. */
  byKey(ledger?: string): Map<string, LedgerDelivery[]>;
  counts(ledger?: string): LedgerCounts;
  /** Resolves with the first delivery (already received or still to come) that `match` accepts. */
  waitFor(match: (delivery: LedgerDelivery) => boolean, timeoutMs?: number): Promise<LedgerDelivery>;
  /** Closes the server, dropping answers still delayed. */
  close(): Promise<void>;
}

const MAX_DELAY_MS = 120_000;

/**
 * Starts the ledger on a free port of 127.0.0.1. `POST /ledger/<name>[?delayMs=N]` records the delivery
 * the moment it arrives (the effect has happened even if the caller never reads the answer), then answers
 * after `delayMs` with `{ ledger, delivery, key, seq }` (`seq` echoed from the body), so a workflow's
 * committed output says which delivery it saw.
 */
export async function startLedgerServer(): Promise<LedgerServer> {
  const received: LedgerDelivery[] = [];
  const waiters = new Set<{ match: (d: LedgerDelivery) => boolean; resolve: (d: LedgerDelivery) => void }>();
  let next = 1;

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://ledger');
    const name = /^\/ledger\/([\w-]+)$/.exec(url.pathname)?.[1];
    if (request.method !== 'POST' || name === undefined) {
      response.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const header = request.headers['idempotency-key'];
    const delivery: LedgerDelivery = {
      ledger: name,
      key: Array.isArray(header) ? header[0] : header,
      delivery: next++,
      receivedAt: Date.now(),
      body: parseBody(Buffer.concat(chunks).toString('utf8')),
    };
    received.push(delivery);
    for (const waiter of waiters) {
      if (waiter.match(delivery)) {
        waiters.delete(waiter);
        waiter.resolve(delivery);
      }
    }
    const delayMs = Math.min(MAX_DELAY_MS, Math.max(0, Number(url.searchParams.get('delayMs')) || 0));
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (response.destroyed) return;
    const { ledger, key } = delivery;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({ ledger, delivery: delivery.delivery, key, seq: delivery.body.seq ?? null }),
    );
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  // A worker killed mid-request leaves a socket behind; it must not keep the ledger (and the test) alive.
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const of = (ledger?: string) =>
    ledger === undefined ? [...received] : received.filter((d) => d.ledger === ledger);
  const byKey = (ledger?: string) => {
    const keys = new Map<string, LedgerDelivery[]>();
    for (const delivery of of(ledger)) {
      if (delivery.key === undefined) continue;
      const list = keys.get(delivery.key) ?? [];
      list.push(delivery);
      keys.set(delivery.key, list);
    }
    return keys;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    deliveries: of,
    byKey,
    counts(ledger) {
      const all = of(ledger);
      const keys = byKey(ledger);
      const withKey = all.length - all.filter((d) => d.key === undefined).length;
      return {
        raw: all.length,
        uniqueKeys: keys.size,
        duplicates: withKey - keys.size,
        maxPerKey: Math.max(0, ...[...keys.values()].map((list) => list.length)),
        withoutKey: all.length - withKey,
      };
    },
    waitFor(match, timeoutMs = 30_000) {
      const found = received.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          match,
          resolve: (delivery: LedgerDelivery) => {
            clearTimeout(timer);
            resolve(delivery);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching ledger delivery within ${timeoutMs} ms (${received.length} so far)`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function parseBody(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
