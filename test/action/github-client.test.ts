import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubStandin } from '../helpers/github-standin.js';
import { createGitHubClient, GitHubApiError, retryDelay, type GitHubClient } from '../../src/action/github-client.js';

let gh: GitHubStandin;
let client: GitHubClient;
let sleeps: number[];
const logs: string[] = [];
const list = () => client.octokit.rest.issues.listComments({ owner: 'o', repo: 'r', issue_number: 1 });
const create = () => client.octokit.rest.issues.createComment({ owner: 'o', repo: 'r', issue_number: 1, body: 'x' });

beforeEach(async () => {
  gh = await new GitHubStandin().start();
  sleeps = [];
  logs.length = 0;
  client = createGitHubClient({
    token: 't',
    apiUrl: gh.url,
    graphqlUrl: `${gh.url}/graphql`,
    sleep: async (ms) => void sleeps.push(ms),
    log: (m) => logs.push(m),
  });
});
afterEach(() => gh.stop());

describe('GitHub client retries', () => {
  it('waits retry-after on a secondary rate limit, then succeeds', async () => {
    gh.rateLimits.push({ times: 2, kind: 'secondary', retryAfterSeconds: 7 });
    await create();
    expect(sleeps).toEqual([7000, 7000]);
    expect(gh.issueComments).toHaveLength(1);
    expect(logs[0]).toMatch(/HTTP 403 \(You have exceeded a secondary rate limit.*retrying in 7 s \(retry 1 of 3\)/);
  });

  it('waits for x-ratelimit-reset on a primary limit', async () => {
    gh.rateLimits.push({ times: 1, kind: 'primary', retryAfterSeconds: 5 });
    await list();
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(4000);
    expect(sleeps[0]).toBeLessThanOrEqual(7000);
  });

  it('honours 429 retry-after', async () => {
    gh.rateLimits.push({ times: 1, kind: 'too-many', retryAfterSeconds: 2 });
    await list();
    expect(sleeps).toEqual([2000]);
  });

  it('gives up after the bounded retries with a clear rate-limit error', async () => {
    gh.rateLimits.push({ times: 10, kind: 'secondary', retryAfterSeconds: 1 });
    const error = await create().catch((e) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error.kind).toBe('rate-limited');
    expect(error.message).toMatch(/GitHub rate limit reached after 4 attempts/);
    expect(sleeps).toEqual([1000, 1000, 1000]);
    expect(gh.issueComments).toHaveLength(0);
  });

  it('does not wait for a reset that is too far away', async () => {
    gh.rateLimits.push({ times: 1, kind: 'primary', retryAfterSeconds: 3600 });
    const error = await list().catch((e) => e);
    expect(error.kind).toBe('rate-limited');
    expect(error.message).toMatch(/resets in \d+ s, longer than this run waits/);
    expect(sleeps).toEqual([]);
  });

  it('turns 403 from a read-only token into a forbidden error without retrying', async () => {
    gh.readOnly = true;
    const error = await create().catch((e) => e);
    expect(error.kind).toBe('forbidden');
    expect(error.status).toBe(403);
    expect(error.message).toContain('forbidden (Resource not accessible by integration)');
    expect(error.message).toContain('pull-requests: write');
    expect(sleeps).toEqual([]);
    expect(gh.requests).toHaveLength(1);
  });

  it('retries server errors with backoff', async () => {
    gh.filesApiStatus = 500;
    const error = await client.octokit.rest.pulls.listFiles({ owner: 'o', repo: 'r', pull_number: 1 }).catch((e) => e);
    expect(error.kind).toBe('server');
    expect(sleeps).toEqual([1000, 2000, 4000]);
  });

  it('paces writes after a burst', async () => {
    for (let i = 0; i < 22; i++) await create();
    expect(sleeps.length).toBeGreaterThanOrEqual(1);
    expect(Math.max(...sleeps)).toBeLessThanOrEqual(750);
  });

  it('classifies 404 and 422', async () => {
    const notFound = await client.octokit.request('GET /repos/o/r/nothing').catch((e) => e);
    expect(notFound.kind).toBe('not-found');
    expect(retryDelay({ status: 422 }, 0, 0)).toBeUndefined();
    expect(retryDelay({ status: 403, message: 'Resource not accessible by integration' }, 0, 0)).toBeUndefined();
    expect(retryDelay({ status: 403, message: 'You have exceeded a secondary rate limit' }, 0, 0)).toBe(60_000);
  });

  it('gives up on a request that gets no answer and retries it', async () => {
    const quick = createGitHubClient({
      token: 't',
      apiUrl: gh.url,
      graphqlUrl: `${gh.url}/graphql`,
      sleep: async (ms) => void sleeps.push(ms),
      requestTimeoutMs: 200,
    });
    gh.unansweredRequests = 1;
    const response = await quick.octokit.rest.issues.listComments({ owner: 'o', repo: 'r', issue_number: 1 });
    expect(response.status).toBe(200);
    expect(sleeps).toEqual([1000]);
    expect(gh.requests).toHaveLength(2);
  });
});
