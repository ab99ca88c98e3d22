export const id = 844;
export const ids = [844];
export const modules = {

/***/ 4844:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  COMMENT_LIMIT: () => (/* binding */ COMMENT_LIMIT),
  SUMMARY_MARKER: () => (/* binding */ SUMMARY_MARKER),
  buildSummaryComment: () => (/* binding */ buildSummaryComment),
  publishSummaryComment: () => (/* binding */ publishSummaryComment),
  scopeMarker: () => (/* binding */ scopeMarker)
});

// EXTERNAL MODULE: ./src/util/compare.ts
var compare = __webpack_require__(1251);
;// CONCATENATED MODULE: ./src/action/classify.ts

const SEVERITY_RANK = { error: 0, warning: 1, notice: 2 };
/**
 * Sets `isNew` on each head finding: new unless the base has a finding with the same
 * fingerprint. Fingerprints are counted, so a second copy of a base finding is new.
 */
function markNew(head, base) {
    const remaining = new Map();
    for (const finding of base)
        remaining.set(finding.fingerprint, (remaining.get(finding.fingerprint) ?? 0) + 1);
    for (const finding of head) {
        const left = remaining.get(finding.fingerprint) ?? 0;
        finding.isNew = left === 0;
        if (left > 0)
            remaining.set(finding.fingerprint, left - 1);
    }
}
const atOrAbove = (severity, failOn) => failOn !== 'never' && SEVERITY_RANK[severity] <= SEVERITY_RANK[failOn];
/** Findings that count for the verdict: only new ones when the scope is `new` and new is known. */
function findingsInFailScope(findings, failOnScope) {
    return failOnScope === 'new' ? findings.filter((f) => f.isNew !== false) : findings;
}
function verdict(findings, failOn, failOnScope) {
    const failing = findingsInFailScope(findings, failOnScope).filter((f) => atOrAbove(f.severity, failOn));
    return { failed: failing.length > 0, failing };
}
/** Most important first: new before pre-existing, then severity, file and line. */
function byImportance(a, b) {
    return (Number(a.isNew === false) - Number(b.isNew === false) ||
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        (0,compare/* compareText */.n)(a.file, b.file) ||
        a.line - b.line ||
        (0,compare/* compareText */.n)(a.ruleId, b.ruleId));
}
/** Path relative to the repository root, as GitHub wants it; "." (the run itself) stays ".". */
function toRepoPath(prefix, file) {
    return !prefix || file === '.' ? file : `${prefix}/${file}`;
}

// EXTERNAL MODULE: ./src/version.ts + 1 modules
var version = __webpack_require__(1013);
// EXTERNAL MODULE: ./src/action/markdown.ts
var markdown = __webpack_require__(8037);
// EXTERNAL MODULE: ./src/report/without-cluster.ts
var without_cluster = __webpack_require__(1149);
// EXTERNAL MODULE: ./src/util/plural.ts
var plural = __webpack_require__(1976);
;// CONCATENATED MODULE: ./src/action/format.ts



const SEVERITY_LABEL = { error: '\ud83d\udd34 error', warning: '\ud83d\udfe0 warning', notice: '\ud83d\udd35 notice' };
/** The rule ID linked to its docs page (rule IDs and docs paths come from the tool, not the input). */
function ruleLink(finding) {
    const id = /^[A-Za-z0-9_.-]{1,40}$/.test(finding.ruleId) ? finding.ruleId : (0,markdown/* escapeMarkdown */.FV)(finding.ruleId, 40);
    const url = (0,version/* docsUrl */.fs)(finding.docs);
    return url && /^https:\/\/[^\s()<>]+$/.test(url) ? `[${id}](${url})` : id;
}
/** `path`:line, or "(run)" for findings about the run itself. */
function format_location(finding) {
    return finding.file === '.' ? '(run)' : `${(0,markdown/* codeSpan */.SS)(finding.file)}:${finding.line}`;
}
/** A table row: severity, rule, location, message (all untrusted text escaped). */
function findingRow(finding, messageMax = 400) {
    const resource = finding.resource ? ` (${(0,markdown/* codeSpan */.SS)(finding.resource, 80)})` : '';
    return `| ${SEVERITY_LABEL[finding.severity]} | ${ruleLink(finding)} | ${format_location(finding)} | ${(0,markdown/* escapeMarkdown */.FV)(finding.message, messageMax)}${resource} |`;
}
/** The rule and `path`:line of an unverified item, each followed by a space when present. */
function unverifiedLead(item) {
    const rule = item.ruleId ? `${(0,markdown/* escapeMarkdown */.FV)(item.ruleId, 20)} ` : '';
    const where = item.file === '.' ? '' : `${(0,markdown/* codeSpan */.SS)(item.file)}${item.line ? `:${item.line}` : ''} `;
    return rule + where;
}
const FINDING_TABLE_HEAD = '| Severity | Rule | Location | Message |\n|---|---|---|---|';

