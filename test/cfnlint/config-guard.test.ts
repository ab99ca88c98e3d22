import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CfnLintConfigError, guardCfnLintConfig } from '../../src/cfnlint/config-guard.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'cfnlint-guard-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('guardCfnLintConfig', () => {
  it('leaves arguments alone when there is no config or it loads no code', async () => {
    const none = await guardCfnLintConfig(scratch, ['-i', 'W3010']);
    expect(none.args).toEqual(['-i', 'W3010']);
    expect(none.notices).toEqual([]);
    writeFileSync(path.join(scratch, '.cfnlintrc.yaml'), 'ignore_checks: [W3010]\n');
    const plain = await guardCfnLintConfig(scratch, []);
    expect(plain).toMatchObject({ args: [], notices: [] });
    rmSync(path.join(scratch, '.cfnlintrc.yaml'));
  });

  it('replaces a project .cfnlintrc.yml that appends rules with a copy without them', async () => {
    writeFileSync(path.join(scratch, '.cfnlintrc.yml'), 'append_rules: [rules]\nregions: [us-west-2]\n');
    const guarded = await guardCfnLintConfig(scratch, ['-i', 'W']);
    expect(guarded.args.slice(0, 3)).toEqual(['-i', 'W', '--config-file']);
    const copy = guarded.args[3]!;
    expect(readFileSync(copy, 'utf8')).toBe('regions:\n  - us-west-2\n');
    expect(guarded.notices[0]).toMatch(/^cfn-lint: append_rules in \.cfnlintrc\.yml was ignored/);
    await guarded.cleanup();
    expect(existsSync(copy)).toBe(false);
    rmSync(path.join(scratch, '.cfnlintrc.yml'));
  });

  it('sanitises a config named by --config-file in the extra arguments, in both spellings', async () => {
    writeFileSync(path.join(scratch, 'lint.yaml'), 'append_rules:\n  - x\n');
    for (const args of [
      ['--config-file', 'lint.yaml', '-i', 'W'],
      ['--config-file=lint.yaml', '-i', 'W'],
    ]) {
      const guarded = await guardCfnLintConfig(scratch, args);
      expect(guarded.args.slice(0, 3)).toEqual(['-i', 'W', '--config-file']);
      expect(readFileSync(guarded.args[3]!, 'utf8')).toBe('{}\n');
      expect(guarded.notices[0]).toMatch(/^cfn-lint: append_rules in lint\.yaml was ignored/);
      await guarded.cleanup();
    }
  });

  it('refuses a project config it cannot read as YAML', async () => {
    writeFileSync(path.join(scratch, '.cfnlintrc'), 'append_rules: [\n');
    await expect(guardCfnLintConfig(scratch, [])).rejects.toThrow(CfnLintConfigError);
    await expect(guardCfnLintConfig(scratch, [])).rejects.toThrow(/^\.cfnlintrc is not valid YAML: /);
    rmSync(path.join(scratch, '.cfnlintrc'));
  });
});
