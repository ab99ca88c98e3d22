// The one GitHub API client of the action: Octokit from @actions/github with bounded retries
// for rate limits and server errors, paced writes, one time budget for every call, writes that
// look for what a failed attempt stored before they are retried, and errors that say what failed
// and why (a timeout is called a timeout).
import { getOctokit } from '@actions/github';

export type Octokit = ReturnType<typeof getOctokit>;
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ClientOptions {
  token: string;
  apiUrl: string;
  graphqlUrl: string;
  sleep?: Sleep;
  log?: (message: string) => void;
  /** Retries after the first attempt. */
  maxRetries?: number;
  /** Longest single wait before giving up (a primary rate limit can reset an hour later). */
  maxWaitMs?: number;
  /** Time limit of one request (also at most an eighth of the budget). */
  requestTimeoutMs?: number;
  /** Time for all GitHub calls of the run together, from the client's creation. */
  budgetMs?: number;
  now?: () => number;
}

export type ApiErrorKind = 'forbidden' | 'not-found' | 'invalid' | 'rate-limited' | 'server' | 'network' | 'timeout' | 'other';

/**
 * Looks for what an attempt of a non-idempotent write that failed without an answer (a 5xx, a
 * timeout, a dropped connection) may have stored; what it returns is used as the answer instead
 * of writing again. Passed as `request: { reconcile }` in the call's options.
 */
export type Reconcile = () => Promise<unknown>;

/** The login of the Actions bot that GITHUB_TOKEN writes as. */
export const ACTIONS_BOT = 'github-actions[bot]';

/** A GitHub API call that failed for good, with a sentence a user can act on. */
export class GitHubApiError extends Error {
  constructor(
    message: string,
    readonly kind: ApiErrorKind,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** A write the token may not make (HTTP 401/403 or a GraphQL FORBIDDEN). */
export const isForbidden = (error: unknown): boolean => error instanceof GitHubApiError && error.kind === 'forbidden';

// Secondary rate limits: GitHub asks for at most ~80 content-creating requests a minute and
// at least a minute's wait when the answer has no retry-after (docs.github.com REST
// "Rate limits for the REST API", best practices).
const WRITES_PER_MINUTE = 80;
const WRITE_BURST = 20;
const SECONDARY_LIMIT_WAIT_MS = 60_000;

type Headers = Record<string, string | number | undefined>;
interface RequestErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Headers; data?: unknown };
}

export interface GitHubClient {
  octokit: Octokit;
  graphqlUrl: string;
  /** Runs a GraphQL document; throws GitHubApiError on HTTP or GraphQL errors. */
  graphql<T>(query: string, variables: Record<string, unknown>): Promise<T>;
  /**
   * The login the token writes as: GraphQL `viewer` (works for installation tokens), else
   * GET /user, else the Actions bot (GITHUB_TOKEN may be refused both).
   */
  identity(): Promise<string>;
  /** True once the time budget is used up. */
  outOfTime(): boolean;
}

