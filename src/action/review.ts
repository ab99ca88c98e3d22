// Review comments: one review per run (event COMMENT) with the new findings on diff lines,
// file-level comments for findings elsewhere in a changed file, no repeats on re-runs, and
// comments whose finding is gone minimized as outdated (or marked resolved).
// REST: GET/POST /repos/{o}/{r}/pulls/{n}/comments, GET/POST /repos/{o}/{r}/pulls/{n}/reviews,
// PATCH /repos/{o}/{r}/pulls/comments/{id}; GraphQL minimizeComment.
import type { Finding } from '../engine/types.js';
import { appendAll } from '../util/arrays.js';
import type { ChangedFile } from './diff.js';
import { inRanges } from './diff.js';
import { byImportance } from './classify.js';
import { GitHubApiError, isForbidden, type GitHubClient } from './github-client.js';
import { codeSpan, escapeMarkdown, markerValue } from './markdown.js';
import type { PullRef } from './pr-files.js';
import { SEVERITY_LABEL, plural, ruleLink } from './format.js';

export const fingerprintMarker = (fingerprint: string): string => `<!-- hyperpod-prereq:fp=${markerValue(fingerprint)} -->`;
const FINGERPRINT_MARKERS = /<!-- hyperpod-prereq:fp=([A-Za-z0-9_.:=/-]+) -->/g;
export const RESOLVED_MARKER = '<!-- hyperpod-prereq:resolved -->';
export const REVIEW_MARKER = '<!-- hyperpod-prereq:review -->';

/** Comment authors whose markers are trusted: the Actions bot, or people with write access. */
const TRUSTED_ASSOCIATIONS = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);
export const isTrustedAuthor = (item: { user?: { type?: string } | null; author_association?: string }): boolean =>
  item.user?.type === 'Bot' || TRUSTED_ASSOCIATIONS.has(item.author_association ?? '');

export const markersIn = (body: string | null | undefined): string[] => [...(body ?? '').matchAll(FINGERPRINT_MARKERS)].map((m) => m[1]);

export type OverflowReason = 'not-in-diff' | 'limit' | 'rejected';

export interface ReviewOutcome {
  lineComments: Finding[];
  fileComments: Finding[];
  /** New findings already commented on by an earlier run. */
  alreadyPosted: number;
  /** New findings not commented on, and why (listed in the summary comment instead). */
  overflow: { finding: Finding; reason: OverflowReason }[];
  /** Earlier comments whose finding is gone, now minimized or marked resolved. */
  resolved: number;
  problems: string[];
  /** A write was refused (403): the token is read-only. */
  forbidden: boolean;
}

export interface ReviewInput {
  client: GitHubClient;
  pull: PullRef;
  headSha: string;
  /** All head findings (repository-relative paths), with isNew set. */
  findings: Finding[];
  /** Changed files with hunks; undefined when unknown. */
  changed?: ChangedFile[];
  /** Most comments (line and file level) posted per run. */
  max: number;
  /** When false, nothing is posted; outdated comments are still resolved. */
  post: boolean;
}

interface ExistingComment {
  id: number;
  node_id: string;
  body: string;
  in_reply_to_id?: number;
  fingerprints: string[];
}

/** A code fence longer than any run of backticks in the text (at least three). */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

const LANGUAGE: Record<string, string> = { yaml: 'yaml', yml: 'yaml', json: 'json', tf: 'hcl', template: 'yaml' };
const languageOf = (file: string): string => LANGUAGE[file.split('.').pop()?.toLowerCase() ?? ''] ?? '';

/**
 * The suggestion part of a comment: a ```suggestion block when the comment sits on the edited lines (GitHub then
 * offers to commit it), else the change as a fenced snippet with where it goes.
 */
export function suggestionText(finding: Finding, asBlock: boolean): string[] {
  const suggestion = finding.suggestion;
  if (!suggestion) return [];
  const title = `**Suggested change:** ${escapeMarkdown(suggestion.description, 300)}`;
  const { edit, snippet } = suggestion;
  if (edit && asBlock) {
    const fence = fenceFor(edit.replacement);
    return ['', title, '', `${fence}suggestion`, edit.replacement, fence];
  }
  if (edit) {
    const fence = fenceFor(edit.replacement);
    const range = edit.startLine === edit.endLine ? `line ${edit.startLine}` : `lines ${edit.startLine}–${edit.endLine}`;
    return [
      '',
      `${title} Replace ${range} of ${codeSpan(edit.file)} with:`,
      '',
      `${fence}${languageOf(edit.file)}`,
      edit.replacement,
      fence,
    ];
  }
  if (snippet) {
    const fence = fenceFor(snippet.text);
    return ['', `${title} ${escapeMarkdown(snippet.where, 300)}:`, '', `${fence}${snippet.language}`, snippet.text, fence];
  }
  return [];
}

