/* eslint-disable @typescript-eslint/no-explicit-any -- webhook payloads and report JSON are free-form JSON */
// Runs the bundled action (dist/index.js) the way the runner does — INPUT_* variables, an event
// payload file, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY — in a real git repository, against the
// GitHub stand-in. Payloads come from @octokit/webhooks-examples.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { actionBundle, NODE24 } from './action-run.js';
import type { GitHubStandin, StandinFile } from './github-standin.js';

export { actionBundle };

const require = createRequire(import.meta.url);

function example(name: string, pick: (e: any) => boolean = () => true): any {
  const examples = require('@octokit/webhooks-examples') as { name: string; examples: any[] }[];
  return structuredClone(examples.find((d) => d.name === name)!.examples.find(pick));
}

/** The `pull_request` "opened" example (also the shape of pull_request_target), pointed at our commits. */
export function pullRequestEvent(base: string, head: string, options: { fork?: boolean } = {}): any {
  const payload = example('pull_request', (e) => e.action === 'opened');
  payload.pull_request.base.sha = base;
  payload.pull_request.head.sha = head;
  if (options.fork) payload.pull_request.head.repo.full_name = 'a-forker/Hello-World';
  return payload;
}

/** The `merge_group` "checks_requested" example with our base and head commits. */
export function mergeGroupEvent(base: string, head: string): any {
  const payload = example('merge_group');
  payload.merge_group.base_sha = base;
  payload.merge_group.head_sha = head;
  return payload;
}

/** A `push` example with `before` and `after` set. */
export function pushEvent(before: string, after: string): any {
  const payload = example('push', (e) => e.after !== '0000000000000000000000000000000000000000');
  payload.before = before;
  payload.after = after;
  return payload;
}

export interface EventOutcome {
  code: number | null;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  report?: any;
  /** The `::error::` etc. workflow-command lines. */
  commands: string[];
  /** Milliseconds the step took. */
  elapsedMs: number;
}

export interface ActionRunOptions {
  event: string;
  payload: any;
  /** GITHUB_SHA (default: the checked-out HEAD). */
  sha?: string;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  node?: string;
}

/** A throw-away git repository and runner folders. */
export class EventRepo {
  readonly repo = mkdtempSync(path.join(tmpdir(), 'hp-action-repo-'));
  readonly temp = mkdtempSync(path.join(tmpdir(), 'hp-action-run-'));
  private runs = 0;

  constructor(readonly gh: GitHubStandin) {
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.email', 'ci@example.com');
    this.git('config', 'user.name', 'ci');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.repo, encoding: 'utf8' }).trim();
  }

  /** Writes files (path → content; null deletes) and commits them; returns the commit. */
  commit(files: Record<string, string | null>, message = 'change'): string {
    this.write(files);
    this.git('add', '-A');
    this.git('commit', '-qm', message, '--allow-empty');
    return this.git('rev-parse', 'HEAD');
  }

  write(files: Record<string, string | null>): void {
    for (const [file, content] of Object.entries(files)) {
      const absolute = path.join(this.repo, file);
      if (content === null) rmSync(absolute, { force: true });
      else {
        mkdirSync(path.dirname(absolute), { recursive: true });
        writeFileSync(absolute, content);
      }
    }
  }

  /** What the pull-request files API lists between two commits. */
  apiFiles(base: string, head = 'HEAD'): StandinFile[] {
    const names = this.git('diff', '--name-status', base, head).split('\n').filter(Boolean);
    return names.map((line) => {
      const [status, filename] = line.split('\t');
      const diff = this.git('diff', '-U3', base, head, '--', filename);
      return {
        filename,
        status: status === 'A' ? 'added' : status === 'D' ? 'removed' : 'modified',
        patch: diff.slice(diff.indexOf('@@')),
      };
    });
  }

  async run(options: ActionRunOptions): Promise<EventOutcome> {
    const script = await actionBundle();
    const n = ++this.runs;
    const eventPath = path.join(this.temp, `event-${n}.json`);
    writeFileSync(eventPath, JSON.stringify(options.payload));
    const outputFile = path.join(this.temp, `output-${n}`);
    const summaryFile = path.join(this.temp, `summary-${n}.md`);
    const reportFile = path.join(this.temp, `report-${n}.json`);
    writeFileSync(outputFile, '');
    writeFileSync(summaryFile, '');
    const inputs: Record<string, string> = {
      'github-token': 'test-token',
      'aws-checks': 'off',
      'cfn-lint': 'off',
      'json-report': reportFile,
      ...options.inputs,
    };
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...this.gh.env(),
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: options.event,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: 'Codertocat/Hello-World',
      GITHUB_SHA: options.sha ?? this.git('rev-parse', 'HEAD'),
      GITHUB_WORKSPACE: this.repo,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_OUTPUT: outputFile,
      GITHUB_RUN_ID: '4242',
      GITHUB_JOB: 'check',
      RUNNER_TEMP: this.temp,
      ...options.env,
    };
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const child = spawn(options.node ?? NODE24, [script], { cwd: this.repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stdout += d));
      child.on('error', reject);
      child.on('close', (code) => {
        resolve({
          code,
          stdout,
          outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
          summary: readFileSync(summaryFile, 'utf8'),
          report: existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, 'utf8')) : undefined,
          commands: stdout.split('\n').filter((l) => /^::(error|warning|notice)/.test(l)),
          elapsedMs: Date.now() - started,
        });
      });
    });
  }

  cleanup(): void {
    rmSync(this.repo, { recursive: true, force: true });
    rmSync(this.temp, { recursive: true, force: true });
  }
}

/** GITHUB_OUTPUT uses `name<<delimiter` blocks. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]);
    outputs[m[1]] = value.join('\n');
  }
  return outputs;
}

/** A HyperPod cluster spec; without VpcConfig an EKS-orchestrated one is an HP001 error (on line 2). */
export const clusterSpec = (name: string, withVpc: boolean): string =>
  JSON.stringify(
    {
      ClusterName: name,
      Orchestrator: { Eks: { ClusterArn: `arn:aws:eks:us-east-1:123456789012:cluster/${name}` } },
      InstanceGroups: [
        {
          InstanceGroupName: 'workers',
          InstanceType: 'ml.m5.xlarge',
          InstanceCount: 2,
          LifeCycleConfig: { SourceS3Uri: 's3://bucket/lc/', OnCreate: 'on_create.sh' },
          ExecutionRole: 'arn:aws:iam::123456789012:role/exec',
        },
      ],
      ...(withVpc ? { VpcConfig: { SecurityGroupIds: ['sg-0123456789abcdef0'], Subnets: ['subnet-0123456789abcdef0'] } } : {}),
    },
    null,
    2,
  ) + '\n';
