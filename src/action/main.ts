// run(): inputs → changed files → base and head scans → new/pre-existing → reports → verdict.
// Reporting failures become warnings; they never lose findings or change the verdict.
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { AccountModeError, ConfigError, ruleMetas, scan } from '../engine/scan.js';
import { DEFAULT_CONFIG_FILE, defaultConfig, MAX_CONFIG_BYTES, parseConfig, type ResolvedConfig } from '../config/index.js';
import type { Finding, ScanOptions, ScanResult, ScanSummary } from '../engine/types.js';
import type { Unverified } from '../model/types.js';
import type { AccountFacts, RuleMeta, SubnetCapacity } from '../rules/types.js';
import { FsFileSource } from '../engine/fs-source.js';
import { parseQuotaSnapshot } from '../engine/quota-snapshot.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { emitAnnotations, toCheckAnnotations, type AnnotationSink } from './annotations.js';
import { publishCheckRun } from './check-run.js';
import { markNew, toRepoPath, verdict } from './classify.js';
import { inRanges, type ChangedFile } from './diff.js';
import { ensureCommit, filesDifferingFromWorkTree, gitChangedFiles, GitFileSource, headAndParents, repositoryRoot } from './git.js';
import { checkCfnLint, checkPaths, checkWorkingDirectory } from './input-checks.js';
import { placeGeneratedFindings, untrackedFiles } from './generated.js';
import { appendAll } from '../util/arrays.js';
import { logLine } from '../util/log-safe.js';
import { writeOutputFile } from '../util/safe-write.js';
import { createGitHubClient, isForbidden, realSleep, type GitHubClient, type Sleep } from './github-client.js';
import { InputError, readInputs, type ActionConfig } from './inputs.js';
import { plural } from './format.js';
import { buildJobSummary } from './job-summary.js';
import { changedFiles, type PullRef } from './pr-files.js';
import { publishReview, type ReviewOutcome } from './review.js';
import { buildSummaryComment, publishSummaryComment } from './summary-comment.js';
import { networkMarkdown, networkPictures } from '../report/network.js';

export interface RunDeps {
  scan: (options: ScanOptions) => Promise<ScanResult>;
  sleep: Sleep;
  env: NodeJS.ProcessEnv;
  readInput: (name: string) => string;
  annotations: AnnotationSink;
}

export interface PullRequestInfo extends PullRef {
  baseSha: string;
  headSha: string;
  /** The head branch lives in another repository: the job token is read-only. */
  isFork: boolean;
}

/** The pull request of a pull_request / pull_request_target event, if any. */
export function pullRequestInfo(
  eventName: string | undefined,
  payload: unknown,
  repository: string | undefined,
): PullRequestInfo | undefined {
  if (eventName !== 'pull_request' && eventName !== 'pull_request_target') return undefined;
  const pr = (payload as { pull_request?: Record<string, unknown> } | undefined)?.pull_request as
    | {
        number?: number;
        base?: { sha?: string; repo?: { full_name?: string } };
        head?: { sha?: string; repo?: { full_name?: string } | null };
      }
    | undefined;
  const [owner, repo] = (repository ?? '').split('/');
  if (!pr || typeof pr.number !== 'number' || !pr.base?.sha || !pr.head?.sha || !owner || !repo) return undefined;
  const baseRepo = pr.base.repo?.full_name;
  const headRepo = pr.head.repo?.full_name;
  return {
    owner,
    repo,
    number: pr.number,
    baseSha: pr.base.sha,
    headSha: pr.head.sha,
    // A deleted fork has no head repository; treat it as a fork.
    isFork: eventName === 'pull_request' && (!headRepo || headRepo !== baseRepo),
  };
}

/** Base and head commits to compare, for every event that has them. */
export interface Comparison {
  baseSha: string;
  headSha: string;
  event: string;
}

const NO_COMMIT = /^0+$/;

/**
 * The commits a run compares: a pull request's base and head, a merge group's base_sha and
 * head_sha, a push's before and after (none for a new branch).
 */
