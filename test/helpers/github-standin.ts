/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies and payloads are free-form JSON */
// A GitHub REST/GraphQL stand-in on 127.0.0.1 for the action's tests. It records every request
// and answers like GitHub for the endpoints the action uses: pull-request files (Link
// pagination), review comments and reviews (422 for a line outside the diff), issue comments,
// check runs (at most 50 annotations per request, listed by ref with external_id), GraphQL
// minimizeComment and isMinimized, 403 for a read-only token, rate-limit answers on demand, body
// size limits (65,536 characters for comments, 65,535 for check-run text), paging of every list,
// comments by other authors, outdated comments after a force-push, and faults: a write stored
// and then answered 502, a write stored and never answered, requests that hang.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandinFile {
  filename: string;
  status: 'added' | 'modified' | 'removed' | 'renamed';
  patch?: string;
  previous_filename?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: any;
  authorization?: string;
  /** The status the stand-in answered (undefined: no answer). */
  status?: number;
  /** For a faulted request: the status of the work the stand-in did before the fault. */
  stored?: number;
}

interface User {
  login: string;
  type: 'Bot' | 'User';
}

export interface ReviewComment {
  id: number;
  node_id: string;
  body: string;
  path: string;
  line: number | null;
  /** Null once the comment is outdated (its lines changed in a later push). */
  position: number | null;
  original_line: number | null;
  side?: string;
  /** First line of a multi-line comment (a suggestion over several lines). */
  start_line?: number;
  start_side?: string;
  subject_type: 'line' | 'file';
  commit_id: string;
  in_reply_to_id?: number;
  pull_request_review_id: number | null;
  user: User;
  author_association: string;
  isMinimized: boolean;
  minimizedReason?: string;
}

export interface IssueComment {
  id: number;
  node_id: string;
  body: string;
  user: User;
  author_association: string;
  isMinimized?: boolean;
}

export interface Review {
  id: number;
  body: string;
  event: string;
  commit_id: string;
  user: User;
  author_association: string;
}

export interface CheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion?: string;
  output: { title?: string; summary?: string };
  annotations: any[];
  details_url?: string;
  external_id?: string;
  started_at?: string;
}

/** A fault for matching requests: stored and then answered 502, stored and never answered, or never answered. */
export interface FaultPlan {
  match: (req: { method: string; path: string; body: any }) => boolean;
  times: number;
  kind: 'store-then-502' | 'store-then-hang' | 'hang';
}

export interface RateLimitPlan {
  /** Which requests are limited (default: any). */
  match?: (req: { method: string; path: string }) => boolean;
  /** How many answers are rate-limited before requests go through again. */
  times: number;
  kind: 'secondary' | 'primary' | 'too-many';
  retryAfterSeconds?: number;
}

export const BOT: User = { login: 'github-actions[bot]', type: 'Bot' };
/** GitHub's limit for comment and review bodies, in characters. */
export const BODY_LIMIT = 65_536;
/** Check run output.summary and output.text. */
export const CHECK_TEXT_LIMIT = 65_535;

