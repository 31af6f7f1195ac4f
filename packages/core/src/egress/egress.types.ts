/** One address a host name resolves to (the shape `dns.promises.lookup(host, { all: true })` returns). */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to every address it has; the client checks all of them and pins one. */
export type EgressResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** How an egress client is set up. */
export interface EgressClientOptions {
  /**
   * What the SSRF guard lets through (`KLIKKFLOW_EGRESS_ALLOW`): exact host names, IP addresses and CIDR
   * ranges (v4 or v6). An allowed host name may resolve anywhere; an allowed IP or range opens that address.
   */
  allow?: readonly string[];
  /** Default deadline for a whole request, redirects and body included (default 30 000 ms). */
  timeoutMs?: number;
  /** Largest response body accepted (default 50 MiB); bigger bodies are cut off with `EGRESS_RESPONSE_TOO_LARGE`. */
  maxResponseBytes?: number;
  /** Redirects followed per request (default 5); one more fails with `EGRESS_TOO_MANY_REDIRECTS`. */
  maxRedirects?: number;
  /** DNS resolution (default: the system resolver via `dns.lookup`); tests inject their own. */
  resolver?: EgressResolver;
}

/**
 * An outbound request. Same shape as the engine's `EgressClient` port input (plugin-sdk
 * `HttpRequestOptions` plus `signal`); core may not import those packages, so it is restated here.
 */
export interface EgressRequest {
  url: string;
  /** Default `GET`. */
  method?: string;
  headers?: Record<string, string>;
  /** A string or bytes, sent as is. */
  body?: string | Uint8Array;
  /** Overrides the client's default deadline for this request. */
  timeoutMs?: number;
  /** Sent as the `Idempotency-Key` header. */
  idempotencyKey?: string;
  /** Aborting rejects the request with the signal's reason. */
  signal?: AbortSignal;
}

/** A response: header names lower-cased, repeated headers joined with `, `. Same shape as `HttpResponse`. */
export interface EgressResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** The SSRF-guarded HTTP client; structurally the engine's `EgressClient` port. */
export interface HttpEgressClient {
  request(request: EgressRequest): Promise<EgressResponse>;
}
