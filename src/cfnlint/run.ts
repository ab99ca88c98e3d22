// Runs the cfn-lint executable with execa: bounded batches, one deadline, process-group kill on expiry.
import { appendAll } from '../util/arrays.js';
import { execa } from 'execa';
import type { Finding } from '../engine/types.js';
import type { RuleMeta } from '../rules/types.js';
import { CfnLintConfigError, guardCfnLintConfig } from './config-guard.js';
import { CfnLintOutputError, isFindingsExitCode, parseCfnLintOutput } from './to-findings.js';
import { compareText } from '../util/compare.js';

export interface CfnLintOptions {
  /** Working directory; file names are relative to it. */
  cwd: string;
  /** CloudFormation templates in scope, relative to cwd. */
  files: string[];
  /** auto: skip with a notice when the executable is missing; required: missing is a failure. */
  mode: 'auto' | 'required';
  /** Extra cfn-lint arguments (e.g. ["--ignore-checks", "W3010"]). */
  args?: string[];
  /** Budget for the whole run, default 300000 ms. */
  timeoutMs?: number;
  /** Default `cfn-lint` looked up on PATH. */
  executable?: string;
  /** `file#LogicalId` of the AWS::SageMaker::Cluster resources: their stale E3030 instance-type results are dropped. */
  sageMakerClusters?: ReadonlySet<string>;
}

export interface CfnLintResult {
  findings: Finding[];
  /** cfn-lint's version, e.g. "1.51.0". */
  version?: string;
  notices: string[];
  /** Set once when the tool could not give a trustworthy answer. */
  failure?: string;
  /** Metadata of the cfn-lint rules that fired (title, description, source URL). */
  rules: RuleMeta[];
}

export const DEFAULT_TIMEOUT_MS = 300_000;
/** Batch bounds keep the command line well under Linux's ARG_MAX (2 MiB on x86-64). */
export const MAX_FILES_PER_BATCH = 200;
export const MAX_ARG_CHARS_PER_BATCH = 100_000;
/** Time between SIGTERM and SIGKILL of the process group. */
const KILL_GRACE_MS = 2_000;
/** Once cfn-lint itself has exited, how long leftover children may keep its output pipes open. */
const ORPHAN_GRACE_MS = 1_000;
const VERSION_TIMEOUT_MS = 60_000;
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

/** Options the action sets itself; letting cfn-lint-args change them would break the JSON contract. */
const RESERVED_OPTIONS = [
  '-f',
  '--format',
  '--output-file',
  '-t',
  '--template',
  '-v',
  '--version',
  '-l',
  '--list-rules',
  '-L',
  '--list-templates',
  '-h',
  '--help',
  '-u',
  '--update-specs',
  '--update-documentation',
  '--update-iam-policies',
];

/** Returns the first reserved option among the extra arguments, if any. */
export function findReservedArg(args: readonly string[]): string | undefined {
  for (const arg of args) {
    if (arg === '--') return arg;
    for (const option of RESERVED_OPTIONS) {
      if (arg === option || arg.startsWith(`${option}=`)) return option;
      // Short options may carry their value glued on (-fjson).
      if (option.length === 2 && arg.startsWith(option) && !arg.startsWith('--')) return option;
    }
  }
  return undefined;
}

/** cfn-lint expands glob patterns in template names (glob.glob); escape them as Python's glob.escape does. */
export const escapeGlob = (file: string): string => file.replace(/([*?[])/g, '[$1]');

/** Splits file arguments into batches bounded by count and total length. */
export function toBatches(files: readonly string[], maxFiles = MAX_FILES_PER_BATCH, maxChars = MAX_ARG_CHARS_PER_BATCH): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const file of files) {
    const size = file.length + 1;
    if (current.length && (current.length >= maxFiles || chars + size > maxChars)) {
      batches.push(current);
      current = [];
      chars = 0;
    }
    current.push(file);
    chars += size;
  }
  if (current.length) batches.push(current);
  return batches;
}

interface ProcessOutcome {
  stdout: string;
  stderr: string;
  exitCode?: number;
  signal?: string;
  timedOut: boolean;
  /** Spawn error code (ENOENT, EACCES...). */
  spawnError?: string;
  outputTooLarge: boolean;
  errorMessage?: string;
}

/**
 * Variables cfn-lint is started with, taken from this process: the program search path, the home
 * folder (pyenv and pip user installs live there), locale and temp folder, and what selects a
 * Python installation. GitHub's tokens (INPUT_GITHUB-TOKEN, ACTIONS_*), GITHUB_ENV/GITHUB_OUTPUT
 * paths and AWS credentials are never passed.
 */
export const PASSED_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TMPDIR', 'PYENV_ROOT', 'PYENV_VERSION', 'VIRTUAL_ENV'];

