/**
 * Serves an account's next queued fault (faults.ts) for a request, the same
 * way in every fake: its delay holds the request; with a status the request
 * fails, with the provider's headers for that status (e.g. a gateway's marker
 * header or its own `Retry-After`), `Retry-After` when the fault gives one (it
 * wins over the provider's), and the fault's body or the provider's default
 * body for the status, either now or (an `afterWork` fault) after the request
 * was served in full.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

import { type Fault, holdRequest, loseAnswer } from './faults.js';

/** The headers of a failed request: the provider's for the status, then the fault's `Retry-After` in place of any of theirs. */
export function faultHeaders(fault: Fault, providerHeaders: Readonly<Record<string, string>> = {}): Record<string, string> {
  if (fault.retryAfterSeconds === undefined) return { ...providerHeaders };
  const headers = Object.fromEntries(Object.entries(providerHeaders).filter(([name]) => name.toLowerCase() !== 'retry-after'));
  return { ...headers, 'Retry-After': String(fault.retryAfterSeconds) };
}

/**
 * Applies `fault` (if any) to the request; `failed` runs when it fails the request.
 * @param defaultHeaders - the provider's headers of a failure with this status (sent whatever the body)
 * @returns the reply when the request was answered now, otherwise undefined (the request goes on)
 */
export function serveFault(
  request: FastifyRequest,
  reply: FastifyReply,
  fault: Fault | undefined,
  defaultBody: (status: number) => unknown,
  failed: () => void,
  defaultHeaders?: (status: number) => Readonly<Record<string, string>>,
): FastifyReply | undefined {
  if (fault?.delayMs) holdRequest(request, fault.delayMs);
  if (fault?.status === undefined) return undefined;
  failed();
  const headers = faultHeaders(fault, defaultHeaders?.(fault.status));
  const body = fault.body ?? defaultBody(fault.status);
  if (!fault.afterWork) return reply.code(fault.status).headers(headers).send(body);
  loseAnswer(request, fault.status, body, headers);
  return undefined;
}
