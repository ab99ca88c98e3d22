// The one summary comment per pull request, found by a hidden marker (in a comment of the token's
// own identity only) and edited in place; duplicates from a retried write or an overlapping run
// are deleted, and with comment-mode off an earlier summary is deleted rather than left stale.
// REST: GET/POST /repos/{o}/{r}/issues/{n}/comments, PATCH/DELETE /repos/{o}/{r}/issues/comments/{id}.
import type { Finding } from '../engine/types.js';
import type { Unverified } from '../model/types.js';
import { byImportance } from './classify.js';
import { BoundedText, FINDING_TABLE_HEAD, findingRow, plural, unverifiedLead, withoutClusterMarkdown } from './format.js';
import { authoredBy, GitHubApiError, type GitHubClient } from './github-client.js';
import { codeSpan, escapeMarkdown, markerValue } from './markdown.js';
import type { PullRef } from './pr-files.js';
import type { OverflowReason } from './review.js';
import type { SubnetCapacity } from '../rules/types.js';
import { capacityMarkdown } from '../report/capacity.js';

export const SUMMARY_MARKER = '<!-- hyperpod-prereq:summary -->';
/** Second marker when the scan runs in a sub-folder, so jobs scanning different folders keep their own comment. */
export const scopeMarker = (scope: string): string => (scope ? `<!-- hyperpod-prereq:scope=${markerValue(scope)} -->\n` : '');
const SCOPE_MARKER = /^<!-- hyperpod-prereq:summary -->\n<!-- hyperpod-prereq:scope=([^ ]*) -->/;
const scopeOf = (body: string): string => SCOPE_MARKER.exec(body)?.[1] ?? '';
/** GitHub's limit for an issue comment body, in characters (the API answers 422 "Body is too long (maximum is 65536 characters)"). */
export const COMMENT_LIMIT = 65_536;

export interface SummaryInput {
  failed: boolean;
  failOnLabel: string;
  findings: Finding[];
  suppressed: number;
  unverified: Unverified[];
  /** False when the base revision could not be scanned (every finding then counts as new). */
  baseKnown: boolean;
  overflow: { finding: Finding; reason: OverflowReason }[];
  jobSummaryUrl: string;
  toolVersion: string;
  notes: string[];
  /** Security groups checked without their cluster (ScanResult.checkedWithoutCluster): one line under the counts. */
  checkedWithoutCluster?: { file: string; resource: string }[];
  /** The working directory relative to the repository root ('' for the root). */
  scope?: string;
  /** Capacity planner rows (HP030's subnet plans). */
  capacity?: SubnetCapacity[];
  /** The network picture: Markdown chunks from networkMarkdown (one whole diagram or table each). */
  network?: string[];
}

const REASON_TEXT: Record<OverflowReason, string> = {
  'not-in-diff': 'in a file this pull request does not change',
  limit: 'over the max-review-comments limit',
  rejected: 'refused by GitHub as a review comment',
};

/**
 * The summary comment, within `limit` characters. When it must be cut, the counts, the "not
 * commented" line, the pre-existing line and a note for the unverified items always stay; the
 * findings table is cut (listing first the findings that have no review comment) with a note
 * of how many rows are missing and a link to the full job summary.
 */
