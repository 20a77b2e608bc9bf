/**
 * A value made on first use and kept. Start-up work that a request or a job may never need (compiling a schema's
 * validator, loading a package, say) waits for its first caller, so a server starts serving sooner (issue 17, item
 * 7). A promise that rejects is not kept: the next caller tries again (one failed load does not break a page until
 * the process restarts); callers awaiting it still get the rejection.
 */
export function lazy<T>(make: () => T): () => T {
  let made: { value: T } | null = null;
  return () => {
    if (made) return made.value;
    const value = make();
    const kept = { value };
    made = kept;
    if (value instanceof Promise) {
      value.catch(() => {
        if (made === kept) made = null;
      });
    }
    return value;
  };
}
