/**
 * Copper's error answers: `{"success": false, "status": <code>, "message": "…"}` with the same code as the HTTP
 * status (422 for a refused write or search body, 404 for a missing record, 401 for a refused key, 429 past the
 * rate limit).
 */
export class CopperError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }

  get body(): { success: false; status: number; message: string } {
    return { success: false, status: this.status, message: this.message };
  }
}

export const invalid = (message: string) => new CopperError(422, message);
export const notFound = () => new CopperError(404, 'Resource not found');
export const unauthorized = () => new CopperError(401, 'Unauthorized');
export const rateLimited = () => new CopperError(429, 'Rate limit exceeded');
export const bodyOf = (status: number) =>
  new CopperError(status, status === 429 ? 'Rate limit exceeded' : status >= 500 ? 'Internal server error' : 'Request failed').body;