export function comparisonOf(eventName: string | undefined, payload: unknown, pr: PullRequestInfo | undefined): Comparison | undefined {
  if (pr) return { baseSha: pr.baseSha, headSha: pr.headSha, event: eventName ?? 'pull_request' };
  const body = (payload ?? {}) as { merge_group?: { base_sha?: unknown; head_sha?: unknown }; before?: unknown; after?: unknown };
  const sha = (value: unknown): string | undefined =>
    typeof value === 'string' && /^[0-9a-f]{40,64}$/i.test(value) && !NO_COMMIT.test(value) ? value : undefined;
  let baseSha: string | undefined;
  let headSha: string | undefined;
  if (eventName === 'merge_group') [baseSha, headSha] = [sha(body.merge_group?.base_sha), sha(body.merge_group?.head_sha)];
  else if (eventName === 'push') [baseSha, headSha] = [sha(body.before), sha(body.after)];
  return baseSha && headSha ? { baseSha, headSha, event: eventName! } : undefined;
}

const toPosix = (p: string): string => p.split(path.sep).join('/');

function readEvent(env: NodeJS.ProcessEnv): unknown {
  if (!env.GITHUB_EVENT_PATH) return undefined;
  try {
    return JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
  } catch {
    return undefined;
  }
}

const FAIL_ON_LABEL = (config: ActionConfig, scope: 'new' | 'all'): string =>
  config.failOn === 'never'
    ? 'fail-on: never'
    : `${scope === 'new' ? 'new ' : ''}${config.failOn === 'error' ? 'errors' : `${config.failOn}s or worse`}`;

const defaultDeps = (): RunDeps => ({
  scan,
  sleep: realSleep,
  env: process.env,
  readInput: (name) => core.getInput(name),
  annotations: core,
});

export async function run(overrides: Partial<RunDeps> = {}): Promise<void> {
  const deps = { ...defaultDeps(), ...overrides };
  try {
    await runAction(deps);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof ConfigError) core.setFailed(`Invalid configuration:\n${message}`);
    else if (error instanceof AccountModeError) core.setFailed(`Account mode: ${message}`);
    else if (error instanceof InputError) core.setFailed(message);
    else core.setFailed(`hyperpod-prereq failed: ${error instanceof Error && error.stack ? error.stack : message}`);
  }
}

/** The quota snapshot named by the quotas-file input (a file of the workspace, read as data). */
async function readQuotaSnapshot(cwd: string, file: string): Promise<AccountFacts> {
  const source = new FsFileSource(cwd);
  const read = await source.read(toPosix(path.relative(cwd, path.resolve(cwd, file))), 1024 * 1024);
  if ('refused' in read) throw new InputError(`Input quotas-file: ${file} was not read: ${read.refused}.`);
  const parsed = parseQuotaSnapshot(read.data.toString('utf8'));
  if ('error' in parsed) throw new InputError(`Input quotas-file: ${file}: ${parsed.error}`);
  return parsed.facts;
}

