// Review comments: one review per run (event COMMENT) with the new findings on diff lines
// (a finding elsewhere in a changed file goes into the same review, on the file's first diff
// line, saying its own line), no repeats on re-runs, and comments whose finding is gone minimized
// as outdated (or marked resolved). Only comments written by the token's own identity count:
// markers in anyone else's comments are ignored. Minimized and outdated comments do not count as
// posted. A write that got no answer is looked up before it is retried, and duplicates left by a
// retry or by an overlapping run are deleted (the oldest comment stays).
// REST: GET/POST/DELETE /repos/{o}/{r}/pulls/{n}/comments, GET/POST/PUT /repos/{o}/{r}/pulls/{n}/reviews,
// PATCH /repos/{o}/{r}/pulls/comments/{id}; GraphQL minimizeComment, isMinimized.
import { randomUUID } from 'node:crypto';
import type { Finding } from '../engine/types.js';
import { appendAll } from '../util/arrays.js';
import type { ChangedFile } from './diff.js';
import { inRanges } from './diff.js';
import { byImportance } from './classify.js';
import { authoredBy, GitHubApiError, isForbidden, type GitHubClient } from './github-client.js';
import { codeSpan, escapeMarkdown, markerValue } from './markdown.js';
import type { PullRef } from './pr-files.js';
import { SEVERITY_LABEL, plural, ruleLink } from './format.js';

export const fingerprintMarker = (fingerprint: string): string => `<!-- hyperpod-prereq:fp=${markerValue(fingerprint)} -->`;
/** A marker is a whole line of its own: text quoted inside a line (a resource name) never is one. */
const FINGERPRINT_MARKERS = /^<!-- hyperpod-prereq:fp=([A-Za-z0-9_.:=/-]+) -->$/gm;
export const RESOLVED_MARKER = '<!-- hyperpod-prereq:resolved -->';
export const REVIEW_MARKER = '<!-- hyperpod-prereq:review -->';

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
  /** Outdated comments (their lines changed in a later push) replaced by a new comment. */
  replaced: number;
  /** Duplicate comments (from a retried write or an overlapping run) deleted. */
  duplicatesRemoved: number;
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
  path: string;
  in_reply_to_id?: number;
  pull_request_review_id?: number | null;
  fingerprints: string[];
  /** A line comment whose lines changed in a later push (GitHub sets position to null). */
  outdated: boolean;
}

interface ListedComment {
  id: number;
  node_id: string;
  body?: string | null;
  path: string;
  in_reply_to_id?: number;
  pull_request_review_id?: number | null;
  position?: number | null;
  subject_type?: string | null;
  user?: { login?: string } | null;
}

/** This identity's review comments that carry fingerprint markers, oldest first. */
async function ownComments(client: GitHubClient, pull: PullRef, me: string): Promise<ExistingComment[]> {
  const { octokit } = client;
  const comments = (await octokit.paginate(octokit.rest.pulls.listReviewComments, {
    owner: pull.owner,
    repo: pull.repo,
    pull_number: pull.number,
    per_page: 100,
  })) as ListedComment[];
  return comments
    .filter((c) => authoredBy(c, me))
    .map((c) => ({
      id: c.id,
      node_id: c.node_id,
      body: c.body ?? '',
      path: c.path,
      in_reply_to_id: c.in_reply_to_id,
      pull_request_review_id: c.pull_request_review_id,
      fingerprints: markersIn(c.body),
      outdated: c.subject_type !== 'file' && c.position === null,
    }))
    .filter((c) => c.fingerprints.length > 0)
    .sort((a, b) => a.id - b.id);
}

/** Node IDs of the comments that are minimized (GraphQL isMinimized); undefined when GraphQL is not available. */
async function minimizedAmong(client: GitHubClient, nodeIds: string[]): Promise<Set<string> | undefined> {
  const minimized = new Set<string>();
  try {
    // GraphQL `nodes` takes at most 100 IDs (docs.github.com GraphQL "Rate limits and node limits").
    for (let i = 0; i < nodeIds.length; i += 100) {
      const data = await client.graphql<{ nodes: ({ id?: string; isMinimized?: boolean } | null)[] }>(
        'query($ids: [ID!]!) { nodes(ids: $ids) { ... on PullRequestReviewComment { id isMinimized } } }',
        { ids: nodeIds.slice(i, i + 100) },
      );
      for (const node of data.nodes) if (node?.isMinimized && node.id) minimized.add(node.id);
    }
  } catch {
    return undefined;
  }
  return minimized;
}

