import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';
import { ParsePool, setWorkerScript } from '../../src/engine/workers.js';

/** A stand-in worker: crashes on crash.yaml, answers any other file after 300 ms. */
const WORKER = `import { parentPort } from 'node:worker_threads';
parentPort.on('message', (job) => {
  if (job.file === 'crash.yaml') throw new Error('boom');
  setTimeout(() => parentPort.postMessage({ id: job.id, outcome: { status: 'skipped', note: 'stand-in ' + job.file } }), 300);
});
`;

const TEMPLATE = "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n";
const options = { limits: DEFAULT_LIMITS };
const bytes = (text: string) => ({ bytes: new TextEncoder().encode(text) });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'hp-parse-pool-'));
  writeFileSync(path.join(dir, 'worker.mjs'), WORKER);
  setWorkerScript(pathToFileURL(path.join(dir, 'worker.mjs')));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ParsePool when a worker dies', () => {
  it('fails only the jobs of the dead worker; the other worker answers its own', async () => {
    const pool = await ParsePool.open(2);
    try {
      const [crashed, healthy] = await Promise.all([
        pool.parse('crash.yaml', bytes('x'), options),
        pool.parse('ok.yaml', bytes('x'), options),
      ]);
      expect(crashed).toEqual({ status: 'unreadable', line: 1, column: 1, message: 'parser worker failed: boom' });
      expect(healthy).toEqual({ status: 'skipped', note: 'stand-in ok.yaml' });
    } finally {
      await pool.close();
    }
  });

  it('takes no more jobs to a dead worker: with none left, files are parsed in process', async () => {
    const pool = await ParsePool.open(1);
    try {
      expect(pool.parallel).toBe(true);
      expect(await pool.parse('crash.yaml', bytes('x'), options)).toMatchObject({
        status: 'unreadable',
        message: 'parser worker failed: boom',
      });
      expect(pool.parallel).toBe(false);
      const next = await pool.parse('template.yaml', bytes(TEMPLATE), options);
      expect(next.status).toBe('parsed');
      expect(next.status === 'parsed' && next.parsed.kind).toBe('cloudformation');
    } finally {
      await pool.close();
    }
  }, 3000);
});