async function runAction(deps: RunDeps): Promise<void> {
  const { env } = deps;
  const config = readInputs(deps.readInput);
  const workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd());
  const cwd = checkWorkingDirectory(workspace, config.workingDirectory);
  const pathsGiven = deps.readInput('paths').trim() !== '';
  await checkPaths(workspace, cwd, config, pathsGiven);
  await checkCfnLint(config, env);
  const quotaSnapshot = config.quotasFile ? await readQuotaSnapshot(cwd, config.quotasFile) : undefined;
  const repoRoot = (await repositoryRoot(cwd)) ?? workspace;
  let prefix = toPosix(path.relative(repoRoot, cwd));
  if (prefix.startsWith('..') || path.isAbsolute(prefix)) prefix = '';
  const event = readEvent(env);
  const pr = pullRequestInfo(env.GITHUB_EVENT_NAME, event, env.GITHUB_REPOSITORY);
  const compare = comparisonOf(env.GITHUB_EVENT_NAME, event, pr);
  const scope = config.scanScope === 'auto' ? (pr ? 'changed' : 'all') : config.scanScope;
  const warnings: string[] = [];
  const notes: string[] = [];

  const apiUrl = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  const client: GitHubClient | undefined = config.githubToken
    ? createGitHubClient({
        token: config.githubToken,
        apiUrl,
        graphqlUrl: env.GITHUB_GRAPHQL_URL || `${apiUrl}/graphql`,
        sleep: deps.sleep,
        log: (message) => core.info(logLine(message)),
        budgetMs: config.githubTimeoutMs,
      })
    : undefined;

  // Changed files and the base commit.
  let changed: ChangedFile[] | undefined;
  let baseAvailable = false;
  /** The pull request's head read from git objects, when the work tree is another commit. */
  let headSource: GitFileSource | undefined;
  if (compare) {
    baseAvailable = await ensureCommit(repoRoot, compare.baseSha).catch(() => false);
    if (pr) headSource = await headUnlessCheckedOut(repoRoot, pr, compare.event, prefix, notes);
    const range = baseAvailable ? { repoRoot, base: compare.baseSha, head: headSource ? pr!.headSha : 'HEAD' } : undefined;
    if (pr) {
      const outcome = await changedFiles(client, pr, range);
      changed = outcome.files;
      warnings.push(...outcome.problems);
      if (changed && !headSource) await forgetShiftedLines(repoRoot, pr.headSha, changed, notes);
    } else if (range) {
      changed = await gitChangedFiles(repoRoot, range.base, compare.headSha).catch((error: Error) => {
        warnings.push(`Could not compute the changed files with git diff: ${error.message}`);
        return undefined;
      });
    }
  }
  const underCwd = (repoPath: string): string | undefined =>
    !prefix ? repoPath : repoPath.startsWith(`${prefix}/`) ? repoPath.slice(prefix.length + 1) : undefined;
  // Plans written in the job (untracked files named by paths) are always in scope.
  const generated = compare && !headSource ? await untrackedFiles(cwd, config.paths, config.exclude) : [];
  let onlyFiles: string[] | undefined;
  if (scope === 'changed') {
    if (changed) {
      onlyFiles = changed.filter((f) => f.status !== 'removed').flatMap((f) => underCwd(f.path) ?? []);
      appendAll(onlyFiles, generated);
    } else if (pr) {
      notes.push('The changed files are not known, so every file is reported.');
    }
  }

  const scanOptions: ScanOptions = {
    cwd,
    // Without the paths input the config's include applies (docs/configuration.md), else the whole tree.
    paths: pathsGiven ? config.paths : undefined,
    exclude: config.exclude,
    region: config.region,
    configPath: config.configPath,
    onlyFiles,
    account: {
      mode: config.account.mode,
      region: config.account.region ?? config.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION,
      timeoutMs: config.account.timeoutMs,
      roleToAssume: config.account.roleToAssume,
      roleSessionName: config.account.roleSessionName,
      audience: config.account.audience,
      getIdToken: (audience) => core.getIDToken(audience),
      mask: (secret) => core.setSecret(secret),
      isForkPullRequest: pr?.isFork ?? false,
    },
    cfnLint: { mode: config.cfnLint.mode, args: config.cfnLint.args, timeoutMs: config.cfnLint.timeoutMs },
    quotaSnapshot,
    terraform: config.varFiles.length ? { varFiles: config.varFiles } : undefined,
  };

  // The base revision, read from git objects (no checkout). cfn-lint reads the work tree, so it is off here.
  let base: ScanResult | undefined;
  if (compare && baseAvailable) {
    const renames = new Map<string, string>();
    for (const file of changed ?? []) {
      const head = underCwd(file.path);
      const previous = file.previousPath && underCwd(file.previousPath);
      if (head && previous) renames.set(head, previous);
    }
    const baseSource = new GitFileSource(repoRoot, compare.baseSha, prefix, renames);
    // A pull request's own config must not decide its check: the base commit's settings do (SECURITY.md).
    if (pr) {
      const gate = await baseGateConfig(baseSource, config.configPath, compare.baseSha);
      if (gate.warning) warnings.push(gate.warning);
      scanOptions.gateFrom = { config: gate.config, revision: compare.baseSha, reportChanges: true };
    }
    try {
      base = await deps.scan({
        ...scanOptions,
        ...(scanOptions.gateFrom ? { gateFrom: { ...scanOptions.gateFrom, reportChanges: false } } : {}),
        source: baseSource,
        cfnLint: { mode: 'off' },
      });
    } catch (error) {
      warnings.push(`The base revision could not be scanned, so every finding counts as new: ${(error as Error).message}`);
    }
  } else if (compare) {
    warnings.push(
      `The base commit ${compare.baseSha.slice(0, 12)} is not in the checkout and could not be fetched, so every finding counts as new (use actions/checkout with fetch-depth: 0).`,
    );
  }

  const result = await deps.scan({
    ...scanOptions,
    ...(headSource ? { source: headSource, cfnLint: { mode: 'off' } } : {}),
    ...(base ? { baseModel: base.model } : {}),
  });

  // New versus pre-existing.
  if (compare) {
    if (base) {
      const hpBase = base.findings.filter((f) => f.ruleId.startsWith('HP'));
      markNew(result.findings, hpBase);
      // Findings of tools that did not run on the base (cfn-lint): new when on a changed line.
      const hunksByFile = new Map((changed ?? []).map((f) => [underCwd(f.path), f.hunks]));
      for (const finding of result.findings) {
        if (!finding.ruleId.startsWith('HP')) finding.isNew = inRanges(hunksByFile.get(finding.file), finding.line);
      }
    } else {
      for (const finding of result.findings) finding.isNew = true;
    }
  }
  const view = repoView(result, prefix);
  if (compare && generated.length) {
    const { placed, unplaced } = await placeGeneratedFindings(
      view.findings,
      new Set(generated.map((file) => toRepoPath(prefix, file))),
      repoRoot,
      changed,
    );
    if (placed + unplaced) {
      notes.push(
        `${plural(placed + unplaced, 'finding')} of generated files (${generated.map((f) => toRepoPath(prefix, f)).join(', ')}): ` +
          `${placed} placed on the resource's .tf declaration (new when the change touches it)` +
          (unplaced ? `, ${unplaced} whose declaration was not found (counted as new)` : '') +
          '.',
      );
    }
  }
  const rules = new Map<string, RuleMeta>(view.rules.map((meta) => [meta.id, meta]));
  // The network picture of the clusters in the reported files (all files when the scope is not the changed ones).
  const pictures = networkPictures(result, onlyFiles ? new Set(onlyFiles) : undefined);
  const fileLabel = (file: string) => toRepoPath(prefix, file);
  const failScope = compare && config.failOnScope === 'new' ? 'new' : 'all';
  const { failed, failing } = verdict(view.findings, config.failOn, failScope);
  const failOnLabel = FAIL_ON_LABEL(config, failScope);
  const newCount = view.findings.filter((f) => f.isNew !== false).length;

  // Annotations first: they need no token.
  let emitted: number | undefined;
  try {
    emitted = emitAnnotations(view.findings, rules, deps.annotations, config.maxAnnotations).emitted;
  } catch (error) {
    warnings.push(`Could not write the annotations: ${(error as Error).message}`);
  }
  /** Annotations the check run really holds (undefined: no check run). */
  let inCheckRun: number | undefined;

  // Files.
  const jsonReport = path.resolve(workspace, config.jsonReport ?? path.join(env.RUNNER_TEMP || cwd, 'hyperpod-prereq-report.json'));
  try {
    const { toJsonReport } = await import('../report/json.js');
    await writeOutputFile(jsonReport, JSON.stringify(toJsonReport(view), null, 2) + '\n', workspace);
    core.setOutput('json-report', jsonReport);
  } catch (error) {
    const what = `${config.jsonReport ? 'Input json-report: could' : 'Could'} not write the JSON report ${jsonReport}`;
    warnings.push(`${what}: ${(error as Error).message}`);
  }
  if (config.sarifFile) {
    const sarifFile = path.resolve(workspace, config.sarifFile);
    try {
      const { toSarif } = await import('../report/sarif.js');
      const category = [TOOL_NAME, env.GITHUB_JOB, prefix].filter(Boolean).join('/');
      await writeOutputFile(sarifFile, JSON.stringify(toSarif(view, { category, toolVersion: TOOL_VERSION }), null, 2) + '\n', workspace);
      core.setOutput('sarif-file', sarifFile);
    } catch (error) {
      warnings.push(`Input sarif-file: could not write the SARIF file ${sarifFile}: ${(error as Error).message}`);
    }
  }

  // Pull-request channels and the check run.
  const jobSummaryUrl = `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY ?? ''}/actions/runs/${env.GITHUB_RUN_ID ?? ''}`;
  let review: ReviewOutcome | undefined;
  const channelNotes: string[] = [...notes];
  if (pr?.isFork) {
    const message =
      'Pull request from a fork: the job token is read-only, so review comments, the summary comment and the check run are skipped. ' +
      'The findings are in the annotations, the job summary, SARIF and the JSON report.';
    core.notice(message);
    channelNotes.push(message);
  } else if (!client) {
    if (pr) warnings.push('No github-token: review comments, the summary comment and the check run are skipped.');
  } else {
    let forbidden = false;
    if (pr) {
      try {
        review = await publishReview({
          client,
          pull: pr,
          headSha: pr.headSha,
          findings: view.findings,
          changed,
          max: config.maxReviewComments,
          post: config.reviewComments,
        });
        warnings.push(...review.problems);
        forbidden = review.forbidden;
        if (review.duplicatesRemoved)
          core.info(`Review comments: ${plural(review.duplicatesRemoved, 'duplicate')} deleted (the oldest comment stays).`);
        if (review.replaced) core.info(`Review comments: ${plural(review.replaced, 'outdated comment')} replaced by a new one.`);
      } catch (error) {
        warnings.push(`Review comments failed: ${(error as Error).message}`);
        forbidden = isForbidden(error);
      }
      if (!forbidden) {
        const body = buildSummaryComment({
          failed,
          failOnLabel,
          findings: view.findings,
          suppressed: view.suppressed.length,
          unverified: view.unverified,
          baseKnown: !!base,
          overflow: review?.overflow ?? [],
          jobSummaryUrl,
          toolVersion: TOOL_VERSION,
          notes: channelNotes,
          checkedWithoutCluster: view.checkedWithoutCluster,
          scope: prefix,
          capacity: capacityIn(view),
          network: networkMarkdown(pictures, '####', fileLabel),
        });
        try {
          const action = await publishSummaryComment(client, pr, body, config.commentMode);
          core.info(logLine(`Summary comment: ${action}.`));
        } catch (error) {
          warnings.push(`The summary comment failed: ${(error as Error).message}`);
          forbidden = isForbidden(error);
        }
      }
    }
    const headSha = pr?.headSha ?? env.GITHUB_SHA;
    if (!forbidden && headSha && env.GITHUB_REPOSITORY) {
      const [owner, repo] = env.GITHUB_REPOSITORY.split('/');
      try {
        const summary = buildSummaryComment(
          {
            failed,
            failOnLabel,
            findings: view.findings,
            suppressed: view.suppressed.length,
            unverified: view.unverified,
            baseKnown: !compare || !!base,
            overflow: [],
            jobSummaryUrl,
            toolVersion: TOOL_VERSION,
            notes: channelNotes,
            checkedWithoutCluster: view.checkedWithoutCluster,
          },
          65_000,
        );
        const published = await publishCheckRun(client, {
          owner,
          repo,
          headSha,
          name: prefix ? `${TOOL_NAME} (${prefix})` : TOOL_NAME,
          conclusion: failed ? 'failure' : view.findings.length ? 'neutral' : 'success',
          title: checkTitle(view.summary, newCount, !!compare),
          summary: summary.replace(/^<!--.*-->\n/, ''),
          annotations: toCheckAnnotations(view.findings, rules, config.maxAnnotations),
          detailsUrl: env.GITHUB_RUN_ID ? jobSummaryUrl : undefined,
          workflowRun: env.GITHUB_RUN_ID ? { id: env.GITHUB_RUN_ID, attempt: Number(env.GITHUB_RUN_ATTEMPT) || 1 } : undefined,
        });
        inCheckRun = published.annotations;
      } catch (error) {
        warnings.push(`The check run failed: ${(error as Error).message}`);
      }
    }
    if (forbidden && pr && env.GITHUB_ACTOR === 'dependabot[bot]') {
      // Dependabot's pull requests come from the same repository, but their GITHUB_TOKEN is read-only.
      const message =
        "Dependabot pull request: GitHub gives Dependabot's runs a read-only token (the pull request is not from a fork), so review comments, the summary comment and the check run were skipped. " +
        'The findings are in the annotations, the job summary, SARIF and the JSON report.';
      core.notice(message);
      channelNotes.push(message);
    }
  }
  if (emitted !== undefined && emitted < view.findings.length)
    core.info(annotationsLine(view.findings.length, emitted, inCheckRun, config.maxAnnotations));

  for (const warning of warnings) core.warning(warning);
  // Notices name the pull request's files and resources: one line each, unable to run a workflow command.
  for (const notice of result.notices) core.info(logLine(notice));

  if (env.GITHUB_STEP_SUMMARY) {
    try {
      const summary = buildJobSummary({
        failed,
        failOnLabel,
        findings: view.findings,
        suppressed: view.suppressed,
        unverified: view.unverified,
        notices: [...result.notices, ...channelNotes, ...warnings],
        checkedWithoutCluster: view.checkedWithoutCluster,
        filesScanned: view.summary.filesScanned,
        terraform: view.summary.terraform,
        showNew: !!compare,
        toolVersion: TOOL_VERSION,
        capacity: capacityIn(view),
        network: networkMarkdown(pictures, '###', fileLabel),
      });
      await fs.appendFile(env.GITHUB_STEP_SUMMARY, summary);
    } catch (error) {
      core.warning(`Could not write the job summary: ${(error as Error).message}`);
    }
  }

  core.setOutput('result', failed ? 'fail' : 'pass');
  core.setOutput('errors', view.summary.errors);
  core.setOutput('warnings', view.summary.warnings);
  core.setOutput('notices', view.summary.notices);
  core.setOutput('new-findings', newCount);
  core.setOutput('suppressed', view.suppressed.length);
  if (failed) {
    const scopeText = failScope === 'new' ? 'introduced by this pull request' : 'found';
    core.setFailed(
      `${plural(failing.length, 'finding')} at or above "${config.failOn}" ${scopeText}; see the annotations and the job summary.`,
    );
  }
}

