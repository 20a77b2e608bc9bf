/**
 * What can go wrong when talking to a provider, classified once so that the engines decide what to do (retry,
 * refresh, stop) without knowing the provider. The `errorType` is what `GET /api/errors` reports.
 */
export type ProviderErrorKind =
  /** The provider refused for now (429 or similar); safe to retry after a pause. */
  | 'rate_limited'
  /** The access token is no longer valid; a refresh may cure it. */
  | 'auth_expired'
  /** The credentials are refused for good (revoked, wrong key, refresh token invalid): the end user must reconnect. */
  | 'auth_invalid'
  /** A quota that will not come back soon (a daily limit): stop the transfer, do not burn retries. */
  | 'quota_exhausted'
  /** A transient failure (5xx, connection reset): retry if the request is safe to repeat. */
  | 'transient'
  /** The provider rejected the request itself (validation and the like): do not retry. */
  | 'rejected';

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly status: number | null,
    /** The provider's response body (parsed JSON, or text), for per-record error reports. */
    readonly body: unknown = null,
    /** True when the request may have taken effect at the provider (sent, then no clear answer). */
    readonly mayHaveReachedProvider = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Endgrate's error_type for this failure. */
  get errorType(): 'authentication' | 'upstream' {
    return this.kind === 'auth_invalid' || this.kind === 'auth_expired' ? 'authentication' : 'upstream';
  }
}

export function isProviderError(e: unknown): e is ProviderError {
  return e instanceof ProviderError;
}
