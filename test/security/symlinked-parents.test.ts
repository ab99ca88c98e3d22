// Issue 15, item 4: a folder on the way that is a symbolic link must not take a read or a walk out of
// the workspace. Runs the bundled action as the runner does; the outside folder holds a template and a
// quota file with marker text that must appear in no output (log, job summary, outputs, JSON report).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRepo, type ActionOutcome } from '../helpers/action-run.js';
import { GitHubStandin } from '../helpers/github-standin.js';

const root = path.resolve(import.meta.dirname, '../..');
const MARKER = 'OutsideSecretMarker7731';

describe('bundled action: links as folders on the way never leave the workspace', () => {
  let gh: GitHubStandin;
  let repo: ActionRepo;
  let base: string;
  const outside = realpathSync(mkdtempSync(path.join(tmpdir(), 'hp-sec-outside-')));

  /** Everything the run wrote where a reader of the job can see it. */
  const reportFile = (): string => path.join(repo.temp, 'hyperpod-prereq-report.json');
  const everything = (out: ActionOutcome): string =>
    [out.log, out.summary, JSON.stringify(out.outputs), existsSync(reportFile()) ? readFileSync(reportFile(), 'utf8') : ''].join('\n');
  /** Runs with no report of an earlier run left. */
  const run = (...args: Parameters<ActionRepo['run']>): Promise<ActionOutcome> => {
    rmSync(reportFile(), { force: true });
    return repo.run(...args);
  };

  beforeAll(async () => {
    gh = await new GitHubStandin().start();
    repo = new ActionRepo();
    // The outside folder: a template whose resource names carry the marker, and a quota file that is not JSON.
    const template = readFileSync(path.join(root, 'fixtures/examples/slurm-p5-stack.yaml'), 'utf8').replaceAll('EfaSecurityGroup', MARKER);
    writeFileSync(path.join(outside, 'secret.yaml'), template);
    mkdirSync(path.join(outside, 'deep'));
    writeFileSync(path.join(outside, 'deep', 'secret.yaml'), template);
    writeFileSync(path.join(outside, 'q.json'), `${MARKER} is not JSON\n`);
    base = repo
      .write({ 'infra/network.yaml': readFileSync(path.join(root, 'fixtures/examples/slurm-p5-stack.yaml'), 'utf8') })
      .commit('base');
  }, 120_000);
  afterAll(async () => {
    await gh?.stop();
    repo?.cleanup();
    rmSync(outside, { recursive: true, force: true });
  });

  it('infra replaced by a link to an outside folder, scanned with paths: infra/**/*.yaml: nothing outside is read', async () => {
    rmSync(path.join(repo.repo, 'infra'), { recursive: true });
    repo.link('infra', outside);
    const head = repo.commit('pr: infra is a link');
    const out = await run(gh, { base, head, inputs: { paths: 'infra/**/*.yaml', 'scan-scope': 'all' } });
    expect(everything(out)).not.toContain(MARKER);
    expect(out.log).toContain(
      '::error::Input paths: infra/**/*.yaml matches nothing to scan (infra: symbolic link pointing outside the workspace (not followed)), relative to .',
    );
    expect(out.code).toBe(1);
  }, 180_000);

  it('a config include through a link to / (lnk -> /): the walk stops at the link, with an HP000 naming it', async () => {
    rmSync(path.join(repo.repo, 'infra'));
    const include = `lnk${outside}/**/*.yaml`;
    repo.link('lnk', '/').write({
      'infra/network.yaml': readFileSync(path.join(root, 'fixtures/examples/slurm-p5-stack.yaml'), 'utf8'),
      '.hyperpod-prereq.yml': `include:\n  - ${JSON.stringify(include)}\n  - infra/**/*.yaml\n`,
    });
    const head = repo.commit('pr: include through lnk');
    // On pull requests the config comes from the base commit (#15 item 6): compare the commit with itself.
    const out = await run(gh, { base: head, head, inputs: { 'scan-scope': 'all' } });
    expect(everything(out)).not.toContain(MARKER);
    const report = JSON.parse(readFileSync(reportFile(), 'utf8')) as {
      findings: { ruleId: string; file: string; message: string }[];
    };
    expect(report.findings.filter((f) => f.ruleId === 'HP000').map((f) => `${f.file}: ${f.message}`)).toEqual([
      `lnk${outside}: lnk${outside} was not read: a folder on its path is a symbolic link pointing outside the workspace (not followed).`,
    ]);
    // The files of the tree are still scanned.
    expect(new Set(report.findings.map((f) => f.file))).toEqual(new Set([`lnk${outside}`, 'infra/network.yaml']));
  }, 180_000);

  it('quotas-file: quota/q.json with quota a link: an input error naming the input, and no outside bytes', async () => {
    repo.link('quota', outside);
    const head = repo.commit('pr: quota is a link');
    const out = await run(gh, { base, head, inputs: { 'quotas-file': 'quota/q.json' } });
    expect(everything(out)).not.toContain(MARKER);
    expect(out.log).toContain(
      '::error::Input quotas-file: quota/q.json was not read: a folder on its path is a symbolic link pointing outside the workspace (not followed).',
    );
    expect(out.code).toBe(1);
  }, 180_000);
});
