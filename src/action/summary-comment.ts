// The one summary comment per pull request, found by a hidden marker and edited in place.
// REST: GET/POST /repos/{o}/{r}/issues/{n}/comments, PATCH /repos/{o}/{r}/issues/comments/{id}.
import type { Finding } from '../engine/types.js';
import type { Unverified } from '../model/types.js';
import { byImportance } from './classify.js';
import { BoundedText, FINDING_TABLE_HEAD, findingRow, plural, unverifiedLead } from './format.js';
import type { GitHubClient } from './github-client.js';
import { codeSpan, escapeMarkdown, markerValue } from './markdown.js';
import type { PullRef } from './pr-files.js';
import { isTrustedAuthor, type OverflowReason } from './review.js';
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

export function buildSummaryComment(input: SummaryInput, limit = COMMENT_LIMIT): string {
  const fresh = input.findings.filter((f) => f.isNew !== false).sort(byImportance);
  const old = input.findings.filter((f) => f.isNew === false);
  const version = `hyperpod-prereq ${escapeMarkdown(input.toolVersion, 40)}`;
  const footer = input.jobSummaryUrl
    ? `\n\n[Full report in the job summary](${input.jobSummaryUrl}) · ${version}\n`
    : `\n\n<sub>${version}</sub>\n`;
  const note = (n: number) =>
    `\n_…and ${plural(n, 'more item')} not shown: the comment size limit is ${COMMENT_LIMIT} characters; see the job summary._`;
  const reserve = footer.length + 200;
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
  for (const line of input.notes) text.force(`\n> ${escapeMarkdown(line, 600)}\n`);

  let left = 0;
  if (fresh.length) {
    text.add(`\n#### New findings\n\n${FINDING_TABLE_HEAD}\n`, reserve);
    for (const [i, finding] of fresh.entries()) {
      if (!text.add(`${findingRow(finding)}\n`, reserve)) {
        left = fresh.length - i;
        break;
      }
    }
    if (left) text.force(note(left));
  }
  if (input.overflow.length && !text.truncated) {
    const byReason = new Map<OverflowReason, number>();
    for (const { reason } of input.overflow) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
    const parts = [...byReason].map(([reason, n]) => `${n} ${REASON_TEXT[reason]}`);
    text.add(`\nNot commented on the diff (listed above only): ${parts.join('; ')}.\n`, reserve);
  }
  if (!text.truncated) {
    const baseText = input.baseKnown
      ? `${plural(old.length, 'finding was', 'findings were')} already on the base branch and ${old.length === 1 ? 'does' : 'do'} not count against this pull request.`
      : 'The base revision could not be scanned, so every finding counts as new.';
    text.add(`\n**Pre-existing:** ${baseText} **Suppressed:** ${input.suppressed}.\n`, reserve);
  }
  for (const chunk of capacityMarkdown(input.capacity ?? [])) if (!text.add(chunk, reserve)) break;
  // A diagram that does not fit is left out whole (a cut Mermaid block would not render).
  if (input.network?.length && !text.truncated) for (const chunk of input.network) if (!text.add(chunk, reserve)) break;
  // Closed only when the opening fitted; the reserve keeps room for the closing tag.
  if (
    input.unverified.length &&
    text.add(`\n<details><summary>Could not be verified offline (${input.unverified.length})</summary>\n\n`, reserve)
  ) {
    let shown = 0;
    for (const item of input.unverified) {
      if (!text.add(`- ${unverifiedLead(item)}${escapeMarkdown(item.reason, 300)}\n`, reserve + 20)) break;
      shown++;
    }
    if (shown < input.unverified.length) text.force(note(input.unverified.length - shown));
    text.force('\n</details>\n');
  }
  text.force(footer);
  return text.toString();
}

/** The body without its link to the run, which changes on every run while the findings may not. */
const withoutRunLink = (body: string): string => body.replace(/^\[Full report in the job summary\]\(.*$/m, '');

export type SummaryAction = 'created' | 'updated' | 'unchanged' | 'skipped';

/** Creates or edits the summary comment as `mode` says; returns what it did. */
export async function publishSummaryComment(
  client: GitHubClient,
  pull: PullRef,
  body: string,
  mode: 'update' | 'new' | 'off',
): Promise<SummaryAction> {
  if (mode === 'off') return 'skipped';
  const { octokit } = client;
  if (mode === 'update') {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner: pull.owner,
      repo: pull.repo,
      issue_number: pull.number,
      per_page: 100,
    });
    const scope = scopeOf(body);
    const mine = comments.filter((c) => isTrustedAuthor(c) && (c.body ?? '').startsWith(SUMMARY_MARKER) && scopeOf(c.body ?? '') === scope);
    const latest = mine[mine.length - 1];
    if (latest) {
      if (withoutRunLink(latest.body ?? '') === withoutRunLink(body)) return 'unchanged';
      await octokit.rest.issues.updateComment({ owner: pull.owner, repo: pull.repo, comment_id: latest.id, body });
      return 'updated';
    }
  }
  await octokit.rest.issues.createComment({ owner: pull.owner, repo: pull.repo, issue_number: pull.number, body });
  return 'created';
}
