import { mkdtemp, writeFile, mkdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';
import { loadConfig, parseConfig, MAX_CONFIG_BYTES } from '../../src/config/index.js';
import type { ConfigError } from '../../src/config/index.js';

const KNOWN = ['HP010', 'HP011', 'HP012', 'HP013', 'HP020', 'HP030'];
const fixtures = path.resolve(__dirname, '../../fixtures/config');

/** `line:column message` of each error, in order. */
const brief = (errors: ConfigError[]) => errors.map((e) => `${e.line}:${e.column} ${e.message}`);
const parse = (text: string) => parseConfig(text, '.hyperpod-prereq.yml', KNOWN);

describe('loadConfig: valid file', () => {
  it('reads every key of the fixture', async () => {
    const { config, errors } = await loadConfig(undefined, path.join(fixtures, 'valid'), KNOWN);
    expect(errors).toEqual([]);
    expect(config.file).toBe('.hyperpod-prereq.yml');
    expect(config.rules).toEqual({
      HP012: { enabled: false },
      HP013: { enabled: true, severity: 'notice' },
      HP030: { severity: 'warning' },
      HP010: { enabled: false },
    });
    expect(config.include).toEqual(['infra/', 'plans/*.json']);
    expect(config.exclude).toEqual(['**/examples/**']);
    expect(config.headroom).toBe(0.25);
    expect(config.region).toBe('us-west-2');
    expect(config.requireSuppressionReason).toBe(true);
    expect(config.ignore).toEqual([
      {
        fingerprint: '0123456789abcdef0123456789abcdef',
        reason: 'Accepted by the platform team',
        expires: '2026-12-31',
        loc: { file: '.hyperpod-prereq.yml', line: 16, column: 5, endLine: 18, endColumn: 24 },
      },
      {
        rule: 'HP020',
        file: 'plans/*.json',
        resource: 'module.net.aws_subnet.private[*]',
        reason: 'S3 reached through a proxy',
        loc: { file: '.hyperpod-prereq.yml', line: 19, column: 5, endLine: 22, endColumn: 39 },
      },
    ]);
    expect(
      config.overrides.map((o) => ({ files: o.files, rules: o.rules, region: o.region, headroom: o.headroom, line: o.loc.line })),
    ).toEqual([
      {
        files: ['services/training/**'],
        rules: { HP013: { enabled: false }, HP030: { enabled: true, severity: 'error' } },
        region: 'eu-west-1',
        headroom: 1,
        line: 24,
      },
      {
        files: ['services/training/legacy/**'],
        rules: { HP013: { enabled: true, severity: 'warning' } },
        region: undefined,
        headroom: 0,
        line: 30,
      },
    ]);
    expect(config.limits).toEqual({ ...DEFAULT_LIMITS, maxTemplateBytes: 1048576, maxFiles: 500 });
    expect(config.knownRuleIds).toEqual(['HP000', 'HP010', 'HP011', 'HP012', 'HP013', 'HP020', 'HP030', 'HP091', 'HP092']);
  });

  it('uses the defaults when there is no default config file', async () => {
    const { config, errors } = await loadConfig(undefined, path.join(fixtures, 'invalid', '..', '..'), KNOWN);
    expect(errors).toEqual([]);
    expect(config.file).toBeUndefined();
    expect(config.headroom).toBe(0.5);
    expect(config.requireSuppressionReason).toBe(false);
    expect(config.rules).toEqual({});
    expect(config.ignore).toEqual([]);
    expect(config.limits).toEqual(DEFAULT_LIMITS);
  });

  it('treats a file with only comments as the defaults', async () => {
    const { config, errors } = await loadConfig(undefined, path.join(fixtures, 'empty'), KNOWN);
    expect(errors).toEqual([]);
    expect(config.file).toBe('.hyperpod-prereq.yml');
    expect(config.headroom).toBe(0.5);
  });

  it('reads an explicit path relative to cwd, and reports it relative in errors', async () => {
    const { errors } = await loadConfig('invalid/.hyperpod-prereq.yml', fixtures, KNOWN);
    expect(errors.map((e) => `${e.file}:${e.line}:${e.column} [${e.path}] ${e.message}`)).toEqual([
      'invalid/.hyperpod-prereq.yml:2:10 [rules.HP012] rules.HP012: "fatal" is not one of off, error, warning, notice',
      'invalid/.hyperpod-prereq.yml:3:3 [rules.HP999] rules: unknown rule ID "HP999"',
      'invalid/.hyperpod-prereq.yml:4:1 [headrom] unknown key "headrom"; allowed keys: rules, include, exclude, headroom, region, requireSuppressionReason, ignore, overrides, limits, efaSecurityGroups',
      'invalid/.hyperpod-prereq.yml:8:14 [ignore[0].expires] ignore[0].expires: "2026-02-30" is not a calendar date',
      'invalid/.hyperpod-prereq.yml:10:14 [ignore[1].expires] ignore[1].expires: "31/12/2026" is invalid: must be a date in the form YYYY-MM-DD',
    ]);
  });
});

describe('loadConfig: files that cannot be read', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hp-config-'));
    await mkdir(path.join(dir, 'a-directory.yml'));
    await writeFile(path.join(dir, 'huge.yml'), `# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`);
    await mkdir(path.join(dir, 'repo'));
    await writeFile(path.join(dir, 'secret.txt'), 'root:x:0:0\n');
    await symlink(path.join(dir, 'secret.txt'), path.join(dir, 'repo', '.hyperpod-prereq.yml'));
    await writeFile(path.join(dir, 'repo', 'real.yml'), 'headroom: 2\n');
    await symlink('real.yml', path.join(dir, 'repo', 'inside-link.yml'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reports a missing explicit file', async () => {
    const { errors, config } = await loadConfig('nope.yml', dir, KNOWN);
    expect(brief(errors)).toEqual(['1:1 config file nope.yml not found']);
    expect(config.headroom).toBe(0.5);
  });

  it('refuses a config that links outside the working directory, without showing its text', async () => {
    const { errors } = await loadConfig(undefined, path.join(dir, 'repo'), KNOWN);
    expect(brief(errors)).toEqual(['1:1 config file .hyperpod-prereq.yml is a symbolic link to outside the working directory; not read']);
  });

  it('follows a link that stays inside, and reads a file the user names outside the tree', async () => {
    expect((await loadConfig('inside-link.yml', path.join(dir, 'repo'), KNOWN)).config.headroom).toBe(2);
    expect((await loadConfig('../repo/real.yml', path.join(dir, 'repo'), KNOWN)).config.headroom).toBe(2);
    const outside = await loadConfig(path.join(dir, 'huge.yml'), path.join(dir, 'repo'), KNOWN);
    expect(outside.errors[0]!.message).toMatch(/over the 1048576-byte limit$/);
  });

  it('refuses a directory', async () => {
    const { errors } = await loadConfig('a-directory.yml', dir, KNOWN);
    expect(brief(errors)).toEqual(['1:1 config file a-directory.yml is not a regular file']);
  });

  it('refuses a file over the size limit without reading it', async () => {
    const { errors } = await loadConfig('huge.yml', dir, KNOWN);
    expect(brief(errors)).toEqual([`1:1 config file huge.yml is ${MAX_CONFIG_BYTES + 3} bytes, over the ${MAX_CONFIG_BYTES}-byte limit`]);
  });
});

