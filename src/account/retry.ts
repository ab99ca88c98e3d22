import { classifyError } from './errors.js';

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryOptions {
  sleep: Sleep;
  signal?: AbortSignal;
  /** Total attempts, first one included. */
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
}

/**
 * Runs `call`, retrying throttling and transient server errors with full-jitter
 * exponential backoff. Every other error (and an aborted signal) is thrown at once.
 */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions): Promise<T> {
  // Defaults are our choice: 5 attempts, delays capped at 250 ms, 500 ms, 1 s, 2 s (full jitter), at most 5 s.
  const attempts = options.attempts ?? 5;
  const base = options.baseDelayMs ?? 250;
  const cap = options.maxDelayMs ?? 5000;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      return await call();
    } catch (error) {
      const kind = classifyError(error);
      if ((kind !== 'throttled' && kind !== 'transient') || attempt >= attempts) throw error;
      if (options.signal?.aborted) throw error;
      const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
      await options.sleep(Math.round(random() * ceiling));
    }
  }
}
