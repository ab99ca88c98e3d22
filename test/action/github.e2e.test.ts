// The bundled action against the GitHub stand-in when GitHub misbehaves or is shared: comments of
// other authors carrying markers, markers forged through resource names, writes stored and then
// answered 502 or never answered, minimized and outdated comments, a summary cut for size, an API
// that hangs, two runs racing, comment-mode off after update, and Dependabot's read-only token.
// Every payload is @octokit/webhooks-examples' pull_request "opened".
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EventRepo, actionBundle, pullRequestEvent, type EventOutcome } from '../helpers/event-run.js';
import { BOT, GitHubStandin } from '../helpers/github-standin.js';

/**
 * A CloudFormation template whose clusters (by logical ID) lack VpcConfig: one HP001 error each,
 * on its logical ID's line. Logical IDs of more than 40 characters are also the cluster names.
 */
const template = (...logicalIds: string[]): string =>
  JSON.stringify(
    {
      Resources: Object.fromEntries(
        logicalIds.map((id, i) => [
          id,
          {
            Type: 'AWS::SageMaker::Cluster',
            Properties: {
              ClusterName: id.length > 40 ? id : `cluster-${i}`,
              Orchestrator: { Eks: { ClusterArn: `arn:aws:eks:us-east-1:123456789012:cluster/c${i}` } },
              InstanceGroups: [
                {
                  InstanceGroupName: 'workers',
                  InstanceType: 'ml.m5.xlarge',
                  InstanceCount: 1,
                  ExecutionRole: 'arn:aws:iam::123456789012:role/exec',
                  LifeCycleConfig: { SourceS3Uri: 's3://bucket/lc/', OnCreate: 'on_create.sh' },
                },
              ],
            },
          },
        ]),
      ),
    },
    null,
    2,
  ) + '\n';

const OK = JSON.stringify({ Resources: {} }) + '\n';
const fpMarker = (fp: string) => `<!-- hyperpod-prereq:fp=${fp} -->`;

let gh: GitHubStandin;
let r: EventRepo;
beforeAll(async () => {
  await actionBundle();
}, 300_000);
beforeEach(async () => {
  gh = await new GitHubStandin().start();
  r = new EventRepo(gh);
});
afterEach(async () => {
  r.cleanup();
  await gh.stop();
});

/** Commits base and head, points the files API at the diff, runs the action on the pull request. */
function pullRequest(baseFiles: Record<string, string | null>) {
  const base = r.commit(baseFiles, 'base');
  return {
    base,
    run: async (headFiles: Record<string, string | null>, inputs: Record<string, string> = {}, env: Record<string, string> = {}) => {
      const head = r.commit(headFiles, 'head');
      gh.files = r.apiFiles(base, head);
      return r.run({ event: 'pull_request', payload: pullRequestEvent(base, head), inputs, env });
    },
    /** Runs again on the current head. */
    rerun: (inputs: Record<string, string> = {}) => {
      const head = r.git('rev-parse', 'HEAD');
      return r.run({ event: 'pull_request', payload: pullRequestEvent(base, head), inputs });
    },
  };
}

const findingsOf = (out: EventOutcome) => out.report.findings as { ruleId: string; fingerprint: string; file: string; line: number }[];
const fingerprintsIn = (bodies: string[]) =>
  bodies.flatMap((b) => [...b.matchAll(/^<!-- hyperpod-prereq:fp=(\S+) -->$/gm)].map((m) => m[1]));
const warnings = (out: EventOutcome) => out.commands.filter((l) => l.startsWith('::warning'));