/**
 * Appends sections while they fit in `limit` characters (measured by `size`), keeping room for
 * the footer; the first section that does not fit is cut at a line and noted.
 */
class BoundedText {
    limit;
    size;
    parts = [];
    used = 0;
    truncated = false;
    constructor(limit, size = (text) => text.length) {
        this.limit = limit;
        this.size = size;
    }
    /** Adds the text when it fits; returns false (and adds nothing) when it does not. */
    add(text, reserve = 0) {
        const cost = this.size(text);
        if (this.truncated || this.used + cost + reserve > this.limit) {
            this.truncated = true;
            return false;
        }
        this.parts.push(text);
        this.used += cost;
        return true;
    }
    /** Whether the text would fit with `reserve` characters left over. */
    fits(text, reserve = 0) {
        return this.used + this.size(text) + reserve <= this.limit;
    }
    /** Characters used so far. */
    usedSize() {
        return this.used;
    }
    /** Adds text even when full (the footer and the truncation note; callers reserve room for them). */
    force(text) {
        this.parts.push(text);
        this.used += this.size(text);
    }
    toString() {
        return this.parts.join('');
    }
}
/**
 * The "Checked without their cluster" line in Markdown, at most 50 groups: file and group names are the pull
 * request's content, so code spans, each length-capped. Undefined when no group was.
 */
function withoutClusterMarkdown(list = []) {
    const line = (0,without_cluster/* withoutClusterLine */.vn)(list.slice(0, 50), (name) => (0,markdown/* codeSpan */.SS)(name, 200));
    return line && `${line}${list.length > 50 ? ', \u2026' : ''}.`;
}

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(2413);
;// CONCATENATED MODULE: ./src/action/github-client.ts
// The one GitHub API client of the action: Octokit from @actions/github with bounded retries
// for rate limits and server errors, paced writes, one time budget for every call, writes that
// look for what a failed attempt stored before they are retried, and errors that say what failed
// and why (a timeout is called a timeout).

const realSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** The login of the Actions bot that GITHUB_TOKEN writes as. */
const ACTIONS_BOT = 'github-actions[bot]';
/** A GitHub API call that failed for good, with a sentence a user can act on. */
class GitHubApiError extends Error {
    kind;
    status;
    constructor(message, kind, status) {
        super(message);
        this.kind = kind;
        this.status = status;
    }
}
/** A write the token may not make (HTTP 401/403 or a GraphQL FORBIDDEN). */
const isForbidden = (error) => error instanceof GitHubApiError && error.kind === 'forbidden';
// Secondary rate limits: GitHub asks for at most ~80 content-creating requests a minute and
// at least a minute's wait when the answer has no retry-after (docs.github.com REST
// "Rate limits for the REST API", best practices).
const WRITES_PER_MINUTE = 80;
const WRITE_BURST = 20;
const SECONDARY_LIMIT_WAIT_MS = 60_000;
function createGitHubClient(options) {
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
    const paceWrite = async () => {
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
    const outOfBudget = (what) => new GitHubApiError(`${what}: timeout: ${budgetText} for GitHub calls is used up, so it was not sent.`, 'timeout');
    octokit.hook.wrap('request', async (request, requestOptions) => {
        const method = String(requestOptions.method ?? 'GET').toUpperCase();
        const what = `${method} ${describeUrl(requestOptions)}`;
        const { reconcile, ...requestRest } = (requestOptions.request ?? {});
        for (let attempt = 0;; attempt++) {
            if (method !== 'GET' && method !== 'HEAD')
                await paceWrite();
            const left = deadline - now();
            if (left <= 0)
                throw outOfBudget(what);
            const limit = Math.min(requestTimeoutMs, left);
            const signal = AbortSignal.timeout(limit);
            try {
                // Hooks further in see the options object they were bound to, so it is changed in place.
                requestOptions.request = { ...requestRest, signal };
                return await request(requestOptions);
            }
            catch (raw) {
                const error = (signal.aborted ? { message: `timeout after ${Math.ceil(limit / 1000)} s without an answer` } : raw);
                const timedOut = signal.aborted;
                const wait = retryDelay(error, attempt, now());
                if (wait === undefined || attempt >= maxRetries)
                    throw toApiError(error, what, attempt, timedOut);
                if (wait > maxWaitMs) {
                    throw new GitHubApiError(`${what}: GitHub rate limit reached; it resets in ${Math.ceil(wait / 1000)} s, longer than this run waits.`, 'rate-limited', error.status);
                }
                if (now() + wait >= deadline) {
                    throw new GitHubApiError(`${what}: ${timedOut ? 'timeout' : describe(error)}; no retry: ${budgetText} for GitHub calls would be used up.`, timedOut ? 'timeout' : toApiError(error, what, attempt).kind, error.status);
                }
                // A write that got no answer may have been stored: look for it before writing again.
                const unanswered = timedOut || error.status === undefined || error.status >= 500;
                if (reconcile && unanswered) {
                    const found = await reconcile().catch(() => undefined);
                    if (found !== undefined) {
                        log(`${what}: ${timedOut ? 'timeout' : describe(error)}; the write had been stored, so it is not repeated.`);
                        return { status: 200, url: String(requestOptions.url ?? ''), headers: {}, data: found };
                    }
                }
                log(`${what}: ${timedOut ? `timeout (${error.message})` : describe(error)}; retrying in ${Math.ceil(wait / 1000)} s (retry ${attempt + 1} of ${maxRetries}).`);
                await sleep(wait);
            }
        }
    });
    const graphqlUrl = options.graphqlUrl;
    const client = {
        octokit,
        graphqlUrl,
        async graphql(query, variables) {
            const response = await octokit.request(`POST ${graphqlUrl}`, { query, variables });
            const body = response.data;
            if (body.errors?.length) {
                const first = body.errors[0];
                const kind = first.type === 'FORBIDDEN' ? 'forbidden' : first.type === 'NOT_FOUND' ? 'not-found' : 'other';
                throw new GitHubApiError(`GraphQL: ${first.message ?? 'error'}`, kind);
            }
            if (body.data === undefined)
                throw new GitHubApiError('GraphQL: no data in the answer', 'other');
            return body.data;
        },
        identity() {
            identity ??= (async () => {
                try {
                    const data = await client.graphql('query { viewer { login } }', {});
                    if (data.viewer?.login)
                        return data.viewer.login;
                }
                catch {
                    // Not available (GitHub Enterprise Server without GraphQL, a refused token): try REST.
                }
                try {
                    const user = await octokit.rest.users.getAuthenticated();
                    if (user.data.login)
                        return user.data.login;
                }
                catch {
                    // GITHUB_TOKEN and installation tokens get 403 here.
                }
                return ACTIONS_BOT;
            })();
            return identity;
        },
        outOfTime: () => now() >= deadline,
    };
    let identity;
    return client;
}
/** Whether an item (comment, review) was written by `login` (logins are case-insensitive). */
const authoredBy = (item, login) => (item.user?.login ?? '').toLowerCase() === login.toLowerCase();
/** The request's path for messages: template parameters filled in, no host, no query. */
function describeUrl(options) {
    return String(options.url ?? '')
        .replace(/^https?:\/\/[^/]+/, '')
        .replace(/\?.*$/, '')
        .replace(/\{(\w+)\}/g, (whole, name) => {
        const value = options[name];
        return typeof value === 'string' || typeof value === 'number' ? String(value) : whole;
    });
}
const header = (headers, name) => {
    const value = headers?.[name] ?? headers?.[name.toLowerCase()];
    return value === undefined ? undefined : String(value);
};
/** How long to wait before retrying, or undefined when a retry cannot help. */
function retryDelay(error, attempt, nowMs) {
    const status = error.status;
    const headers = error.response?.headers;
    if (status === 403 || status === 429) {
        const retryAfter = header(headers, 'retry-after');
        if (retryAfter !== undefined && /^\d+$/.test(retryAfter))
            return Number(retryAfter) * 1000;
        if (header(headers, 'x-ratelimit-remaining') === '0') {
            const reset = Number(header(headers, 'x-ratelimit-reset'));
            return Number.isFinite(reset) ? Math.max(1000, reset * 1000 - nowMs + 1000) : SECONDARY_LIMIT_WAIT_MS;
        }
        if (status === 429 || /secondary rate limit|abuse/i.test(error.message ?? ''))
            return SECONDARY_LIMIT_WAIT_MS;
        return undefined;
    }
    if (status === undefined || status >= 500)
        return 1000 * 2 ** attempt;
    return undefined;
}
function describe(error) {
    if (error.status === undefined)
        return `network error (${error.message ?? 'no answer'})`;
    return `HTTP ${error.status}${error.message ? ` (${firstLine(error.message)})` : ''}`;
}
const firstLine = (text) => text.split('\n')[0].slice(0, 300);
function toApiError(error, what, attempt, timedOut = false) {
    const status = error.status;
    const detail = error.message ? firstLine(error.message) : '';
    const tried = attempt > 0 ? ` after ${attempt + 1} attempts` : '';
    if (timedOut)
        return new GitHubApiError(`${what}: timeout${tried} (${detail}).`, 'timeout');
    if (status === 403 || status === 429) {
        if (header(error.response?.headers, 'x-ratelimit-remaining') === '0' || /rate limit/i.test(detail) || status === 429) {
            return new GitHubApiError(`${what}: GitHub rate limit reached${tried} (${detail}).`, 'rate-limited', status);
        }
        return new GitHubApiError(`${what}: forbidden (${detail}). The token cannot do this: it is read-only (Dependabot's pull requests and forks get a ` +
            'read-only token), or the workflow lacks "permissions: pull-requests: write, checks: write".', 'forbidden', status);
    }
    if (status === 401)
        return new GitHubApiError(`${what}: the token was refused (${detail}).`, 'forbidden', status);
    if (status === 404)
        return new GitHubApiError(`${what}: not found (${detail}); the token may lack access to it.`, 'not-found', status);
    if (status === 422)
        return new GitHubApiError(`${what}: GitHub refused the request as invalid (${detail}).`, 'invalid', status);
    if (status === undefined)
        return new GitHubApiError(`${what}: network error${tried} (${detail}).`, 'network');
    if (status >= 500)
        return new GitHubApiError(`${what}: GitHub server error ${status}${tried} (${detail}).`, 'server', status);
    return new GitHubApiError(`${what}: HTTP ${status} (${detail}).`, 'other', status);
}

// EXTERNAL MODULE: ./src/report/capacity.ts
var capacity = __webpack_require__(8870);
;// CONCATENATED MODULE: ./src/action/summary-comment.ts





const SUMMARY_MARKER = '<!-- hyperpod-prereq:summary -->';
/** Second marker when the scan runs in a sub-folder, so jobs scanning different folders keep their own comment. */
const scopeMarker = (scope) => (scope ? `<!-- hyperpod-prereq:scope=${(0,markdown/* markerValue */.u)(scope)} -->\n` : '');
const SCOPE_MARKER = /^<!-- hyperpod-prereq:summary -->\n<!-- hyperpod-prereq:scope=([^ ]*) -->/;
const scopeOf = (body) => SCOPE_MARKER.exec(body)?.[1] ?? '';
/** GitHub's limit for an issue comment body, in characters (the API answers 422 "Body is too long (maximum is 65536 characters)"). */
const COMMENT_LIMIT = 65_536;
const REASON_TEXT = {
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
function buildSummaryComment(input, limit = COMMENT_LIMIT) {
    const overflowed = new Set(input.overflow.map((o) => o.finding));
    let fresh = input.findings.filter((f) => f.isNew !== false).sort(byImportance);
    const old = input.findings.filter((f) => f.isNew === false);
    const version = `hyperpod-prereq ${(0,markdown/* escapeMarkdown */.FV)(input.toolVersion, 40)}`;
    const footer = input.jobSummaryUrl
        ? `\n\n[Full report in the job summary](${input.jobSummaryUrl}) \u00b7 ${version}\n`
        : `\n\n<sub>${version}</sub>\n`;
    const fullReport = input.jobSummaryUrl
        ? `[the job summary](${input.jobSummaryUrl}) and the JSON report`
        : 'the job summary and the JSON report';
    const cutNote = (what) => `\n_\u2026${what} not shown: the comment size limit is ${COMMENT_LIMIT} characters; all are in ${fullReport}._\n`;
    const text = new BoundedText(limit);
    const status = input.failed ? `\u274c fails (${input.failOnLabel})` : '\u2705 passes';
    const heading = input.scope ? ` in ${(0,markdown/* codeSpan */.SS)(input.scope)}` : '';
    text.force(`${SUMMARY_MARKER}\n${scopeMarker(input.scope ?? '')}### HyperPod prerequisites${heading}: ${status}\n\n`);
    const counts = [
        `**${(0,plural/* plural */.L)(fresh.length, 'new finding')}**`,
        `${old.length} pre-existing`,
        `${input.suppressed} suppressed`,
        `${input.unverified.length} unverified`,
    ];
    text.force(counts.join(' \u00b7 ') + '\n');
    const without = withoutClusterMarkdown(input.checkedWithoutCluster);
    if (without)
        text.force(`\n${without}\n`);
    for (const line of input.notes)
        text.force(`\n> ${(0,markdown/* escapeMarkdown */.FV)(line, 600)}\n`);
    // The lines that always stay, whatever is cut.
    let notCommented = '';
    if (input.overflow.length) {
        const byReason = new Map();
        for (const { reason } of input.overflow)
            byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
        const parts = [...byReason].map(([reason, n]) => `${n} ${REASON_TEXT[reason]}`);
        notCommented = `\nNot commented on the diff (listed above only): ${parts.join('; ')}.\n`;
    }
    const baseText = input.baseKnown
        ? `${(0,plural/* plural */.L)(old.length, 'finding was', 'findings were')} already on the base branch and ${old.length === 1 ? 'does' : 'do'} not count against this pull request.`
        : 'The base revision could not be scanned, so every finding counts as new.';
    const preExisting = `\n**Pre-existing:** ${baseText} **Suppressed:** ${input.suppressed}.\n`;
    const unverifiedShort = input.unverified.length
        ? `\n**Could not be verified offline:** ${(0,plural/* plural */.L)(input.unverified.length, 'item')}.${cutNote('they are').replace(/^\n_\u2026they are not shown/, ' _Not shown')}`
        : '';
    const longestNote = cutNote(`and ${(0,plural/* plural */.L)(fresh.length, 'more new finding')} (${fresh.length} without a review comment)`).length;
    const reserve = footer.length + notCommented.length + preExisting.length + unverifiedShort.length + longestNote + 50;
    let left = 0;
    if (fresh.length) {
        const rows = (list) => list.map((finding) => `${findingRow(finding)}\n`);
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
        }
        else {
            left = fresh.length;
        }
        if (left) {
            const uncommented = fresh.slice(fresh.length - left).filter((f) => overflowed.has(f)).length;
            text.force(cutNote(`and ${(0,plural/* plural */.L)(left, 'more new finding')}${uncommented ? ` (${uncommented} without a review comment)` : ''}`));
        }
    }
    if (notCommented)
        text.force(notCommented);
    text.force(preExisting);
    const tail = footer.length + unverifiedShort.length + 20;
    for (const chunk of (0,capacity/* capacityMarkdown */.G8)(input.capacity ?? []))
        if (!text.add(chunk, tail))
            break;
    // A diagram that does not fit is left out whole (a cut Mermaid block would not render).
    if (input.network?.length && !text.truncated)
        for (const chunk of input.network)
            if (!text.add(chunk, tail))
                break;
    if (input.unverified.length) {
        const open = `\n<details><summary>Could not be verified offline (${input.unverified.length})</summary>\n\n`;
        const close = '\n</details>\n';
        const itemNote = (n) => cutNote(`and ${(0,plural/* plural */.L)(n, 'more unverified item')}`);
        // Closed only when the opening fitted; the reserve keeps room for the closing tag and the note.
        if (text.fits(open, footer.length + close.length + itemNote(input.unverified.length).length)) {
            text.force(open);
            let shown = 0;
            for (const item of input.unverified) {
                if (!text.add(`- ${unverifiedLead(item)}${(0,markdown/* escapeMarkdown */.FV)(item.reason, 300)}\n`, footer.length + close.length + itemNote(input.unverified.length).length))
                    break;
                shown++;
            }
            if (shown < input.unverified.length)
                text.force(itemNote(input.unverified.length - shown));
            text.force(close);
        }
        else {
            text.force(unverifiedShort);
        }
    }
    text.force(footer);
    return text.toString();
}
/** The body without its link to the run, which changes on every run while the findings may not. */
const withoutRunLink = (body) => body.replace(/^\[Full report in the job summary\]\(.*$/m, '');
/** Creates or edits the summary comment as `mode` says; returns what it did. */
async function publishSummaryComment(client, pull, body, mode) {
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
    const remove = async (id) => {
        try {
            await octokit.rest.issues.deleteComment({ owner: pull.owner, repo: pull.repo, comment_id: id });
        }
        catch (error) {
            // Already deleted by an overlapping run.
            if (!(error instanceof GitHubApiError && error.kind === 'not-found'))
                throw error;
        }
    };
    if (mode === 'off') {
        // A summary left by an earlier run in update mode would go stale.
        const mine = await listMine();
        for (const comment of mine)
            await remove(comment.id);
        return mine.length ? 'removed' : 'skipped';
    }
    if (mode === 'update') {
        const [first, ...extra] = await listMine();
        if (first) {
            for (const comment of extra)
                await remove(comment.id);
            if (withoutRunLink(first.body ?? '') === withoutRunLink(body))
                return 'unchanged';
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


/***/ })

};
