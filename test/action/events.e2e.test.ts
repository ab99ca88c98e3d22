// The bundled action on every event a required check sees (pull_request, pull_request_target,
// merge_group, push), with a plan generated in the job, and with input mistakes: no silent passes.
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventRepo, actionBundle, mergeGroupEvent, pullRequestEvent, pushEvent, clusterSpec as spec } from '../helpers/event-run.js';
import { GitHubStandin } from '../helpers/github-standin.js';

const root = path.resolve(import.meta.dirname, '../..');

let gh: GitHubStandin;
beforeAll(async () => {
  await actionBundle();
  gh = await new GitHubStandin().start();
}, 300_000);
afterAll(async () => {
  await gh?.stop();
});

describe('merge_group and push compare with their base commit', () => {
  let r: EventRepo;
  let base: string;
  beforeAll(() => {
    r = new EventRepo(gh);
    // An error already on the target branch.
    base = r.commit({ 'specs/legacy.json': spec('legacy', false) }, 'base');
  });
  afterAll(() => r.cleanup());

  it('merge_group: a pre-existing error does not block the queue; the check run is on head_sha', async () => {
    const head = r.commit({ 'specs/new.json': spec('fresh', true) }, 'queued change');
    gh.checkRuns.length = 0;
    const out = await r.run({ event: 'merge_group', payload: mergeGroupEvent(base, head) });
    expect(out.code).toBe(0);
    expect(out.outputs).toMatchObject({ result: 'pass', errors: '1', 'new-findings': '0' });
    expect(out.report.findings.map((f: { file: string; isNew: boolean }) => [f.file, f.isNew])).toEqual([['specs/legacy.json', false]]);
    expect(gh.checkRuns).toHaveLength(1);
    expect(gh.checkRuns[0]).toMatchObject({
      head_sha: head,
      conclusion: 'neutral',
      output: { title: '0 new; 1 error, 0 warnings, 0 notices' },
    });
    expect(out.summary).toContain('Pre-existing');
  });

  it('merge_group: an error the queued change adds fails', async () => {
    const queueBase = r.git('rev-parse', 'HEAD');
    const head = r.commit({ 'specs/bad.json': spec('bad', false) }, 'adds an error');
    const out = await r.run({ event: 'merge_group', payload: mergeGroupEvent(queueBase, head) });
    expect(out.code).toBe(1);
    expect(out.outputs).toMatchObject({ result: 'fail', errors: '2', 'new-findings': '1' });
    expect(out.commands).toContain(
      '::error::1 finding at or above "error" introduced by this pull request; see the annotations and the job summary.',
    );
  });

  it('push: before..after decides what is new', async () => {
    const before = r.git('rev-parse', 'HEAD');
    const after = r.commit({ 'specs/other.json': spec('other', true) }, 'clean change');
    const out = await r.run({ event: 'push', payload: pushEvent(before, after) });
    expect(out.code).toBe(0);
    expect(out.outputs).toMatchObject({ result: 'pass', errors: '2', 'new-findings': '0' });
    // A push that creates the branch (before is all zeros) has nothing to compare with: every finding counts.
    const created = await r.run({ event: 'push', payload: pushEvent('0'.repeat(40), after) });
    expect(created.code).toBe(1);
    expect(created.outputs).toMatchObject({ 'new-findings': '2' });
  });
});

