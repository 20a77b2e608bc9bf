/** The Dataverse Web API's error answers: `{"error":{"code":"0x…","message":"…"}}` with the HTTP status of the fault. */
import type { EntityMeta } from './model.js';

export class DataverseError extends Error {
  readonly statusCode: number;
  readonly code: string;
  constructor(statusCode: number, code: string, message: string) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
  }

  body() {
    return { error: { code: this.code, message: this.message } };
  }
}

export const notFound = (logical: string, id: string) => new DataverseError(404, '0x80040217', `${logical} With Id = ${id} Does Not Exist`);
export const propertyNotFound = (name: string, meta: EntityMeta) =>
  new DataverseError(400, '0x80060888', `Could not find a property named '${name}' on type 'Microsoft.Dynamics.CRM.${meta.logical}'.`);
export const invalidProperty = (name: string, meta: EntityMeta) =>
  new DataverseError(400, '0x80060888', `Invalid property '${name}' was found in entity 'Microsoft.Dynamics.CRM.${meta.logical}'.`);
export const syntaxError = (at: number, text: string) => new DataverseError(400, '0x80060888', `Syntax error at position ${at} in '${text}'.`);
export const badValue = (set: string, message: string) =>
  new DataverseError(
    400,
    '0x80048d19',
    `Error identified in Payload provided by the user for Entity :'${set}', For more information on this error please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293  ----> InnerException : Microsoft.OData.ODataException: ${message}`,
  );
export const unauthorized = () => new DataverseError(401, '0x80072560', 'The user is not a member of the organization.');
export const resourceNotFound = (segment: string) => new DataverseError(404, '0x8006088a', `Resource not found for the segment '${segment}'.`);

/** The three service protection errors (429). */
export const tooManyRequests = (max: number) =>
  new DataverseError(429, '0x80072322', `Number of requests exceeded the limit of ${max} over time window of 300 seconds.`);
export const tooManyConcurrent = (max: number) =>
  new DataverseError(429, '0x80072326', `Number of concurrent requests exceeded the limit of ${max}.`);

/** The body of an injected failure with a bare status. */
export function bodyOfStatus(status: number): unknown {
  if (status === 429) return tooManyRequests(6000).body();
  if (status === 401) return unauthorized().body();
  if (status === 503) return { error: { code: '0x80040216', message: 'The service is unavailable.' } };
  return { error: { code: '0x80040216', message: 'An unexpected error occurred.' } };
}