/**
 * The checked-out tree must be the pull request's head, or the runner's merge of it: with
 * pull_request_target, actions/checkout gives the base branch, and scanning it would pass a
 * pull request that adds errors. Then the head is read from git objects (never checked out or
 * run); when it cannot be fetched, the run fails.
 */
async function headUnlessCheckedOut(
  repoRoot: string,
  pr: PullRequestInfo,
  event: string,
  prefix: string,
  notes: string[],
): Promise<GitFileSource | undefined> {
  const commits = await headAndParents(repoRoot);
  if (commits?.[0] === pr.headSha || (commits && commits.length > 2 && commits.slice(1).includes(pr.headSha))) return undefined;
  if (!commits && event !== 'pull_request_target') return undefined;
  const checkedOut = commits ? `commit ${commits[0].slice(0, 12)}` : 'tree (not a git checkout)';
  if (commits && (await ensureCommit(repoRoot, pr.headSha).catch(() => false))) {
    notes.push(
      `The checked-out ${checkedOut} is not the pull request's head ${pr.headSha.slice(0, 12)}` +
        `${event === 'pull_request_target' ? ' (pull_request_target checks out the base branch)' : ''}; ` +
        'the head was read from git objects without checking it out or running anything from it (cfn-lint, which reads the work tree, was off).',
    );
    return new GitFileSource(repoRoot, pr.headSha, prefix);
  }
  throw new InputError(
    `The checked-out ${checkedOut} is not the pull request's head ${pr.headSha.slice(0, 12)}, and the head commit could not be fetched, ` +
      `so its changes cannot be checked${event === 'pull_request_target' ? ' (pull_request_target checks out the base branch by default)' : ''}. ` +
      'Run on pull_request, or see "pull_request_target" in the README for the safe two-workflow pattern.',
  );
}

