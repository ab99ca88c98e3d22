import { cp, mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import type { Finding } from '../../src/engine/types.js';

const fixture = path.resolve(__dirname, '../../fixtures/config/e2e');
const brief = (list: Finding[]) =>
  list.map((f) => `${f.ruleId} ${f.severity} ${f.file}:${f.line}${f.suppressedBy ? ` by ${f.suppressedBy.source}` : ''}`).sort();

describe('suppressions through the whole scan (fixtures/config/e2e)', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('applies Metadata, spec comment and config suppressions; an expired one is reported', async () => {
    const result = await scan({ cwd: fixture, workers: false, region: 'us-west-2' });
    expect(brief(result.findings)).toEqual([
      'HP001 error stack-expired.yaml:3',
      'HP001 error stack-fingerprint.yaml:3',
      'HP001 error stack-plain.yaml:3',
      'HP091 warning stack-expired.yaml:8',
    ]);
    expect(brief(result.suppressed)).toEqual([
      'HP000 error broken.yaml:7 by config',
      'HP001 error spec.yaml:2 by inline',
      'HP001 error stack-config.yaml:3 by config',
      'HP001 error stack-metadata.yaml:3 by inline',
    ]);
    expect(result.findings.find((f) => f.ruleId === 'HP091')!.message).toBe(
      'Suppression of HP001 expired on 2020-01-01, so its findings are reported again.',
    );
    expect(result.suppressed.find((f) => f.file === 'stack-metadata.yaml')!.suppressedBy).toEqual({
      source: 'inline',
      reason: 'VPC is added by the platform stack',
      expires: '2099-12-31',
    });
    expect(result.summary).toMatchObject({ errors: 3, warnings: 1, notices: 0, suppressed: 4 });
  });

  it('a fingerprint in the config suppresses the finding, also after it moves down the file', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hp-e2e-'));
    await cp(fixture, dir, { recursive: true });
    const before = await scan({ cwd: dir, workers: false, region: 'us-west-2' });
    const target = before.findings.find((f) => f.file === 'stack-fingerprint.yaml')!;
    expect(target.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    await appendFile(path.join(dir, '.hyperpod-prereq.yml'), `  - fingerprint: ${target.fingerprint}\n    reason: Accepted in review\n`);
    const template = path.join(dir, 'stack-fingerprint.yaml');
    await writeFile(template, `# moved\n# down\n${await readFile(template, 'utf8')}`);

    const after = await scan({ cwd: dir, workers: false, region: 'us-west-2' });
    const moved = after.suppressed.find((f) => f.file === 'stack-fingerprint.yaml')!;
    expect(moved.line).toBe(target.line + 2);
    expect(moved.fingerprint).toBe(target.fingerprint);
    expect(moved.suppressedBy).toEqual({ source: 'config', reason: 'Accepted in review' });
    expect(brief(after.findings)).toEqual([
      'HP001 error stack-expired.yaml:3',
      'HP001 error stack-plain.yaml:3',
      'HP091 warning stack-expired.yaml:8',
    ]);
    expect(after.summary).toMatchObject({ errors: 2, warnings: 1, suppressed: 5 });
  });

  it('config rules change severity and turn rules off per path', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hp-e2e-'));
    await cp(fixture, dir, { recursive: true });
    await appendFile(
      path.join(dir, '.hyperpod-prereq.yml'),
      ['rules:', '  HP001: warning', '  HP091: error', 'overrides:', '  - files: [stack-plain.yaml]', '    rules: { HP001: off }', ''].join(
        '\n',
      ),
    );
    const result = await scan({ cwd: dir, workers: false, region: 'us-west-2' });
    expect(brief(result.findings)).toEqual([
      'HP001 warning stack-expired.yaml:3',
      'HP001 warning stack-fingerprint.yaml:3',
      'HP091 error stack-expired.yaml:8',
    ]);
  });
});
