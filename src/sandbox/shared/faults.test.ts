import { describe, expect, it } from 'vitest';

import { FaultQueue, type FaultRequest, parseFaultSpec } from './faults.js';

const get = (url: string): FaultRequest => ({ method: 'GET', url });

describe('FaultQueue steps (in-process test code run between two requests)', () => {
  it('runs a step before the request after `after` served ones, and serves that request normally', () => {
    const queue = new FaultQueue();
    const ran: string[] = [];
    queue.enqueue({ after: 2, run: (r) => void ran.push(r.url) });
    expect(queue.pendingSteps()).toBe(1);
    expect(queue.take(get('/1'))).toBeUndefined();
    expect(queue.take(get('/2'))).toBeUndefined();
    expect(ran).toEqual([]);
    expect(queue.take(get('/3'))).toBeUndefined();
    expect(ran).toEqual(['/3']);
    expect(queue.take(get('/4'))).toBeUndefined();
    expect(ran).toEqual(['/3']);
    expect(queue.pendingSteps()).toBe(0);
  });

  it('waits for the request `when` accepts, holding back what is queued behind it', () => {
    const queue = new FaultQueue();
    const ran: string[] = [];
    queue.enqueue({ run: (r) => void ran.push(r.url), when: (r) => r.url.startsWith('/list?page=2') });
    queue.enqueue({ status: 503 });
    expect(queue.take(get('/token'))).toBeUndefined();
    expect(queue.take(get('/list?page=1'))).toBeUndefined();
    expect(ran).toEqual([]);
    // The step runs, then the same request takes the failure queued behind it: a step takes no request of its own.
    expect(queue.take(get('/list?page=2'))).toEqual({ status: 503 });
    expect(ran).toEqual(['/list?page=2']);
    expect(queue.take(get('/list?page=2'))).toBeUndefined();
  });

  it('runs the failures queued before a step first, and steps in order', () => {
    const queue = new FaultQueue();
    const ran: number[] = [];
    queue.enqueue({ status: 500, count: 2 });
    queue.enqueue({ run: () => void ran.push(1) });
    queue.enqueue({ run: () => void ran.push(2) });
    expect(queue.take(get('/a'))).toEqual({ status: 500 });
    expect(queue.take(get('/a'))).toEqual({ status: 500 });
    expect(ran).toEqual([]);
    expect(queue.take(get('/a'))).toBeUndefined();
    expect(ran).toEqual([1, 2]);
  });

  it('refuses a step that returns a promise, a step with a failure, and `when` without a step', () => {
    const queue = new FaultQueue();
    // As a caller that slips the type check would pass it.
    queue.enqueue({ run: (() => Promise.resolve()) as () => void });
    expect(() => queue.take(get('/a'))).toThrow(/synchronous/);
    expect(() => queue.enqueue({ run: () => undefined, status: 503 })).toThrow(/takes no status/);
    expect(() => queue.enqueue({ status: 503, when: () => true })).toThrow(/needs fault.run/);
  });

  it('is never accepted from outside (the HTTP control API)', () => {
    const spec = parseFaultSpec({ status: 503, run: 'process.exit()', when: 'true' });
    expect(spec).toEqual({ status: 503, count: 1 });
    expect(() => parseFaultSpec({ run: () => undefined })).toThrow(/status/);
  });

  it('is dropped by clear', () => {
    const queue = new FaultQueue();
    let ran = false;
    queue.enqueue({ run: () => void (ran = true) });
    queue.clear();
    expect(queue.take(get('/a'))).toBeUndefined();
    expect(ran).toBe(false);
  });
});
