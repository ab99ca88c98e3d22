import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CfnLintConfigError, HONOURED_KEYS, allowedConfig, guardCfnLintConfig } from '../../src/cfnlint/config-guard.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'cfnlint-guard-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
afterEach(() => {
  for (const name of ['.cfnlintrc', '.cfnlintrc.yaml', '.cfnlintrc.yml', 'lint.yaml']) rmSync(path.join(scratch, name), { force: true });
});

/** The config the action hands cfn-lint, read back. */
const written = (args: string[]): unknown => {
  const at = args.lastIndexOf('--config-file');
  expect(at).toBeGreaterThanOrEqual(0);
  expect(args.filter((a) => a === '--config-file' || a.startsWith('--config-file='))).toHaveLength(1);
  return parse(readFileSync(args[at + 1]!, 'utf8'));
};

describe('guardCfnLintConfig', () => {
  it('always hands cfn-lint its own config file, empty when the project has none', async () => {
    const none = await guardCfnLintConfig(scratch, ['-i', 'W3010']);
    expect(none.args.slice(0, 3)).toEqual(['-i', 'W3010', '--config-file']);
    expect(path.dirname(path.dirname(none.args[3]!))).toBe(tmpdir());
    expect(written(none.args)).toEqual({});
    expect(none.notices).toEqual([]);
    await none.cleanup();
    expect(existsSync(none.args[3]!)).toBe(false);
  });

  it('passes on the honoured keys of a project config, without a notice', async () => {
    const config = {
      ignore_checks: ['W3010'],
      include_checks: ['I'],
      mandatory_checks: ['E3012'],
      include_experimental: true,
      configure_rules: { E3012: { strict: false }, I3042: { regions: ['us-east-1'], n: 3 } },
      regions: ['us-west-2'],
      ignore_bad_template: false,
    };
    expect(Object.keys(config).sort()).toEqual(Object.keys(HONOURED_KEYS).sort());
    writeFileSync(path.join(scratch, '.cfnlintrc.yaml'), JSON.stringify(config));
    const guarded = await guardCfnLintConfig(scratch, []);
    expect(written(guarded.args)).toEqual(config);
    expect(guarded.notices).toEqual([]);
    await guarded.cleanup();
  });

  it('drops every key that loads code, reads or writes files, or changes the output, and says which', async () => {
    writeFileSync(
      path.join(scratch, '.cfnlintrc.yml'),
      [
        'append_rules: [rules]',
        'templates: [/etc/passwd]',
        'merge_configs: true',
        'override_spec: /etc/spec.json',
        'registry_schemas: [/schemas]',
        'custom_rules: /rules.txt',
        'output_file: /tmp/x',
        'format: pretty',
        'deployment_files: [d.yaml]',
        'parameter_files: [p.json]',
        'ignore_templates: ["/**"]',
        'non_zero_exit_code: none',
        'debug: true',
        'regions: [us-west-2]',
      ].join('\n'),
    );
    const guarded = await guardCfnLintConfig(scratch, ['-i', 'W']);
    expect(written(guarded.args)).toEqual({ regions: ['us-west-2'] });
    expect(guarded.notices).toEqual([
      expect.stringMatching(
        /^cfn-lint: append_rules, templates, merge_configs, override_spec, registry_schemas, custom_rules, output_file, format, deployment_files, parameter_files, ignore_templates, non_zero_exit_code, debug in \.cfnlintrc\.yml were ignored; /,
      ),
    ]);
    await guarded.cleanup();
  });

  it('sees through YAML merge keys and anchors the way cfn-lint does (the <<: append_rules attack)', async () => {
    for (const text of [
      '<<: {append_rules: [lint_rules]}\nregions: [us-east-1]\n',
      '<<: [{append_rules: [lint_rules]}, {templates: [/outside.yaml]}]\nregions: [us-east-1]\n',
      'base: &b {append_rules: [lint_rules]}\n<<: *b\nregions: [us-east-1]\n',
    ]) {
      writeFileSync(path.join(scratch, '.cfnlintrc'), text);
      const guarded = await guardCfnLintConfig(scratch, []);
      const config = written(guarded.args);
      expect(config).toEqual({ regions: ['us-east-1'] });
      expect(readFileSync(guarded.args.at(-1)!, 'utf8')).not.toMatch(/append_rules|templates|<</);
      expect(guarded.notices[0]).toMatch(/append_rules/);
      await guarded.cleanup();
    }
  });

  it('a honoured key of the wrong shape is left out with a notice', async () => {
    writeFileSync(path.join(scratch, '.cfnlintrc'), 'ignore_checks: W3010\nregions: [1, {a: b}]\ninclude_checks: [I]\n');
    const guarded = await guardCfnLintConfig(scratch, []);
    expect(written(guarded.args)).toEqual({ include_checks: ['I'] });
    expect(guarded.notices).toEqual([
      "cfn-lint: ignore_checks, regions in .cfnlintrc ignored: not the shape cfn-lint's config schema requires.",
    ]);
    await guarded.cleanup();
  });

  it('filters a config named by --config-file in the extra arguments, in both spellings, and drops that option', async () => {
    writeFileSync(path.join(scratch, 'lint.yaml'), 'append_rules:\n  - x\nignore_checks: [E1]\n');
    for (const args of [
      ['--config-file', 'lint.yaml', '-i', 'W'],
      ['--config-file=lint.yaml', '-i', 'W'],
      ['--config-file', 'other.yaml', '--config-file=lint.yaml', '-i', 'W'],
    ]) {
      const guarded = await guardCfnLintConfig(scratch, args);
      expect(guarded.args.slice(0, 3)).toEqual(['-i', 'W', '--config-file']);
      expect(written(guarded.args)).toEqual({ ignore_checks: ['E1'] });
      expect(guarded.notices[0]).toMatch(/^cfn-lint: append_rules in lint\.yaml was ignored/);
      await guarded.cleanup();
    }
  });

  it('a --config-file that cannot be read is a configuration failure', async () => {
    await expect(guardCfnLintConfig(scratch, ['--config-file', 'missing.yaml'])).rejects.toThrow(/^missing\.yaml cannot be read: /);
  });

  it('refuses a project config it cannot read as YAML', async () => {
    writeFileSync(path.join(scratch, '.cfnlintrc'), 'append_rules: [\n');
    await expect(guardCfnLintConfig(scratch, [])).rejects.toThrow(CfnLintConfigError);
    await expect(guardCfnLintConfig(scratch, [])).rejects.toThrow(/^\.cfnlintrc is not valid YAML: /);
  });

  it('never reads a project config through a link that leaves the workspace', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'cfnlint-outside-'));
    const repo = path.join(scratch, 'linked');
    mkdirSync(repo);
    writeFileSync(path.join(outside, 'secret.yaml'), 'regions: [secret-value]\n');
    symlinkSync(path.join(outside, 'secret.yaml'), path.join(repo, '.cfnlintrc'));
    await expect(guardCfnLintConfig(repo, [])).rejects.toThrow(/^\.cfnlintrc was not read: symbolic link pointing outside the workspace/);
    rmSync(outside, { recursive: true, force: true });
  });
});

describe('allowedConfig', () => {
  it('never trusts inherited or prototype keys', () => {
    const parsed = parse('__proto__: {append_rules: [x]}\nconstructor: 1\nregions: [a]\n');
    expect(allowedConfig(parsed)).toEqual({ kept: { regions: ['a'] }, dropped: ['__proto__', 'constructor'], malformed: [] });
    expect(allowedConfig([1, 2])).toEqual({ kept: {}, dropped: [], malformed: [] });
  });
});
