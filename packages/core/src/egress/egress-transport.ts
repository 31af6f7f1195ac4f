import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Duplex } from 'node:stream';
import { OperationalError, UserError } from '@klikkflow/types';
import type { EgressResponse } from './egress.types.js';
import { describeUrl, type PinnedTarget } from './egress-policy.js';

/** One HTTP exchange with a pinned address (no redirects: the client follows them hop by hop). */
export interface HopRequest {
  target: PinnedTarget;
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  maxResponseBytes: number;
  /** Aborting destroys the socket and rejects with the signal's reason (timeout or caller cancel). */
  signal: AbortSignal;
}

/** Header names lower-cased, repeats joined with `, `; built with fromEntries so `__proto__` stays data. */
function joinHeaders(rawHeaders: readonly string[]): Record<string, string> {
  const joined = new Map<string, string>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase();
    const value = rawHeaders[i + 1] ?? '';
    const previous = joined.get(name);
    joined.set(name, previous === undefined ? value : `${previous}, ${value}`);
  }
  return Object.fromEntries(joined);
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  // A fresh array, not Buffer.concat: small Buffers share a pool whose `.buffer` holds other data.
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

function requestOptions(hop: HopRequest): RequestOptions {
  const { target } = hop;
  // Every lookup Node makes for this socket answers with the checked address, so a second DNS answer
  // (rebinding) can never be what we connect to.
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const { url } = target;
  return {
    protocol: url.protocol,
    hostname: target.hostname,
    port: url.port === '' ? undefined : Number(url.port),
    path: `${url.pathname}${url.search}`,
    method: hop.method,
    headers: hop.headers,
    auth:
      url.username === '' && url.password === ''
        ? undefined
        : `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`,
    lookup,
    family: target.family,
    // No shared agent: a pooled keep-alive socket is keyed by host name, not by the address we checked.
    agent: false,
  };
}

/** Sends one request to the pinned address and reads the whole body, up to `maxResponseBytes`. */
export function sendHop(hop: HopRequest): Promise<EgressResponse> {
  const { target, signal } = hop;
  const shown = describeUrl(target.url);
  return new Promise((resolve, reject) => {
    const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
    let req: ReturnType<typeof send> | undefined;
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      outcome();
    };
    const fail = (error: unknown) =>
      finish(() => {
        req?.destroy();
        reject(error);
      });
    const networkFailure = (cause: Error & { code?: string }) =>
      signal.aborted
        ? signal.reason
        : new OperationalError('EGRESS_NETWORK', `request to ${shown} failed: ${cause.message}`, {
            cause,
            details: { url: shown, address: target.address, code: cause.code },
          });
    const tooLarge = () =>
      new UserError(
        'EGRESS_RESPONSE_TOO_LARGE',
        `the response from ${shown} is larger than ${hop.maxResponseBytes} bytes`,
        { details: { url: shown, maxResponseBytes: hop.maxResponseBytes } },
      );
    const onAbort = () => fail(signal.reason);

    const onResponse = (res: IncomingMessage) => {
      if (Number(res.headers['content-length'] ?? 0) > hop.maxResponseBytes) return fail(tooLarge());
      const chunks: Uint8Array[] = [];
      let total = 0;
      res.on('data', (chunk: Uint8Array) => {
        total += chunk.length;
        if (total > hop.maxResponseBytes) fail(tooLarge());
        else chunks.push(chunk);
      });
      res.on('error', (error) => fail(networkFailure(error)));
      res.on('end', () =>
        finish(() =>
          resolve({
            status: res.statusCode ?? 0,
            headers: joinHeaders(res.rawHeaders),
            body: concat(chunks, total),
          }),
        ),
      );
    };

    if (signal.aborted) return fail(signal.reason);
    try {
      req = send(requestOptions(hop));
    } catch (cause) {
      // Node validates method and header tokens synchronously (this is what stops CRLF header injection).
      const message = cause instanceof Error ? cause.message : String(cause);
      return fail(
        new UserError('EGRESS_INVALID_REQUEST', `invalid request to ${shown}: ${message}`, { cause }),
      );
    }
    signal.addEventListener('abort', onAbort, { once: true });
    // A 101 switch or a CONNECT tunnel would hand out a raw socket past the policy: refuse both.
    const refuseRawSocket = (_res: IncomingMessage, socket: Duplex) => {
      socket.destroy();
      fail(new UserError('EGRESS_INVALID_REQUEST', `${shown} answered with a protocol switch or tunnel`));
    };
    req.on('upgrade', refuseRawSocket);
    req.on('connect', refuseRawSocket);
    req.on('response', onResponse);
    req.on('error', (error) => fail(networkFailure(error)));
    req.end(hop.body);
  });
}
