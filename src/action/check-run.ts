// One check run carrying every annotation (workflow commands show only a few), in batches.
// REST: POST /repos/{o}/{r}/check-runs, PATCH /repos/{o}/{r}/check-runs/{id}.
import type { CheckAnnotation } from './annotations.js';
import type { GitHubClient } from './github-client.js';

/** The Checks API takes at most 50 annotations per request (docs.github.com REST "Check runs"). */
export const ANNOTATIONS_PER_REQUEST = 50;
/** Check run output.summary and output.text: at most 65,535 characters (same page). */
export const CHECK_TEXT_LIMIT = 65_535;

export interface CheckRunInput {
  owner: string;
  repo: string;
  headSha: string;
  name: string;
  conclusion: 'success' | 'failure' | 'neutral';
  title: string;
  summary: string;
  annotations: CheckAnnotation[];
  detailsUrl?: string;
}

/** Creates the run with the first batch, adds the other batches, then completes it. */
export async function publishCheckRun(client: GitHubClient, input: CheckRunInput): Promise<{ id: number; requests: number }> {
  const { octokit } = client;
  const summary =
    input.summary.length > CHECK_TEXT_LIMIT
      ? `${input.summary.slice(0, CHECK_TEXT_LIMIT - 40)}\n\n_(summary cut at the size limit)_`
      : input.summary;
  const output = (annotations: CheckAnnotation[]) => ({ title: input.title, summary, ...(annotations.length ? { annotations } : {}) });
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < input.annotations.length; i += ANNOTATIONS_PER_REQUEST)
    batches.push(input.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));

  const created = await octokit.rest.checks.create({
    owner: input.owner,
    repo: input.repo,
    name: input.name,
    head_sha: input.headSha,
    status: 'in_progress',
    ...(input.detailsUrl ? { details_url: input.detailsUrl } : {}),
    output: output(batches[0] ?? []),
  });
  let requests = 1;
  const id = created.data.id;
  for (let i = 1; i < batches.length; i++) {
    await octokit.rest.checks.update({ owner: input.owner, repo: input.repo, check_run_id: id, output: output(batches[i]) });
    requests++;
  }
  await octokit.rest.checks.update({
    owner: input.owner,
    repo: input.repo,
    check_run_id: id,
    status: 'completed',
    conclusion: input.conclusion,
    completed_at: new Date().toISOString(),
    output: output([]),
  });
  return { id, requests: requests + 1 };
}
