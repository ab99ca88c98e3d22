import type * as WorkerThreads from 'node:worker_threads';
import type { Worker } from 'node:worker_threads';
import { parseFileContent, type ByteBox, type ParseOutcome } from './parse-file.js';
import type { ParseOptions } from './types.js';

const ROLE = 'hyperpod-prereq-parse-worker';
/** Given to parse workers only, so the main thread need not load node:worker_threads to know it is not one. */
const WORKER_ARG = `--${ROLE}`;

type Threads = typeof WorkerThreads;
let threads: Threads | undefined;
/** node:worker_threads, loaded when a pool starts or a worker runs (a small scan never loads it: start-up). */
const loadThreads = async (): Promise<Threads> => (threads ??= await import('node:worker_threads'));

let workerScript: URL | undefined;

/** Bundled entries register themselves: the same file serves as the worker script. */
export function setWorkerScript(url: URL): void {
  workerScript = url;
}

export async function isParseWorker(): Promise<boolean> {
  if (!process.argv.includes(WORKER_ARG)) return false;
  const { isMainThread, workerData } = await loadThreads();
  return !isMainThread && (workerData as { role?: string } | undefined)?.role === ROLE;
}

interface Job {
  id: number;
  file: string;
  data?: Uint8Array;
  options: ParseOptions;
}

export async function runParseWorker(): Promise<void> {
  const { parentPort } = await loadThreads();
  parentPort!.on('message', (job: Job) => {
    const box: ByteBox = { bytes: job.data };
    job.data = undefined;
    const outcome = parseFileContent(job.file, box, job.options);
    parentPort!.postMessage({ id: job.id, outcome });
  });
}

/** A small pool of parse workers; falls back to in-process parsing when no worker script is set or none is left. */
export class ParsePool {
  /** A pool of `size` workers (default: up to 4, one per core); 0 parses in process without loading worker_threads. */
  static async open(size?: number): Promise<ParsePool> {
    if (size === 0 || !workerScript) return new ParsePool(0);
    const { Worker } = await loadThreads();
    const { availableParallelism } = await import('node:os');
    return new ParsePool(size ?? Math.max(1, Math.min(availableParallelism(), 4)), Worker);
  }

  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve: (o: ParseOutcome) => void; file: string; worker: Worker }>();
  private readonly load = new Map<Worker, number>();
  private nextId = 0;

  private constructor(size: number, WorkerClass?: Threads['Worker']) {
    if (!workerScript || !WorkerClass) return;
    for (let i = 0; i < size; i++) {
      const worker = new WorkerClass(workerScript, { workerData: { role: ROLE }, argv: [WORKER_ARG] });
      worker.unref();
      worker.on('message', ({ id, outcome }: { id: number; outcome: ParseOutcome }) => {
        const job = this.pending.get(id);
        this.pending.delete(id);
        this.load.set(worker, (this.load.get(worker) ?? 1) - 1);
        job?.resolve(outcome);
      });
      worker.on('error', (error) => this.retire(worker, error.message));
      worker.on('exit', (code) => this.retire(worker, `exited with code ${code}`));
      this.load.set(worker, 0);
      this.workers.push(worker);
    }
  }

  get parallel(): boolean {
    return this.workers.length > 0;
  }

  parse(file: string, box: ByteBox, options: ParseOptions): Promise<ParseOutcome> {
    if (!this.workers.length) return Promise.resolve(parseFileContent(file, box, options));
    const data = box.bytes ?? new Uint8Array();
    box.bytes = undefined;
    const worker = this.workers.reduce((a, b) => ((this.load.get(a) ?? 0) <= (this.load.get(b) ?? 0) ? a : b));
    this.load.set(worker, (this.load.get(worker) ?? 0) + 1);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, file, worker });
      // Copy into a transferable buffer so large inputs are moved, not cloned.
      const copy = new Uint8Array(data.length);
      copy.set(data);
      worker.postMessage({ id, file, data: copy, options } satisfies Job, [copy.buffer]);
    });
  }

  /** A worker that failed or exited takes no more jobs; only its own pending jobs fail. */
  private retire(worker: Worker, why: string): void {
    const index = this.workers.indexOf(worker);
    if (index === -1) return;
    this.workers.splice(index, 1);
    this.load.delete(worker);
    for (const [id, job] of this.pending) {
      if (job.worker !== worker) continue;
      this.pending.delete(id);
      job.resolve({ status: 'unreadable', line: 1, column: 1, message: `parser worker failed: ${why}` });
    }
  }

  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