const sameFindings = (c: ExistingComment): string => `${c.path}\n${[...c.fingerprints].sort().join(',')}`;

/**
 * Deletes this identity's duplicate live comments (same file and findings): the oldest stays.
 * Two overlapping runs both arrive at the same oldest comment, so their clean-ups agree.
 */
async function removeDuplicates(
  client: GitHubClient,
  pull: PullRef,
  live: ExistingComment[],
  outcome: ReviewOutcome,
): Promise<Set<number>> {
  const kept = new Map<string, ExistingComment>();
  const removed = new Set<number>();
  for (const comment of live) {
    if (comment.in_reply_to_id !== undefined) continue;
    const key = sameFindings(comment);
    if (!kept.has(key)) {
      kept.set(key, comment);
      continue;
    }
    try {
      await client.octokit.rest.pulls.deleteReviewComment({ owner: pull.owner, repo: pull.repo, comment_id: comment.id });
      removed.add(comment.id);
      outcome.duplicatesRemoved++;
    } catch (error) {
      // Already deleted by an overlapping run.
      if (error instanceof GitHubApiError && error.kind === 'not-found') removed.add(comment.id);
      else {
        outcome.problems.push(`Could not delete a duplicate review comment: ${(error as Error).message}`);
        if (isForbidden(error)) break;
      }
    }
  }
  return removed;
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
    replaced: 0,
    duplicatesRemoved: 0,
    problems: [],
    forbidden: false,
  };
  const fail = (error: unknown, what: string): void => {
    if (isForbidden(error)) outcome.forbidden = true;
    outcome.problems.push(`${what}: ${(error as Error).message}`);
  };

  // What earlier runs of this identity posted.
  let existing: ExistingComment[];
  let me: string;
  const postedInReviews = new Set<string>();
  let minimized: Set<string> | undefined;
  try {
    me = await client.identity();
    existing = await ownComments(client, pull, me);
    const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, {
      owner: pull.owner,
      repo: pull.repo,
      pull_number: pull.number,
      per_page: 100,
    });
    for (const review of reviews) if (authoredBy(review, me)) for (const fp of markersIn(review.body)) postedInReviews.add(fp);
    minimized = await minimizedAmong(
      client,
      existing.filter((c) => !c.body.includes(RESOLVED_MARKER)).map((c) => c.node_id),
    );
  } catch (error) {
    fail(error, 'Could not list earlier review comments (nothing posted, to avoid repeats)');
    for (const finding of input.findings.filter((f) => f.isNew !== false)) outcome.overflow.push({ finding, reason: 'rejected' });
    return outcome;
  }
  const isLive = (c: ExistingComment): boolean => !c.body.includes(RESOLVED_MARKER) && !minimized?.has(c.node_id) && !c.outdated;
  // Clean up what a retried write or an overlapping run left twice.
  const removed = await removeDuplicates(client, pull, existing.filter(isLive), outcome);
  const active = existing.filter((c) => !removed.has(c.id) && !c.body.includes(RESOLVED_MARKER) && !minimized?.has(c.node_id));
  const posted = new Set([...active.filter(isLive).flatMap((c) => c.fingerprints), ...postedInReviews]);

  // Place the new findings.
  const changedByPath = new Map((input.changed ?? []).map((file) => [file.path, file]));
  const seen = new Set<string>();
  const lineCandidates: Finding[] = [];
  /** Findings elsewhere in a changed file: in the review on the file's first diff line, or (no diff known) file-level comments. */
  const anchored: { finding: Finding; line: number }[] = [];
  /** Findings whose comment carries a suggestion block on the edited lines. */
  const onEdit = new Set<Finding>();
  const fileCandidates: Finding[] = [];
  const planned = () => lineCandidates.length + anchored.length + fileCandidates.length;
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
    } else if (planned() >= input.max) {
      outcome.overflow.push({ finding, reason: 'limit' });
    } else if (editPlaceable(finding, changed)) {
      onEdit.add(finding);
      lineCandidates.push(finding);
    } else if (inRanges(changed.hunks, finding.line)) {
      lineCandidates.push(finding);
    } else if (changed.hunks?.length) {
      anchored.push({ finding, line: changed.hunks[0].start });
    } else {
      fileCandidates.push(finding);
    }
  }

  // Right before posting, list again: an overlapping run may have posted some of them meanwhile.
  if (planned()) {
    try {
      const meanwhile = new Set((await ownComments(client, pull, me)).filter(isLive).flatMap((c) => c.fingerprints));
      const take = (finding: Finding): boolean => {
        if (!meanwhile.has(markerValue(finding.fingerprint))) return true;
        outcome.alreadyPosted++;
        return false;
      };
      lineCandidates.splice(0, lineCandidates.length, ...lineCandidates.filter(take));
      anchored.splice(0, anchored.length, ...anchored.filter((a) => take(a.finding)));
      fileCandidates.splice(0, fileCandidates.length, ...fileCandidates.filter(take));
    } catch {
      // The first listing stands; duplicates are cleaned up after posting.
    }
  }
  const inReview = [...lineCandidates, ...anchored.map((a) => a.finding)];
  let createdReview: number | undefined;
  if (inReview.length) {
    const attempt = `<!-- hyperpod-prereq:attempt=${randomUUID()} -->`;
    type LineComment = { path: string; line: number; side: 'RIGHT'; body: string; start_line?: number; start_side?: 'RIGHT' };
    const postReview = (body: string, comments?: LineComment[]) => {
      const reviewBody = `${REVIEW_MARKER}\n${attempt}\n**hyperpod-prereq**: ${plural(inReview.length, 'new finding')} ${body}`;
      return octokit.rest.pulls.createReview({
        owner: pull.owner,
        repo: pull.repo,
        pull_number: pull.number,
        commit_id: input.headSha,
        event: 'COMMENT',
        body: reviewBody,
        ...(comments ? { comments } : {}),
        // A review stored by an attempt that got no answer is found by its attempt marker.
        request: {
          reconcile: async () => {
            const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, {
              owner: pull.owner,
              repo: pull.repo,
              pull_number: pull.number,
              per_page: 100,
            });
            return reviews.find((r) => authoredBy(r, me) && r.body === reviewBody);
          },
        },
      });
    };
    try {
      const review = await postReview('on the changed lines.', [
        ...lineCandidates.map((f): LineComment => {
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
        ...anchored.map(({ finding, line }): LineComment => ({
          path: finding.file,
          line,
          side: 'RIGHT',
          body: commentBody(finding, { fileLevel: true }),
        })),
      ]);
      createdReview = review.data.id;
      appendAll(outcome.lineComments, lineCandidates);
      appendAll(
        outcome.fileComments,
        anchored.map((a) => a.finding),
      );
    } catch (error) {
      for (const finding of inReview) outcome.overflow.push({ finding, reason: 'rejected' });
      if (error instanceof GitHubApiError && error.kind === 'invalid') {
        // A line GitHub does not accept fails the whole review: post it without line comments.
        outcome.problems.push(
          `The review was refused (${error.message}); posted without line comments, the findings are in the summary comment.`,
        );
        try {
          await postReview(
            `could not be placed on the diff; see the summary comment.\n${inReview.map((f) => fingerprintMarker(f.fingerprint)).join('\n')}`,
          );
        } catch (retryError) {
          fail(retryError, 'Could not post the review without line comments');
        }
      } else {
        fail(error, 'Could not post the review');
      }
    }
  }

  const known = new Set(existing.map((c) => c.id));
  for (const finding of fileCandidates) {
    if (outcome.forbidden) {
      outcome.overflow.push({ finding, reason: 'rejected' });
      continue;
    }
    const body = commentBody(finding, { fileLevel: true });
    try {
      await octokit.rest.pulls.createReviewComment({
        owner: pull.owner,
        repo: pull.repo,
        pull_number: pull.number,
        commit_id: input.headSha,
        path: finding.file,
        subject_type: 'file',
        body,
        request: {
          reconcile: async () =>
            (await ownComments(client, pull, me)).find((c) => !known.has(c.id) && c.path === finding.file && c.body === body),
        },
      });
      outcome.fileComments.push(finding);
    } catch (error) {
      fail(error, `Could not post a file comment on ${finding.file}`);
      outcome.overflow.push({ finding, reason: 'rejected' });
    }
  }

  if (outcome.forbidden) return outcome;
  const postedNow = new Set([...outcome.lineComments, ...outcome.fileComments].map((f) => markerValue(f.fingerprint)));
  if (postedNow.size) {
    // An overlapping run may have posted the same findings meanwhile: the oldest comment stays.
    try {
      const now = await ownComments(client, pull, me);
      const gone = await removeDuplicates(client, pull, now.filter(isLive), outcome);
      // This run's review lost every comment to the clean-up (this run's or the overlapping run's).
      if (createdReview !== undefined && !now.some((c) => c.pull_request_review_id === createdReview && !gone.has(c.id))) {
        await supersede(client, pull, createdReview);
      }
    } catch (error) {
      outcome.problems.push(`Could not check for comments of an overlapping run: ${(error as Error).message}`);
    }
  }
  // Outdated comments whose finding has a new comment now are replaced.
  const replaced = active.filter((c) => c.outdated && c.in_reply_to_id === undefined && c.fingerprints.every((fp) => postedNow.has(fp)));
  outcome.replaced = await minimize(input, replaced, outcome, minimized !== undefined);
  outcome.resolved = await resolveGone(input, active, outcome, minimized !== undefined);
  return outcome;
}

