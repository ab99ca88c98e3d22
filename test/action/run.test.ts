// run() in process, with the scan replaced: failures become one setFailed message.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/action/main.js';
import { ConfigError } from '../../src/engine/scan.js';

function captureStdout(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split(/\r?\n/).filter(Boolean));
    return true;
  });
  return { lines, restore: () => spy.mockRestore() };
}

afterEach(() => {
  process.exitCode = undefined;
});

const env = { GITHUB_WORKSPACE: process.cwd(), GITHUB_EVENT_NAME: 'workflow_dispatch' };

describe('run', () => {
  it('fails the step with the input error', async () => {
    const out = captureStdout();
    await run({
      env,
      readInput: (name) => (name === 'scan-scope' ? 'everything' : ''),
      scan: async () => Promise.reject(new Error('not called')),
    });
    out.restore();
    expect(out.lines).toEqual(['::error::Input scan-scope must be one of auto, changed, all (got "everything").']);
    expect(process.exitCode).toBe(1);
  });

  it('reports an invalid configuration file as such', async () => {
    const out = captureStdout();
    await run({
      env,
      readInput: () => '',
      scan: async () => {
        throw new ConfigError('.hyperpod-prereq.yml:3:1: unknown rule HP999');
      },
    });
    out.restore();
    expect(out.lines).toEqual(['::error::Invalid configuration:%0A.hyperpod-prereq.yml:3:1: unknown rule HP999']);
  });

  it('names a working directory that does not exist', async () => {
    const out = captureStdout();
    await run({
      env,
      readInput: (name) => (name === 'working-directory' ? 'no/such/dir' : ''),
      scan: async () => Promise.reject(new Error('not called')),
    });
    out.restore();
    expect(out.lines).toEqual(['::error::Input working-directory: no/such/dir is not a folder of the workspace.']);
  });
});
