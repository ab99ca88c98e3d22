import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubStandin } from '../helpers/github-standin.js';
import { createGitHubClient, type GitHubClient } from '../../src/action/github-client.js';
import {
  buildSummaryComment,
  publishSummaryComment,
  SUMMARY_MARKER,
  COMMENT_LIMIT,
  type SummaryInput,
} from '../../src/action/summary-comment.js';
import { finding } from './fixtures.js';

const base = (over: Partial<SummaryInput> = {}): SummaryInput => ({
  failed: true,
  failOnLabel: 'new errors',
  findings: [
    finding({ file: 'a.yaml', line: 9, isNew: false, fingerprint: 'old' }),
    finding({
      file: 'b.yaml',
      line: 4,
      isNew: true,
      severity: 'warning',
      ruleId: 'HP012',
      docs: 'docs/rules/HP012.md',
      message: 'Open egress',
    }),
    finding({ file: 'a.yaml', line: 2, isNew: true, resource: 'WorkerSG' }),
  ],
  suppressed: 3,
  unverified: [{ ruleId: 'HP030', file: 'a.yaml', line: 5, reason: 'SubnetCidr has no default' }],
  baseKnown: true,
  overflow: [{ finding: finding({ file: 'c.yaml', line: 1 }), reason: 'not-in-diff' }],
  jobSummaryUrl: 'https://github.example/octo/infra/actions/runs/42',
  toolVersion: '0.1.0',
  notes: [],
  ...over,
});