describe('#15.7 markers count only in comments of the token’s own identity', () => {
  it('ignores marker comments of another bot and of a MEMBER: never edited, never counted as posted', async () => {
    const pr = pullRequest({ 'stacks/a.json': OK });
    // What the finding's fingerprint will be: from a first run with review comments off.
    const probe = await pr.run({ 'stacks/a.json': template('Cluster') }, { 'review-comments': 'off', 'comment-mode': 'off' });
    const [fp] = findingsOf(probe).map((f) => f.fingerprint);
    gh.checkRuns.length = 0;
    const otherBot = gh.addReviewCommentAs(
      { login: 'renovate[bot]', type: 'Bot' },
      'NONE',
      `${fpMarker(fp)}\nlooks fine`,
      'stacks/a.json',
      4,
    );
    const member = gh.addReviewCommentAs({ login: 'octo-member', type: 'User' }, 'MEMBER', `${fpMarker(fp)}\nme too`, 'stacks/a.json', 4);
    // A marker for a finding that does not exist: old code minimized it as "gone".
    const stale = gh.addReviewCommentAs(
      { login: 'octo-member', type: 'User' },
      'MEMBER',
      `${fpMarker('f'.repeat(32))}\nold`,
      'stacks/a.json',
      4,
    );
    const summary = gh.addIssueCommentAs({ login: 'octo-member', type: 'User' }, 'MEMBER', '<!-- hyperpod-prereq:summary -->\nmine');

    const out = await pr.rerun();
    expect(out.code).toBe(1);
    const own = gh.reviewComments.filter((c) => c.user.login === BOT.login);
    expect(fingerprintsIn(own.map((c) => c.body))).toEqual([fp]);
    expect([otherBot, member, stale].map((c) => [c.body.split('\n')[1], c.isMinimized])).toEqual([
      ['looks fine', false],
      ['me too', false],
      ['old', false],
    ]);
    expect(summary.body).toBe('<!-- hyperpod-prereq:summary -->\nmine');
    expect(gh.issueComments.map((c) => c.user.login)).toEqual(['octo-member', BOT.login]);
    expect(gh.requests.filter((q) => q.method === 'PATCH' && q.path.includes('/comments/'))).toEqual([]);
  });

  it('a GitHub App token writes as the app (GraphQL viewer): its own comments count, so a second run posts nothing', async () => {
    gh.identity = { login: 'hyperpod-bot[bot]', type: 'Bot' };
    const pr = pullRequest({ 'stacks/a.json': OK });
    await pr.run({ 'stacks/a.json': template('Cluster') });
    expect(gh.reviewComments.map((c) => c.user.login)).toEqual(['hyperpod-bot[bot]']);
    gh.resetRequests();
    await pr.rerun();
    expect(gh.writes().map((q) => `${q.method} ${q.path}`)).toEqual([
      'POST /repos/Codertocat/Hello-World/check-runs',
      expect.stringMatching(/^PATCH \/repos\/Codertocat\/Hello-World\/check-runs\/\d+$/),
    ]);
  });

  it('when neither GraphQL viewer nor GET /user answers (GITHUB_TOKEN), it assumes github-actions[bot]', async () => {
    gh.viewerAvailable = false;
    const pr = pullRequest({ 'stacks/a.json': OK });
    await pr.run({ 'stacks/a.json': template('Cluster') });
    gh.resetRequests();
    await pr.rerun();
    expect(gh.requests.some((q) => q.path === '/user' && q.status === 403)).toBe(true);
    expect(gh.reviewComments).toHaveLength(1);
    expect(gh.issueComments).toHaveLength(1);
  });
});

describe('#16.7 a resource name cannot forge a marker', () => {
  it('a logical ID holding a fingerprint marker does not hide the real finding it names', async () => {
    // The fingerprint of the finding the second push adds, learnt in a scratch repository.
    const scratch = new EventRepo(gh);
    const scratchBase = scratch.commit({ 'stacks/b.json': OK }, 'base');
    const scratchHead = scratch.commit({ 'stacks/b.json': template('Real') }, 'head');
    gh.files = scratch.apiFiles(scratchBase, scratchHead);
    const probe = await scratch.run({
      event: 'pull_request',
      payload: pullRequestEvent(scratchBase, scratchHead),
      inputs: { 'review-comments': 'off', 'comment-mode': 'off' },
    });
    scratch.cleanup();
    const [target] = findingsOf(probe).map((f) => f.fingerprint);

    const forged = `Evil${fpMarker(target)}\u202eTxet`;
    const pr = pullRequest({
      'stacks/a.json': OK,
      'stacks/b.json': OK,
      '.hyperpod-prereq.yml': 'rules:\n  HP008: off # these names are not valid ClusterNames on purpose\n',
    });
    await pr.run({ 'stacks/a.json': template(forged) });
    expect(gh.reviewComments).toHaveLength(1);
    const body = gh.reviewComments[0].body;
    // The name is shown, but its comment opener is broken and the bidi override is spelled out.
    expect(body).toContain('<sub>Resource `Evil<\u200b!-- hyperpod-prereq:fp=');
    expect(body).toContain(' --\u200b><U+202E>Txet` · hyperpod-prereq</sub>');
    expect(body).not.toContain('\u202e');
    expect(fingerprintsIn([body])).toHaveLength(1);

    const out = await pr.run({ 'stacks/b.json': template('Real') });
    expect(findingsOf(out).map((f) => f.fingerprint)).toContain(target);
    expect(fingerprintsIn(gh.reviewComments.map((c) => c.body))).toContain(target);
    expect(gh.reviewComments).toHaveLength(2);
  });
});

