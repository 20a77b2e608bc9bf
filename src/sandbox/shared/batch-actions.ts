/**
 * The four batch actions of a record API that answers per input (read, create, update, upsert), declared by a fake
 * over its records: each input's result or failure, the ids not found reported together, and the whole-batch checks
 * that refuse a request before any input runs. A provider's dialect says which errors are an input's own, how an
 * input's failure and result read (e.g. echoing a trace id the input carried) and how missing ids are reported.
 */
import { perInput, type PerInputOutcome, repeatedValues } from './batch.js';

type Input = Record<string, unknown>;
type Answer = Record<string, unknown>;

/** How a provider answers inputs one by one. */
export interface BatchDialect<E> {
  isInputError: (error: unknown) => error is E;
  failure: (error: E, input: Input) => unknown;
  /** An input's result as answered (the result as it is when not given). */
  result?: (result: Answer, input: Input) => Answer;
  /** The failures reporting the ids no record was found for (called with none as well). */
  missing: (ids: readonly string[]) => unknown[];
}

/** A fake's records as the batch actions use them; `W` is a checked write. */
export interface BatchRecords<R, W> {
  /** The record an input (or the id of a read) names: by id, or by the key the input or the batch names. */
  find: (id: string, input: Input) => R | undefined;
  /** An input's write, checked. @throws the input's error */
  check: (input: Input) => W;
  create: (write: W, input: Input) => R;
  update: (record: R, write: W) => R;
}

/** What a batch action collected: results in input order and failures (per input first, then the missing ids). */
export type BatchOutcome = PerInputOutcome<unknown, unknown>;

/** Runs `step` for each input; the input's own errors become its failure. */
export function eachInput<E>(dialect: BatchDialect<E>, inputs: readonly Input[], step: (input: Input) => Answer | undefined): BatchOutcome {
  const answered = (input: Input) => {
    const result = step(input);
    return result === undefined || dialect.result === undefined ? result : dialect.result(result, input);
  };
  return perInput(inputs, answered, dialect.isInputError, (error, input) => dialect.failure(error, input));
}

/** Reads each distinct id once: the records found answered, the others reported together. */
export function batchRead<R, E>(
  dialect: BatchDialect<E>,
  ids: readonly string[],
  find: (id: string) => R | undefined,
  answer: (record: R) => Answer,
) {
  const distinct = [...new Set(ids)];
  const found = distinct.map(find);
  const results = found.flatMap((record) => (record === undefined ? [] : [answer(record)]));
  return { results, failures: dialect.missing(distinct.filter((_id, index) => found[index] === undefined)) };
}

/** Checks every input before any is created, then creates the valid ones one by one (each may still fail alone). */
export function batchCreate<R, W, E>(
  dialect: BatchDialect<E>,
  inputs: readonly Input[],
  records: Pick<BatchRecords<R, W>, 'check' | 'create'>,
  answer: (record: R) => Answer,
) {
  const writes = new Map<Input, W>();
  const checked = perInput(inputs, (input) => void writes.set(input, records.check(input)), dialect.isInputError, dialect.failure);
  const valid = inputs.filter((input) => writes.has(input));
  const created = eachInput(dialect, valid, (input) => answer(records.create(writes.get(input) as W, input)));
  return { results: created.results, failures: [...checked.failures, ...created.failures] };
}

/**
 * Updates the record each input names; inputs naming no record are reported together after the failures.
 * @param repeated - the error refusing a batch that names an id twice
 */
export function batchUpdate<R, W, E>(
  dialect: BatchDialect<E>,
  inputs: readonly Input[],
  records: Omit<BatchRecords<R, W>, 'create'> & { idOf: (input: Input) => string },
  answer: (record: R, write: W) => Answer,
  repeated: (ids: string[]) => Error,
) {
  const duplicates = repeatedValues(inputs.map(records.idOf));
  if (duplicates.length > 0) throw repeated(duplicates);
  const missing: string[] = [];
  const { results, failures } = eachInput(dialect, inputs, (input) => {
    const id = records.idOf(input);
    const write = records.check(input);
    const record = records.find(id, input);
    if (record === undefined) return void missing.push(id);
    return answer(records.update(record, write), write);
  });
  return { results, failures: [...failures, ...dialect.missing(missing)] };
}

/**
 * Updates the record each input names, or creates it when there is none; `key` checks the input's key first and says
 * whether a missing record may be created (else `notFound` is the input's failure).
 */
export function batchUpsert<R, W, E>(
  dialect: BatchDialect<E>,
  inputs: readonly Input[],
  records: BatchRecords<R, W> & { key: (input: Input) => { id: string; creates: boolean }; notFound: (id: string) => Error },
  answer: (record: R, write: W, created: boolean, input: Input) => Answer,
) {
  return eachInput(dialect, inputs, (input) => {
    const { id, creates } = records.key(input);
    const write = records.check(input);
    const existing = records.find(id, input);
    if (existing === undefined && !creates) throw records.notFound(id);
    return answer(existing ? records.update(existing, write) : records.create(write, input), write, existing === undefined, input);
  });
}
