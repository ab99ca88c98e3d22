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

  it('a re-run completes, as cancelled, the check run an earlier attempt left in progress, and nothing else', async () => {
    const sha = 'a'.repeat(40);
    const input = { owner: 'o', repo: 'r', headSha: sha, name: 'hyperpod-prereq', title: 't', summary: 's', annotations: [] };
    // Attempt 1 crashed after creating its check run; another workflow run's check run is still running.
    gh.checkRuns.push(
      { id: 900, name: 'hyperpod-prereq', head_sha: sha, status: 'in_progress', output: {}, annotations: [], external_id: '77.1.x' },
      { id: 901, name: 'hyperpod-prereq', head_sha: sha, status: 'in_progress', output: {}, annotations: [], external_id: '78.1.y' },
      { id: 902, name: 'other-check', head_sha: sha, status: 'in_progress', output: {}, annotations: [], external_id: '77.1.z' },
    );
    const first = await publishCheckRun(client, { ...input, conclusion: 'failure', workflowRun: { id: '77', attempt: 1 } });
    expect(first.requests).toBe(2); // a first attempt has nothing to clean up: no listing
    expect(gh.checkRuns.find((r) => r.id === 900)!.status).toBe('in_progress');

    const rerun = await publishCheckRun(client, { ...input, conclusion: 'failure', workflowRun: { id: '77', attempt: 2 } });
    const byId = new Map(gh.checkRuns.map((r) => [r.id, r]));
    expect(byId.get(900)).toMatchObject({ status: 'completed', conclusion: 'cancelled', output: { title: 'Not finished' } });
    expect(byId.get(900)!.output.summary).toContain(`check run ${rerun.id} of attempt 2 has the result`);
    expect(byId.get(901)!.status).toBe('in_progress');
    expect(byId.get(902)!.status).toBe('in_progress');
    expect(byId.get(rerun.id)).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(byId.get(rerun.id)!.external_id).toMatch(/^77\.2\./);
    // The run of attempt 1 that did complete stays as it was.
    expect(byId.get(first.id)).toMatchObject({ status: 'completed', conclusion: 'failure' });
  });
});