describe('#16.5 a write GitHub stored but did not answer is not repeated', () => {
  const isWrite = (method: string, pattern: RegExp) => (q: { method: string; path: string }) => q.method === method && pattern.test(q.path);
  const faultAll = (kind: 'store-then-502' | 'store-then-hang') => {
    gh.faults = [
      { match: isWrite('POST', /\/pulls\/\d+\/reviews$/), times: 1, kind },
      { match: isWrite('POST', /\/issues\/\d+\/comments$/), times: 1, kind },
      { match: isWrite('POST', /\/check-runs$/), times: 1, kind },
      // The second annotation batch (annotations 51-60).
      {
        match: (q) => q.method === 'PATCH' && /\/check-runs\/\d+$/.test(q.path) && (q.body?.output?.annotations?.length ?? 0) > 0,
        times: 1,
        kind,
      },
    ];
  };
  const sixtyClusters = Array.from({ length: 60 }, (_, i) => `Cluster${i}`);

  for (const kind of ['store-then-502', 'store-then-hang'] as const) {
    it(`${kind}: one review, one comment per finding, one summary comment, one completed check run with every annotation`, async () => {
      faultAll(kind);
      const pr = pullRequest({ 'stacks/a.json': OK });
      // A small budget keeps the wait for an unanswered request short (an eighth of it, 3 s).
      const out = await pr.run(
        { 'stacks/a.json': template(...sixtyClusters) },
        { 'github-timeout-seconds': '24', 'max-review-comments': '60' },
      );
      expect(out.code).toBe(1);
      expect(gh.faults.map((f) => f.times)).toEqual([0, 0, 0, 0]);
      expect(gh.reviews).toHaveLength(1);
      const fps = fingerprintsIn(gh.reviewComments.map((c) => c.body));
      expect(fps).toHaveLength(60);
      expect(new Set(fps).size).toBe(60);
      expect(gh.issueComments).toHaveLength(1);
      expect(gh.checkRuns).toHaveLength(1);
      expect(gh.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
      expect(gh.checkRuns[0].annotations).toHaveLength(60);
      const said = kind === 'store-then-502' ? 'HTTP 502 (Server Error)' : 'timeout';
      expect(out.stdout.split('\n').filter((l) => l.includes('the write had been stored, so it is not repeated'))).toEqual([
        `POST /repos/Codertocat/Hello-World/pulls/2/reviews: ${said}; the write had been stored, so it is not repeated.`,
        `POST /repos/Codertocat/Hello-World/issues/2/comments: ${said}; the write had been stored, so it is not repeated.`,
        `POST /repos/Codertocat/Hello-World/check-runs: ${said}; the write had been stored, so it is not repeated.`,
        expect.stringMatching(
          new RegExp(
            `^PATCH /repos/Codertocat/Hello-World/check-runs/\\d+: ${said.replace(/[()]/g, '\\$&')}; the write had been stored, so it is not repeated\\.$`,
          ),
        ),
      ]);
      expect(warnings(out)).toEqual([]);
    }, 120_000);
  }

  it('a later run deletes the duplicates an earlier one left (the oldest stays)', async () => {
    const pr = pullRequest({ 'stacks/a.json': OK });
    await pr.run({ 'stacks/a.json': template('One', 'Two') });
    // What a retry without look-up left: every comment twice.
    for (const c of [...gh.reviewComments]) gh.addReviewCommentAs(BOT, 'NONE', c.body, c.path, c.line!);
    gh.addIssueCommentAs(BOT, 'NONE', gh.issueComments[0].body);
    const kept = [...gh.reviewComments.slice(0, 2).map((c) => c.id), gh.issueComments[0].id];
    const out = await pr.rerun();
    expect([...gh.reviewComments.map((c) => c.id), ...gh.issueComments.map((c) => c.id)]).toEqual(kept);
    expect(out.stdout).toContain('Review comments: 2 duplicates deleted (the oldest comment stays).');
  });
});

describe('#16.6 a minimized comment does not count as posted', () => {
  it('a finding that comes back after its comment was minimized gets a new comment', async () => {
    const pr = pullRequest({ 'stacks/a.json': OK });
    await pr.run({ 'stacks/a.json': template('Cluster') });
    expect(gh.reviewComments).toHaveLength(1);
    await pr.run({ 'stacks/a.json': OK });
    expect(gh.reviewComments[0].isMinimized).toBe(true);
    await pr.run({ 'stacks/a.json': template('Cluster') });
    expect(gh.reviewComments.map((c) => c.isMinimized)).toEqual([true, false]);
    expect(fingerprintsIn(gh.reviewComments.map((c) => c.body))).toEqual([
      fingerprintsIn([gh.reviewComments[0].body])[0],
      fingerprintsIn([gh.reviewComments[0].body])[0],
    ]);
  });
});

describe('#16.8 a summary comment cut for size keeps the counts', () => {
  it('150 findings: counts, the not-commented line and a job-summary link stay; the log counts the check run truly', async () => {
    const pr = pullRequest({
      'stacks/a.json': OK,
      '.hyperpod-prereq.yml': 'rules:\n  HP008: off # these names are not valid ClusterNames on purpose\n',
    });
    const ids = Array.from({ length: 150 }, (_, i) => `HyperPodTrainingCluster${String(i).padStart(3, '0')}${'X'.repeat(200)}`);
    const out = await pr.run({ 'stacks/a.json': template(...ids) }, { 'max-annotations': '100' });
    expect(out.outputs['new-findings']).toBe('150');
    const body = gh.issueComments[0].body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain('**150 new findings** · 0 pre-existing · 0 suppressed');
    expect(body).toContain('Not commented on the diff (listed above only): 125 over the max-review-comments limit.');
    expect(body).toContain('**Pre-existing:** 0 findings were already on the base branch');
    const cut =
      /\n_…and (\d+) more new findings(?: \((\d+) without a review comment\))? not shown: the comment size limit is 65536 characters; all are in \[the job summary\]\(https:\/\/github\.example\/Codertocat\/Hello-World\/actions\/runs\/4242\) and the JSON report\._\n/.exec(
        body,
      );
    expect(cut).not.toBeNull();
    const rows = body.split('\n').filter((l) => l.startsWith('| 🔴'));
    expect(rows.length + Number(cut![1])).toBe(150);
    // The findings without a review comment are listed first: every one of the 125 is either a row or counted in the note.
    const commented = new Set(fingerprintsIn(gh.reviewComments.map((c) => c.body)));
    expect(commented.size).toBe(25);
    expect(rows.length).toBeLessThan(125);
    expect(Number(cut![2] ?? 0)).toBe(125 - rows.length);
    expect(out.stdout).toContain(
      '10 of 150 findings shown as annotations in the log (GitHub shows 10 per type per step); the check run holds 100 of them (max-annotations 100); the job summary and the JSON report list all 150.',
    );
    expect(gh.checkRuns[0].annotations).toHaveLength(100);
  }, 120_000);
});

describe('#16.9 one time budget for the GitHub calls', () => {
  it('an API that never answers ends the GitHub part within the budget, and the log says timeout', async () => {
    const pr = pullRequest({ 'stacks/a.json': OK });
    const answered = await pr.run({ 'stacks/a.json': template('Cluster') }, { 'github-timeout-seconds': '4' });
    gh.hangAll = true;
    const hung = await pr.rerun({ 'github-timeout-seconds': '4' });
    expect(hung.code).toBe(1);
    expect(hung.outputs).toMatchObject({ result: 'fail', 'new-findings': '1' });
    expect(warnings(hung).length).toBeGreaterThan(0);
    expect(warnings(hung).every((l) => /timeout/.test(l))).toBe(true);
    expect(hung.stdout).toMatch(/timeout after 1 s without an answer/);
    // The hanging API costs at most about the budget (4 s), not minutes: generous bound of 3 budgets.
    expect(hung.elapsedMs - answered.elapsedMs).toBeLessThan(3 * 4_000);
  }, 120_000);
});

describe('#16.10 two overlapping runs of one pull request', () => {
  it('both list before either posts; afterwards each finding has one comment and there is one summary comment', async () => {
    const pr = pullRequest({ 'stacks/a.json': OK });
    const head = r.commit({ 'stacks/a.json': template('One', 'Two') }, 'head');
    gh.files = r.apiFiles(pr.base, head);
    gh.barriers = [
      { match: (q) => q.method === 'GET' && /\/pulls\/\d+\/comments$/.test(q.path), count: 2, waiting: [] },
      { match: (q) => q.method === 'GET' && /\/issues\/\d+\/comments$/.test(q.path), count: 2, waiting: [] },
    ];
    const runs = await Promise.all([1, 2].map(() => r.run({ event: 'pull_request', payload: pullRequestEvent(pr.base, head) })));
    expect(runs.map((o) => o.code)).toEqual([1, 1]);
    const fps = fingerprintsIn(gh.reviewComments.map((c) => c.body));
    expect(fps).toHaveLength(2);
    expect(new Set(fps).size).toBe(2);
    expect(gh.issueComments).toHaveLength(1);
    // One review holds the comments; a later review whose comments were all duplicates (if the
    // second run posted before it saw the first run's comments) says so.
    expect(gh.reviews.filter((v) => !v.body.includes('an overlapping run posted the same comments first'))).toHaveLength(1);
    expect(gh.reviewComments.every((c) => c.pull_request_review_id === gh.reviews[0].id)).toBe(true);
  }, 120_000);
});

describe('#16.11 smaller', () => {
  it('a comment made outdated by a force-push is replaced by a new one on the current diff', async () => {
    const pr = pullRequest({ 'stacks/a.json': OK });
    await pr.run({ 'stacks/a.json': template('Cluster') });
    gh.outdateLineComments();
    const out = await pr.rerun();
    // The finding is on the logical ID's line, 3.
    expect(gh.reviewComments.map((c) => [c.original_line, c.line, c.isMinimized])).toEqual([
      [3, null, true],
      [3, 3, false],
    ]);
    expect(out.stdout).toContain('Review comments: 1 outdated comment replaced by a new one.');
  });

  it('comment-mode off after update deletes the stale summary comment', async () => {
    const pr = pullRequest({ 'stacks/a.json': OK });
    await pr.run({ 'stacks/a.json': template('Cluster') });
    expect(gh.issueComments).toHaveLength(1);
    const out = await pr.rerun({ 'comment-mode': 'off' });
    expect(gh.issueComments).toEqual([]);
    expect(out.stdout).toContain('Summary comment: removed.');
  });

  it('check titles and log lines count in the singular for one', async () => {
    const pr = pullRequest({ 'stacks/a.json': OK });
    const one = await pr.run({ 'stacks/a.json': template('Cluster') });
    expect(gh.checkRuns[0].output.title).toBe('1 new; 1 error, 0 warnings, 0 notices');
    // Eleven errors: ten are annotations in the log, one is not (old runs said "1 more findings are in the check run").
    const eleven = await pr.run({ 'stacks/a.json': template(...Array.from({ length: 11 }, (_, i) => `C${i}`)) });
    for (const out of [one, eleven]) expect(out.stdout).not.toMatch(/\b1 (more )?(errors|warnings|findings|notices)\b/);
    expect(eleven.stdout).toContain(
      '10 of 11 findings shown as annotations in the log (GitHub shows 10 per type per step); the check run holds 11 of them; the job summary and the JSON report list all 11.',
    );
  });

  it("Dependabot's read-only token in the same repository is not reported as a fork", async () => {
    gh.readOnly = true;
    const pr = pullRequest({ 'stacks/a.json': OK });
    const out = await pr.run({ 'stacks/a.json': template('Cluster') }, {}, { GITHUB_ACTOR: 'dependabot[bot]' });
    expect(out.code).toBe(1);
    // Old runs said "a pull request from a fork gets a read-only token".
    expect(out.commands.filter((l) => /from a fork/i.test(l) && !l.includes('(the pull request is not from a fork)'))).toEqual([]);
    expect(out.commands).toContain(
      "::notice::Dependabot pull request: GitHub gives Dependabot's runs a read-only token (the pull request is not from a fork), so review comments, the summary comment and the check run were skipped. The findings are in the annotations, the job summary, SARIF and the JSON report.",
    );
  });
});
