import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubStandin, patchFor } from '../helpers/github-standin.js';
import { createGitHubClient, type GitHubClient } from '../../src/action/github-client.js';
import { parsePatch, type ChangedFile } from '../../src/action/diff.js';
import { publishReview, fingerprintMarker, RESOLVED_MARKER } from '../../src/action/review.js';
import { finding } from './fixtures.js';

const pull = { owner: 'octo', repo: 'infra', number: 7 };
const HEAD = 'a'.repeat(40);
const lines = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`);

let gh: GitHubStandin;
let client: GitHubClient;
const sleeps: number[] = [];

beforeEach(async () => {
  gh = await new GitHubStandin().start();
  // cluster.yaml: lines 10-12 added (hunk 7-15); other.yaml changed elsewhere.
  gh.files = [
    { filename: 'stacks/cluster.yaml', status: 'modified', patch: patchFor(lines, [10, 11, 12]) },
    { filename: 'stacks/other.yaml', status: 'modified', patch: patchFor(lines, [30]) },
  ];
  sleeps.length = 0;
  client = createGitHubClient({ token: 't', apiUrl: gh.url, graphqlUrl: `${gh.url}/graphql`, sleep: async (ms) => void sleeps.push(ms) });
});
afterEach(() => gh.stop());

const changed = (): ChangedFile[] => gh.files.map((f) => ({ path: f.filename, status: f.status, hunks: parsePatch(f.patch ?? '') }));

describe('publishReview', () => {
  const onLine = finding({ file: 'stacks/cluster.yaml', line: 11, fingerprint: 'fp-a', isNew: true });
  const offHunk = finding({
    file: 'stacks/cluster.yaml',
    line: 30,
    fingerprint: 'fp-b',
    isNew: true,
    severity: 'warning',
    ruleId: 'HP012',
  });
  const unchangedFile = finding({ file: 'stacks/untouched.yaml', line: 5, fingerprint: 'fp-c', isNew: true });
  const preExisting = finding({ file: 'stacks/cluster.yaml', line: 12, fingerprint: 'fp-d', isNew: false });

  it('posts one review with the line comment and the off-hunk finding on the first diff line, and lists the rest as overflow', async () => {
    const out = await publishReview({
      client,
      pull,
      headSha: HEAD,
      findings: [onLine, offHunk, unchangedFile, preExisting],
      changed: changed(),
      max: 25,
      post: true,
    });
    expect(gh.reviews).toHaveLength(1);
    expect(gh.reviews[0]).toMatchObject({ event: 'COMMENT', commit_id: HEAD });
    // Both comments belong to the one review: the off-hunk finding sits on the hunk's first line (7) and names its own.
    expect(gh.reviewComments.map((c) => [c.path, c.line, c.side, c.subject_type, c.pull_request_review_id])).toEqual([
      ['stacks/cluster.yaml', 11, 'RIGHT', 'line', gh.reviews[0].id],
      ['stacks/cluster.yaml', 7, 'RIGHT', 'line', gh.reviews[0].id],
    ]);
    expect(gh.reviewComments[0].body.startsWith(fingerprintMarker('fp-a'))).toBe(true);
    expect(gh.reviewComments[1].body).toContain('Line 30 (outside the changed lines)');
    expect(gh.reviews[0].body).toContain('**hyperpod-prereq**: 2 new findings on the changed lines.');
    expect(out.overflow.map((o) => [o.finding.fingerprint, o.reason])).toEqual([['fp-c', 'not-in-diff']]);
    expect(out.lineComments).toHaveLength(1);
    expect(out.fileComments).toHaveLength(1);
    expect(out.problems).toEqual([]);
  });

  it('posts nothing new on an identical second run', async () => {
    const input = { client, pull, headSha: HEAD, findings: [onLine, offHunk], changed: changed(), max: 25, post: true };
    await publishReview(input);
    gh.resetRequests();
    const out = await publishReview(input);
    expect(gh.writes()).toEqual([]);
    expect(out.alreadyPosted).toBe(2);
    expect(gh.reviews).toHaveLength(1);
    expect(gh.reviewComments).toHaveLength(2);
  });

  it('minimizes comments whose finding is gone as OUTDATED, once', async () => {
    await publishReview({ client, pull, headSha: HEAD, findings: [onLine, offHunk], changed: changed(), max: 25, post: true });
    const out = await publishReview({
      client,
      pull,
      headSha: 'b'.repeat(40),
      findings: [offHunk],
      changed: changed(),
      max: 25,
      post: true,
    });
    expect(out.resolved).toBe(1);
    const gone = gh.reviewComments.find((c) => c.body.includes(fingerprintMarker('fp-a')))!;
    expect(gone.isMinimized).toBe(true);
    expect(gone.minimizedReason).toBe('outdated');
    expect(gh.reviewComments.find((c) => c.body.includes(fingerprintMarker('fp-b')))!.isMinimized).toBe(false);
    gh.resetRequests();
    const again = await publishReview({
      client,
      pull,
      headSha: 'b'.repeat(40),
      findings: [offHunk],
      changed: changed(),
      max: 25,
      post: true,
    });
    expect(again.resolved).toBe(0);
    expect(gh.writes()).toEqual([]);
  });

  it('edits the comment to "Resolved in <sha>" when GraphQL is unavailable', async () => {
    await publishReview({ client, pull, headSha: HEAD, findings: [onLine], changed: changed(), max: 25, post: true });
    gh.graphqlAvailable = false;
    const out = await publishReview({ client, pull, headSha: 'c'.repeat(40), findings: [], changed: changed(), max: 25, post: true });
    expect(out.resolved).toBe(1);
    const edited = gh.reviewComments[0];
    expect(edited.body.startsWith(`${RESOLVED_MARKER}\n**Resolved in ${'c'.repeat(12)}.**`)).toBe(true);
    // Not edited twice.
    gh.resetRequests();
    await publishReview({ client, pull, headSha: 'c'.repeat(40), findings: [], changed: changed(), max: 25, post: true });
    expect(gh.writes()).toEqual([]);
  });

  it('posts the review without line comments when GitHub answers 422, and lists them as overflow', async () => {
    // The action believes line 3 is in the diff; GitHub does not.
    const stale: ChangedFile[] = [{ path: 'stacks/cluster.yaml', status: 'modified', hunks: [{ start: 1, end: 5 }] }];
    const bad = finding({ file: 'stacks/cluster.yaml', line: 3, fingerprint: 'fp-x', isNew: true });
    const out = await publishReview({ client, pull, headSha: HEAD, findings: [bad], changed: stale, max: 25, post: true });
    const reviewPosts = gh.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/reviews'));
    expect(reviewPosts).toHaveLength(2);
    expect(reviewPosts[1].body.comments).toBeUndefined();
    expect(gh.reviews).toHaveLength(1);
    expect(gh.reviews[0].body).toContain(fingerprintMarker('fp-x'));
    expect(gh.reviewComments).toHaveLength(0);
    expect(out.overflow).toEqual([{ finding: bad, reason: 'rejected' }]);
    expect(out.problems[0]).toMatch(
      /^The review was refused \(POST \/repos\/octo\/infra\/pulls\/7\/reviews: GitHub refused the request as invalid \(Unprocessable Entity/,
    );
    // The re-run does not try again.
    gh.resetRequests();
    const again = await publishReview({ client, pull, headSha: HEAD, findings: [bad], changed: stale, max: 25, post: true });
    expect(again.alreadyPosted).toBe(1);
    expect(gh.writes()).toEqual([]);
  });

  it('recognises its own markers for fingerprints with characters a marker cannot hold', async () => {
    const odd = finding({ file: 'stacks/cluster.yaml', line: 11, fingerprint: 'E3012 <x>--y', isNew: true });
    const input = { client, pull, headSha: HEAD, findings: [odd], changed: changed(), max: 25, post: true };
    await publishReview(input);
    expect(gh.reviewComments[0].body.startsWith('<!-- hyperpod-prereq:fp=E3012x-y -->')).toBe(true);
    const again = await publishReview(input);
    expect(again.alreadyPosted).toBe(1);
    expect(again.resolved).toBe(0);
    expect(gh.reviewComments).toHaveLength(1);
  });

  it('escapes untrusted text in comment bodies', async () => {
    const hostile = finding({
      file: 'stacks/cluster.yaml',
      line: 11,
      fingerprint: 'fp-h',
      isNew: true,
      message: 'Group @org/admins <img src=x> [x](https://e.example) <!-- hidden -->',
      resource: 'Res`|@x',
      fix: '![i](http://t.example/i.png)',
    });
    await publishReview({ client, pull, headSha: HEAD, findings: [hostile], changed: changed(), max: 25, post: true });
    const body = gh.reviewComments[0].body;
    expect(body.split('\n').slice(1)).toEqual([
      '**🔴 error** [HP010](https://github.com/hyperpod-prereq/hyperpod-prereq-action/blob/v1/docs/rules/HP010.md): Group @\u200dorg/admins &lt;img src=x&gt; \\[x\\]\\(https:/\u200b/e.example\\) &lt;\\!-- hidden --&gt;',
      '',
      '**Fix:** \\!\\[i\\]\\(http:/\u200b/t.example/i.png\\)',
      '',
      '<sub>Resource ``Res`\\|@x`` · hyperpod-prereq</sub>',
    ]);
  });

  it('ignores markers in comments of untrusted authors', async () => {
    gh.addForeignReviewComment(`${fingerprintMarker('fp-a')}\nlooks fine`, 'stacks/cluster.yaml', 11);
    const out = await publishReview({ client, pull, headSha: HEAD, findings: [onLine], changed: changed(), max: 25, post: true });
    expect(out.alreadyPosted).toBe(0);
    expect(out.lineComments).toEqual([onLine]);
  });

  it('caps the comments per run and sends the rest to the summary', async () => {
    const many = [10, 11, 12, 13].map((line) => finding({ file: 'stacks/cluster.yaml', line, fingerprint: `fp-${line}`, isNew: true }));
    const out = await publishReview({ client, pull, headSha: HEAD, findings: many, changed: changed(), max: 2, post: true });
    expect(out.lineComments.map((f) => f.line)).toEqual([10, 11]);
    expect(out.overflow.map((o) => [o.finding.line, o.reason])).toEqual([
      [12, 'limit'],
      [13, 'limit'],
    ]);
  });

  it('reports a read-only token as forbidden without throwing', async () => {
    gh.readOnly = true;
    const out = await publishReview({ client, pull, headSha: HEAD, findings: [onLine, offHunk], changed: changed(), max: 25, post: true });
    expect(out.forbidden).toBe(true);
    expect(out.problems[0]).toContain('forbidden (Resource not accessible by integration)');
    expect(out.overflow.map((o) => o.reason)).toEqual(['rejected', 'rejected']);
    // After the first 403 no more writes are tried (the other POSTs are GraphQL queries).
    expect(gh.writes()).toHaveLength(1);
  });
});
