/**
 * When each request to a provider left this process, and how it was answered, from undici's diagnostics channels
 * (the connectors' HTTP client is undici): a timeline of what Weft sent, without touching Weft's code.
 */
import diagnostics from 'node:diagnostics_channel';

export interface TracedRequest {
  /** performance.now() when the request was created (sent). */
  at: number;
  method: string;
  path: string;
  status?: number;
  /** performance.now() when its response ended (or it failed). */
  done?: number;
}

interface UndiciRequest {
  origin?: string | URL;
  method?: string;
  path?: string;
}

/** The most requests in flight at once: sent and not yet ended (a request never ended counts to the end). */
export function peakInFlight(requests: readonly TracedRequest[]): number {
  const events: Array<[number, number]> = [];
  for (const r of requests) events.push([r.at, 1], [r.done ?? Infinity, -1]);
  // At equal times an end comes before a start: a slot freed and taken at once is not two in flight.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let peak = 0;
  for (const [, d] of events) peak = Math.max(peak, (now += d));
  return peak;
}

/** Records every undici request whose origin + path matches `match` until `stop()`. */
export function traceRequests(match: (url: string) => boolean): { requests: TracedRequest[]; stop(): void } {
  const requests: TracedRequest[] = [];
  const byRequest = new WeakMap<object, TracedRequest>();
  const onCreate = (message: unknown) => {
    const { request } = message as { request: UndiciRequest };
    const url = `${String(request.origin ?? '')}${request.path ?? ''}`;
    if (!match(url)) return;
    const entry: TracedRequest = { at: performance.now(), method: request.method ?? '?', path: request.path ?? '' };
    requests.push(entry);
    byRequest.set(request, entry);
  };
  const onHeaders = (message: unknown) => {
    const { request, response } = message as { request: object; response: { statusCode: number } };
    const entry = byRequest.get(request);
    if (entry) entry.status = response.statusCode;
  };
  const onEnd = (message: unknown) => {
    const entry = byRequest.get((message as { request: object }).request);
    if (entry && entry.done === undefined) entry.done = performance.now();
  };
  diagnostics.subscribe('undici:request:create', onCreate);
  diagnostics.subscribe('undici:request:headers', onHeaders);
  diagnostics.subscribe('undici:request:trailers', onEnd);
  diagnostics.subscribe('undici:request:error', onEnd);
  return {
    requests,
    stop() {
      diagnostics.unsubscribe('undici:request:create', onCreate);
      diagnostics.unsubscribe('undici:request:headers', onHeaders);
      diagnostics.unsubscribe('undici:request:trailers', onEnd);
      diagnostics.unsubscribe('undici:request:error', onEnd);
    },
  };
}
