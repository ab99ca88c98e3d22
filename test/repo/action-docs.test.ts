// scripts/gen-action-docs.mjs: README inputs/outputs tables generated from action.yml.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const script = path.join(repoRoot, 'scripts/gen-action-docs.mjs');
const scratch = mkdtempSync(path.join(tmpdir(), 'action-docs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const run = (...args: string[]) => {
  const result = spawnSync(process.execPath, [script, ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};

const MARKERS =
  '# Demo\n\n## Inputs\n\n<!-- action-docs:inputs:start -->\nold\n<!-- action-docs:inputs:end -->\n\n' +
  '## Outputs\n\n<!-- action-docs:outputs:start -->\n<!-- action-docs:outputs:end -->\n\nFooter stays.\n';

const ACTION = `name: Demo
description: demo
inputs:
  paths:
    description: >-
      Files to scan,
      one per line.
    required: true
  token:
    description: Token | with a pipe.
    default: \${{ github.token }}
  old-input:
    description: Old.
    default: ''
    deprecationMessage: Use paths.
outputs:
  result:
    description: pass or fail.
runs:
  using: node24
  main: dist/index.js
`;

function files(name: string, action: string, readme: string) {
  const actionFile = path.join(scratch, `${name}.action.yml`);
  const readmeFile = path.join(scratch, `${name}.README.md`);
  writeFileSync(actionFile, action);
  writeFileSync(readmeFile, readme);
  return { actionFile, readmeFile };
}

describe('gen-action-docs', () => {
  const hasMarkers = readFileSync(path.join(repoRoot, 'README.md'), 'utf8').includes('<!-- action-docs:inputs:start -->');

  it.runIf(hasMarkers)('the README tables match action.yml (--check)', () => {
    const result = run('--check');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('writes both tables between the markers and leaves the rest alone', () => {
    const { actionFile, readmeFile } = files('write', ACTION, MARKERS);
    expect(run('--action', actionFile, '--readme', readmeFile, '--check').status).toBe(1);
    const written = run('--action', actionFile, '--readme', readmeFile);
    expect(written.status).toBe(0);
    expect(readFileSync(readmeFile, 'utf8')).toBe(
      [
        '# Demo',
        '',
        '## Inputs',
        '',
        '<!-- action-docs:inputs:start -->',
        '',
        '| Input       | Description                     | Required | Default               |',
        '| ----------- | ------------------------------- | -------- | --------------------- |',
        '| `paths`     | Files to scan, one per line.    | yes      |                       |',
        '| `token`     | Token \\| with a pipe.           | no       | `${{ github.token }}` |',
        '| `old-input` | Old. **Deprecated:** Use paths. | no       | `""`                  |',
        '',
        '<!-- action-docs:inputs:end -->',
        '',
        '## Outputs',
        '',
        '<!-- action-docs:outputs:start -->',
        '',
        '| Output   | Description   |',
        '| -------- | ------------- |',
        '| `result` | pass or fail. |',
        '',
        '<!-- action-docs:outputs:end -->',
        '',
        'Footer stays.',
        '',
      ].join('\n'),
    );
    const check = run('--action', actionFile, '--readme', readmeFile, '--check');
    expect(check.status).toBe(0);
    expect(run('--action', actionFile, '--readme', readmeFile).stdout).toBe('');
  });

  it('--check exits 1 and names the fix when action.yml gained an input', () => {
    const { actionFile, readmeFile } = files('stale', ACTION, MARKERS);
    expect(run('--action', actionFile, '--readme', readmeFile).status).toBe(0);
    writeFileSync(actionFile, ACTION.replace('outputs:', '  extra:\n    description: New.\noutputs:'));
    const before = readFileSync(readmeFile, 'utf8');
    const check = run('--action', actionFile, '--readme', readmeFile, '--check');
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('is stale: run "node scripts/gen-action-docs.mjs"');
    expect(readFileSync(readmeFile, 'utf8')).toBe(before);
  });

  it('handles an action without inputs or outputs', () => {
    const { actionFile, readmeFile } = files('empty', 'name: x\ndescription: y\nruns:\n  using: node24\n  main: a.js\n', MARKERS);
    expect(run('--action', actionFile, '--readme', readmeFile).status).toBe(0);
    const text = readFileSync(readmeFile, 'utf8');
    expect(text).toContain('<!-- action-docs:inputs:start -->\n\n_This action has no inputs._\n\n<!-- action-docs:inputs:end -->');
    expect(text).toContain('_This action has no outputs._');
  });

  it('exits 2 on missing markers, bad YAML or unknown arguments', () => {
    const noMarkers = files('nomarkers', ACTION, '# Demo\n');
    const result = run('--action', noMarkers.actionFile, '--readme', noMarkers.readmeFile, '--check');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('README has no <!-- action-docs:inputs:start -->');
    const badYaml = files('badyaml', 'inputs: [\n', MARKERS);
    expect(run('--action', badYaml.actionFile, '--readme', badYaml.readmeFile).status).toBe(2);
    expect(run('--bogus').status).toBe(2);
    expect(run('--action', path.join(scratch, 'missing.yml'), '--check').status).toBe(2);
  });

  it('warns about an input without a description', () => {
    const { actionFile, readmeFile } = files('nodesc', 'inputs:\n  bare: {}\n', MARKERS);
    const result = run('--action', actionFile, '--readme', readmeFile);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('warning: "bare"');
    expect(readFileSync(readmeFile, 'utf8')).toContain('| `bare` | _No description._ | no       |         |');
  });
});
