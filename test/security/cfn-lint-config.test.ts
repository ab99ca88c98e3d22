// Issue 15, item 1: a pull request's .cfnlintrc must never make cfn-lint run the pull request's
// Python, read files outside the tree, or see the job's tokens. Runs the bundled action with the
// real cfn-lint (1.x); under CI=true a missing cfn-lint fails these tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRepo } from '../helpers/action-run.js';
import { GitHubStandin } from '../helpers/github-standin.js';

const root = path.resolve(import.meta.dirname, '../..');
const installed = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;
const mustRun = installed || process.env.CI === 'true';

const TOKEN = 'ghs_pullRequestMustNeverSeeThis';
const SECRETS = {
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-request-token-secret',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/oidc-secret',
  ACTIONS_RUNTIME_TOKEN: 'runtime-token-secret',
  AWS_SECRET_ACCESS_KEY: 'aws-secret-key-secret',
};

/** Python that, once imported, records the environment it saw and plants a variable through GITHUB_ENV. */
const evilModule = (marker: string): string =>
  [
    'import json, os',
    `with open(${JSON.stringify(marker)}, "w") as f:`,
    '    json.dump(dict(os.environ), f)',
    'if os.environ.get("GITHUB_ENV"):',
    '    with open(os.environ["GITHUB_ENV"], "a") as f:',
    '        f.write("PWNED=1\\n")',
    '',
  ].join('\n');

describe.runIf(mustRun)('bundled action: a pull request cfn-lint config never runs code (real cfn-lint)', () => {
  let gh: GitHubStandin;
  let repo: ActionRepo;
  let base: string;
  const outside = mkdtempSync(path.join(tmpdir(), 'hp-sec-outside-'));
  const prMarker = path.join(outside, 'pr-code-ran.json');
  const trustedDump = path.join(outside, 'trusted-rule-env.json');
  const githubEnv = path.join(outside, 'github-env');
  const trustedRules = path.join(outside, 'trusted_rules');

  beforeAll(async () => {
    gh = await new GitHubStandin().start();
    repo = new ActionRepo();
    base = repo.write({ 'README.md': '# infra\n' }).commit('base');
    mkdirSync(trustedRules);
    writeFileSync(path.join(trustedRules, 'env_dump.py'), evilModule(trustedDump).replace(/if os\.environ[^]*$/, ''));
    writeFileSync(path.join(outside, 'secret.yaml'), readFileSync(path.join(root, 'fixtures/cfnlint/errors.yaml')));
  }, 120_000);
  afterAll(async () => {
    await gh?.stop();
    repo?.cleanup();
    rmSync(outside, { recursive: true, force: true });
  });

  it('is installed (CI must provide it)', () => {
    expect(installed).toBe(true);
  });

  it('a merge key (<<) bringing append_rules back: the PR Python is not imported, cfn-lint sees no token, the rest of the config applies', async () => {
    repo.write({
      'infra/network.yaml': readFileSync(path.join(root, 'fixtures/cfnlint/errors.yaml'), 'utf8'),
      '.cfnlintrc': '<<: {append_rules: [lint_rules]}\nignore_checks: [W2001]\n',
      'lint_rules/__init__.py': '',
      'lint_rules/evil.py': evilModule(prMarker),
    });
    const head = repo.commit('pr: template, .cfnlintrc and lint_rules');

    // The attack is real: cfn-lint run directly on that tree imports the pull request's module.
    spawnSync('cfn-lint', ['--format', 'json', '--', 'infra/network.yaml'], { cwd: repo.repo, encoding: 'utf8' });
    expect(existsSync(prMarker)).toBe(true);
    rmSync(prMarker);

    writeFileSync(githubEnv, '');
    const out = await repo.run(gh, {
      base,
      head,
      inputs: { 'github-token': TOKEN, 'cfn-lint': 'required', 'cfn-lint-args': `--append-rules ${trustedRules}` },
      env: { ...SECRETS, GITHUB_ENV: githubEnv },
    });

    expect(existsSync(prMarker)).toBe(false);
    expect(readFileSync(githubEnv, 'utf8')).toBe('');
    // cfn-lint ran and gave its findings; W2001 stays ignored as the project config asks.
    expect(out.log).toMatch(/::error title=cfn-lint\/E3012 [^\n]*file=infra\/network\.yaml,line=17/);
    expect(out.log).not.toMatch(/cfn-lint\/W2001/);
    expect(out.log).toContain('cfn-lint: append_rules in .cfnlintrc was ignored');
    expect(out.outputs.result).toBe('fail');
    // A trusted rule folder from the workflow is loaded, and what it sees holds no secret.
    const seen = readFileSync(trustedDump, 'utf8');
    const env = JSON.parse(seen) as Record<string, string>;
    expect(env.PATH).toBeTruthy();
    for (const secret of [TOKEN, ...Object.values(SECRETS)]) expect(seen).not.toContain(secret);
    expect(Object.keys(env).filter((name) => /^(INPUT_|ACTIONS_|GITHUB_|RUNNER_|AWS_)/.test(name))).toEqual([]);
  }, 180_000);

  it('a --config-file with the list merge form and templates outside the tree: neither is honoured', async () => {
    rmSync(trustedDump, { force: true });
    repo.write({
      'lint/cfn.yaml': `<<: [{append_rules: [lint_rules]}, {templates: [${JSON.stringify(path.join(outside, 'secret.yaml'))}]}]\n`,
    });
    rmSync(path.join(repo.repo, '.cfnlintrc'));
    const head = repo.commit('pr: explicit config');
    const out = await repo.run(gh, {
      base,
      head,
      inputs: { 'github-token': TOKEN, 'cfn-lint': 'required', 'cfn-lint-args': '--config-file lint/cfn.yaml' },
      env: SECRETS,
    });
    expect(existsSync(prMarker)).toBe(false);
    expect(out.log).toMatch(/::error title=cfn-lint\/E3012 [^\n]*file=infra\/network\.yaml/);
    expect(out.log).not.toContain('secret.yaml');
    expect(out.log).toContain('cfn-lint: append_rules, templates in lint/cfn.yaml were ignored');
  }, 180_000);
});
