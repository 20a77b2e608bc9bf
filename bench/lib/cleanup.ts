/**
 * Resources to release at the end, in reverse order of acquisition, whatever happens: the runner owns one Cleanup
 * and runs it in a `finally` and on SIGINT/SIGTERM.
 */
export class Cleanup {
  #tasks: Array<{ label: string; fn: () => unknown }> = [];

  /**
   * Registers `fn` and returns a function that runs it now (once) and unregisters it, for resources released
   * before the end (a Weft instance per round).
   */
  defer(label: string, fn: () => unknown): () => Promise<void> {
    const task = { label, fn };
    this.#tasks.push(task);
    return async () => {
      const i = this.#tasks.indexOf(task);
      if (i < 0) return;
      this.#tasks.splice(i, 1);
      await task.fn();
    };
  }

  /** Runs every registered task, last registered first; returns the failures instead of stopping at the first. */
  async run(): Promise<Array<{ label: string; error: unknown }>> {
    const failures: Array<{ label: string; error: unknown }> = [];
    for (let task = this.#tasks.pop(); task; task = this.#tasks.pop()) {
      try {
        await task.fn();
      } catch (error) {
        failures.push({ label: task.label, error });
      }
    }
    return failures;
  }
}
