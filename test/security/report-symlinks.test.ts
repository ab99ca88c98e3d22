// Issue 15, item 2: report files are never written through a symbolic link the pull request
// committed, as the file itself or as a folder on its way. Runs the bundled action and CLI as the
// runner does; the outside files must stay untouched and the run says which input was not written.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRepo } from '../helpers/action-run.js';
import { GitHubStandin } from '../helpers/github-standin.js';
import { runCli } from '../helpers/run-cli.js';

const root = path.resolve(import.meta.dirname, '../..');
const ORIGINAL = 'the runner user owns this file\n';

describe('bundled action: report files and planted links', () => {
  let gh: GitHubStandin;
  let repo: ActionRepo;
  let base: string;
  const outside = realpathSync(mkdtempSync(path.join(tmpdir(), 'hp-sec-outside-')));
  const victim = path.join(outside, 'victim.txt');

  beforeAll(async () => {
    gh = await new GitHubStandin().start();
    repo = new ActionRepo();
    mkdirSync(path.join(outside, 'dir'));
    writeFileSync(victim, ORIGINAL);
    writeFileSync(path.join(outside, 'dir', 'report.json'), ORIGINAL);
    base = repo.write({ 'README.md': '# infra\n' }).commit('base');
  }, 120_000);
  afterAll(async () => {
    await gh?.stop();
    repo?.cleanup();
    rmSync(outside, { recursive: true, force: true });
  });

  it('sarif-file committed as a link to an outside file, json-report under a folder committed as a link: neither is written', async () => {
    repo
      .write({ 'infra/stack.yaml': readFileSync(path.join(root, 'fixtures/examples/slurm-p5-stack.yaml'), 'utf8') })
      .link('hyperpod-prereq.sarif', victim)
      .link('reports', path.join(outside, 'dir'));
    const head = repo.commit('pr: template and planted links');
    const out = await repo.run(gh, { base, head, inputs: { 'sarif-file': 'hyperpod-prereq.sarif', 'json-report': 'reports/report.json' } });

    expect(readFileSync(victim, 'utf8')).toBe(ORIGINAL);
    expect(readFileSync(path.join(outside, 'dir', 'report.json'), 'utf8')).toBe(ORIGINAL);
    expect(readdirSync(outside).sort()).toEqual(['dir', 'victim.txt']);
    expect(readdirSync(path.join(outside, 'dir'))).toEqual(['report.json']);
    expect(lstatSync(path.join(repo.repo, 'hyperpod-prereq.sarif')).isSymbolicLink()).toBe(true);
    const warnings = out.log.split('\n').filter((l) => l.startsWith('::warning::Input '));
    expect(warnings).toEqual([
      `::warning::Input json-report: could not write the JSON report ${repo.repo}/reports/report.json: the folder ${repo.repo}/reports is a symbolic link (not followed)`,
      `::warning::Input sarif-file: could not write the SARIF file ${repo.repo}/hyperpod-prereq.sarif: ${repo.repo}/hyperpod-prereq.sarif is a symbolic link (not followed)`,
    ]);
    expect(out.outputs['sarif-file']).toBeUndefined();
    expect(out.outputs['json-report']).toBeUndefined();
    // The verdict does not change: the template's errors still fail the run.
    expect(out.outputs.result).toBe('fail');
  }, 180_000);

  it('ordinary paths are still written, creating the missing folders, with no temporary file left', async () => {
    rmSync(path.join(repo.repo, 'hyperpod-prereq.sarif'));
    rmSync(path.join(repo.repo, 'reports'));
    const head = repo.commit('pr: links removed');
    const out = await repo.run(gh, {
      base,
      head,
      inputs: { 'sarif-file': 'out/scan/hyperpod-prereq.sarif', 'json-report': 'out/report.json' },
    });
    expect(out.log).not.toContain('::warning::Input ');
    expect(readdirSync(path.join(repo.repo, 'out')).sort()).toEqual(['report.json', 'scan']);
    expect(readdirSync(path.join(repo.repo, 'out', 'scan'))).toEqual(['hyperpod-prereq.sarif']);
    expect(JSON.parse(readFileSync(path.join(repo.repo, 'out/scan/hyperpod-prereq.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(out.outputs['sarif-file']).toBe(path.join(repo.repo, 'out/scan/hyperpod-prereq.sarif'));
  }, 180_000);
});

describe('bundled CLI: --output through a planted link', () => {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'hp-sec-cli-out-')));
  const outside = realpathSync(mkdtempSync(path.join(tmpdir(), 'hp-sec-outside-')));
  beforeAll(() => {
    writeFileSync(path.join(outside, 'victim.txt'), ORIGINAL);
    writeFileSync(path.join(dir, 'stack.yaml'), readFileSync(path.join(root, 'fixtures/examples/slurm-p5-stack.yaml')));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('a link as the output file or as its folder: exit 2, nothing written outside', async () => {
    const { symlinkSync } = await import('node:fs');
    symlinkSync(path.join(outside, 'victim.txt'), path.join(dir, 'report.md'));
    symlinkSync(outside, path.join(dir, 'out'));
    const file = runCli(['scan', '.', '--format', 'markdown', '--output', 'report.md'], { cwd: dir });
    expect(file.status).toBe(2);
    expect(file.stderr).toBe(`--output: report.md was not written: ${dir}/report.md is a symbolic link (not followed)\n`);
    const folder = runCli(['scan', '.', '--format', 'json', '--output', 'out/report.json'], { cwd: dir });
    expect(folder.status).toBe(2);
    expect(folder.stderr).toBe(`--output: out/report.json was not written: the folder ${dir}/out is a symbolic link (not followed)\n`);
    expect(readFileSync(path.join(outside, 'victim.txt'), 'utf8')).toBe(ORIGINAL);
    expect(readdirSync(outside)).toEqual(['victim.txt']);
    expect(existsSync(path.join(dir, 'report.md'))).toBe(true);
  });
});
