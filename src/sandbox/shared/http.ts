/** Small HTTP helpers every fake's routes share. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** Sends an HTML page that must not be cached. */
export function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(html);
}

/** Whether a text is an absolute http(s) URL. */
export function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const { protocol } = new URL(text);
  return protocol === 'http:' || protocol === 'https:';
}

/** Whether an error is one of Fastify's (it has a string `code`). */
export function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && typeof (error as Partial<FastifyError>).code === 'string';
}

/** The token of an `Authorization: <scheme> <token>` header, for the schemes given (case-insensitive). */
export function bearerToken(request: FastifyRequest, schemes: readonly string[] = ['Bearer']): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = new RegExp(`^(?:${schemes.join('|')})\\s+(\\S+)\\s*$`, 'i').exec(header);
  return match?.[1];
}