export function createGitHubClient(options: ClientOptions): GitHubClient {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  const maxRetries = options.maxRetries ?? 3;
  const maxWaitMs = options.maxWaitMs ?? 90_000;
  const budgetMs = options.budgetMs ?? 120_000;
  const requestTimeoutMs = Math.min(options.requestTimeoutMs ?? 30_000, Math.max(1000, Math.floor(budgetMs / 8)));
  const deadline = now() + budgetMs;
  const budgetText = `the github-timeout-seconds budget of ${Math.round(budgetMs / 1000)} s`;
  const octokit = getOctokit(options.token, { baseUrl: options.apiUrl.replace(/\/+$/, '') });

  // Token bucket for writes: a burst, then an even pace under the secondary limit.
  let tokens = WRITE_BURST;
  let refilledAt = now();
  const paceWrite = async (): Promise<void> => {
    const elapsed = now() - refilledAt;
    tokens = Math.min(WRITE_BURST, tokens + (elapsed * WRITES_PER_MINUTE) / 60_000);
    refilledAt = now();
    if (tokens < 1) {
      const wait = Math.ceil(((1 - tokens) * 60_000) / WRITES_PER_MINUTE);
      await sleep(wait);
      tokens = 1;
      refilledAt = now();
    }
    tokens -= 1;
  };

  const outOfBudget = (what: string): GitHubApiError =>
    new GitHubApiError(`${what}: timeout: ${budgetText} for GitHub calls is used up, so it was not sent.`, 'timeout');

  octokit.hook.wrap('request', async (request, requestOptions) => {
    const method = String(requestOptions.method ?? 'GET').toUpperCase();
    const what = `${method} ${describeUrl(requestOptions)}`;
    const { reconcile, ...requestRest } = (requestOptions.request ?? {}) as { reconcile?: Reconcile } & Record<string, unknown>;
    for (let attempt = 0; ; attempt++) {
      if (method !== 'GET' && method !== 'HEAD') await paceWrite();
      const left = deadline - now();
      if (left <= 0) throw outOfBudget(what);
      const limit = Math.min(requestTimeoutMs, left);
      const signal = AbortSignal.timeout(limit);
      try {
        // Hooks further in see the options object they were bound to, so it is changed in place.
        requestOptions.request = { ...requestRest, signal };
        return await request(requestOptions);
      } catch (raw) {
        const error = (
          signal.aborted ? { message: `timeout after ${Math.ceil(limit / 1000)} s without an answer` } : raw
        ) as RequestErrorLike;
        const timedOut = signal.aborted;
        const wait = retryDelay(error, attempt, now());
        if (wait === undefined || attempt >= maxRetries) throw toApiError(error, what, attempt, timedOut);
        if (wait > maxWaitMs) {
          throw new GitHubApiError(
            `${what}: GitHub rate limit reached; it resets in ${Math.ceil(wait / 1000)} s, longer than this run waits.`,
            'rate-limited',
            error.status,
          );
        }
        if (now() + wait >= deadline) {
          throw new GitHubApiError(
            `${what}: ${timedOut ? 'timeout' : describe(error)}; no retry: ${budgetText} for GitHub calls would be used up.`,
            timedOut ? 'timeout' : (toApiError(error, what, attempt).kind as ApiErrorKind),
            error.status,
          );
        }
        // A write that got no answer may have been stored: look for it before writing again.
        const unanswered = timedOut || error.status === undefined || error.status >= 500;
        if (reconcile && unanswered) {
          const found = await reconcile().catch(() => undefined);
          if (found !== undefined) {
            log(`${what}: ${timedOut ? 'timeout' : describe(error)}; the write had been stored, so it is not repeated.`);
            return { status: 200, url: String(requestOptions.url ?? ''), headers: {}, data: found } as Awaited<ReturnType<typeof request>>;
          }
        }
        log(
          `${what}: ${timedOut ? `timeout (${error.message})` : describe(error)}; retrying in ${Math.ceil(wait / 1000)} s (retry ${attempt + 1} of ${maxRetries}).`,
        );
        await sleep(wait);
      }
    }
  });

  const graphqlUrl = options.graphqlUrl;
  const client: GitHubClient = {
    octokit,
    graphqlUrl,
    async graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
      const response = await octokit.request(`POST ${graphqlUrl}`, { query, variables });
      const body = response.data as { data?: T; errors?: { message?: string; type?: string }[] };
      if (body.errors?.length) {
        const first = body.errors[0];
        const kind: ApiErrorKind = first.type === 'FORBIDDEN' ? 'forbidden' : first.type === 'NOT_FOUND' ? 'not-found' : 'other';
        throw new GitHubApiError(`GraphQL: ${first.message ?? 'error'}`, kind);
      }
      if (body.data === undefined) throw new GitHubApiError('GraphQL: no data in the answer', 'other');
      return body.data;
    },
    identity() {
      identity ??= (async () => {
        try {
          const data = await client.graphql<{ viewer?: { login?: string } }>('query { viewer { login } }', {});
          if (data.viewer?.login) return data.viewer.login;
        } catch {
          // Not available (GitHub Enterprise Server without GraphQL, a refused token): try REST.
        }
        try {
          const user = await octokit.rest.users.getAuthenticated();
          if (user.data.login) return user.data.login;
        } catch {
          // GITHUB_TOKEN and installation tokens get 403 here.
        }
        return ACTIONS_BOT;
      })();
      return identity;
    },
    outOfTime: () => now() >= deadline,
  };
  let identity: Promise<string> | undefined;
  return client;
}