/**
 * The diff's line numbers belong to the pull request's head commit. When the work tree is another
 * commit (the runner checks out the merge with the base), a changed file whose content differs from
 * the head may have shifted lines: its findings then get file-level comments, never a wrong line.
 */
async function forgetShiftedLines(repoRoot: string, headSha: string, changed: ChangedFile[], notes: string[]): Promise<void> {
  const differing = await filesDifferingFromWorkTree(
    repoRoot,
    headSha,
    changed.map((f) => f.path),
  );
  if (differing === undefined) {
    for (const file of changed) delete file.hunks;
    notes.push(
      `The pull request's head commit ${headSha.slice(0, 12)} is not available, so findings get file-level comments instead of line comments.`,
    );
    return;
  }
  for (const file of changed) if (differing.has(file.path)) delete file.hunks;
}

/** Where the findings that are not workflow-command annotations are, with the check run's true count. */
function annotationsLine(total: number, emitted: number, inCheckRun: number | undefined, max: number): string {
  const why = [
    ...(total > max ? [`max-annotations ${max}`] : []),
    ...(inCheckRun !== undefined && inCheckRun < Math.min(total, max) ? ['findings about the run itself have no line'] : []),
  ];
  const checkRun =
    inCheckRun === undefined
      ? 'no check run was created'
      : `the check run holds ${inCheckRun} of them${inCheckRun < total && why.length ? ` (${why.join('; ')})` : ''}`;
  return (
    `${emitted} of ${plural(total, 'finding')} shown as annotations in the log (GitHub shows 10 per type per step); ` +
    `${checkRun}; the job summary and the JSON report list all ${total}.`
  );
}