export function buildSummaryComment(input: SummaryInput, limit = COMMENT_LIMIT): string {
  const overflowed = new Set(input.overflow.map((o) => o.finding));
  let fresh = input.findings.filter((f) => f.isNew !== false).sort(byImportance);
  const old = input.findings.filter((f) => f.isNew === false);
  const version = `hyperpod-prereq ${escapeMarkdown(input.toolVersion, 40)}`;
  const footer = input.jobSummaryUrl
    ? `\n\n[Full report in the job summary](${input.jobSummaryUrl}) · ${version}\n`
    : `\n\n<sub>${version}</sub>\n`;
  const fullReport = input.jobSummaryUrl
    ? `[the job summary](${input.jobSummaryUrl}) and the JSON report`
    : 'the job summary and the JSON report';
  const cutNote = (what: string) =>
    `\n_…${what} not shown: the comment size limit is ${COMMENT_LIMIT} characters; all are in ${fullReport}._\n`;

  const text = new BoundedText(limit);
  const status = input.failed ? `❌ fails (${input.failOnLabel})` : '✅ passes';
  const heading = input.scope ? ` in ${codeSpan(input.scope)}` : '';
  text.force(`${SUMMARY_MARKER}\n${scopeMarker(input.scope ?? '')}### HyperPod prerequisites${heading}: ${status}\n\n`);
  const counts = [
    `**${plural(fresh.length, 'new finding')}**`,
    `${old.length} pre-existing`,
    `${input.suppressed} suppressed`,
    `${input.unverified.length} unverified`,
  ];
  text.force(counts.join(' · ') + '\n');
  const without = withoutClusterMarkdown(input.checkedWithoutCluster);
  if (without) text.force(`\n${without}\n`);
  for (const line of input.notes) text.force(`\n> ${escapeMarkdown(line, 600)}\n`);

  // The lines that always stay, whatever is cut.
  let notCommented = '';
  if (input.overflow.length) {
    const byReason = new Map<OverflowReason, number>();
    for (const { reason } of input.overflow) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
    const parts = [...byReason].map(([reason, n]) => `${n} ${REASON_TEXT[reason]}`);
    notCommented = `\nNot commented on the diff (listed above only): ${parts.join('; ')}.\n`;
  }
  const baseText = input.baseKnown
    ? `${plural(old.length, 'finding was', 'findings were')} already on the base branch and ${old.length === 1 ? 'does' : 'do'} not count against this pull request.`
    : 'The base revision could not be scanned, so every finding counts as new.';
  const preExisting = `\n**Pre-existing:** ${baseText} **Suppressed:** ${input.suppressed}.\n`;
  const unverifiedShort = input.unverified.length
    ? `\n**Could not be verified offline:** ${plural(input.unverified.length, 'item')}.${cutNote('they are').replace(/^\n_…they are not shown/, ' _Not shown')}`
    : '';
  const longestNote = cutNote(`and ${plural(fresh.length, 'more new finding')} (${fresh.length} without a review comment)`).length;
  const reserve = footer.length + notCommented.length + preExisting.length + unverifiedShort.length + longestNote + 50;

  let left = 0;
  if (fresh.length) {
    const rows = (list: Finding[]) => list.map((finding) => `${findingRow(finding)}\n`);
    const tableHead = `\n#### New findings\n\n${FINDING_TABLE_HEAD}\n`;
    const all = rows(fresh).reduce((n, row) => n + row.length, tableHead.length);
    if (text.usedSize() + all + reserve > limit) {
      // Not everything fits: the findings without a review comment come first, being nowhere else in the pull request.
      fresh = [...fresh.filter((f) => overflowed.has(f)), ...fresh.filter((f) => !overflowed.has(f))];
    }
    if (text.add(tableHead, reserve)) {
      for (const [i, finding] of fresh.entries()) {
        if (!text.add(`${findingRow(finding)}\n`, reserve)) {
          left = fresh.length - i;
          break;
        }
      }
    } else {
      left = fresh.length;
    }
    if (left) {
      const uncommented = fresh.slice(fresh.length - left).filter((f) => overflowed.has(f)).length;
      text.force(cutNote(`and ${plural(left, 'more new finding')}${uncommented ? ` (${uncommented} without a review comment)` : ''}`));
    }
  }
  if (notCommented) text.force(notCommented);
  text.force(preExisting);
  const tail = footer.length + unverifiedShort.length + 20;
  for (const chunk of capacityMarkdown(input.capacity ?? [])) if (!text.add(chunk, tail)) break;
  // A diagram that does not fit is left out whole (a cut Mermaid block would not render).
  if (input.network?.length && !text.truncated) for (const chunk of input.network) if (!text.add(chunk, tail)) break;
  if (input.unverified.length) {
    const open = `\n<details><summary>Could not be verified offline (${input.unverified.length})</summary>\n\n`;
    const close = '\n</details>\n';
    const itemNote = (n: number) => cutNote(`and ${plural(n, 'more unverified item')}`);
    // Closed only when the opening fitted; the reserve keeps room for the closing tag and the note.
    if (text.fits(open, footer.length + close.length + itemNote(input.unverified.length).length)) {
      text.force(open);
      let shown = 0;
      for (const item of input.unverified) {
        if (
          !text.add(
            `- ${unverifiedLead(item)}${escapeMarkdown(item.reason, 300)}\n`,
            footer.length + close.length + itemNote(input.unverified.length).length,
          )
        )
          break;
        shown++;
      }
      if (shown < input.unverified.length) text.force(itemNote(input.unverified.length - shown));
      text.force(close);
    } else {
      text.force(unverifiedShort);
    }
  }
  text.force(footer);
  return text.toString();
}

