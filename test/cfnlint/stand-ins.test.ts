// Stand-in executables for what the real cfn-lint cannot be made to do: hang, crash, bad JSON, odd exit codes, absence.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCfnLint } from '../../src/cfnlint/index.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'cfnlint-stand-in-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes an executable shell script that answers --version like cfn-lint and runs `body` otherwise. */
function standIn(name: string, body: string): string {
  const file = path.join(scratch, name);
  writeFileSync(file, `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "cfn-lint 1.99.0"; exit 0; fi\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** A process that is gone or a zombie awaiting its reaper counts as not running. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

const result = (executable: string, extra: Partial<Parameters<typeof runCfnLint>[0]> = {}) =>
  runCfnLint({ cwd: scratch, files: ['a.yaml', 'b.yaml'], mode: 'auto', executable, ...extra });

const ONE_ERROR = JSON.stringify([
  {
    Filename: 'a.yaml',
    Level: 'Error',
    Location: {
      Start: { LineNumber: 7, ColumnNumber: 5 },
      End: { LineNumber: 7, ColumnNumber: 12 },
      Path: ['Resources', 'Vpc', 'Properties'],
    },
    Message: 'stand-in error',
    Rule: { Id: 'E3012', ShortDescription: 'Check resource properties values', Description: 'd', Source: 'https://example.com/E3012' },
  },
]);

describe('cfn-lint stand-ins', () => {
  it('kills the whole process tree on timeout, even children that ignore SIGTERM', async () => {
    const pidFile = path.join(scratch, 'hang.pids');
    const exe = standIn('hang', `trap '' TERM\n(trap '' TERM; exec sleep 300) &\necho $$ $! > "${pidFile}"\nwait\nsleep 300`);
    const started = Date.now();
    const outcome = await result(exe, { timeoutMs: 2_000 });
    const elapsed = Date.now() - started;
    expect(outcome.failure).toBe('cfn-lint timed out after 2 s');
    expect(outcome.findings).toEqual([]);
    expect(outcome.version).toBe('1.99.0');
    expect(elapsed).toBeLessThan(15_000);
    const pids = readFileSync(pidFile, 'utf8').trim().split(' ').map(Number);
    expect(pids).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const pid of pids) expect(isRunning(pid), `pid ${pid} still running`).toBe(false);
  });

  it('does not wait for children left behind by a crash, and kills them', async () => {
    const pidFile = path.join(scratch, 'orphan.pid');
    const exe = standIn('orphan-crash', `sleep 300 &\necho $! > "${pidFile}"\necho 'Segmentation fault' >&2\nexit 1`);
    const started = Date.now();
    const outcome = await result(exe, { timeoutMs: 60_000 });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(outcome.failure).toBe('cfn-lint exited with code 1: Segmentation fault');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(isRunning(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  });

  it('keeps the results of a normal run whose leftover child holds the output open', async () => {
    const pidFile = path.join(scratch, 'orphan-ok.pid');
    const exe = standIn('orphan-ok', `sleep 300 &\necho $! > "${pidFile}"\necho '${ONE_ERROR}'\nexit 2`);
    const started = Date.now();
    const outcome = await result(exe, { timeoutMs: 60_000 });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(outcome.failure).toBeUndefined();
    expect(outcome.findings.map((f) => `${f.ruleId}@${f.line}`)).toEqual(['cfn-lint/E3012@7']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(isRunning(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  });

  it('reports a crash once, with its last stderr line', async () => {
    const exe = standIn('crash', `echo 'Traceback (most recent call last):' >&2\necho 'KeyError: boom' >&2\nexit 1`);
    const outcome = await result(exe);
    expect(outcome).toMatchObject({ findings: [], failure: 'cfn-lint exited with code 1: KeyError: boom', version: '1.99.0' });
  });

  it('reports a process killed by a signal as a failure', async () => {
    const outcome = await result(standIn('killed', 'kill -KILL $$'));
    expect(outcome.failure).toBe('cfn-lint was killed by SIGKILL');
    expect(outcome.findings).toEqual([]);
  });

  it('reports invalid JSON as a failure, never as a pass', async () => {
    const outcome = await result(standIn('garbage', `echo 'a.yaml:1:1: E3012 not json'\nexit 0`));
    expect(outcome.findings).toEqual([]);
    expect(outcome.failure).toBe(
      'cfn-lint gave no usable result: its output is not valid JSON (exit code 0): "a.yaml:1:1: E3012 not json"',
    );
  });

  it('reports empty output as a failure', async () => {
    const outcome = await result(standIn('silent', 'exit 0'));
    expect(outcome.failure).toBe('cfn-lint gave no usable result: its output is not valid JSON (exit code 0): empty output');
  });

  it('treats exit code 32 as a tool failure even with valid JSON, dropping its results', async () => {
    const outcome = await result(standIn('exit32', `echo '${ONE_ERROR}'\necho 'unexpected failure' >&2\nexit 32`));
    expect(outcome.findings).toEqual([]);
    expect(outcome.failure).toBe('cfn-lint exited with code 32: unexpected failure');
  });

  it('treats exit code 16 as a tool failure', async () => {
    const outcome = await result(standIn('exit16', `echo '[]'\nexit 16`));
    expect(outcome.failure).toBe('cfn-lint exited with code 16');
  });

  it('fails when the exit code announces errors that the output does not contain', async () => {
    const outcome = await result(standIn('liar', `echo '[]'\nexit 2`));
    expect(outcome.findings).toEqual([]);
    expect(outcome.failure).toBe('cfn-lint gave no usable result: exit code 2 announces error findings that its output does not contain');
  });

  it('maps findings from a valid run with exit code 2', async () => {
    const outcome = await result(standIn('one-error', `echo '${ONE_ERROR}'\nexit 2`));
    expect(outcome.failure).toBeUndefined();
    expect(outcome.findings).toEqual([
      {
        ruleId: 'cfn-lint/E3012',
        severity: 'error',
        file: 'a.yaml',
        line: 7,
        column: 5,
        endLine: 7,
        endColumn: 12,
        message: 'stand-in error',
        resource: 'Vpc',
        fingerprint: '',
        docs: 'https://example.com/E3012',
      },
    ]);
  });

  it('runs in bounded batches, each with --format json and -- before the file names', async () => {
    const log = path.join(scratch, 'argv.log');
    const exe = standIn('recorder', `echo "$#|$*" >> "${log}"\necho '[]'`);
    const files = Array.from({ length: 450 }, (_, i) => `templates/t${String(i).padStart(3, '0')}.yaml`);
    const outcome = await runCfnLint({ cwd: scratch, files, mode: 'required', executable: exe, args: ['-i', 'W3010'] });
    expect(outcome).toMatchObject({ findings: [], notices: [], version: '1.99.0' });
    expect(outcome.failure).toBeUndefined();
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    expect(calls).toHaveLength(3);
    expect(calls.map((c) => Number(c.split('|')[0]))).toEqual([7 + 200, 7 + 200, 7 + 50]);
    expect(calls[0]).toMatch(/^207\|-i W3010 --config-file \S+\/cfnlintrc\.yaml --format json -- templates\/t000\.yaml /);
    expect(calls[2]).toMatch(/ templates\/t449\.yaml$/);
  });

  it('starts cfn-lint with a minimal environment: no GitHub token, no runner paths, no AWS credentials', async () => {
    const dump = path.join(scratch, 'env.dump');
    const exe = standIn('env-dump', `env > "${dump}"\necho '[]'`);
    const planted = {
      'INPUT_GITHUB-TOKEN': 'ghs_planted',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-planted',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/oidc',
      ACTIONS_RUNTIME_TOKEN: 'runtime-planted',
      GITHUB_TOKEN: 'ghs_planted2',
      GITHUB_ENV: '/tmp/github-env',
      AWS_SECRET_ACCESS_KEY: 'aws-planted',
      PYTHONPATH: '/tmp/planted',
    };
    const saved = { ...process.env };
    Object.assign(process.env, planted);
    try {
      const outcome = await runCfnLint({ cwd: scratch, files: ['a.yaml'], mode: 'required', executable: exe });
      expect(outcome.failure).toBeUndefined();
    } finally {
      for (const name of Object.keys(planted)) delete process.env[name];
      Object.assign(process.env, saved);
    }
    const names = readFileSync(dump, 'utf8')
      .split('\n')
      .map((line) => line.split('=')[0])
      .filter((name) => name && !['PWD', 'SHLVL', '_', 'OLDPWD'].includes(name));
    expect(names.sort()).toEqual(
      [
        'PATH',
        'HOME',
        'LANG',
        'LC_ALL',
        'LC_CTYPE',
        'TMPDIR',
        'PYENV_ROOT',
        'PYENV_VERSION',
        'VIRTUAL_ENV',
        'PYTHONIOENCODING',
        'PYTHONSAFEPATH',
      ]
        .filter((name) => name.startsWith('PYTHON') || process.env[name] !== undefined)
        .sort(),
    );
    expect(readFileSync(dump, 'utf8')).not.toMatch(/planted/);
  });

  it('stops after the first failing batch and says how many templates were not checked', async () => {
    const counter = path.join(scratch, 'count');
    const exe = standIn('second-fails', `echo x >> "${counter}"\nif [ "$(wc -l < "${counter}")" -ge 2 ]; then exit 1; fi\necho '[]'`);
    const files = Array.from({ length: 650 }, (_, i) => `t${i}.yaml`);
    const outcome = await runCfnLint({ cwd: scratch, files, mode: 'auto', executable: exe });
    expect(outcome.failure).toBe('cfn-lint exited with code 1 (450 of 650 templates not checked)');
    expect(readFileSync(counter, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('refuses extra arguments that would change the output format', async () => {
    const exe = standIn('unused', `echo '[]'`);
    for (const args of [['--format', 'pretty'], ['-fpretty'], ['--output-file=x'], ['--']]) {
      const outcome = await result(exe, { args });
      expect(outcome.failure, args.join(' ')).toMatch(
        /^cfn-lint-args must not contain (--format|-f|--output-file|--): the action sets it itself$/,
      );
    }
  });

  it('fails when --version itself fails', async () => {
    const file = path.join(scratch, 'broken-version');
    writeFileSync(file, `#!/bin/sh\necho 'ModuleNotFoundError: cfnlint' >&2\nexit 1\n`);
    chmodSync(file, 0o755);
    const outcome = await result(file);
    expect(outcome.failure).toBe('"cfn-lint --version" exited with code 1: ModuleNotFoundError: cfnlint');
    expect(outcome.version).toBeUndefined();
  });
});

