/**
 * Batch endpoints of provider fakes answer per input: an input that fails for a reason the provider reports per input
 * (a validation error, a taken unique value, a missing record) becomes one entry of the answer's failures while the
 * other inputs go on; any other error fails the whole request.
 */

/** What {@link perInput} collected: the steps' results in input order (skipped inputs left out) and the failures. */
export interface PerInputOutcome<R, F> {
  results: R[];
  failures: F[];
}

/**
 * Runs `step` for each input in order.
 * @param step - the input's result, or undefined to leave the input out of the results (e.g. reported otherwise)
 * @param isInputError - which errors are reported per input
 * @param failure - the failure entry of an input's error
 * @throws whatever `step` throws that `isInputError` does not accept
 */
export function perInput<T, R, E, F>(
  inputs: readonly T[],
  step: (input: T) => R | undefined,
  isInputError: (error: unknown) => error is E,
  failure: (error: E, input: T) => F,
): PerInputOutcome<R, F> {
  const outcome: PerInputOutcome<R, F> = { results: [], failures: [] };
  for (const input of inputs) {
    try {
      const result = step(input);
      if (result !== undefined) outcome.results.push(result);
    } catch (error) {
      if (!isInputError(error)) throw error;
      outcome.failures.push(failure(error, input));
    }
  }
  return outcome;
}
