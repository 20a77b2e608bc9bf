/**
 * Serves an account's next queued fault (faults.ts) for a request, the same
 * way in every fake: its delay holds the request; with a status the request
 * fails, with `Retry-After` when the fault gives one and the fault's body or
 * the provider's default body for the status, either now or (an `afterWork`
 * fault) after the request was served in full.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

import { type Fault, holdRequest, loseAnswer } from './faults.js';

/**
 * Applies `fault` (if any) to the request; `failed` runs when it fails the request.
 * @returns the reply when the request was answered now, otherwise undefined (the request goes on)
 */
export function serveFault(
  request: FastifyRequest,
  reply: FastifyReply,
  fault: Fault | undefined,
  defaultBody: (status: number) => unknown,
  failed: () => void,
): FastifyReply | undefined {
  if (fault?.delayMs) holdRequest(request, fault.delayMs);
  if (fault?.status === undefined) return undefined;
  failed();
  const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
  const body = fault.body ?? defaultBody(fault.status);
  if (!fault.afterWork) return reply.code(fault.status).headers(headers).send(body);
  loseAnswer(request, fault.status, body, headers);
  return undefined;
}