/** The body without its link to the run, which changes on every run while the findings may not. */
const withoutRunLink = (body: string): string => body.replace(/^\[Full report in the job summary\]\(.*$/m, '');

export type SummaryAction = 'created' | 'updated' | 'unchanged' | 'skipped' | 'removed';

/** Creates or edits the summary comment as `mode` says; returns what it did. */
export async function publishSummaryComment(
  client: GitHubClient,
  pull: PullRef,
  body: string,
  mode: 'update' | 'new' | 'off',
): Promise<SummaryAction> {
  const { octokit } = client;
  const me = await client.identity();
  const scope = scopeOf(body);
  const listMine = async () => {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner: pull.owner,
      repo: pull.repo,
      issue_number: pull.number,
      per_page: 100,
    });
    return comments
      .filter((c) => authoredBy(c, me) && (c.body ?? '').startsWith(SUMMARY_MARKER) && scopeOf(c.body ?? '') === scope)
      .sort((a, b) => a.id - b.id);
  };
  const remove = async (id: number): Promise<void> => {
    try {
      await octokit.rest.issues.deleteComment({ owner: pull.owner, repo: pull.repo, comment_id: id });
    } catch (error) {
      // Already deleted by an overlapping run.
      if (!(error instanceof GitHubApiError && error.kind === 'not-found')) throw error;
    }
  };
  if (mode === 'off') {
    // A summary left by an earlier run in update mode would go stale.
    const mine = await listMine();
    for (const comment of mine) await remove(comment.id);
    return mine.length ? 'removed' : 'skipped';
  }
  if (mode === 'update') {
    const [first, ...extra] = await listMine();
    if (first) {
      for (const comment of extra) await remove(comment.id);
      if (withoutRunLink(first.body ?? '') === withoutRunLink(body)) return 'unchanged';
      await octokit.rest.issues.updateComment({ owner: pull.owner, repo: pull.repo, comment_id: first.id, body });
      return 'updated';
    }
  }
  const created = await octokit.rest.issues.createComment({
    owner: pull.owner,
    repo: pull.repo,
    issue_number: pull.number,
    body,
    // A comment stored by an attempt that got no answer has this body.
    request: { reconcile: async () => (await listMine()).reverse().find((c) => c.body === body) },
  });
  if (mode === 'update') {
    // An overlapping run may have created one meanwhile: the oldest stays, with this run's body.
    const [oldest] = await listMine();
    if (oldest && oldest.id !== created.data.id) {
      await remove(created.data.id);
      if (withoutRunLink(oldest.body ?? '') !== withoutRunLink(body))
        await octokit.rest.issues.updateComment({ owner: pull.owner, repo: pull.repo, comment_id: oldest.id, body });
      return 'updated';
    }
  }
  return 'created';
}