describe('buildSummaryComment', () => {
  it('lists new findings first in a table, then counts, unverified items and the job-summary link', () => {
    const body = buildSummaryComment(base());
    expect(body.startsWith(`${SUMMARY_MARKER}\n### HyperPod prerequisites: ❌ fails (new errors)\n`)).toBe(true);
    expect(body).toContain('**2 new findings** · 1 pre-existing · 3 suppressed · 1 unverified');
    const rows = body.split('\n').filter((l) => l.startsWith('| 🔴') || l.startsWith('| 🟠'));
    expect(rows).toEqual([
      `| 🔴 error | [HP010](https://github.com/hyperpod-prereq/hyperpod-prereq-action/blob/v1/docs/rules/HP010.md) | \`a.yaml\`:2 | ${base().findings[2].message.replace(/\./g, '.')} (\`WorkerSG\`) |`,
      '| 🟠 warning | [HP012](https://github.com/hyperpod-prereq/hyperpod-prereq-action/blob/v1/docs/rules/HP012.md) | `b.yaml`:4 | Open egress |',
    ]);
    const order = [
      '#### New findings',
      'Not commented on the diff',
      '**Pre-existing:**',
      'Could not be verified offline (1)',
      '[Full report in the job summary](https://github.example/octo/infra/actions/runs/42)',
    ];
    const positions = order.map((text) => body.indexOf(text));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(body).toContain('1 in a file this pull request does not change');
    expect(body).toContain('- HP030 `a.yaml`:5 SubnetCidr has no default');
  });

  it('escapes untrusted names and messages', () => {
    const body = buildSummaryComment(
      base({
        findings: [
          finding({
            file: 'evil|`x`.yaml',
            line: 1,
            isNew: true,
            message: 'cc @admin <!-- x --> [a](https://e.example)',
            resource: '@root',
          }),
        ],
        unverified: [],
        overflow: [],
      }),
    );
    // @root stays inside a code span, where GitHub renders no mention.
    expect(body).not.toMatch(/@admin|[^`]@root|<!-- x|\]\(https:\/\/e/);
    expect(body).toContain('``evil\\|`x`.yaml``:1');
    expect(body).toContain('cc @\u200dadmin &lt;\\!-- x --&gt; \\[a\\]\\(https:/\u200b/e.example\\) (`@root`)');
  });

  it('trims to the comment size limit with a note', () => {
    const many = Array.from({ length: 2000 }, (_, i) =>
      finding({ file: `stacks/f${i}.yaml`, line: i + 1, isNew: true, message: 'm'.repeat(300) }),
    );
    const body = buildSummaryComment(base({ findings: many, unverified: [], overflow: [] }));
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    const cut =
      /\n_…and (\d+) more new findings not shown: the comment size limit is 65536 characters; all are in \[the job summary\]\(https:\/\/github.example\/octo\/infra\/actions\/runs\/42\) and the JSON report._\n/.exec(
        body,
      );
    expect(cut).not.toBeNull();
    // Shown rows and the rows the note counts add up to every new finding.
    expect(body.split('\n').filter((l) => l.startsWith('| 🔴')).length + Number(cut![1])).toBe(2000);
    expect(body).toContain('**Pre-existing:**');
    expect(body.trimEnd().endsWith('hyperpod-prereq 0.1.0')).toBe(true);
  });

  it('closes the unverified details block only when it opened it, wherever the size limit cuts', () => {
    const unverified = Array.from({ length: 6 }, (_, i) => ({ ruleId: 'HP030', file: 'a.yaml', line: i + 1, reason: 'x'.repeat(i * 9) }));
    const unbalanced: number[] = [];
    for (let limit = 600; limit <= 3000; limit++) {
      const body = buildSummaryComment(base({ unverified }), limit);
      if (body.split('<details>').length !== body.split('</details>').length) unbalanced.push(limit);
    }
    expect(unbalanced).toEqual([]);
  });

  it('says when the base could not be scanned and when the check passes', () => {
    const body = buildSummaryComment(base({ failed: false, baseKnown: false }));
    expect(body).toContain('### HyperPod prerequisites: ✅ passes');
    expect(body).toContain('The base revision could not be scanned, so every finding counts as new.');
  });
});

describe('publishSummaryComment', () => {
  let gh: GitHubStandin;
  let client: GitHubClient;
  const pull = { owner: 'octo', repo: 'infra', number: 7 };
  beforeEach(async () => {
    gh = await new GitHubStandin().start();
    client = createGitHubClient({ token: 't', apiUrl: gh.url, graphqlUrl: `${gh.url}/graphql`, sleep: async () => undefined });
  });
  afterEach(() => gh.stop());

  it('creates once, leaves an unchanged body alone (even with a new run link), and edits in place', async () => {
    const first = buildSummaryComment(base());
    expect(await publishSummaryComment(client, pull, first, 'update')).toBe('created');
    const rerun = buildSummaryComment(base({ jobSummaryUrl: 'https://github.example/octo/infra/actions/runs/43' }));
    gh.resetRequests();
    expect(await publishSummaryComment(client, pull, rerun, 'update')).toBe('unchanged');
    expect(gh.writes()).toEqual([]);
    const changed = buildSummaryComment(base({ failed: false }));
    expect(await publishSummaryComment(client, pull, changed, 'update')).toBe('updated');
    expect(gh.issueComments).toHaveLength(1);
    expect(gh.issueComments[0].body).toBe(changed);
  });

  it('posts a new comment every run with mode new, none with off', async () => {
    const body = buildSummaryComment(base());
    await publishSummaryComment(client, pull, body, 'new');
    await publishSummaryComment(client, pull, body, 'new');
    expect(gh.issueComments).toHaveLength(2);
    // Off deletes what earlier runs left, so no stale summary stays.
    expect(await publishSummaryComment(client, pull, body, 'off')).toBe('removed');
    expect(gh.issueComments).toHaveLength(0);
    expect(await publishSummaryComment(client, pull, body, 'off')).toBe('skipped');
  });

  it('keeps one comment per scanned sub-folder', async () => {
    const root = buildSummaryComment(base());
    const infra = buildSummaryComment(base({ scope: 'infra' }));
    expect(
      infra.startsWith(`${SUMMARY_MARKER}\n<!-- hyperpod-prereq:scope=infra -->\n### HyperPod prerequisites in \`infra\`: ❌ fails`),
    ).toBe(true);
    expect(await publishSummaryComment(client, pull, root, 'update')).toBe('created');
    expect(await publishSummaryComment(client, pull, infra, 'update')).toBe('created');
    const infraFixed = buildSummaryComment(base({ scope: 'infra', failed: false }));
    expect(await publishSummaryComment(client, pull, infraFixed, 'update')).toBe('updated');
    expect(gh.issueComments.map((c) => c.body)).toEqual([root, infraFixed]);
  });

  it('does not adopt a marker comment written by an untrusted author', async () => {
    gh.issueComments.push({
      id: 1,
      node_id: 'IC_1',
      body: `${SUMMARY_MARKER}\nfake`,
      user: { login: 'mallory', type: 'User' },
      author_association: 'CONTRIBUTOR',
    });
    expect(await publishSummaryComment(client, pull, buildSummaryComment(base()), 'update')).toBe('created');
    expect(gh.issueComments[0].body).toBe(`${SUMMARY_MARKER}\nfake`);
  });
});
