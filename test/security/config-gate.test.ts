/* eslint-disable @typescript-eslint/no-explicit-any -- report JSON is free-form */
// #15 item 6: a pull request's own .hyperpod-prereq.yml must not steer its required check. The bundled
// action runs on real pull_request payloads in a real git repository: the base commit's settings decide,
// and each gate setting the pull request changes is an HP092 warning at its line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventRepo, actionBundle, pullRequestEvent, pushEvent, clusterSpec as spec } from '../helpers/event-run.js';
import { GitHubStandin } from '../helpers/github-standin.js';

const ids = (out: { report?: any }): string[] =>
  out.report.findings.map((f: any) => `${f.ruleId} ${f.severity} ${f.file}:${f.line}`).sort();

let gh: GitHubStandin;
let r: EventRepo;
let base: string;
beforeAll(async () => {
  await actionBundle();
  gh = await new GitHubStandin().start();
  r = new EventRepo(gh);
  base = r.commit({ 'specs/ok.json': spec('ok', true) }, 'base without a config');
}, 300_000);
afterAll(async () => {
  r?.cleanup();
  await gh?.stop();
});

/** Commits `files` on a pull-request branch off `from` and runs the action on that pull request. */
async function pullRequest(from: string, files: Record<string, string | null>) {
  r.git('checkout', '-q', '-B', 'pr', from);
  const head = r.commit(files, 'pull request');
  gh.files = r.apiFiles(from, head);
  const out = await r.run({ event: 'pull_request', payload: pullRequestEvent(from, head) });
  r.git('checkout', '-q', 'main');
  return out;
}

describe('on pull requests the base commit decides the gate settings', () => {
  it("exclude: ['**'] added with an error: the error still fails the check, the exclude is an HP092 warning", async () => {
    const out = await pullRequest(base, {
      'specs/bad.json': spec('bad', false),
      '.hyperpod-prereq.yml': "# quiet, please\nexclude: ['**']\n",
    });
    expect(out.code).toBe(1);
    expect(out.outputs.result).toBe('fail');
    expect(ids(out)).toEqual(['HP001 error specs/bad.json:2', 'HP092 warning .hyperpod-prereq.yml:2']);
    const hp092 = out.report.findings.find((f: any) => f.ruleId === 'HP092');
    expect(hp092.message).toBe(
      `This pull request changes \`exclude\` in .hyperpod-prereq.yml. The check uses the base commit's \`exclude\` (${base.slice(0, 12)}) ` +
        'until the change is merged, so a pull request cannot relax its own check; review the change.',
    );
    expect(hp092.isNew).toBe(true);
  });

  it('limits.maxFiles: 1 plus an ignore of HP000 does not hide the other files', async () => {
    const out = await pullRequest(base, {
      'specs/bad.json': spec('bad', false),
      'specs/more.json': spec('more', true),
      '.hyperpod-prereq.yml': "limits:\n  maxFiles: 1\nignore:\n  - rule: HP000\n    file: '**'\n",
    });
    expect(out.outputs.result).toBe('fail');
    expect(ids(out)).toEqual([
      'HP001 error specs/bad.json:2',
      'HP092 warning .hyperpod-prereq.yml:1',
      'HP092 warning .hyperpod-prereq.yml:3',
    ]);
    expect(out.report.findings.filter((f: any) => f.ruleId === 'HP092').map((f: any) => f.message.split('`')[1])).toEqual([
      'limits',
      'ignore',
    ]);
  });

  it("rules: { HP001: off } is reported and HP001 keeps the base's severity", async () => {
    const out = await pullRequest(base, {
      'specs/bad.json': spec('bad', false),
      '.hyperpod-prereq.yml': 'rules:\n  HP001: off\n',
    });
    expect(out.outputs.result).toBe('fail');
    expect(ids(out)).toEqual(['HP001 error specs/bad.json:2', 'HP092 warning .hyperpod-prereq.yml:1']);
  });

  describe('a base commit with its own config', () => {
    let configured: string;
    beforeAll(() => {
      r.git('checkout', '-q', 'main');
      configured = r.commit(
        {
          'specs/legacy.json': spec('legacy', false),
          '.hyperpod-prereq.yml': 'ignore:\n  - rule: HP001\n    file: specs/legacy.json\n    reason: migrating\n',
        },
        'base with a reviewed suppression',
      );
    });

    it("applies the base's suppressions; an unchanged config gives no HP092", async () => {
      // The pull request edits the suppressed file, so its finding is in scope.
      const out = await pullRequest(configured, { 'specs/new.json': spec('new', true), 'specs/legacy.json': spec('legacy-2', false) });
      expect(out.code).toBe(0);
      expect(out.outputs.result).toBe('pass');
      expect(ids(out)).toEqual([]);
      expect(out.report.summary.suppressed).toBe(1);
    });

    it("removing the config brings the base's settings back, reported at the file's first line", async () => {
      const out = await pullRequest(configured, {
        '.hyperpod-prereq.yml': '# no settings\n',
        'specs/bad.json': spec('bad', false),
        'specs/legacy.json': spec('legacy-2', false),
      });
      expect(out.outputs.result).toBe('fail');
      expect(ids(out)).toEqual(['HP001 error specs/bad.json:2', 'HP092 warning .hyperpod-prereq.yml:1']);
      expect(out.report.findings.find((f: any) => f.ruleId === 'HP092').message).toMatch(
        /^This pull request removes `ignore` from \.hyperpod-prereq\.yml\./,
      );
      // The legacy error stays suppressed by the base's entry.
      expect(out.report.summary.suppressed).toBe(1);
    });

    it("the base's suppression is not widened by the pull request's", async () => {
      const out = await pullRequest(configured, {
        'specs/bad.json': spec('bad', false),
        '.hyperpod-prereq.yml': "ignore:\n  - rule: HP001\n    file: '**'\n    reason: migrating\n",
      });
      expect(out.outputs.result).toBe('fail');
      expect(ids(out)).toEqual(['HP001 error specs/bad.json:2', 'HP092 warning .hyperpod-prereq.yml:1']);
    });
  });
});

it('on push the commit itself is the reviewed state: its config applies and no HP092 is reported', async () => {
  r.git('checkout', '-q', 'main');
  const before = r.git('rev-parse', 'HEAD');
  const after = r.commit({ 'specs/quiet.json': spec('quiet', false), '.hyperpod-prereq.yml': "exclude: ['specs/quiet.json']\n" }, 'merged');
  const out = await r.run({ event: 'push', payload: pushEvent(before, after) });
  expect(out.report.findings.filter((f: any) => f.file === 'specs/quiet.json' || f.ruleId === 'HP092')).toEqual([]);
});