export function cfnLintEnvironment(source: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_ENV) {
    const value = source[name];
    if (value !== undefined) env[name] = value;
  }
  env.PYTHONIOENCODING = 'utf-8';
  // Python never puts the working folder (the pull request's tree) on its import path.
  env.PYTHONSAFEPATH = '1';
  return env;
}

/** Process groups still running, killed if this process exits first (detached children outlive it otherwise). */
const liveGroups = new Set<number>();
let exitHookInstalled = false;
const killAllOnExit = (): void => {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
};

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Group already gone.
  }
}

/** Runs one command in its own process group; on timeout the whole group is terminated, then killed. */
async function runProcess(executable: string, args: string[], cwd: string, timeoutMs: number): Promise<ProcessOutcome> {
  const budget = Math.max(1, Math.floor(timeoutMs));
  const subprocess = execa(executable, args, {
    cwd,
    reject: false,
    detached: true,
    stdin: 'ignore',
    stripFinalNewline: false,
    maxBuffer: MAX_OUTPUT_BYTES,
    timeout: budget,
    killSignal: 'SIGTERM',
    forceKillAfterDelay: KILL_GRACE_MS,
    // Nothing from the runner's environment but what starts Python: no token, no AWS credentials.
    extendEnv: false,
    env: cfnLintEnvironment(),
  });
  const pid = subprocess.pid;
  let timedOut = false;
  let graceTimer: NodeJS.Timeout | undefined;
  const deadline = setTimeout(() => {
    timedOut = true;
    if (pid === undefined) return;
    killGroup(pid, 'SIGTERM');
    graceTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
  }, budget);
  let orphanTimer: NodeJS.Timeout | undefined;
  // Leftover children holding stdout open would keep the run waiting until the deadline.
  subprocess.once('exit', () => {
    if (pid !== undefined) orphanTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), ORPHAN_GRACE_MS);
  });
  if (pid !== undefined) {
    liveGroups.add(pid);
    if (!exitHookInstalled) {
      process.once('exit', killAllOnExit);
      exitHookInstalled = true;
    }
  }
  let abnormal = true;
  try {
    const result = await subprocess;
    timedOut ||= Boolean(result.timedOut);
    abnormal = result.failed && !(result.exitCode !== undefined && isFindingsExitCode(result.exitCode));
    const cause = (result as { cause?: unknown }).cause;
    const spawnError =
      result.failed && result.exitCode === undefined && !result.signal && cause && typeof cause === 'object' && 'code' in cause
        ? String((cause as { code: unknown }).code)
        : undefined;
    return {
      stdout: typeof result.stdout === 'string' ? result.stdout : '',
      stderr: typeof result.stderr === 'string' ? result.stderr : '',
      exitCode: result.exitCode,
      signal: result.signal,
      timedOut,
      spawnError,
      outputTooLarge: Boolean(result.isMaxBuffer),
      errorMessage: result.failed ? result.shortMessage : undefined,
    };
  } finally {
    clearTimeout(deadline);
    if (graceTimer) clearTimeout(graceTimer);
    if (orphanTimer) clearTimeout(orphanTimer);
    if (pid !== undefined) {
      // Leave nothing behind: children of a timed-out, killed or crashed run go with the group.
      if (timedOut || abnormal) killGroup(pid, 'SIGKILL');
      liveGroups.delete(pid);
    }
  }
}

const lastLine = (text: string): string => {
  const lines = text.trim().split(/\r?\n/);
  const line = lines[lines.length - 1]?.trim() ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
};

const describeExit = (outcome: ProcessOutcome): string => {
  const detail = lastLine(outcome.stderr);
  const how = outcome.signal ? `was killed by ${outcome.signal}` : `exited with code ${outcome.exitCode}`;
  return detail ? `${how}: ${detail}` : how;
};

/** Executable missing: spawn says ENOENT, or a shell/pyenv shim answers 127 ("command not found"). */
const isMissing = (outcome: ProcessOutcome): boolean => outcome.spawnError === 'ENOENT' || outcome.exitCode === 127;

const timeoutText = (timeoutMs: number): string => `cfn-lint timed out after ${Math.round(timeoutMs / 1000)} s`;

