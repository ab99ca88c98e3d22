import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const CLI = path.resolve('dist/cli/index.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bundled CLI as a user does: a child process in the given folder. */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; node?: string } = {}): CliRun {
  const result = spawnSync(opts.node ?? process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? process.cwd(),
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
