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

/** A provider's errors for a batch body it refuses as a whole. */
export interface BatchInputRules {
  /** The key the inputs are listed under (e.g. `inputs`). */
  key: string;
  /** Most inputs one request may carry. */
  max: number;
  /** The error for a body without the list. */
  missing: () => Error;
  /** The error for more than `max` inputs. */
  tooMany: (max: number) => Error;
}

/**
 * The inputs of a batch body, each as an object (anything else reads as an empty object).
 * @throws the rules' errors for a missing list or too many inputs
 */
export function batchInputs(body: Readonly<Record<string, unknown>>, rules: BatchInputRules): Array<Record<string, unknown>> {
  const inputs = body[rules.key];
  if (!Array.isArray(inputs)) throw rules.missing();
  if (inputs.length > rules.max) throw rules.tooMany(rules.max);
  return inputs.map((input: unknown) => (typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {}));
}

/** The values that occur more than once, each once, in the order of their first occurrence. */
export function repeatedValues(values: readonly string[]): string[] {
  return [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
}
