// Suggested changes in review comments: a ```suggestion block on the edited lines (start_line/line for several),
// a fenced snippet when the edit is outside the diff or in another file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubStandin, patchFor } from '../helpers/github-standin.js';
import { createGitHubClient, type GitHubClient } from '../../src/action/github-client.js';
import { parsePatch, type ChangedFile } from '../../src/action/diff.js';
import { commentBody, fenceFor, publishReview } from '../../src/action/review.js';
import { finding } from './fixtures.js';

const pull = { owner: 'octo', repo: 'infra', number: 7 };
const HEAD = 'b'.repeat(40);
const lines = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`);

let gh: GitHubStandin;
let client: GitHubClient;
beforeEach(async () => {
  gh = await new GitHubStandin().start();
  // Lines 10-12 added: the hunk is 7-15.
  gh.files = [{ filename: 'stacks/cluster.yaml', status: 'modified', patch: patchFor(lines, [10, 11, 12]) }];
  client = createGitHubClient({ token: 't', apiUrl: gh.url, graphqlUrl: `${gh.url}/graphql`, sleep: async () => undefined });
});
afterEach(() => gh.stop());
const changed = (): ChangedFile[] => gh.files.map((f) => ({ path: f.filename, status: f.status, hunks: parsePatch(f.patch ?? '') }));

const edit = (startLine: number, endLine: number, replacement: string, file = 'stacks/cluster.yaml') => ({
  kind: 'sg-self-rule' as const,
  description: 'Add the rule.',
  edit: { file, startLine, endLine, original: lines.slice(startLine - 1, endLine).join('\n'), replacement },
});

describe('review comments with suggestions', () => {
  it('puts each suggestion on its edited lines, several lines as start_line..line, and snippets elsewhere', async () => {
    const single = finding({
      file: 'stacks/cluster.yaml',
      line: 30,
      fingerprint: 'fp-1',
      isNew: true,
      suggestion: edit(9, 9, 'line 9\n  Added: 1'),
    });
    const multi = finding({
      file: 'stacks/cluster.yaml',
      line: 11,
      fingerprint: 'fp-2',
      isNew: true,
      suggestion: edit(10, 12, 'new 10\nnew 11'),
    });
    const outside = finding({
      file: 'stacks/cluster.yaml',
      line: 11,
      fingerprint: 'fp-3',
      isNew: true,
      suggestion: edit(30, 30, 'line 30 changed'),
    });
    const otherFile = finding({
      file: 'stacks/cluster.yaml',
      line: 12,
      fingerprint: 'fp-4',
      isNew: true,
      suggestion: edit(3, 3, 'x', 'stacks/network.yaml'),
    });
    const out = await publishReview({
      client,
      pull,
      headSha: HEAD,
      findings: [single, multi, outside, otherFile],
      changed: changed(),
      max: 25,
      post: true,
    });
    expect(out.problems).toEqual([]);
    const posted = gh.reviewComments
      .map((c) => [c.body.match(/fp=([^ ]+)/)![1], c.subject_type, c.start_line ?? null, c.line])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(posted).toEqual([
      ['fp-1', 'line', null, 9],
      ['fp-2', 'line', 10, 12],
      ['fp-3', 'line', null, 11],
      ['fp-4', 'line', null, 12],
    ]);
    const body = (fp: string) => gh.reviewComments.find((c) => c.body.includes(`fp=${fp} `))!.body;
    expect(body('fp-1')).toContain('**Suggested change:** Add the rule.\n\n```suggestion\nline 9\n  Added: 1\n```');
    expect(body('fp-2')).toContain('```suggestion\nnew 10\nnew 11\n```');
    expect(gh.reviewComments.find((c) => c.body.includes('fp=fp-2 '))!.start_side).toBe('RIGHT');
    expect(body('fp-3')).toContain('Replace line 30 of `stacks/cluster.yaml` with:\n\n```yaml\nline 30 changed\n```');
    expect(body('fp-3')).not.toContain('```suggestion');
    expect(body('fp-4')).toContain('Replace line 3 of `stacks/network.yaml` with:');
  });

  it('the stand-in refuses a multi-line comment across hunks, as GitHub does', async () => {
    gh.files = [{ filename: 'stacks/cluster.yaml', status: 'modified', patch: patchFor(lines, [10, 30]) }];
    const across = finding({ file: 'stacks/cluster.yaml', line: 10, fingerprint: 'fp-5', isNew: true, suggestion: edit(10, 30, 'x') });
    const out = await publishReview({ client, pull, headSha: HEAD, findings: [across], changed: changed(), max: 25, post: true });
    // Not placeable as a suggestion: a plain line comment with the snippet.
    expect(gh.reviewComments.map((c) => [c.start_line ?? null, c.line])).toEqual([[null, 10]]);
    expect(out.problems).toEqual([]);
  });

  it('fences a suggestion longer than any backtick run in it, and keeps snippets of other kinds fenced', () => {
    expect(fenceFor('a ``` b')).toBe('````');
    expect(fenceFor('plain')).toBe('```');
    const f = finding({
      file: 'stacks/cluster.yaml',
      line: 5,
      fingerprint: 'fp-6',
      suggestion: {
        kind: 'sg-self-rule',
        description: 'Run <this> @team',
        snippet: { language: 'shell', text: 'aws ec2 x ```', where: 'Run against the account' },
      },
    });
    expect(commentBody(f, { fileLevel: false })).toContain(
      '**Suggested change:** Run &lt;this&gt; @\u200dteam Run against the account:\n\n````shell\naws ec2 x ```\n````',
    );
  });
});