export function commentBody(finding: Finding, options: { fileLevel: boolean; suggestionBlock?: boolean }): string {
  const where = options.fileLevel ? `Line ${finding.line} (outside the changed lines): ` : '';
  const lines = [
    fingerprintMarker(finding.fingerprint),
    `**${SEVERITY_LABEL[finding.severity]}** ${ruleLink(finding)}: ${where}${escapeMarkdown(finding.message, 2000)}`,
  ];
  if (finding.fix) lines.push('', `**Fix:** ${escapeMarkdown(finding.fix, 1000)}`);
  lines.push(...suggestionText(finding, options.suggestionBlock === true));
  if (finding.resource) lines.push('', `<sub>Resource ${codeSpan(finding.resource, 120)} · hyperpod-prereq</sub>`);
  else lines.push('', '<sub>hyperpod-prereq</sub>');
  return lines.join('\n');
}

export async function publishReview(input: ReviewInput): Promise<ReviewOutcome> {
  const { client, pull } = input;
  const { octokit } = client;
  const outcome: ReviewOutcome = {
    lineComments: [],
    fileComments: [],
    alreadyPosted: 0,
    overflow: [],
    resolved: 0,
    problems: [],
    forbidden: false,
  };
  const fail = (error: unknown, what: string): void => {
    if (isForbidden(error)) outcome.forbidden = true;
    outcome.problems.push(`${what}: ${(error as Error).message}`);
  };

  // What earlier runs posted.
  let existing: ExistingComment[];
  const postedInReviews = new Set<string>();
  try {
    const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, {
      owner: pull.owner,
      repo: pull.repo,
      pull_number: pull.number,
      per_page: 100,
    });
    existing = comments
      .filter((c) => isTrustedAuthor(c))
      .map((c) => ({ id: c.id, node_id: c.node_id, body: c.body ?? '', in_reply_to_id: c.in_reply_to_id, fingerprints: markersIn(c.body) }))
      .filter((c) => c.fingerprints.length > 0);
    const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, {
      owner: pull.owner,
      repo: pull.repo,
      pull_number: pull.number,
      per_page: 100,
    });
    for (const review of reviews) if (isTrustedAuthor(review)) for (const fp of markersIn(review.body)) postedInReviews.add(fp);
  } catch (error) {
    fail(error, 'Could not list earlier review comments (nothing posted, to avoid repeats)');
    for (const finding of input.findings.filter((f) => f.isNew !== false)) outcome.overflow.push({ finding, reason: 'rejected' });
    return outcome;
  }
  const active = existing.filter((c) => !c.body.includes(RESOLVED_MARKER));
  const posted = new Set([...active.flatMap((c) => c.fingerprints), ...postedInReviews]);

  // Place the new findings.
  const changedByPath = new Map((input.changed ?? []).map((file) => [file.path, file]));
  const seen = new Set<string>();
  const lineCandidates: Finding[] = [];
  /** Findings whose comment carries a suggestion block on the edited lines. */
  const onEdit = new Set<Finding>();
  const fileCandidates: Finding[] = [];
  for (const finding of input.findings.filter((f) => f.isNew !== false).sort(byImportance)) {
    if (posted.has(markerValue(finding.fingerprint))) {
      outcome.alreadyPosted++;
      continue;
    }
    if (seen.has(finding.fingerprint)) continue;
    seen.add(finding.fingerprint);
    const changed = changedByPath.get(finding.file);
    if (!input.post) continue;
    if (!changed || changed.status === 'removed') {
      outcome.overflow.push({ finding, reason: 'not-in-diff' });
    } else if (lineCandidates.length + fileCandidates.length >= input.max) {
      outcome.overflow.push({ finding, reason: 'limit' });
    } else if (editPlaceable(finding, changed)) {
      onEdit.add(finding);
      lineCandidates.push(finding);
    } else if (inRanges(changed.hunks, finding.line)) {
      lineCandidates.push(finding);
    } else {
      fileCandidates.push(finding);
    }
  }

  if (lineCandidates.length) {
    type LineComment = { path: string; line: number; side: 'RIGHT'; body: string; start_line?: number; start_side?: 'RIGHT' };
    const postReview = (body: string, comments?: LineComment[]) =>
      octokit.rest.pulls.createReview({
        owner: pull.owner,
        repo: pull.repo,
        pull_number: pull.number,
        commit_id: input.headSha,
        event: 'COMMENT',
        body: `${REVIEW_MARKER}\n**hyperpod-prereq**: ${plural(lineCandidates.length, 'new finding')} ${body}`,
        ...(comments ? { comments } : {}),
      });
    try {
      await postReview(
        'on the changed lines.',
        lineCandidates.map((f): LineComment => {
          const edit = onEdit.has(f) ? f.suggestion!.edit! : undefined;
          if (!edit) return { path: f.file, line: f.line, side: 'RIGHT', body: commentBody(f, { fileLevel: false }) };
          // A multi-line suggestion spans start_line..line (REST "Create a review comment": start_line, start_side).
          return {
            path: f.file,
            line: edit.endLine,
            side: 'RIGHT',
            ...(edit.startLine < edit.endLine ? { start_line: edit.startLine, start_side: 'RIGHT' as const } : {}),
            body: commentBody(f, { fileLevel: false, suggestionBlock: true }),
          };
        }),
      );
      appendAll(outcome.lineComments, lineCandidates);
    } catch (error) {
      for (const finding of lineCandidates) outcome.overflow.push({ finding, reason: 'rejected' });
      if (error instanceof GitHubApiError && error.kind === 'invalid') {
        // A line GitHub does not accept fails the whole review: post it without line comments.
        outcome.problems.push(
          `The review was refused (${error.message}); posted without line comments, the findings are in the summary comment.`,
        );
        try {
          await postReview(
            `could not be placed on the diff; see the summary comment.\n${lineCandidates.map((f) => fingerprintMarker(f.fingerprint)).join('\n')}`,
          );
        } catch (retryError) {
          fail(retryError, 'Could not post the review without line comments');
        }
      } else {
        fail(error, 'Could not post the review');
      }
    }
  }

  for (const finding of fileCandidates) {
    if (outcome.forbidden) {
      outcome.overflow.push({ finding, reason: 'rejected' });
      continue;
    }
    try {
      await octokit.rest.pulls.createReviewComment({
        owner: pull.owner,
        repo: pull.repo,
        pull_number: pull.number,
        commit_id: input.headSha,
        path: finding.file,
        subject_type: 'file',
        body: commentBody(finding, { fileLevel: true }),
      });
      outcome.fileComments.push(finding);
    } catch (error) {
      fail(error, `Could not post a file comment on ${finding.file}`);
      outcome.overflow.push({ finding, reason: 'rejected' });
    }
  }

  if (!outcome.forbidden) outcome.resolved = await resolveGone(input, active, outcome);
  return outcome;
}

