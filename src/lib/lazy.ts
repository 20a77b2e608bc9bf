/**
 * A value made on first use and kept. Start-up work that a request or a job may never need (compiling a schema's
 * validator, say) waits for its first caller, so a server starts serving sooner (issue 17, item 7).
 */
export function lazy<T>(make: () => T): () => T {
  let made: { value: T } | null = null;
  return () => (made ??= { value: make() }).value;
}