export class GitHubStandin {
  readonly requests: RecordedRequest[] = [];
  files: StandinFile[] = [];
  reviewComments: ReviewComment[] = [];
  issueComments: IssueComment[] = [];
  reviews: Review[] = [];
  checkRuns: CheckRun[] = [];
  /** Files per page of the files API, whatever per_page asks (to force pagination). */
  filesPageSize = 100;
  /** Every write answers 403 like a fork's read-only token. */
  readOnly = false;
  /** GraphQL answers 404 (e.g. a GitHub Enterprise Server without it). */
  graphqlAvailable = true;
  /** GraphQL `viewer` answers with the identity (GitHub does for user and installation tokens). */
  viewerAvailable = true;
  /** When set, the files API answers with this status (e.g. 500, or 404 for a token without access). */
  filesApiStatus: number | undefined;
  rateLimits: RateLimitPlan[] = [];
  /** This many requests get no answer at all (to test client time limits). */
  unansweredRequests = 0;
  /** No request gets an answer (an unresponsive API). */
  hangAll = false;
  faults: FaultPlan[] = [];
  /** Items per page of the comment, review and check-run lists, whatever per_page asks. */
  listPageSize = 100;
  /** Who the token writes as; GET /user answers 403 for it unless userEndpoint is set (an installation token). */
  identity: User = BOT;
  userEndpoint = false;
  /**
   * For each barrier, the first `count` requests matching `match` wait until `count` of them have
   * arrived: two runs then both list before either posts (a race made certain).
   */
  barriers: { match: (req: { method: string; path: string }) => boolean; count: number; waiting: (() => void)[] }[] = [];
  private hanging: http.ServerResponse[] = [];
  private nextId = 1000;
  private server?: http.Server;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: any = undefined;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = text;
        }
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          body,
          authorization: req.headers.authorization,
        };
        this.requests.push(recorded);
        if (this.hangAll) return void this.hanging.push(res);
        if (this.unansweredRequests > 0) {
          this.unansweredRequests--;
          return void this.hanging.push(res);
        }
        const answer = () => this.answer(recorded, res);
        const barrier = this.barriers.find((b) => b.count > 0 && b.match(recorded));
        if (barrier) {
          barrier.waiting.push(answer);
          if (barrier.waiting.length >= barrier.count) {
            barrier.count = 0;
            for (const go of barrier.waiting.splice(0)) go();
          }
          return;
        }
        answer();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  private answer(recorded: RecordedRequest, res: http.ServerResponse): void {
    const fault = this.faults.find((plan) => plan.times > 0 && plan.match(recorded));
    if (fault) fault.times--;
    if (fault?.kind === 'hang') return void this.hanging.push(res);
    // A faulted write is carried out against a response nobody reads, then answered badly or not at all.
    const target = fault ? discardingResponse() : res;
    try {
      this.handle(recorded, target);
    } catch (error) {
      send(target, 500, { message: String(error) });
    }
    if (fault?.kind === 'store-then-502') {
      send(res, 502, { message: 'Server Error' });
    } else if (fault?.kind === 'store-then-hang') {
      this.hanging.push(res);
    }
    recorded.status = fault ? (fault.kind === 'store-then-502' ? 502 : undefined) : res.statusCode;
    if (fault) recorded.stored = target.statusCode;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging.splice(0)) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Environment pointing @actions/github at the stand-in. */
  env(): Record<string, string> {
    return { GITHUB_API_URL: this.url, GITHUB_GRAPHQL_URL: `${this.url}/graphql`, GITHUB_SERVER_URL: 'https://github.example' };
  }

  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET' && !(r.path === '/graphql' && !String(r.body?.query ?? '').includes('mutation')));
  }

  resetRequests(): void {
    this.requests.length = 0;
  }

  /** Adds a comment as someone else (to check that markers from untrusted authors are ignored). */
  addForeignReviewComment(body: string, path: string, line: number): ReviewComment {
    const comment = this.newReviewComment(
      { body, path, line, subject_type: 'line', commit_id: 'x', review: null },
      { login: 'mallory', type: 'User' },
      'CONTRIBUTOR',
    );
    return comment;
  }

  /** Adds a review comment by any author (another bot, a MEMBER) to test whose markers count. */
  addReviewCommentAs(user: User, association: string, body: string, path: string, line: number): ReviewComment {
    return this.newReviewComment({ body, path, line, subject_type: 'line', commit_id: 'x', review: null }, user, association);
  }

  addIssueCommentAs(user: User, association: string, body: string): IssueComment {
    const id = this.nextId++;
    const c: IssueComment = { id, node_id: `IC_${id}`, body, user, author_association: association };
    this.issueComments.push(c);
    return c;
  }

  /** A force-push: every line comment becomes outdated (position and line null, original_line kept). */
  outdateLineComments(): void {
    for (const c of this.reviewComments) {
      if (c.subject_type !== 'line') continue;
      c.position = null;
      c.line = null;
    }
  }

  /** Right-side lines GitHub accepts for a review comment: context and added lines of the hunks. */
  diffLines(path: string): Set<number> {
    const file = this.files.find((f) => f.filename === path);
    const lines = new Set<number>();
    if (!file?.patch) return lines;
    let right = 0;
    for (const line of file.patch.split('\n')) {
      const header = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
      if (header) {
        right = Number(header[1]);
        continue;
      }
      if (line.startsWith('-') || line.startsWith('\\')) continue;
      if (line.startsWith('+') || line.startsWith(' ')) lines.add(right++);
    }
    return lines;
  }

  /** Right-side line ranges of the hunks: a multi-line comment must stay inside one. */
  hunks(path: string): { start: number; end: number }[] {
    const file = this.files.find((f) => f.filename === path);
    const ranges: { start: number; end: number }[] = [];
    for (const line of (file?.patch ?? '').split('\n')) {
      const header = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (header) ranges.push({ start: Number(header[1]), end: Number(header[1]) + Number(header[2] ?? 1) - 1 });
    }
    return ranges;
  }

  /** Why GitHub would refuse a review comment's lines, or undefined. */
  private lineProblem(c: { path: string; line: number; side?: string; start_line?: number; start_side?: string }): string | undefined {
    if (!this.diffLines(c.path).has(c.line) || (c.side && c.side !== 'RIGHT')) return 'Line could not be resolved';
    if (c.start_line === undefined) return undefined;
    if (!(c.start_line < c.line)) return 'start_line must precede the end line';
    if (c.start_side && c.start_side !== 'RIGHT') return 'start_side must be RIGHT';
    if (!this.hunks(c.path).some((h) => c.start_line! >= h.start && c.line <= h.end))
      return 'start_line must be part of the same hunk as the line';
    return undefined;
  }

  private newReviewComment(
    input: {
      body: string;
      path: string;
      line: number | null;
      side?: string;
      start_line?: number;
      start_side?: string;
      subject_type: 'line' | 'file';
      commit_id: string;
      review: number | null;
    },
    user: User,
    association: string,
  ): ReviewComment {
    const id = this.nextId++;
    const comment: ReviewComment = {
      id,
      node_id: `PRRC_${id}`,
      body: input.body,
      path: input.path,
      line: input.line,
      position: input.line === null ? null : input.line,
      original_line: input.line,
      side: input.side,
      ...(input.start_line !== undefined ? { start_line: input.start_line, start_side: input.start_side } : {}),
      subject_type: input.subject_type,
      commit_id: input.commit_id,
      pull_request_review_id: input.review,
      user,
      author_association: association,
      isMinimized: false,
    };
    this.reviewComments.push(comment);
    return comment;
  }

  private handle(req: RecordedRequest, res: http.ServerResponse): void {
    const limit = this.rateLimits.find((plan) => plan.times > 0 && (!plan.match || plan.match(req)));
    if (limit) {
      limit.times--;
      if (limit.kind === 'primary') {
        return send(
          res,
          403,
          { message: 'API rate limit exceeded for installation.' },
          {
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + (limit.retryAfterSeconds ?? 1)),
          },
        );
      }
      if (limit.kind === 'too-many')
        return send(res, 429, { message: 'Too many requests' }, { 'retry-after': String(limit.retryAfterSeconds ?? 1) });
      return send(
        res,
        403,
        { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
        {
          'retry-after': String(limit.retryAfterSeconds ?? 1),
        },
      );
    }
    if (!req.authorization) return send(res, 401, { message: 'Requires authentication' });
    if (this.readOnly && req.method !== 'GET' && !(req.path === '/graphql' && !String(req.body?.query).includes('mutation'))) {
      return send(res, 403, { message: 'Resource not accessible by integration' });
    }

    if (req.path === '/graphql' && req.method === 'POST') return this.graphql(req, res);
    if (req.path === '/user' && req.method === 'GET') {
      return this.userEndpoint ? send(res, 200, this.identity) : send(res, 403, { message: 'Resource not accessible by integration' });
    }
    const tooLong = (text: unknown, limit = BODY_LIMIT) => String(text ?? '').length > limit;
    if (req.method === 'POST' || req.method === 'PATCH') {
      const b = req.body ?? {};
      if (tooLong(b.body) || (b.comments ?? []).some((c: any) => tooLong(c.body)))
        return send(res, 422, { message: `Body is too long (maximum is ${BODY_LIMIT} characters)` });
      if (tooLong(b.output?.summary, CHECK_TEXT_LIMIT) || tooLong(b.output?.text, CHECK_TEXT_LIMIT))
        return send(res, 422, { message: `output.summary is too long (maximum is ${CHECK_TEXT_LIMIT} characters)` });
    }

    let m: RegExpExecArray | null;
    if ((m = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/files$/.exec(req.path)) && req.method === 'GET') {
      if (this.filesApiStatus)
        return send(res, this.filesApiStatus, { message: this.filesApiStatus === 404 ? 'Not Found' : 'Server Error' });
      return this.paginate(req, res, this.files, this.filesPageSize);
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/comments$/.exec(req.path))) {
      if (req.method === 'GET') return this.paginate(req, res, this.reviewComments.map(publicComment), this.listPageSize);
      if (req.method === 'POST') {
        const b = req.body ?? {};
        if (!this.files.some((f) => f.filename === b.path))
          return send(res, 422, { message: 'Validation Failed', errors: [{ field: 'path', code: 'invalid' }] });
        if (b.subject_type === 'file') {
          const c = this.newReviewComment(
            { body: b.body, path: b.path, line: null, subject_type: 'file', commit_id: b.commit_id, review: null },
            this.identity,
            'NONE',
          );
          return send(res, 201, publicComment(c));
        }
        if (!this.diffLines(b.path).has(b.line))
          return send(res, 422, { message: 'Validation Failed', errors: ['pull_request_review_thread.line must be part of the diff'] });
        const c = this.newReviewComment(
          { body: b.body, path: b.path, line: b.line, side: b.side, subject_type: 'line', commit_id: b.commit_id, review: null },
          this.identity,
          'NONE',
        );
        return send(res, 201, publicComment(c));
      }
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/pulls\/comments\/(\d+)$/.exec(req.path)) && req.method === 'DELETE') {
      const at = this.reviewComments.findIndex((x) => x.id === Number(m![1]));
      if (at < 0) return send(res, 404, { message: 'Not Found' });
      if (this.reviewComments[at].user.login !== this.identity.login) return send(res, 403, { message: 'Must have admin rights' });
      this.reviewComments.splice(at, 1);
      res.writeHead(204).end();
      return;
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/pulls\/comments\/(\d+)$/.exec(req.path)) && req.method === 'PATCH') {
      const c = this.reviewComments.find((x) => x.id === Number(m![1]));
      if (!c) return send(res, 404, { message: 'Not Found' });
      if (c.user.login !== this.identity.login) return send(res, 403, { message: 'Must have admin rights' });
      c.body = req.body.body;
      return send(res, 200, publicComment(c));
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/reviews$/.exec(req.path))) {
      if (req.method === 'GET') return this.paginate(req, res, this.reviews, this.listPageSize);
      if (req.method === 'POST') {
        const b = req.body ?? {};
        for (const c of b.comments ?? []) {
          const problem = this.lineProblem(c);
          if (problem) return send(res, 422, { message: 'Unprocessable Entity', errors: [problem] });
        }
        if (!b.body && !(b.comments ?? []).length && b.event === 'COMMENT') {
          return send(res, 422, { message: 'Unprocessable Entity', errors: ['Review body is required'] });
        }
        const review: Review = {
          id: this.nextId++,
          body: b.body ?? '',
          event: b.event,
          commit_id: b.commit_id,
          user: this.identity,
          author_association: 'NONE',
        };
        this.reviews.push(review);
        for (const c of b.comments ?? []) {
          this.newReviewComment(
            {
              body: c.body,
              path: c.path,
              line: c.line,
              side: c.side,
              start_line: c.start_line,
              start_side: c.start_side,
              subject_type: 'line',
              commit_id: b.commit_id,
              review: review.id,
            },
            this.identity,
            'NONE',
          );
        }
        return send(res, 200, review);
      }
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/reviews\/(\d+)$/.exec(req.path)) && req.method === 'PUT') {
      const review = this.reviews.find((r) => r.id === Number(m![2]));
      if (!review) return send(res, 404, { message: 'Not Found' });
      review.body = req.body?.body ?? review.body;
      return send(res, 200, review);
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(req.path))) {
      if (req.method === 'GET')
        return this.paginate(
          req,
          res,
          this.issueComments.map(({ isMinimized: _m, ...c }) => c),
          this.listPageSize,
        );
      if (req.method === 'POST') {
        const id = this.nextId++;
        const c: IssueComment = { id, node_id: `IC_${id}`, body: req.body.body, user: this.identity, author_association: 'NONE' };
        this.issueComments.push(c);
        return send(res, 201, c);
      }
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(req.path)) && req.method === 'DELETE') {
      const at = this.issueComments.findIndex((x) => x.id === Number(m![1]));
      if (at < 0) return send(res, 404, { message: 'Not Found' });
      if (this.issueComments[at].user.login !== this.identity.login) return send(res, 403, { message: 'Must have admin rights' });
      this.issueComments.splice(at, 1);
      res.writeHead(204).end();
      return;
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(req.path)) && req.method === 'PATCH') {
      const c = this.issueComments.find((x) => x.id === Number(m![1]));
      if (!c) return send(res, 404, { message: 'Not Found' });
      if (c.user.login !== this.identity.login) return send(res, 403, { message: 'Must have admin rights' });
      c.body = req.body.body;
      return send(res, 200, c);
    }
    if (/^\/repos\/[^/]+\/[^/]+\/check-runs$/.test(req.path) && req.method === 'POST') {
      const b = req.body ?? {};
      if ((b.output?.annotations ?? []).length > 50) return send(res, 422, { message: 'Only 50 annotations are allowed per request' });
      const run: CheckRun = {
        id: this.nextId++,
        name: b.name,
        head_sha: b.head_sha,
        status: b.status ?? 'queued',
        conclusion: b.conclusion,
        output: b.output ?? {},
        annotations: [...(b.output?.annotations ?? [])],
        details_url: b.details_url,
        external_id: b.external_id,
        started_at: b.started_at ?? new Date().toISOString(),
      };
      this.checkRuns.push(run);
      return send(res, 201, publicRun(run));
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/commits\/([^/]+)\/check-runs$/.exec(req.path)) && req.method === 'GET') {
      const name = req.query.get('check_name');
      const status = req.query.get('status');
      const runs = this.checkRuns
        .filter((r) => r.head_sha === m![1] && (!name || r.name === name) && (!status || r.status === status))
        .map(publicRun);
      const perPage = Math.min(Number(req.query.get('per_page') ?? 30) || 30, this.listPageSize);
      const page = Math.max(1, Number(req.query.get('page') ?? 1) || 1);
      return send(res, 200, { total_count: runs.length, check_runs: runs.slice((page - 1) * perPage, page * perPage) });
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/check-runs\/(\d+)$/.exec(req.path)) && req.method === 'GET') {
      const run = this.checkRuns.find((r) => r.id === Number(m![1]));
      return run ? send(res, 200, publicRun(run)) : send(res, 404, { message: 'Not Found' });
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/check-runs\/(\d+)$/.exec(req.path)) && req.method === 'PATCH') {
      const run = this.checkRuns.find((r) => r.id === Number(m![1]));
      if (!run) return send(res, 404, { message: 'Not Found' });
      const b = req.body ?? {};
      if ((b.output?.annotations ?? []).length > 50) return send(res, 422, { message: 'Only 50 annotations are allowed per request' });
      if (b.status) run.status = b.status;
      if (b.conclusion) run.conclusion = b.conclusion;
      if (b.output) {
        run.output = { title: b.output.title, summary: b.output.summary };
        run.annotations.push(...(b.output.annotations ?? []));
      }
      return send(res, 200, { id: run.id, status: run.status });
    }
    send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  }

  private graphql(req: RecordedRequest, res: http.ServerResponse): void {
    if (!this.graphqlAvailable) return send(res, 404, { message: 'Not Found' });
    const query = String(req.body?.query ?? '');
    const variables = req.body?.variables ?? {};
    if (/\bviewer\b/.test(query)) {
      if (!this.viewerAvailable)
        return send(res, 200, { data: null, errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }] });
      return send(res, 200, { data: { viewer: { login: this.identity.login } } });
    }
    if (query.includes('minimizeComment')) {
      const c: { isMinimized?: boolean; minimizedReason?: string } | undefined =
        this.reviewComments.find((x) => x.node_id === variables.id) ?? this.issueComments.find((x) => x.node_id === variables.id);
      if (!c)
        return send(res, 200, {
          data: null,
          errors: [{ type: 'NOT_FOUND', message: `Could not resolve to a node with the global id of '${variables.id}'` }],
        });
      if (!/classifier:\s*OUTDATED/.test(query)) return send(res, 200, { data: null, errors: [{ message: 'classifier missing' }] });
      c.isMinimized = true;
      c.minimizedReason = 'outdated';
      return send(res, 200, { data: { minimizeComment: { minimizedComment: { isMinimized: true } } } });
    }
    if (/nodes\(ids:/.test(query)) {
      const nodes = (variables.ids ?? []).map((id: string) => {
        const c = this.reviewComments.find((x) => x.node_id === id) ?? this.issueComments.find((x) => x.node_id === id);
        return c ? { id: c.node_id, isMinimized: !!c.isMinimized } : null;
      });
      return send(res, 200, { data: { nodes } });
    }
    send(res, 200, { data: null, errors: [{ message: 'Unsupported query in the stand-in' }] });
  }

  private paginate(req: RecordedRequest, res: http.ServerResponse, items: unknown[], maxPage: number): void {
    const perPage = Math.min(Number(req.query.get('per_page') ?? 30) || 30, maxPage);
    const page = Math.max(1, Number(req.query.get('page') ?? 1) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const headers: Record<string, string> = {};
    const link = (p: number, rel: string) => {
      const q = new URLSearchParams(req.query);
      q.set('per_page', String(perPage));
      q.set('page', String(p));
      return `<${this.url}${req.path}?${q}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
    if (links.length) headers.link = links.join(', ');
    send(res, 200, items.slice((page - 1) * perPage, page * perPage), headers);
  }
}

function publicRun(run: CheckRun) {
  return {
    id: run.id,
    name: run.name,
    head_sha: run.head_sha,
    status: run.status,
    conclusion: run.conclusion ?? null,
    external_id: run.external_id ?? null,
    started_at: run.started_at ?? null,
    output: { title: run.output.title ?? null, summary: run.output.summary ?? null, annotations_count: run.annotations.length },
  };
}

/** A response that goes nowhere: the work of a faulted request is done, its answer dropped. */
function discardingResponse(): http.ServerResponse {
  const sink = {
    statusCode: 200,
    writeHead: (status: number) => ((sink.statusCode = status), sink),
    end: () => sink,
    setHeader: () => sink,
  };
  return sink as unknown as http.ServerResponse;
}

function publicComment(c: ReviewComment) {
  const { isMinimized: _m, minimizedReason: _r, ...rest } = c;
  return rest;
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** A unified diff patch as the files API returns it, for a file whose lines `added` are new. */
export function patchFor(lines: string[], added: number[]): string {
  // One hunk per run of added lines with up to 3 context lines, like git's default.
  const set = new Set(added);
  const hunks: string[] = [];
  const sorted = [...set].sort((a, b) => a - b);
  let i = 0;
  while (i < sorted.length) {
    let end = i;
    while (end + 1 < sorted.length && sorted[end + 1] - sorted[end] <= 6) end++;
    const from = Math.max(1, sorted[i] - 3);
    const to = Math.min(lines.length, sorted[end] + 3);
    const body: string[] = [];
    let oldCount = 0;
    for (let n = from; n <= to; n++) {
      if (set.has(n)) body.push(`+${lines[n - 1]}`);
      else {
        body.push(` ${lines[n - 1]}`);
        oldCount++;
      }
    }
    const oldStart = from - [...set].filter((a) => a < from).length;
    hunks.push(`@@ -${oldStart},${oldCount} +${from},${to - from + 1} @@\n${body.join('\n')}`);
    i = end + 1;
  }
  return hunks.join('\n');
}
