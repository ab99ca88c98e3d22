// Security item 1: a pull request's .cfnlintrc must never make cfn-lint import the pull request's
// Python, read files outside the tree, or hand a token to anything cfn-lint runs. Runs the bundled
// action the way the runner does, with the real cfn-lint on PATH.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRepo } from '../helpers/action-run.js';
import { GitHubStandin } from '../helpers/github-standin.js';

const root = path.resolve(import.meta.dirname, '../..');
const installed = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;
const mustRun = installed || process.env.CI === 'true';

/** A cfn-lint rule module that records that it ran and what environment it saw, then tries to use it. */
const spyRule = (marker: string) =>
  [
    'import json, os',
    `with open(${JSON.stringify(marker)}, "w") as f: json.dump(dict(os.environ), f)`,
    'if os.environ.get("GITHUB_ENV"):',
    '    open(os.environ["GITHUB_ENV"], "a").write("PWNED=1\\n")',
    'from cfnlint.rules import CloudFormationLintRule',
    'class Spy(CloudFormationLintRule):',
    '    id = "E9999"',
    '    shortdesc = "spy"',
    '    description = "spy"',
    '    source_url = "https://example.com"',
    '    tags = []',
    '    def match(self, cfn):',
    '        return []',
    '',
  ].join('\n');

const SECRETS = {
  'INPUT_GITHUB-TOKEN': 'ghs_secret_token_value',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc_request_secret',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/oidc',
  ACTIONS_RUNTIME_TOKEN: 'runtime_secret',
  AWS_ACCESS_KEY_ID: 'AKIASECRETSECRET',
  AWS_SECRET_ACCESS_KEY: 'aws_secret_value',
  AWS_SESSION_TOKEN: 'aws_session_secret',
};

describe.runIf(mustRun)('pull-request .cfnlintrc against the real cfn-lint (bundled action)', () => {
  let gh: GitHubStandin;
  let r: ActionRepo;
  let base: string;
  let head: string;
  let marker: string;
  let githubEnv: string;

  beforeAll(async () => {
    gh = await new GitHubStandin().start();
    r = new ActionRepo();
    marker = path.join(r.temp, 'pr-python-ran.json');
    githubEnv = path.join(r.temp, 'github-env');
    writeFileSync(path.join(r.temp, 'outside.yaml'), readFileSync(path.join(root, 'fixtures/cfnlint/errors.yaml')));
    r.write({ 'infra/network.yaml': readFileSync(path.join(root, 'fixtures/cfnlint/clean.yaml'), 'utf8') });
    base = r.commit('base');
    r.write({
      'infra/errors.yaml': readFileSync(path.join(root, 'fixtures/cfnlint/errors.yaml'), 'utf8'),
      'lint_rules/spy.py': spyRule(marker),
      // YAML merge keys bring append_rules and templates back for cfn-lint's loader.
      '.cfnlintrc': [
        '<<: [{append_rules: [lint_rules]}, {templates: [' + JSON.stringify(path.join(r.temp, 'outside.yaml')) + ']}]',
        'ignore_checks: [W3010]',
        '',
      ].join('\n'),
    });
    head = r.commit('pull request');
  });
  afterAll(async () => {
    await gh?.stop();
    r?.cleanup();
  });

  it('the planted config is effective: cfn-lint run directly in the tree imports the pull request Python', () => {
    spawnSync('cfn-lint', ['--format', 'json', '--', 'infra/network.yaml'], { cwd: r.repo, encoding: 'utf8' });
    expect(existsSync(marker)).toBe(true);
    spawnSync('rm', ['-f', marker]);
  });

  it('the action never runs that Python, never lints the outside file, and still applies the safe keys', async () => {
    writeFileSync(githubEnv, '');
    const out = await r.run(gh, {
      base,
      head,
      inputs: { 'cfn-lint': 'required', 'fail-on': 'never' },
      env: { ...SECRETS, GITHUB_ENV: githubEnv },
    });
    expect(out.code, out.log).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(readFileSync(githubEnv, 'utf8')).toBe('');
    expect(out.log).not.toMatch(/outside\.yaml/);
    expect(out.summary).toMatch(/append_rules, templates in \.cfnlintrc were ignored/);
    // cfn-lint ran on the pull request's template, with W3010 ignored as the config asks.
    expect(out.log).toMatch(/infra\/errors\.yaml.*cfn-lint\/E3012|cfn-lint\/E3012.*infra\/errors\.yaml/);
    expect(out.log).not.toMatch(/W3010/);
  });

  it('rule folders the workflow trusts still load, but cfn-lint and its rules see no token and no credentials', async () => {
    const trusted = path.join(r.temp, 'trusted_rules');
    const seen = path.join(r.temp, 'trusted-rule-env.json');
    mkdirSync(trusted, { recursive: true });
    writeFileSync(path.join(trusted, 'spy.py'), spyRule(seen));
    writeFileSync(githubEnv, '');
    const out = await r.run(gh, {
      base,
      head,
      inputs: { 'cfn-lint': 'required', 'fail-on': 'never', 'cfn-lint-args': `--append-rules ${trusted}` },
      env: { ...SECRETS, GITHUB_ENV: githubEnv },
    });
    expect(out.code, out.log).toBe(0);
    expect(existsSync(seen)).toBe(true);
    expect(existsSync(marker)).toBe(false);
    const env = JSON.parse(readFileSync(seen, 'utf8')) as Record<string, string>;
    for (const name of Object.keys(env)) expect(name).not.toMatch(/^(INPUT_|ACTIONS_|GITHUB_|AWS_|RUNNER_)/);
    const text = JSON.stringify(env);
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    expect(readFileSync(githubEnv, 'utf8')).toBe('');
  });
});
