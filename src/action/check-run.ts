// One check run carrying every annotation (workflow commands show only a few), in batches.
// Each write that got no answer is looked up before it is retried: the run by its external_id,
// an annotation batch by the run's annotation count.
// REST: POST /repos/{o}/{r}/check-runs, PATCH/GET /repos/{o}/{r}/check-runs/{id},
// GET /repos/{o}/{r}/commits/{ref}/check-runs.
import { randomUUID } from 'node:crypto';
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
  /** The workflow run (GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT): recorded in external_id to recognise runs left unfinished. */
  workflowRun?: { id: string; attempt: number };
}

/** Creates the run with the first batch, adds the other batches, then completes it. */
export async function publishCheckRun(
  client: GitHubClient,
  input: CheckRunInput,
): Promise<{ id: number; requests: number; annotations: number }> {
  const { octokit } = client;
  const summary =
    input.summary.length > CHECK_TEXT_LIMIT
      ? `${input.summary.slice(0, CHECK_TEXT_LIMIT - 40)}\n\n_(summary cut at the size limit)_`
      : input.summary;
  const output = (annotations: CheckAnnotation[]) => ({ title: input.title, summary, ...(annotations.length ? { annotations } : {}) });
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < input.annotations.length; i += ANNOTATIONS_PER_REQUEST)
    batches.push(input.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));

  const externalId = input.workflowRun ? `${input.workflowRun.id}.${input.workflowRun.attempt}.${randomUUID()}` : randomUUID();
  const created = await octokit.rest.checks.create({
    owner: input.owner,
    repo: input.repo,
    name: input.name,
    head_sha: input.headSha,
    external_id: externalId,
    status: 'in_progress',
    ...(input.detailsUrl ? { details_url: input.detailsUrl } : {}),
    output: output(batches[0] ?? []),
    request: {
      reconcile: async () => {
        const runs = await octokit.paginate(octokit.rest.checks.listForRef, {
          owner: input.owner,
          repo: input.repo,
          ref: input.headSha,
          check_name: input.name,
          filter: 'all',
          per_page: 100,
        });
        return runs.find((run) => run.external_id === externalId);
      },
    },
  });
  let requests = 1;
  const id = created.data.id;
  let sent = batches[0]?.length ?? 0;
  for (let i = 1; i < batches.length; i++) {
    const expected = sent + batches[i].length;
    await octokit.rest.checks.update({
      owner: input.owner,
      repo: input.repo,
      check_run_id: id,
      output: output(batches[i]),
      // A batch stored by an attempt that got no answer shows in the run's annotation count.
      request: {
        reconcile: async () => {
          const run = await octokit.rest.checks.get({ owner: input.owner, repo: input.repo, check_run_id: id });
          return run.data.output.annotations_count >= expected ? run.data : undefined;
        },
      },
    });
    sent = expected;
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
  // A re-run starts after the earlier attempt ended: what that attempt left in progress never finishes.
  const closed = input.workflowRun && input.workflowRun.attempt > 1 ? await completeAbandonedRuns(client, input, input.workflowRun, id) : 0;
  return { id, requests: requests + 1 + closed, annotations: sent };
}

/**
 * Completes, as cancelled, check runs of this name on the commit that an earlier attempt of this
 * workflow run left in progress (it crashed or was cancelled between creating and completing one):
 * otherwise the commit shows a check that never finishes. Returns the requests made.
 */
async function completeAbandonedRuns(
  client: GitHubClient,
  input: CheckRunInput,
  workflowRun: { id: string; attempt: number },
  ownId: number,
): Promise<number> {
  const { octokit } = client;
  // Best effort: this run's own check run is complete already.
  const runs = await octokit
    .paginate(octokit.rest.checks.listForRef, {
      owner: input.owner,
      repo: input.repo,
      ref: input.headSha,
      check_name: input.name,
      status: 'in_progress',
      filter: 'all',
      per_page: 100,
    })
    .catch(() => []);
  let requests = 1;
  for (const run of runs) {
    if (run.id === ownId || run.status === 'completed') continue;
    const [runId, attempt] = (run.external_id ?? '').split('.');
    if (runId !== workflowRun.id || !(Number(attempt) < workflowRun.attempt)) continue;
    const done = await octokit.rest.checks
      .update({
        owner: input.owner,
        repo: input.repo,
        check_run_id: run.id,
        status: 'completed',
        conclusion: 'cancelled',
        completed_at: new Date().toISOString(),
        output: {
          title: 'Not finished',
          summary: `Attempt ${attempt} of this workflow run ended before completing this check run; check run ${ownId} of attempt ${workflowRun.attempt} has the result.`,
        },
      })
      .then(
        () => true,
        () => false,
      );
    requests++;
    if (!done) break;
  }
  return requests;
}