/** Whether an item (comment, review) was written by `login` (logins are case-insensitive). */
export const authoredBy = (item: { user?: { login?: string } | null }, login: string): boolean =>
  (item.user?.login ?? '').toLowerCase() === login.toLowerCase();

/** The request's path for messages: template parameters filled in, no host, no query. */
function describeUrl(options: { url?: string; [key: string]: unknown }): string {
  return String(options.url ?? '')
    .replace(/^https?:\/\/[^/]+/, '')
    .replace(/\?.*$/, '')
    .replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = options[name];
      return typeof value === 'string' || typeof value === 'number' ? String(value) : whole;
    });
}

const header = (headers: Headers | undefined, name: string): string | undefined => {
  const value = headers?.[name] ?? headers?.[name.toLowerCase()];
  return value === undefined ? undefined : String(value);
};

/** How long to wait before retrying, or undefined when a retry cannot help. */
export function retryDelay(error: RequestErrorLike, attempt: number, nowMs: number): number | undefined {
  const status = error.status;
  const headers = error.response?.headers;
  if (status === 403 || status === 429) {
    const retryAfter = header(headers, 'retry-after');
    if (retryAfter !== undefined && /^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    if (header(headers, 'x-ratelimit-remaining') === '0') {
      const reset = Number(header(headers, 'x-ratelimit-reset'));
      return Number.isFinite(reset) ? Math.max(1000, reset * 1000 - nowMs + 1000) : SECONDARY_LIMIT_WAIT_MS;
    }
    if (status === 429 || /secondary rate limit|abuse/i.test(error.message ?? '')) return SECONDARY_LIMIT_WAIT_MS;
    return undefined;
  }
  if (status === undefined || status >= 500) return 1000 * 2 ** attempt;
  return undefined;
}

function describe(error: RequestErrorLike): string {
  if (error.status === undefined) return `network error (${error.message ?? 'no answer'})`;
  return `HTTP ${error.status}${error.message ? ` (${firstLine(error.message)})` : ''}`;
}

const firstLine = (text: string): string => text.split('\n')[0].slice(0, 300);

function toApiError(error: RequestErrorLike, what: string, attempt: number, timedOut = false): GitHubApiError {
  const status = error.status;
  const detail = error.message ? firstLine(error.message) : '';
  const tried = attempt > 0 ? ` after ${attempt + 1} attempts` : '';
  if (timedOut) return new GitHubApiError(`${what}: timeout${tried} (${detail}).`, 'timeout');
  if (status === 403 || status === 429) {
    if (header(error.response?.headers, 'x-ratelimit-remaining') === '0' || /rate limit/i.test(detail) || status === 429) {
      return new GitHubApiError(`${what}: GitHub rate limit reached${tried} (${detail}).`, 'rate-limited', status);
    }
    return new GitHubApiError(
      `${what}: forbidden (${detail}). The token cannot do this: it is read-only (Dependabot's pull requests and forks get a ` +
        'read-only token), or the workflow lacks "permissions: pull-requests: write, checks: write".',
      'forbidden',
      status,
    );
  }
  if (status === 401) return new GitHubApiError(`${what}: the token was refused (${detail}).`, 'forbidden', status);
  if (status === 404) return new GitHubApiError(`${what}: not found (${detail}); the token may lack access to it.`, 'not-found', status);
  if (status === 422) return new GitHubApiError(`${what}: GitHub refused the request as invalid (${detail}).`, 'invalid', status);
  if (status === undefined) return new GitHubApiError(`${what}: network error${tried} (${detail}).`, 'network');
  if (status >= 500) return new GitHubApiError(`${what}: GitHub server error ${status}${tried} (${detail}).`, 'server', status);
  return new GitHubApiError(`${what}: HTTP ${status} (${detail}).`, 'other', status);
}
