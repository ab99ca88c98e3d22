import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubStandin } from '../helpers/github-standin.js';
import { createGitHubClient, type GitHubClient } from '../../src/action/github-client.js';
import { publishCheckRun } from '../../src/action/check-run.js';
import type { CheckAnnotation } from '../../src/action/annotations.js';

let gh: GitHubStandin;
let client: GitHubClient;
beforeEach(async () => {
  gh = await new GitHubStandin().start();
  client = createGitHubClient({ token: 't', apiUrl: gh.url, graphqlUrl: `${gh.url}/graphql`, sleep: async () => undefined });
});
afterEach(() => gh.stop());

const annotations = (n: number): CheckAnnotation[] =>
  Array.from({ length: n }, (_, i) => ({
    path: 'a.yaml',
    start_line: i + 1,
    end_line: i + 1,
    annotation_level: 'failure' as const,
    message: `m${i}`,
    title: 'HP010',
  }));

describe('publishCheckRun', () => {
  it('sends annotations in batches of 50: one create, then updates, then completion', async () => {
    const out = await publishCheckRun(client, {
      owner: 'o',
      repo: 'r',
      headSha: 'f'.repeat(40),
      name: 'hyperpod-prereq',
      conclusion: 'failure',
      title: '2 new',
      summary: 'sum',
      annotations: annotations(120),
    });
    const calls = gh.requests
      .filter((r) => r.path.includes('check-runs'))
      .map((r) => [r.method, r.body.output?.annotations?.length ?? 0, r.body.status ?? null]);
    expect(calls).toEqual([
      ['POST', 50, 'in_progress'],
      ['PATCH', 50, null],
      ['PATCH', 20, null],
      ['PATCH', 0, 'completed'],
    ]);
    expect(out.requests).toBe(4);
    expect(gh.checkRuns).toHaveLength(1);
    expect(gh.checkRuns[0]).toMatchObject({
      name: 'hyperpod-prereq',
      head_sha: 'f'.repeat(40),
      status: 'completed',
      conclusion: 'failure',
      output: { title: '2 new', summary: 'sum' },
    });
    expect(gh.checkRuns[0].annotations.map((a) => a.message)).toEqual(annotations(120).map((a) => a.message));
  });

  it('completes a run without annotations in two calls', async () => {
    await publishCheckRun(client, {
      owner: 'o',
      repo: 'r',
      headSha: 'f'.repeat(40),
      name: 'n',
      conclusion: 'success',
      title: 'No findings',
      summary: 's',
      annotations: [],
    });
    expect(gh.requests.map((r) => r.method)).toEqual(['POST', 'PATCH']);
    expect(gh.checkRuns[0].conclusion).toBe('success');
  });

  it('cuts an oversized summary to the Checks API limit', async () => {
    await publishCheckRun(client, {
      owner: 'o',
      repo: 'r',
      headSha: 'f'.repeat(40),
      name: 'n',
      conclusion: 'neutral',
      title: 't',
      summary: 'x'.repeat(70_000),
      annotations: [],
    });
    expect(gh.checkRuns[0].output.summary!.length).toBeLessThanOrEqual(65_535);
    expect(gh.checkRuns[0].output.summary).toMatch(/_\(summary cut at the size limit\)_$/);
  });
});
