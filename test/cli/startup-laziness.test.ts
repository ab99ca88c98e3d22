/**
 * Start-up stays small: a scan of one CloudFormation template loads no chunk of the CLI bundle beside main.js
 * and none of the Node built-ins that only other paths need (the reporters of the action, account mode, the
 * parse workers, the config validation). Structural, not timed: the loaded files come from a module hook and
 * the built-ins from process.moduleLoadList.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

let dir: string;
const TEMPLATE = path.resolve('fixtures/examples/slurm-p5-stack.yaml');

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'hp-startup-'));
  // Records every file the module loader loads (hooks run on their own thread, so they write to a file).
  writeFileSync(
    path.join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:') && !url.includes('/hp-startup-')) appendFileSync(process.env.HP_LOADED, url + '\\n');
  return next(url, context);
}
`,
  );
  writeFileSync(
    path.join(dir, 'files.mjs'),
    `import { register } from 'node:module';\nregister(${JSON.stringify(path.join(dir, 'hooks.mjs').split(path.sep).join('/'))}, 'file:///');\n`,
  );
  // Lists the built-in modules loaded when the process exits.
  writeFileSync(
    path.join(dir, 'builtins.mjs'),
    `import { writeFileSync } from 'node:fs';
process.on('exit', () => writeFileSync(process.env.HP_BUILTINS, process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)).join('\\n')));
`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The bundle files (relative to dist/cli) a run loads. */
function loadedFiles(args: string[]): string[] {
  const log = path.join(dir, `files-${args.join('-').replace(/\W/g, '')}.txt`);
  writeFileSync(log, '');
  const run = runCli(args, { env: { HP_LOADED: log, NODE_OPTIONS: `--import ${path.join(dir, 'files.mjs')}` } });
  expect(run.stderr).not.toMatch(/Internal error/);
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((url) => url.includes('/dist/cli/'))
    .map((url) => url.slice(url.indexOf('/dist/cli/') + '/dist/cli/'.length));
}

function loadedBuiltins(args: string[]): string[] {
  const log = path.join(dir, 'builtins.txt');
  runCli(args, { env: { HP_BUILTINS: log, NODE_OPTIONS: `--import ${path.join(dir, 'builtins.mjs')}` } });
  return readFileSync(log, 'utf8').split('\n');
}

describe('CLI start-up on one CloudFormation template', () => {
  it('loads only the launcher and main.js, in text and JSON format', () => {
    expect(loadedFiles(['scan', TEMPLATE])).toEqual(['index.js', 'main.js']);
    expect(loadedFiles(['scan', TEMPLATE, '--format', 'json'])).toEqual(['index.js', 'main.js']);
    // The hook sees chunks when they load: the pull-request comment preview loads the action's code.
    expect(loadedFiles(['scan', TEMPLATE, '--format', 'markdown']).length).toBeGreaterThan(2);
  });

  it('loads no crypto, worker threads, HTTP, compression or child processes', () => {
    const builtins = loadedBuiltins(['scan', TEMPLATE, '--format', 'json']);
    expect(builtins).toContain('fs');
    // (node:net is there for standard output, a pipe here.)
    for (const name of ['crypto', 'worker_threads', 'http', 'https', 'tls', 'zlib', 'child_process']) {
      expect(builtins, name).not.toContain(name);
    }
  });
});
