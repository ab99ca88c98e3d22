// run() in process, with the scan replaced: failures become one setFailed message.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/action/main.js';
import { ConfigError } from '../../src/engine/scan.js';
import type { ScanResult } from '../../src/engine/types.js';
import { Model } from '../../src/model/model.js';
import { GitHubStandin } from '../helpers/github-standin.js';
import { finding } from './fixtures.js';

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

  it('passes the quotas-file snapshot to the scan, and names a malformed one', async () => {
    const temp = mkdtempSync(path.join(tmpdir(), 'hp-quotas-'));
    writeFileSync(
      path.join(temp, 'quotas.json'),
      JSON.stringify({ 'us-west-2': { sagemaker: { 'ml.p5.48xlarge for cluster usage': 8 } } }),
    );
    writeFileSync(path.join(temp, 'bad.json'), JSON.stringify({ 'us-west-2': { eni: 1 } }));
    let seen: unknown;
    const out = captureStdout();
    await run({
      env: { ...env, GITHUB_WORKSPACE: temp },
      readInput: (name) => (name === 'quotas-file' ? 'quotas.json' : ''),
      scan: async (options) => {
        seen = options.quotaSnapshot;
        throw new ConfigError('stop here');
      },
    });
    await run({
      env: { ...env, GITHUB_WORKSPACE: temp },
      readInput: (name) => (name === 'quotas-file' ? 'bad.json' : ''),
      scan: async () => Promise.reject(new Error('not called')),
    });
    out.restore();
    rmSync(temp, { recursive: true, force: true });
    expect(
      (seen as { sagemakerQuotas: Record<string, Record<string, number>> }).sagemakerQuotas['us-west-2'][
        'ml.p5.48xlarge for cluster usage'
      ],
    ).toBe(8);
    expect(out.lines).toContain('::error::Input quotas-file: bad.json: us-west-2: unknown key "eni"');
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

  it('keeps the verdict and the outputs when every reporting channel fails', async () => {
    const gh = await new GitHubStandin().start();
    gh.readOnly = true;
    const temp = mkdtempSync(path.join(tmpdir(), 'hp-run-'));
    const outputFile = path.join(temp, 'output');
    writeFileSync(outputFile, '');
    const previousOutput = process.env.GITHUB_OUTPUT;
    process.env.GITHUB_OUTPUT = outputFile;
    const result: ScanResult = {
      findings: [finding({ file: 'a.yaml', line: 3, severity: 'warning' })],
      suppressed: [],
      files: [{ file: 'a.yaml', kind: 'cloudformation' }],
      unverified: [],
      summary: { errors: 0, warnings: 1, notices: 0, suppressed: 0, filesScanned: 1, filesSkipped: 0, unverified: 0, durationMs: 1 },
      demand: { eniPerRegion: {}, instancesPerType: {}, clusters: [] },
      rules: [],
      tools: {},
      notices: [],
      model: new Model(),
    };
    const out = captureStdout();
    try {
      await run({
        env: {
          ...gh.env(),
          GITHUB_WORKSPACE: process.cwd(),
          GITHUB_EVENT_NAME: 'push',
          GITHUB_REPOSITORY: 'octo/infra',
          GITHUB_SHA: 'a'.repeat(40),
          // A folder: appending the job summary fails.
          GITHUB_STEP_SUMMARY: temp,
        },
        readInput: (name) => ({ 'github-token': 't', 'json-report': path.join(temp, 'missing-dir-is-created/report.json') })[name] ?? '',
        scan: async () => result,
      });
    } finally {
      out.restore();
      process.env.GITHUB_OUTPUT = previousOutput;
      await gh.stop();
    }
    expect(process.exitCode).toBeUndefined();
    expect(out.lines.filter((l) => l.startsWith('::warning::'))).toEqual([
      expect.stringMatching(
        /^::warning::The check run failed: POST \/repos\/octo\/infra\/check-runs: forbidden \(Resource not accessible by integration\)/,
      ),
      expect.stringMatching(/^::warning::Could not write the job summary: EISDIR/),
    ]);
    const outputs = readFileSync(outputFile, 'utf8');
    expect(outputs).toMatch(/^result<<(.+)\npass\n\1$/m);
    expect(outputs).toMatch(/^warnings<<(.+)\n1\n\1$/m);
    expect(JSON.parse(readFileSync(path.join(temp, 'missing-dir-is-created/report.json'), 'utf8')).findings).toHaveLength(1);
    rmSync(temp, { recursive: true, force: true });
  });
});