/** Runs cfn-lint on the templates and maps its results; never throws: every problem becomes `failure`. */
export async function runCfnLint(options: CfnLintOptions): Promise<CfnLintResult> {
  try {
    return await lintAll(options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { findings: [], notices: [], rules: [], failure: `cfn-lint could not be run: ${message}` };
  }
}

async function lintAll(options: CfnLintOptions): Promise<CfnLintResult> {
  const executable = options.executable ?? 'cfn-lint';
  const timeoutMs = options.timeoutMs && options.timeoutMs > 0 ? options.timeoutMs : DEFAULT_TIMEOUT_MS;
  const extraArgs = options.args ?? [];
  const result: CfnLintResult = { findings: [], notices: [], rules: [] };
  if (options.files.length === 0 && options.mode === 'auto') return result;

  const reserved = findReservedArg(extraArgs);
  if (reserved) {
    result.failure = `cfn-lint-args must not contain ${reserved}: the action sets it itself`;
    return result;
  }

  const startedAt = Date.now();
  const versionRun = await runProcess(executable, ['--version'], options.cwd, Math.min(VERSION_TIMEOUT_MS, timeoutMs));
  if (isMissing(versionRun)) {
    if (options.mode === 'required') {
      result.failure = `cfn-lint is required but the executable "${executable}" was not found on PATH`;
    } else {
      result.notices.push(
        `cfn-lint was not run: the executable "${executable}" was not found on PATH (install it with "pip install cfn-lint", or set cfn-lint to off).`,
      );
    }
    return result;
  }
  if (versionRun.timedOut) {
    result.failure = timeoutText(Math.min(VERSION_TIMEOUT_MS, timeoutMs));
    return result;
  }
  if (versionRun.spawnError || versionRun.exitCode !== 0) {
    result.failure = versionRun.spawnError
      ? `cfn-lint could not be started (${versionRun.spawnError}): ${versionRun.errorMessage ?? executable}`
      : `"cfn-lint --version" ${describeExit(versionRun)}`;
    return result;
  }
  const versionText = `${versionRun.stdout}\n${versionRun.stderr}`;
  result.version = /\b(\d+\.\d+\.\d+[\w.+-]*)/.exec(versionText)?.[1] ?? (lastLine(versionRun.stdout) || undefined);

  let guarded;
  try {
    guarded = await guardCfnLintConfig(options.cwd, extraArgs);
  } catch (error) {
    if (!(error instanceof CfnLintConfigError)) throw error;
    result.failure = `cfn-lint configuration: ${error.message}`;
    return result;
  }
  result.notices.push(...guarded.notices);
  try {
    await lintBatches({ ...options, executable, timeoutMs }, guarded.args, startedAt + timeoutMs, result);
  } finally {
    await guarded.cleanup();
  }
  return result;
}

/** Runs the batches one after another until all are done, one fails, or the deadline passes. */
async function lintBatches(
  options: CfnLintOptions & { executable: string; timeoutMs: number },
  cfnLintArgs: string[],
  deadline: number,
  result: CfnLintResult,
): Promise<void> {
  const { executable, timeoutMs } = options;
  const remaining = (): number => deadline - Date.now();
  const total = options.files.length;
  const batches = toBatches(options.files.map(escapeGlob));
  const rules = new Map<string, RuleMeta>();
  const dropped: string[] = [];
  let linted = 0;
  for (const batch of batches) {
    const left = remaining();
    if (left <= 0) {
      result.failure = `${timeoutText(timeoutMs)} (${total - linted} of ${total} templates not checked)`;
      break;
    }
    const outcome = await runProcess(executable, [...cfnLintArgs, '--format', 'json', '--', ...batch], options.cwd, left);
    const failure = batchFailure(outcome, timeoutMs);
    if (failure) {
      const notChecked = total - linted;
      result.failure = notChecked < total ? `${failure} (${notChecked} of ${total} templates not checked)` : failure;
      break;
    }
    try {
      const parsed = parseCfnLintOutput(outcome.stdout, outcome.exitCode ?? 0, options.cwd, {
        sageMakerClusters: options.sageMakerClusters,
      });
      appendAll(result.findings, parsed.findings);
      appendAll(dropped, parsed.droppedInstanceTypes);
      for (const rule of parsed.rules) if (!rules.has(rule.id)) rules.set(rule.id, rule);
    } catch (error) {
      if (!(error instanceof CfnLintOutputError)) throw error;
      result.failure = `cfn-lint gave no usable result: ${error.message}`;
      break;
    }
    linted += batch.length;
  }
  result.rules = [...rules.values()].sort((a, b) => compareText(a.id, b.id));
  if (dropped.length > 0) {
    const types = [...new Set(dropped)].sort();
    result.notices.push(
      `cfn-lint E3030 dropped ${dropped.length} time${dropped.length === 1 ? '' : 's'} on AWS::SageMaker::Cluster instance types that the ` +
        `SageMaker API model accepts (its InstanceType enum is older; HP007 checks the type): ${types.slice(0, 5).join(', ')}` +
        `${types.length > 5 ? `, and ${types.length - 5} more` : ''}.`,
    );
  }
}

function batchFailure(outcome: ProcessOutcome, timeoutMs: number): string | undefined {
  if (outcome.timedOut) return timeoutText(timeoutMs);
  if (outcome.spawnError) return `cfn-lint could not be started (${outcome.spawnError})`;
  if (outcome.outputTooLarge) return `cfn-lint printed more than ${MAX_OUTPUT_BYTES / (1024 * 1024)} MiB of output`;
  if (outcome.signal) return `cfn-lint ${describeExit(outcome)}`;
  if (outcome.exitCode === undefined || !isFindingsExitCode(outcome.exitCode)) return `cfn-lint ${describeExit(outcome)}`;
  return undefined;
}