/** The review of a run whose every comment duplicated an overlapping run's says so (a submitted review cannot be deleted). */
async function supersede(client: GitHubClient, pull: PullRef, reviewId: number): Promise<void> {
  await client.octokit.rest.pulls.updateReview({
    owner: pull.owner,
    repo: pull.repo,
    pull_number: pull.number,
    review_id: reviewId,
    body: `${REVIEW_MARKER}\n**hyperpod-prereq**: an overlapping run posted the same comments first; see its review.`,
  });
}

/** The finding's edit is in its own file and inside one hunk of the diff, so GitHub accepts a suggestion on it. */
function editPlaceable(finding: Finding, changed: ChangedFile): boolean {
  const edit = finding.suggestion?.edit;
  if (!edit || edit.file !== finding.file) return false;
  return !!changed.hunks?.some((range) => edit.startLine >= range.start && edit.endLine <= range.end);
}

/** Minimizes (or marks resolved) earlier comments of this action whose findings are all gone. */
async function resolveGone(input: ReviewInput, active: ExistingComment[], outcome: ReviewOutcome, graphql: boolean): Promise<number> {
  const current = new Set(input.findings.map((f) => markerValue(f.fingerprint)));
  const gone = active.filter((c) => c.in_reply_to_id === undefined && c.fingerprints.every((fp) => !current.has(fp)));
  return minimize(input, gone, outcome, graphql);
}

/** Minimizes the comments as OUTDATED (GraphQL), or marks them resolved with an edit when GraphQL is not available. */
async function minimize(input: ReviewInput, comments: ExistingComment[], outcome: ReviewOutcome, graphql: boolean): Promise<number> {
  const { client, pull } = input;
  let done = 0;
  let useGraphql = graphql;
  for (const comment of comments) {
    if (useGraphql) {
      try {
        await client.graphql(
          'mutation($id: ID!) { minimizeComment(input: {subjectId: $id, classifier: OUTDATED}) { minimizedComment { isMinimized } } }',
          { id: comment.node_id },
        );
        done++;
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
      done++;
    } catch (error) {
      outcome.problems.push(`Could not mark an outdated comment as resolved: ${(error as Error).message}`);
      if (isForbidden(error)) break;
    }
  }
  return done;
}
