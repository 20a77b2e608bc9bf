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
}

interface UndiciRequest {
  origin?: string | URL;
  method?: string;
  path?: string;
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
  diagnostics.subscribe('undici:request:create', onCreate);
  diagnostics.subscribe('undici:request:headers', onHeaders);
  return {
    requests,
    stop() {
      diagnostics.unsubscribe('undici:request:create', onCreate);
      diagnostics.unsubscribe('undici:request:headers', onHeaders);
    },
  };
}