describe('pull_request_target with the default checkout (the base branch)', () => {
  let r: EventRepo;
  let base: string;
  let head: string;
  beforeAll(() => {
    r = new EventRepo(gh);
    base = r.commit({ 'specs/ok.json': spec('ok', true) }, 'base');
    r.git('checkout', '-q', '-b', 'pr');
    head = r.commit({ 'specs/bad.json': spec('bad', false) }, 'adds an error');
    r.git('checkout', '-q', 'main');
  });
  afterAll(() => r.cleanup());

  it('reads the head from git objects and fails on the error it adds (no false success on the head SHA)', async () => {
    gh.files = r.apiFiles(base, head);
    gh.checkRuns.length = 0;
    const out = await r.run({ event: 'pull_request_target', payload: pullRequestEvent(base, head), sha: base });
    expect(out.code).toBe(1);
    expect(out.outputs).toMatchObject({ result: 'fail', 'new-findings': '1' });
    expect(out.report.findings.map((f: { ruleId: string; file: string }) => `${f.ruleId} ${f.file}`)).toEqual(['HP001 specs/bad.json']);
    expect(gh.checkRuns.at(-1)).toMatchObject({ head_sha: head, conclusion: 'failure' });
    expect(out.summary).toMatch(/is not the pull request's head \w{12} \\\(pull\\_request\\_target checks out the base branch/);
    // The work tree was not touched.
    expect(r.git('rev-parse', 'HEAD')).toBe(base);
  });

  it('fails with a clear message when the head commit cannot be had', async () => {
    gh.checkRuns.length = 0;
    const missing = 'f'.repeat(40);
    const out = await r.run({ event: 'pull_request_target', payload: pullRequestEvent(base, missing), sha: base });
    expect(out.code).toBe(1);
    expect(out.commands.join('\n')).toMatch(
      /::error::The checked-out commit \w{12} is not the pull request's head f{12}, and the head commit could not be fetched/,
    );
    expect(gh.checkRuns).toEqual([]);
  });
});

describe('a plan generated in the job', () => {
  let r: EventRepo;
  let base: string;
  let head: string;
  const plan = JSON.stringify(
    JSON.parse(readFileSync(path.join(root, 'fixtures/rules/HP011/fail/terraform-cidr-egress-only.json'), 'utf8')),
  );
  const mainTf = (egress: string) =>
    [
      'resource "aws_security_group" "efa" {',
      '  name   = "hyperpod-efa"',
      '  vpc_id = "vpc-0123456789abcdef0"',
      '  ingress {',
      '    from_port = 0',
      '    to_port   = 0',
      '    protocol  = "-1"',
      '    self      = true',
      '  }',
      egress,
      '}',
      '',
      'resource "awscc_sagemaker_cluster" "this" {',
      '  cluster_name = "ml-cluster"',
      '}',
      '',
    ].join('\n');
  beforeAll(() => {
    r = new EventRepo(gh);
    base = r.commit({ 'infra/main.tf': mainTf('  # no egress yet'), '.gitignore': 'infra/plan.json\n' }, 'base');
    head = r.commit({ 'infra/main.tf': mainTf('  egress {\n    cidr_blocks = ["0.0.0.0/0"]\n  }') }, 'egress to anywhere');
  });
  afterAll(() => r.cleanup());

  it('is scanned though untracked; its finding is new, on the changed .tf lines, and fails the check', async () => {
    // `terraform show -json` writes one line.
    r.write({ 'infra/plan.json': plan });
    gh.files = r.apiFiles(base, head);
    gh.reviewComments.length = 0;
    const out = await r.run({ event: 'pull_request', payload: pullRequestEvent(base, head), inputs: { paths: 'infra/plan.json' } });
    expect(out.code).toBe(1);
    expect(out.outputs).toMatchObject({ result: 'fail', 'new-findings': '2' });
    const hp011 = out.report.findings.find((f: { ruleId: string }) => f.ruleId === 'HP011');
    // Placed on the first changed line of the security group's block (the egress block, line 10).
    expect(hp011).toMatchObject({ file: 'infra/main.tf', line: 10, isNew: true });
    expect(gh.reviewComments.map((c) => `${c.subject_type} ${c.path}:${c.line}`)).toContain('line infra/main.tf:10');
    expect(gh.requests.filter((c) => c.status === 422)).toEqual([]);
  });

  it('counts a finding as pre-existing when the change does not touch its resource', async () => {
    const untouched = r.commit({ 'README.md': 'docs only\n' }, 'docs');
    gh.files = r.apiFiles(head, untouched);
    const out = await r.run({ event: 'pull_request', payload: pullRequestEvent(head, untouched), inputs: { paths: 'infra/plan.json' } });
    expect(out.code).toBe(0);
    expect(out.outputs).toMatchObject({ result: 'pass', 'new-findings': '0', errors: '1' });
  });
});

describe('input mistakes are input errors', () => {
  let r: EventRepo;
  let base: string;
  const outside = mkdtempSync(path.join(tmpdir(), 'hp-outside-'));
  beforeAll(() => {
    r = new EventRepo(gh);
    base = r.commit({ 'specs/ok.json': spec('ok', true), 'docs/readme.md': 'x\n' }, 'base');
    mkdirSync(path.join(outside, 'specs'), { recursive: true });
  });
  afterAll(() => r.cleanup());

  const cases: [string, Record<string, string>, RegExp][] = [
    ['paths matching nothing', { paths: 'infra/**/*.json' }, /^::error::Input paths: infra\/\*\*\/\*\.json matches nothing to scan/],
    ['a folder with nothing to scan', { paths: 'docs' }, /^::error::Input paths: docs matches nothing to scan \(the folder holds no file/],
    [
      'a path outside the workspace',
      { paths: '../../../../etc/hosts' },
      /^::error::Input paths: \.\.\/\.\.\/\.\.\/\.\.\/etc\/hosts is outside the workspace/,
    ],
    [
      'a working-directory outside the workspace',
      { 'working-directory': '..' },
      /^::error::Input working-directory: \.\. is outside the workspace/,
    ],
    ['an invalid region', { region: 'us-east1' }, /^::error::Input region must be an AWS region name such as us-east-1 \(got "us-east1"\)/],
    ['an invalid aws-region', { 'aws-region': 'Frankfurt' }, /^::error::Input aws-region must be an AWS region name/],
    [
      'a malformed role-to-assume',
      { 'role-to-assume': 'arn:aws:iam::1234:role/x' },
      /^::error::Input role-to-assume must be an IAM role ARN/,
    ],
    [
      'reserved cfn-lint-args',
      { 'cfn-lint': 'auto', 'cfn-lint-args': '--format json' },
      /^::error::Input cfn-lint-args must not contain --format/,
    ],
  ];
  for (const [what, inputs, message] of cases) {
    it(`${what}: exit 1 naming the input, nothing posted`, async () => {
      gh.resetRequests();
      const out = await r.run({ event: 'pull_request', payload: pullRequestEvent(base, base), inputs });
      expect(out.code).toBe(1);
      expect(out.commands).toHaveLength(1);
      expect(out.commands[0]).toMatch(message);
      expect(gh.writes()).toEqual([]);
      expect(out.outputs.result).toBeUndefined();
    });
  }

  it('cfn-lint: required without cfn-lint on PATH', async () => {
    const bin = mkdtempSync(path.join(tmpdir(), 'hp-bin-'));
    symlinkSync(execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim(), path.join(bin, 'git'));
    const out = await r.run({
      event: 'pull_request',
      payload: pullRequestEvent(base, base),
      inputs: { 'cfn-lint': 'required' },
      env: { PATH: bin },
    });
    expect(out.code).toBe(1);
    expect(out.commands).toEqual([
      expect.stringMatching(/^::error::Input cfn-lint is required, but the cfn-lint executable is not on PATH/),
    ]);
  });
});
