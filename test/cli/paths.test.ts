import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTargets } from '../../src/cli/targets.js';
import { runCli } from '../helpers/run-cli.js';

interface Report {
  findings: { ruleId: string; file: string; message: string }[];
  files: { file: string; kind: string }[];
  notices: string[];
}

const json = (stdout: string): Report => JSON.parse(stdout) as Report;
const SPEC = path.resolve('fixtures/examples/eks-cluster-spec.json');

describe('CLI paths: anything the user names is scanned, what the scan discovers stays contained', () => {
  let tmp: string;
  let infra: string;
  let app: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'hp-paths-'));
    infra = path.join(tmp, 'infra');
    app = path.join(tmp, 'app');
    mkdirSync(path.join(infra, 'eks'), { recursive: true });
    mkdirSync(app);
    mkdirSync(path.join(tmp, 'secret'));
    cpSync(SPEC, path.join(infra, 'eks', 'spec.json'));
    cpSync(SPEC, path.join(tmp, 'secret', 'spec.json'));
    symlinkSync(path.join(tmp, 'secret', 'spec.json'), path.join(infra, 'leak.json'));
    symlinkSync(path.join(tmp, 'secret', 'spec.json'), path.join(app, 'named-link.json'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('scans ../infra from a sibling folder, paths relative to infra, and refuses a link leaving it', () => {
    const run = runCli(['scan', '../infra', '--format', 'json'], { cwd: app });
    expect(run.status).toBe(1);
    const report = json(run.stdout);
    expect(report.files).toContainEqual({ file: 'eks/spec.json', kind: 'cluster-spec' });
    expect(report.findings.some((f) => f.ruleId === 'HP001' && f.file === 'eks/spec.json')).toBe(true);
    const leak = report.findings.filter((f) => f.file === 'leak.json');
    expect(leak.map((f) => f.ruleId)).toEqual(['HP000']);
    expect(leak[0]!.message).toMatch(/symbolic link pointing outside the workspace/);
    expect(report.notices).toContain(`paths are relative to ${infra}`);
  });

  it('scans an absolute path and a glob outside the working directory', () => {
    const absolute = json(runCli(['scan', path.join(infra, 'eks'), '--format', 'json'], { cwd: app }).stdout);
    expect(absolute.files.map((f) => f.file)).toEqual(['spec.json']);
    const glob = json(runCli(['scan', '../infra/**/*.json', '--format', 'json'], { cwd: app }).stdout);
    expect(glob.files.map((f) => f.file)).toEqual(['eks/spec.json']);
  });

  it('keeps --root as the base of reported paths, and refuses a named path outside it', () => {
    const run = runCli(['scan', 'infra/eks', '--root', '.', '--format', 'json'], { cwd: tmp });
    expect(json(run.stdout).files.map((f) => f.file)).toEqual(['infra/eks/spec.json']);
    expect(json(run.stdout).notices).not.toContainEqual(expect.stringMatching(/^paths are relative/));
    const outside = runCli(['scan', '../infra', '--root', '.'], { cwd: app });
    expect(outside.status).toBe(2);
    expect(outside.stderr).toMatch(/\.\.\/infra is not inside --root \./);
    expect(runCli(['scan', '.', '--root', 'missing'], { cwd: app }).status).toBe(2);
  });

  it('follows a link the user names, wherever it points', () => {
    const run = runCli(['scan', 'named-link.json', '--format', 'json'], { cwd: app });
    const report = json(run.stdout);
    expect(report.files).toEqual([{ file: 'named-link.json', kind: 'cluster-spec' }]);
    expect(report.findings.some((f) => f.ruleId === 'HP001')).toBe(true);
    // Found by walking the folder instead of named: refused.
    const walked = json(runCli(['scan', '.', '--format', 'json'], { cwd: app }).stdout);
    expect(walked.findings.map((f) => [f.ruleId, f.file])).toEqual([['HP000', 'named-link.json']]);
  });

  it('reads the config of the scan root, and --config relative to the working directory', () => {
    writeFileSync(path.join(infra, '.hyperpod-prereq.yml'), 'exclude:\n  - leak.json\n');
    writeFileSync(path.join(app, 'strict.yml'), 'exclude:\n  - "**/spec.json"\n');
    try {
      const rootConfig = json(runCli(['scan', '../infra', '--format', 'json'], { cwd: app }).stdout);
      expect(rootConfig.findings.some((f) => f.file === 'leak.json')).toBe(false);
      const named = json(runCli(['scan', '../infra', '--config', 'strict.yml', '--format', 'json'], { cwd: app }).stdout);
      expect(named.files.map((f) => f.file)).not.toContain('eks/spec.json');
    } finally {
      rmSync(path.join(infra, '.hyperpod-prereq.yml'));
    }
  });
});

describe('resolveTargets', () => {
  const cwd = path.resolve('/work/repo');
  it('keeps the working directory when it holds every path', async () => {
    expect(await resolveTargets(cwd, ['a', 'b/**/*.yaml'])).toEqual({ root: cwd, specs: ['a', 'b/**/*.yaml'] });
    expect(await resolveTargets(cwd, [])).toEqual({ root: cwd, specs: ['.'] });
  });
  it('uses the common folder of paths outside it', async () => {
    expect(await resolveTargets(cwd, ['../x/one.yaml', '../y/**/*.json'])).toEqual({
      root: path.resolve('/work'),
      specs: ['x/one.yaml', 'y/**/*.json'],
    });
    expect(await resolveTargets(cwd, ['/elsewhere/t/**'])).toEqual({ root: path.resolve('/elsewhere/t'), specs: ['**'] });
  });
});
