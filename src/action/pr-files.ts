// Changed files of a pull request: the pull-request files API, or `git diff` when it fails.
import type { GitHubClient } from './github-client.js';
import { parseEdited, parsePatch, type ChangedFile } from './diff.js';
import { gitChangedFiles } from './git.js';

/** The files API lists at most 3000 files (docs.github.com REST "List pull requests files"). */
export const FILES_API_LIMIT = 3000;

export interface PullRef {
  owner: string;
  repo: string;
  number: number;
}

export async function changedFilesFromApi(client: GitHubClient, pull: PullRef): Promise<ChangedFile[]> {
  const items = await client.octokit.paginate(client.octokit.rest.pulls.listFiles, {
    owner: pull.owner,
    repo: pull.repo,
    pull_number: pull.number,
    per_page: 100,
  });
  return items.map((item) => ({
    path: item.filename,
    status: item.status,
    ...(item.previous_filename ? { previousPath: item.previous_filename } : {}),
    // No patch: binary, or a diff too large for the API; its lines are not known.
    hunks: item.patch !== undefined ? parsePatch(item.patch) : item.status === 'removed' ? [] : undefined,
    ...(item.patch !== undefined ? { edited: parseEdited(item.patch) } : {}),
  }));
}

export interface ChangedFilesOutcome {
  files?: ChangedFile[];
  source: 'api' | 'git' | 'none';
  problems: string[];
}

/** The API first; `git diff BASE...HEAD` when it fails or hits its file limit. */
export async function changedFiles(
  client: GitHubClient | undefined,
  pull: PullRef,
  git: { repoRoot: string; base: string; head: string } | undefined,
): Promise<ChangedFilesOutcome> {
  const problems: string[] = [];
  if (client) {
    try {
      const files = await changedFilesFromApi(client, pull);
      if (files.length < FILES_API_LIMIT) return { files, source: 'api', problems };
      problems.push(`The pull-request files API lists at most ${FILES_API_LIMIT} files; using git diff instead.`);
    } catch (error) {
      problems.push(`Could not list the pull request's files through the API: ${(error as Error).message}`);
    }
  }
  if (git) {
    try {
      return { files: await gitChangedFiles(git.repoRoot, git.base, git.head), source: 'git', problems };
    } catch (error) {
      problems.push(`Could not compute the changed files with git diff: ${(error as Error).message}`);
    }
  }
  return { source: 'none', problems };
}
