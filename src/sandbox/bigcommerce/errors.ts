/**
 * BigCommerce's error bodies: v3's `{status, title, type, errors}` (errors: a map of field to message, or absent), and
 * v2's array of `{status, message}` (with `details` for invalid fields).
 */
const TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';

export class BcError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly errors?: Record<string, string>,
  ) {
    super(title);
  }

  /** The body as the API version of the request answers it. */
  body(version: 'v2' | 'v3'): unknown {
    if (version === 'v2')
      return [
        { status: this.status, message: this.title, ...(this.errors ? { details: { invalid_reason: Object.values(this.errors).join('; ') } } : {}) },
      ];
    return { status: this.status, title: this.title, type: TYPE, ...(this.errors ? { errors: this.errors } : { errors: {} }) };
  }
}

export const NOT_FOUND = () => new BcError(404, 'The requested resource was not found.');
export const UNAUTHORIZED = () => new BcError(401, 'You are not authorized to access this resource. Check the X-Auth-Token header.');
export const unprocessable = (title: string, errors: Record<string, string>) => new BcError(422, title, errors);
export const conflict = (title: string) => new BcError(409, title);
