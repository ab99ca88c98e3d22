import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubStandin, patchFor } from '../helpers/github-standin.js';
import { createGitHubClient, type GitHubClient } from '../../src/action/github-client.js';
import { changedFiles, changedFilesFromApi } from '../../src/action/pr-files.js';

const pull = { owner: 'octo', repo: 'infra', number: 3 };
const lines = Array.from({ length: 30 }, (_, i) => `l${i + 1}`);
let gh: GitHubStandin;
let client: GitHubClient;

beforeEach(async () => {
  gh = await new GitHubStandin().start();
  client = createGitHubClient({ token: 't', apiUrl: gh.url, graphqlUrl: `${gh.url}/graphql`, sleep: async () => undefined });
});
afterEach(() => gh.stop());

describe('changed files from the pull-request files API', () => {
  it('follows Link pagination and parses each patch into head-side ranges', async () => {
    gh.filesPageSize = 2;
    gh.files = [
      { filename: 'a.yaml', status: 'modified', patch: patchFor(lines, [5]) },
      { filename: 'b.yaml', status: 'added', patch: patchFor(lines.slice(0, 3), [1, 2, 3]) },
      { filename: 'c.yaml', status: 'removed', patch: '@@ -1,2 +0,0 @@\n-x\n-y' },
      { filename: 'd.bin', status: 'modified' },
      { filename: 'e.yaml', status: 'renamed', previous_filename: 'old/e.yaml', patch: patchFor(lines, [20, 21]) },
    ];
    const files = await changedFilesFromApi(client, pull);
    expect(files).toEqual([
      { path: 'a.yaml', status: 'modified', hunks: [{ start: 2, end: 8 }], edited: [{ start: 5, end: 5 }] },
      { path: 'b.yaml', status: 'added', hunks: [{ start: 1, end: 3 }], edited: [{ start: 1, end: 3 }] },
      { path: 'c.yaml', status: 'removed', hunks: [], edited: [{ start: 1, end: 1 }] },
      { path: 'd.bin', status: 'modified', hunks: undefined },
      { path: 'e.yaml', status: 'renamed', previousPath: 'old/e.yaml', hunks: [{ start: 17, end: 24 }], edited: [{ start: 20, end: 21 }] },
    ]);
    const pages = gh.requests.filter((r) => r.path === '/repos/octo/infra/pulls/3/files').map((r) => r.query.get('page') ?? '1');
    expect(pages).toEqual(['1', '2', '3']);
  });

  it('reports why the API failed when there is no git fallback', async () => {
    gh.filesApiStatus = 404;
    const outcome = await changedFiles(client, pull, undefined);
    expect(outcome.source).toBe('none');
    expect(outcome.files).toBeUndefined();
    expect(outcome.problems).toEqual([
      "Could not list the pull request's files through the API: GET /repos/octo/infra/pulls/3/files: not found (Not Found); the token may lack access to it.",
    ]);
  });
});