/** The finding's edit is in its own file and inside one hunk of the diff, so GitHub accepts a suggestion on it. */
function editPlaceable(finding: Finding, changed: ChangedFile): boolean {
  const edit = finding.suggestion?.edit;
  if (!edit || edit.file !== finding.file) return false;
  return !!changed.hunks?.some((range) => edit.startLine >= range.start && edit.endLine <= range.end);
}

/** Minimizes (or marks resolved) earlier comments of this action whose findings are all gone. */
async function resolveGone(input: ReviewInput, active: ExistingComment[], outcome: ReviewOutcome): Promise<number> {
  const current = new Set(input.findings.map((f) => markerValue(f.fingerprint)));
  const gone = active.filter((c) => c.in_reply_to_id === undefined && c.fingerprints.every((fp) => !current.has(fp)));
  if (!gone.length) return 0;
  const { client, pull } = input;
  let resolved = 0;
  let useGraphql = true;
  const minimized = new Set<string>();
  try {
    // GraphQL `nodes` takes at most 100 IDs (docs.github.com GraphQL "Rate limits and node limits").
    for (let i = 0; i < gone.length; i += 100) {
      const data = await client.graphql<{ nodes: ({ id?: string; isMinimized?: boolean } | null)[] }>(
        'query($ids: [ID!]!) { nodes(ids: $ids) { ... on PullRequestReviewComment { id isMinimized } } }',
        { ids: gone.slice(i, i + 100).map((c) => c.node_id) },
      );
      for (const node of data.nodes) if (node?.isMinimized && node.id) minimized.add(node.id);
    }
  } catch {
    useGraphql = false;
  }
  for (const comment of gone) {
    if (minimized.has(comment.node_id)) continue;
    if (useGraphql) {
      try {
        await client.graphql(
          'mutation($id: ID!) { minimizeComment(input: {subjectId: $id, classifier: OUTDATED}) { minimizedComment { isMinimized } } }',
          {
            id: comment.node_id,
          },
        );
        resolved++;
        continue;
      } catch {
        useGraphql = false;
      }
    }
    try {
      await client.octokit.rest.pulls.updateReviewComment({
        owner: pull.owner,
        repo: pull.repo,
        comment_id: comment.id,
        body: `${RESOLVED_MARKER}\n**Resolved in ${input.headSha.slice(0, 12)}.**\n\n${comment.body}`,
      });
      resolved++;
    } catch (error) {
      outcome.problems.push(`Could not mark an outdated comment as resolved: ${(error as Error).message}`);
      if (isForbidden(error)) break;
    }
  }
  return resolved;
}
