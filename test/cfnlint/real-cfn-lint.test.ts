// Runs the real cfn-lint (1.x) on fixtures with known results. Under CI=true a missing cfn-lint fails these tests.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCfnLint } from '../../src/cfnlint/index.js';
import { scan } from '../../src/engine/scan.js';
import type { Finding } from '../../src/engine/types.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const fixtures = 'fixtures/cfnlint';
const installed = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;
const mustRun = installed || process.env.CI === 'true';

const brief = (f: Finding) => [f.ruleId, f.severity, f.file, f.line, f.column, f.endLine, f.endColumn, f.resource ?? null];

describe.runIf(mustRun)('real cfn-lint', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'cfnlint-real-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('is installed (CI must provide it)', () => {
    expect(installed).toBe(true);
  });

  it('maps known errors and warnings to the exact rule IDs, severities and lines', async () => {
    const result = await runCfnLint({ cwd: repoRoot, files: [`${fixtures}/errors.yaml`], mode: 'required' });
    expect(result.failure).toBeUndefined();
    expect(result.notices).toEqual([]);
    expect(result.version).toMatch(/^1\.\d+\.\d+/);
    expect(result.findings.map(brief)).toEqual([
      ['cfn-lint/W2001', 'warning', `${fixtures}/errors.yaml`, 4, 3, 4, 15, null],
      ['cfn-lint/W3010', 'warning', `${fixtures}/errors.yaml`, 16, 7, 16, 23, 'PrivateSubnet'],
      ['cfn-lint/E3012', 'error', `${fixtures}/errors.yaml`, 17, 7, 17, 26, 'PrivateSubnet'],
      ['cfn-lint/E3002', 'error', `${fixtures}/errors.yaml`, 23, 7, 23, 26, 'ClusterSecurityGroup'],
    ]);
    const e3012 = result.findings.find((f) => f.ruleId === 'cfn-lint/E3012')!;
    expect(e3012.message).toBe("'notabool' is not of type 'boolean'");
    expect(e3012.docs).toMatch(/^https:\/\/github\.com\/aws-cloudformation\/cfn-lint\//);
    expect(e3012.fingerprint).toBe('');
    expect(result.findings.find((f) => f.ruleId === 'cfn-lint/E3002')!.message).toContain("'SecurityGroupIngres' was unexpected");
    expect(result.rules.map((r) => r.id)).toEqual(['cfn-lint/E3002', 'cfn-lint/E3012', 'cfn-lint/W2001', 'cfn-lint/W3010']);
    expect(result.rules.find((r) => r.id === 'cfn-lint/E3012')).toMatchObject({
      defaultSeverity: 'error',
      title: 'Check resource properties values',
    });
  });

  // Issue 14: cfn-lint's older InstanceType enum raised E3030 on types the SageMaker API accepts.
  it('drops E3030 on SageMaker cluster instance types the API model accepts, keeps it on a rejected one', async () => {
    const file = `${fixtures}/sagemaker-instance-types.yaml`;
    const raw = await runCfnLint({ cwd: repoRoot, files: [file], mode: 'required' });
    expect(raw.findings.filter((f) => f.ruleId === 'cfn-lint/E3030').map((f) => f.line)).toEqual([10, 17, 25]);
    const result = await scan({ cwd: repoRoot, paths: [file], workers: false, region: 'us-west-2', cfnLint: { mode: 'required' } });
    const kept = result.findings.filter((f) => f.ruleId === 'cfn-lint/E3030' || f.ruleId === 'HP007').map((f) => `${f.ruleId}:${f.line}`);
    expect(kept.sort()).toEqual(['HP007:17', 'cfn-lint/E3030:17']);
    expect(result.notices).toContain(
      'cfn-lint E3030 dropped 2 times on AWS::SageMaker::Cluster instance types that the SageMaker API model accepts ' +
        '(its InstanceType enum is older; HP007 checks the type): ml.g4dn.xlarge, ml.g7.48xlarge.',
    );
  }, 60_000);

  it('reports nothing on a clean template, even with informational checks on', async () => {
    const result = await runCfnLint({
      cwd: repoRoot,
      files: [`${fixtures}/clean.yaml`],
      mode: 'required',
      args: ['--include-checks', 'I'],
    });
    expect(result).toMatchObject({ findings: [], notices: [], rules: [] });
    expect(result.failure).toBeUndefined();
    expect(result.version).toMatch(/^1\./);
  });

  it('maps informational results to notices, in a JSON template', async () => {
    const result = await runCfnLint({
      cwd: repoRoot,
      files: [`${fixtures}/informational.json`],
      mode: 'auto',
      args: ['--include-checks', 'I'],
    });
    expect(result.failure).toBeUndefined();
    expect(result.findings.map(brief)).toEqual([
      ['cfn-lint/I3011', 'notice', `${fixtures}/informational.json`, 4, 5, 4, 22, 'CheckpointTable'],
      ['cfn-lint/I3011', 'notice', `${fixtures}/informational.json`, 4, 5, 4, 22, 'CheckpointTable'],
    ]);
    expect(result.findings.map((f) => f.message.split(' (')[0])).toEqual([
      "'DeletionPolicy' is a required property",
      "'UpdateReplacePolicy' is a required property",
    ]);
  });

  it('passes extra arguments to cfn-lint', async () => {
    const result = await runCfnLint({
      cwd: repoRoot,
      files: [`${fixtures}/errors.yaml`],
      mode: 'auto',
      args: ['--ignore-checks', 'W2001'],
    });
    expect(result.failure).toBeUndefined();
    expect(result.findings.map((f) => `${f.ruleId}@${f.line}`)).toEqual(['cfn-lint/W3010@16', 'cfn-lint/E3012@17', 'cfn-lint/E3002@23']);
  });

  it("leaves a template's Metadata cfn-lint ignore_checks to cfn-lint", async () => {
    const result = await runCfnLint({ cwd: repoRoot, files: [`${fixtures}/ignored-by-metadata.yaml`], mode: 'required' });
    expect(result.failure).toBeUndefined();
    expect(result.findings).toEqual([]);
  });

  it('reports a template cfn-lint cannot parse as E0000 on its line', async () => {
    const result = await runCfnLint({ cwd: repoRoot, files: [`${fixtures}/unparsable.yaml`, `${fixtures}/clean.yaml`], mode: 'auto' });
    expect(result.failure).toBeUndefined();
    expect(result.findings.map(brief)).toEqual([['cfn-lint/E0000', 'error', `${fixtures}/unparsable.yaml`, 5, 1, 5, 2, null]]);
  });

  it('lints files whose names contain glob characters, or start with a dash, as literal names', async () => {
    for (const name of ['net[1].yaml', 'net*.yaml', '-net.yaml'])
      copyFileSync(path.join(repoRoot, fixtures, 'errors.yaml'), path.join(scratch, name));
    copyFileSync(path.join(repoRoot, fixtures, 'clean.yaml'), path.join(scratch, 'net1.yaml'));
    const result = await runCfnLint({
      cwd: scratch,
      files: ['net[1].yaml', 'net*.yaml', '-net.yaml', 'net1.yaml'],
      mode: 'auto',
      args: ['-i', 'W'],
    });
    expect(result.failure).toBeUndefined();
    const byFile = result.findings.map((f) => `${f.file}:${f.ruleId}@${f.line}`).sort();
    expect(byFile).toEqual([
      '-net.yaml:cfn-lint/E3002@23',
      '-net.yaml:cfn-lint/E3012@17',
      'net*.yaml:cfn-lint/E3002@23',
      'net*.yaml:cfn-lint/E3012@17',
      'net[1].yaml:cfn-lint/E3002@23',
      'net[1].yaml:cfn-lint/E3012@17',
    ]);
  });

  it('reports a path cfn-lint cannot read as a tool failure, not as a finding', async () => {
    const result = await runCfnLint({ cwd: repoRoot, files: [`${fixtures}/does-not-exist.yaml`], mode: 'auto' });
    expect(result.findings).toEqual([]);
    expect(result.failure).toBe(
      `cfn-lint gave no usable result: it reported E0003 without a file: ${fixtures}/does-not-exist.yaml could not be processed by glob.glob`,
    );
  });
  it('never imports Python rules that a repository .cfnlintrc appends (append_rules)', async () => {
    const repo = path.join(scratch, 'hostile-repo');
    const marker = path.join(scratch, 'pwned-marker');
    mkdirSync(path.join(repo, 'evil_rules'), { recursive: true });
    copyFileSync(path.join(repoRoot, fixtures, 'clean.yaml'), path.join(repo, 'stack.yaml'));
    writeFileSync(
      path.join(repo, 'evil_rules', 'evil.py'),
      `open(${JSON.stringify(marker)}, "w").write("ran")\nfrom cfnlint.rules import CloudFormationLintRule\n` +
        `class Evil(CloudFormationLintRule):\n    id = "E9999"\n    shortdesc = "evil"\n    description = "evil"\n    source_url = "https://example.com"\n    tags = []\n` +
        `    def match(self, cfn):\n        return []\n`,
    );
    writeFileSync(path.join(repo, '.cfnlintrc'), 'append_rules:\n  - evil_rules\nignore_checks:\n  - W3010\n');

    // The fixture is effective: cfn-lint run directly in that folder imports the module.
    spawnSync('cfn-lint', ['--format', 'json', '--', 'stack.yaml'], { cwd: repo, encoding: 'utf8' });
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);

    copyFileSync(path.join(repoRoot, fixtures, 'errors.yaml'), path.join(repo, 'errors.yaml'));
    const result = await runCfnLint({ cwd: repo, files: ['stack.yaml', 'errors.yaml'], mode: 'required' });
    expect(existsSync(marker)).toBe(false);
    expect(result.failure).toBeUndefined();
    expect(result.notices).toEqual([
      expect.stringMatching(/^cfn-lint: append_rules in \.cfnlintrc was ignored; the action passes on only ignore_checks, /),
    ]);
    // The rest of the project config still applies (W3010 is ignored there).
    expect(result.findings.map((f) => `${f.file}:${f.ruleId}@${f.line}`)).toEqual([
      'errors.yaml:cfn-lint/W2001@4',
      'errors.yaml:cfn-lint/E3012@17',
      'errors.yaml:cfn-lint/E3002@23',
    ]);
  });
});