describe('parseConfig: each error at its line and column', () => {
  it('unknown top-level key, at the key', () => {
    const { errors } = parse('headroom: 0.2\nregoin: us-east-1\n');
    expect(errors).toEqual([
      {
        file: '.hyperpod-prereq.yml',
        line: 2,
        column: 1,
        endLine: 2,
        endColumn: 7,
        path: 'regoin',
        message:
          'unknown key "regoin"; allowed keys: rules, include, exclude, headroom, region, requireSuppressionReason, ignore, overrides, limits, efaSecurityGroups',
      },
    ]);
  });

  it('unknown rule ID under rules, at the key, with a hint for the wrong case', () => {
    const { errors, config } = parse('rules:\n  HP012: warning\n  HP099: off\n  hp013: off\n');
    expect(brief(errors)).toEqual(['3:3 rules: unknown rule ID "HP099"', '4:3 rules: unknown rule ID "hp013"; did you mean "HP013"?']);
    expect(errors[0]).toMatchObject({ endLine: 3, endColumn: 8, path: 'rules.HP099' });
    // The valid entry is kept.
    expect(config.rules).toEqual({ HP012: { enabled: true, severity: 'warning' } });
  });

  it('unknown rule ID in overrides and in ignore entries', () => {
    const { errors } = parse(
      ['overrides:', '  - files: [a/**]', '    rules:', '      HP777: off', 'ignore:', '  - rule: HP888', '    file: x.json'].join('\n'),
    );
    expect(brief(errors)).toEqual(['4:7 overrides[0].rules: unknown rule ID "HP777"', '6:11 ignore[0].rule: unknown rule ID "HP888"']);
  });

  it('bad severity, at the value', () => {
    const { errors } = parse('rules:\n  HP012: critical\n  HP013: { severity: high }\n');
    expect(brief(errors)).toEqual([
      '2:10 rules.HP012: "critical" is not one of off, error, warning, notice',
      '3:22 rules.HP013.severity: "high" is not one of error, warning, notice',
    ]);
    expect(errors[0]).toMatchObject({ endLine: 2, endColumn: 18 });
  });

  it('rule setting of the wrong type, and an unknown key inside it', () => {
    const { errors } = parse('rules:\n  HP012: 3\n  HP013:\n    enabled: true\n    level: notice\n');
    expect(brief(errors)).toEqual([
      '2:10 rules.HP012: must be off, error, warning, notice, or a mapping with enabled and severity, not 3',
      '5:5 rules.HP013: unknown key "level"; allowed keys: enabled, severity',
    ]);
  });

  it('bad dates: wrong form and impossible calendar date, at the value', () => {
    const { errors, config } = parse(
      [
        'ignore:',
        '  - fingerprint: 0123456789abcdef0123456789abcdef',
        '    expires: 2026-1-5',
        '  - rule: HP012',
        '    file: a.json',
        '    expires: 2026-02-29',
        '  - rule: HP012',
        '    file: b.json',
        '    expires: 2028-02-29',
      ].join('\n'),
    );
    expect(brief(errors)).toEqual([
      '3:14 ignore[0].expires: "2026-1-5" is invalid: must be a date in the form YYYY-MM-DD',
      '6:14 ignore[1].expires: "2026-02-29" is not a calendar date',
    ]);
    // 2028 is a leap year: only that entry survives.
    expect(config.ignore.map((e) => e.file)).toEqual(['b.json']);
  });

  it('ignore entry without a fingerprint or a rule and file, at the entry', () => {
    const { errors } = parse('ignore:\n  - rule: HP012\n    reason: no file given\n');
    expect(brief(errors)).toEqual(['2:5 ignore[0]: an ignore entry needs a fingerprint, or a rule and a file']);
    expect(errors[0]).toMatchObject({ endLine: 3, endColumn: 26 });
  });

  it('ignore entry naming HP091 is refused', () => {
    const { errors } = parse('ignore:\n  - rule: HP091\n    file: "**"\n');
    expect(brief(errors)).toEqual(['2:11 ignore[0].rule: HP091 cannot be suppressed; turn it off with rules: { HP091: off }']);
  });

  it('wrong types, bounds and shapes elsewhere', () => {
    const { errors } = parse(
      [
        'include: infra',
        'headroom: -0.1',
        'region: Frankfurt',
        'requireSuppressionReason: "yes"',
        'ignore:',
        '  - fingerprint: abc',
        'overrides:',
        '  - rules: { HP012: off }',
        '  - files: []',
        'limits:',
        '  maxDepth: 0',
        '  maxFiles: 2.5',
        '  maxBananas: 1',
      ].join('\n'),
    );
    expect(brief(errors)).toEqual([
      '1:10 include: must be a list, not "infra"',
      '2:11 headroom: must be at least 0, not -0.1',
      '3:9 region: "Frankfurt" is invalid: must be an AWS Region code such as us-east-1',
      '4:27 requireSuppressionReason: must be true or false, not "yes"',
      '6:18 ignore[0].fingerprint: "abc" is invalid: must be a fingerprint of 32 hexadecimal characters',
      '8:5 overrides[0]: missing required key "files"',
      '9:12 overrides[1].files: must list at least 1 item',
      '11:13 limits.maxDepth: must be at least 1, not 0',
      '12:13 limits.maxFiles: must be a whole number, not 2.5',
      '13:3 limits: unknown key "maxBananas"; allowed keys: maxTemplateBytes, maxPlanBytes, maxAliasCount, maxDepth, maxDocuments, maxFiles, maxRunMs',
    ]);
  });

  it('efaSecurityGroups: file#LogicalId, a logical ID or address, or an sg- ID; anything else at its line', () => {
    const { config, errors } = parse(
      [
        'efaSecurityGroups:',
        '  - stacks/network.yaml#NodeSecurityGroup',
        '  - module.net.aws_security_group.efa["a"]',
        '  - sg-0123456789abcdef0',
        '  - sg-xxx',
        '  - two words',
        '  - 7',
        '',
      ].join('\n'),
    );
    const message =
      'is invalid: must be file#LogicalId, a logical ID or Terraform address, or a security group ID (sg- and 8 or 17 hexadecimal digits)';
    expect(brief(errors)).toEqual([
      `5:5 efaSecurityGroups[3]: "sg-xxx" ${message}`,
      `6:5 efaSecurityGroups[4]: "two words" ${message}`,
      '7:5 efaSecurityGroups[5]: must be a string, not 7',
    ]);
    expect(config.efaSecurityGroups.map((e) => `${e.loc.line} ${e.name}`)).toEqual([
      '2 stacks/network.yaml#NodeSecurityGroup',
      '3 module.net.aws_security_group.efa["a"]',
      '4 sg-0123456789abcdef0',
    ]);
    expect(parse('efaSecurityGroups: net.yaml#Sg\n').errors.map((e) => e.message)).toEqual([
      'efaSecurityGroups: must be a list, not "net.yaml#Sg"',
    ]);
  });

  it('YAML syntax errors and duplicate keys, at the parser position', () => {
    expect(brief(parse('rules:\n  HP012: off\n  HP012: warning\n').errors)).toEqual(['3:3 Map keys must be unique']);
    const broken = parse('rules: [HP012\nheadroom: 1\n');
    expect(broken.errors.length).toBeGreaterThan(0);
    expect(broken.errors[0]!.line).toBe(2);
    expect(broken.config.headroom).toBe(0.5);
  });

  it('a document that is not a mapping', () => {
    expect(brief(parse('- rules\n- headroom\n').errors)).toEqual(['1:1 the config must be a mapping of keys (rules, include, ...)']);
  });

  it('an alias bomb is refused, not expanded', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++)
      lines.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
      );
    const { errors, config } = parse(lines.join('\n'));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^cannot read config: .*alias/i);
    expect(config.headroom).toBe(0.5);
  });

  it('unquoted YAML dates stay strings (YAML 1.2), so expiry works without quotes', () => {
    const { errors, config } = parse('ignore:\n  - rule: HP012\n    file: a.json\n    expires: 2027-01-31\n');
    expect(errors).toEqual([]);
    expect(config.ignore[0]!.expires).toBe('2027-01-31');
  });
});