function checkTitle({ errors, warnings, notices }: ScanSummary, newCount: number, isPr: boolean): string {
  if (errors + warnings + notices === 0) return 'No findings';
  const counts = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(notices, 'notice')}`;
  return isPr ? `${newCount} new; ${counts}` : counts;
}

/** Capacity plans of the subnets of the reported files (repository-relative paths, like the findings). */
function capacityIn(view: ScanResult): SubnetCapacity[] {
  const reported = new Set(view.files.map((f) => f.file));
  return (view.demand.subnets ?? []).filter((s) => reported.has(s.file));
}

/** The scan result with paths relative to the repository root, as GitHub shows them. */
export function repoView(result: ScanResult, prefix: string): ScanResult {
  if (!prefix) return result;
  const move = (f: Finding): Finding => ({
    ...f,
    file: toRepoPath(prefix, f.file),
    ...(f.related ? { related: f.related.map((loc) => ({ ...loc, file: toRepoPath(prefix, loc.file) })) } : {}),
    ...(f.suggestion?.edit
      ? { suggestion: { ...f.suggestion, edit: { ...f.suggestion.edit, file: toRepoPath(prefix, f.suggestion.edit.file) } } }
      : {}),
  });
  const moveUnverified = (u: Unverified): Unverified => ({ ...u, file: toRepoPath(prefix, u.file) });
  return {
    ...result,
    findings: result.findings.map(move),
    suppressed: result.suppressed.map(move),
    unverified: result.unverified.map(moveUnverified),
    files: result.files.map((f) => ({ ...f, file: toRepoPath(prefix, f.file) })),
    ...(result.checkedWithoutCluster
      ? { checkedWithoutCluster: result.checkedWithoutCluster.map((c) => ({ ...c, file: toRepoPath(prefix, c.file) })) }
      : {}),
    ...(result.demand?.subnets
      ? { demand: { ...result.demand, subnets: result.demand.subnets.map((s) => ({ ...s, file: toRepoPath(prefix, s.file) })) } }
      : {}),
  };
}

/**
 * The config of the base commit, read from git objects: the settings that decide a pull request's check.
 * A missing file gives the defaults; an unreadable or invalid one gives the defaults with a warning.
 */
async function baseGateConfig(
  source: GitFileSource,
  configPath: string | undefined,
  baseSha: string,
): Promise<{ config: ResolvedConfig; warning?: string }> {
  const file = path.posix.normalize((configPath ?? DEFAULT_CONFIG_FILE).replace(/\\/g, '/')).replace(/^\.\//, '');
  const known = ruleMetas().map((meta) => meta.id);
  const read = await source.read(file, MAX_CONFIG_BYTES);
  const at = `the base commit ${baseSha.slice(0, 12)}`;
  if ('refused' in read) {
    if (read.refused === 'not in the base revision') return { config: defaultConfig(known) };
    return {
      config: defaultConfig(known),
      warning: `${file} of ${at} was not read (${read.refused}); the default settings decide this check.`,
    };
  }
  const { config, errors } = parseConfig(new TextDecoder('utf-8').decode(read.data), file, known);
  if (!errors.length) return { config };
  const first = errors[0];
  return {
    config: defaultConfig(known),
    warning: `${file} of ${at} is invalid (${first.line}:${first.column}: ${first.message}); the default settings decide this check.`,
  };
}
