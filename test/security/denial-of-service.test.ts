// Issue 15, item 5: the pull request's own files and config cannot make a scan run past the tool's
// limits. Runs the bundled action as the runner does and compares scan times within one test run
// (the JSON report's durationMs), never against an absolute time.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRepo, type ActionOutcome } from '../helpers/action-run.js';
import { GitHubStandin } from '../helpers/github-standin.js';

interface Report {
  summary: { durationMs: number; filesScanned: number };
  findings: { ruleId: string; file: string; message: string }[];
}

/** A one-line plan (as `terraform show -json` writes it) with `n` security groups. */
function onePlan(n: number): string {
  const resources = Array.from({ length: n }, (_, i) => ({
    address: `aws_security_group.g${i}`,
    mode: 'managed',
    type: 'aws_security_group',
    name: `g${i}`,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    schema_version: 1,
    values: { name: `g${i}`, description: 'x'.repeat(700), vpc_id: 'vpc-0123456789abcdef0', ingress: [], egress: [] },
  }));
  return JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: { root_module: { resources } },
    configuration: {
      provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'us-east-1' } } } },
      root_module: { resources: [] },
    },
  });
}

describe('bundled action: denial of service past the limits', () => {
  let gh: GitHubStandin;
  let repo: ActionRepo;
  let base: string;
  const report = (out: ActionOutcome): Report => JSON.parse(readFileSync(out.outputs['json-report']!, 'utf8')) as Report;
  /**
   * Runs on the last commit with its parent as the base when `big` (the pull-request files API
   * stand-in diffs base and head, which a many-megabyte file would overflow).
   */
  const scanMs = async (head: string, big = false): Promise<{ ms: number; out: ActionOutcome }> => {
    const from = big ? repo.git('rev-parse', `${head}~1`) : base;
    const out = await repo.run(gh, { base: from, head, inputs: { 'scan-scope': 'all', 'fail-on': 'never' } });
    return { ms: Math.max(1, report(out).summary.durationMs), out };
  };
  /** Commits the files, then a small change on top, so the diff the stand-in reads stays small. */
  const commitBig = (files: Record<string, string>, message: string): string => {
    repo.write(files).commit(message);
    return repo.write({ 'README.md': `# ${message}\n` }).commit(`${message}: readme`);
  };

  beforeAll(async () => {
    gh = await new GitHubStandin().start();
    repo = new ActionRepo();
    base = repo.write({ 'README.md': '# infra\n' }).commit('base');
  }, 120_000);
  afterAll(async () => {
    await gh?.stop();
    repo?.cleanup();
  });

  it('a config exclude glob **/*a*a*a*a*a*a*a*a*a*a*a*a*a*b on 20 files costs about what **/*b costs', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) files[`infra/${'a'.repeat(40)}${i}.yaml`] = `AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n`;
    for (let i = 0; i < 100; i++) files[`other/t${i}.yaml`] = `AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n`;
    repo.write({ ...files, '.hyperpod-prereq.yml': "exclude: ['**/*b']\n" });
    const simple = await scanMs(repo.commit('simple glob'));
    repo.write({ '.hyperpod-prereq.yml': "exclude: ['**/*a*a*a*a*a*a*a*a*a*a*a*a*a*b']\n" });
    const hostile = await scanMs(repo.commit('hostile glob'));
    expect(report(hostile.out).summary.filesScanned).toBe(120);
    expect(report(simple.out).summary.filesScanned).toBe(120);
    expect(hostile.ms / simple.ms).toBeLessThan(3);
  }, 180_000);

  it('a one-line plan four times larger takes less than eight times as long (line and column of each resource found once)', async () => {
    repo.write({ '.hyperpod-prereq.yml': '# none\n' });
    const small = await scanMs(commitBig({ 'plans/p.plan.json': onePlan(2500) }, '2.4 MB one-line plan'), true);
    const large = await scanMs(commitBig({ 'plans/p.plan.json': onePlan(10_000) }, '9.7 MB one-line plan'), true);
    expect(readFileSync(path.join(repo.repo, 'plans/p.plan.json'), 'utf8').length).toBeGreaterThan(9_000_000);
    expect(report(large.out).findings.filter((f) => f.ruleId === 'HP000')).toEqual([]);
    expect(large.ms / small.ms).toBeLessThan(8);
  }, 300_000);

  it('limits raised by the config are capped at the built-in maximum, and a notice says so', async () => {
    const big = `AWSTemplateFormatVersion: '2010-09-09'\nDescription: ${'y'.repeat(6 * 1024 * 1024)}\nResources: {}\n`;
    const head = commitBig(
      { '.hyperpod-prereq.yml': 'limits:\n  maxTemplateBytes: 200000000\n  maxFiles: 50\n', 'big/huge.yaml': big },
      'config raises maxTemplateBytes',
    );
    const { out } = await scanMs(head, true);
    expect(out.log.split('\n')).toContain(
      'limits.maxTemplateBytes: 200000000 in .hyperpod-prereq.yml is above the built-in maximum 5242880; the maximum applies.',
    );
    const findings = report(out).findings.filter((f) => f.ruleId === 'HP000');
    expect(findings.map((f) => f.message)).toContain(
      `big/huge.yaml was not read: file is ${Buffer.byteLength(big)} bytes, over the limit of 5242880 bytes.`,
    );
    // Lowering a limit still works.
    expect(findings.some((f) => f.message.startsWith('Too many files: '))).toBe(true);
  }, 180_000);
});
