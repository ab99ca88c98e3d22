// Issue 15, item 3: no line the bundled action or CLI prints may run a workflow command, whatever
// the pull request's file names, resource names and messages hold. The runner reads `::name::` at the
// start of a line after leading white space, and the legacy `##[name]` anywhere in a line
// (actions/runner ActionCommand.TryParseV2 / TryParse); these tests read the output the same way.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRepo } from '../helpers/action-run.js';
import { GitHubStandin } from '../helpers/github-standin.js';
import { runCli } from '../helpers/run-cli.js';

const root = path.resolve(import.meta.dirname, '../..');
const NESTED = path.join(root, 'fixtures/cross-file/nested-stacks');

/** A child template name with a line break, one that is a command by itself, and a legacy one. */
const NEWLINE_NAME = 'x\n::warning title=INJECTED::y.yaml';
const COMMAND_NAME = '::warning title=INJECTED::sg.yaml';
const LEGACY_NAME = '##[warning title=INJECTED]cluster.yaml';

/** Commands the runner registers (actions/runner, Runner.Worker command extensions). */
const REGISTERED = new Set([
  'error',
  'warning',
  'notice',
  'debug',
  'add-mask',
  'set-output',
  'set-env',
  'add-path',
  'save-state',
  'echo',
  'group',
  'endgroup',
  'stop-commands',
  'add-matcher',
  'remove-matcher',
  'internal-set-repo-path',
]);

/** The workflow commands the runner would find in a log, as it finds them: `::` first, then the legacy `##[` form. */
function workflowCommands(log: string): { line: string; name: string; title?: string }[] {
  const found: { line: string; name: string; title?: string }[] = [];
  for (const line of log.split(/\r\n|\r|\n/)) {
    const v2 = /^::([^ :]+)( [^:]*)?::/.exec(line.trimStart());
    if (v2 && REGISTERED.has(v2[1]!)) {
      found.push({ line, name: v2[1]!, title: /(?:^| |,)title=([^,]*)/.exec(v2[2] ?? '')?.[1] });
      continue;
    }
    const v1 = /##\[([^\] ;]+)([^\]]*)\]/.exec(line);
    if (v1 && REGISTERED.has(v1[1]!)) found.push({ line, name: `##[${v1[1]}`, title: /title=([^;]*)/.exec(v1[2] ?? '')?.[1] });
  }
  return found;
}

/** The nested-stack fixture with its children renamed to the hostile names. */
function hostileTree(): Record<string, string> {
  const read = (name: string) => readFileSync(path.join(NESTED, name), 'utf8');
  const main = read('main.yaml')
    .replace('TemplateURL: ./vpc.yaml', `TemplateURL: ${JSON.stringify(`./${NEWLINE_NAME}`)}`)
    .replace(/TemplateURL: !Sub https:\/\/\S+security-group\.yaml/, `TemplateURL: ${JSON.stringify(`./${COMMAND_NAME}`)}`)
    .replace('TemplateURL: ./cluster.yaml', `TemplateURL: ${JSON.stringify(`./${LEGACY_NAME}`)}`);
  return {
    'infra/main.yaml': main,
    [`infra/${NEWLINE_NAME}`]: read('vpc.yaml'),
    [`infra/${COMMAND_NAME}`]: read('security-group.yaml'),
    [`infra/${LEGACY_NAME}`]: read('cluster.yaml'),
  };
}

describe('bundled action: pull-request file names never become workflow commands', () => {
  let gh: GitHubStandin;
  let repo: ActionRepo;

  beforeAll(async () => {
    gh = await new GitHubStandin().start();
    repo = new ActionRepo();
  }, 120_000);
  afterAll(async () => {
    await gh?.stop();
    repo?.cleanup();
  });

  it('the nested-stack notice naming the hostile children is one disarmed log line; the only commands are the action own', async () => {
    const base = repo.write({ 'README.md': '# infra\n' }).commit('base');
    const head = repo.write(hostileTree()).commit('pr: nested stacks with hostile child names');
    const out = await repo.run(gh, { base, head, inputs: { 'scan-scope': 'all' } });

    const commands = workflowCommands(out.log);
    expect(commands.filter((c) => c.title === 'INJECTED')).toEqual([]);
    expect(commands.filter((c) => c.name.startsWith('##['))).toEqual([]);
    // The action's own: masking its token, the finding annotations and its warnings.
    expect([...new Set(commands.map((c) => c.name))].sort()).toEqual(['add-mask', 'error', 'warning']);
    expect(commands.filter((c) => c.name === 'add-mask').map((c) => c.line)).toEqual(['::add-mask::test-token']);
    // The notice is there, on one line, with the names readable.
    const notice = out.log.split('\n').filter((l) => l.startsWith('Linked nested stacks: '));
    expect(notice).toEqual([
      'Linked nested stacks: infra/main.yaml VpcStack → infra/x ::warning title=INJECTED::y.yaml, ' +
        'infra/main.yaml SecurityGroupStack → infra/::warning title=INJECTED::sg.yaml, ' +
        'infra/main.yaml ClusterStack → infra/#\\#[warning title=INJECTED]cluster.yaml',
    ]);
    expect(out.outputs.result).toBe('fail');
  }, 180_000);
});

describe('bundled CLI: file headers and finding lines never become workflow commands', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hp-sec-cli-'));
  beforeAll(() => {
    for (const [name, text] of Object.entries(hostileTree())) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    writeFileSync(
      path.join(dir, 'infra', COMMAND_NAME.replace('sg', 'stack')),
      readFileSync(path.join(root, 'fixtures/examples/slurm-p5-stack.yaml')),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('text: the header of a file named ::warning ...::.yaml and every other line are disarmed', () => {
    const run = runCli(['scan', '.', '--no-color'], { cwd: path.join(dir, 'infra') });
    expect(run.status).toBe(1);
    expect(workflowCommands(run.stdout + run.stderr)).toEqual([]);
    const lines = run.stdout.split('\n');
    expect(lines).toContain('\\::warning title=INJECTED::stack.yaml');
    expect(lines.filter((l) => l.startsWith('  \\::warning title=INJECTED::stack.yaml:')).length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.trimStart().startsWith('::'))).toEqual([]);
  });

  it('json, sarif and markdown on standard output are disarmed too, and the JSON keeps the exact names', () => {
    for (const format of ['json', 'sarif', 'markdown']) {
      const run = runCli(['scan', '.', '--format', format], { cwd: path.join(dir, 'infra') });
      expect(run.status, format).toBe(1);
      expect(workflowCommands(run.stdout + run.stderr), format).toEqual([]);
    }
    const json = JSON.parse(runCli(['scan', '.', '--format', 'json'], { cwd: path.join(dir, 'infra') }).stdout) as {
      findings: { file: string }[];
    };
    expect(new Set(json.findings.map((f) => f.file))).toContain(LEGACY_NAME);
  });
});
