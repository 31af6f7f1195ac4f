import type { HttpRequestOptions, HttpResponse } from '@klikkflow/plugin-sdk';

/** The only network door: an SSRF-guarded HTTP client. */
export interface EgressClient {
  request(options: HttpRequestOptions & { signal?: AbortSignal }): Promise<HttpResponse>;
}