describe('cfn-lint absent from PATH', () => {
  const emptyDir = mkdtempSync(path.join(tmpdir(), 'cfnlint-empty-path-'));
  afterAll(() => rmSync(emptyDir, { recursive: true, force: true }));

  async function withEmptyPath<T>(run: () => Promise<T>): Promise<T> {
    const saved = process.env.PATH;
    process.env.PATH = emptyDir;
    try {
      return await run();
    } finally {
      process.env.PATH = saved;
    }
  }

  it('auto: one notice, no failure, the run goes on', async () => {
    const outcome = await withEmptyPath(() => runCfnLint({ cwd: scratch, files: ['a.yaml'], mode: 'auto' }));
    expect(outcome.failure).toBeUndefined();
    expect(outcome.findings).toEqual([]);
    expect(outcome.version).toBeUndefined();
    expect(outcome.notices).toEqual([
      'cfn-lint was not run: the executable "cfn-lint" was not found on PATH (install it with "pip install cfn-lint", or set cfn-lint to off).',
    ]);
  });

  it('required: a clear failure', async () => {
    const outcome = await withEmptyPath(() => runCfnLint({ cwd: scratch, files: ['a.yaml'], mode: 'required' }));
    expect(outcome.failure).toBe('cfn-lint is required but the executable "cfn-lint" was not found on PATH');
    expect(outcome.notices).toEqual([]);
  });

  it('required with no templates still checks that cfn-lint exists', async () => {
    const outcome = await withEmptyPath(() => runCfnLint({ cwd: scratch, files: [], mode: 'required' }));
    expect(outcome.failure).toBe('cfn-lint is required but the executable "cfn-lint" was not found on PATH');
  });

  it('auto with no templates does nothing', async () => {
    const outcome = await withEmptyPath(() => runCfnLint({ cwd: scratch, files: [], mode: 'auto' }));
    expect(outcome).toEqual({ findings: [], notices: [], rules: [] });
  });

  it('a shim answering 127 (command not found) counts as absent', async () => {
    const file = path.join(scratch, 'shim');
    writeFileSync(file, `#!/bin/sh\necho "pyenv: cfn-lint: command not found" >&2\nexit 127\n`);
    chmodSync(file, 0o755);
    const outcome = await runCfnLint({ cwd: scratch, files: ['a.yaml'], mode: 'auto', executable: file });
    expect(outcome.failure).toBeUndefined();
    expect(outcome.notices).toHaveLength(1);
    expect(existsSync(file)).toBe(true);
  });
});
