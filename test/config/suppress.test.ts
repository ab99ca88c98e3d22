import { describe, expect, it } from 'vitest';
import { parseConfig, defaultConfig } from '../../src/config/index.js';
import type { ResolvedConfig } from '../../src/config/index.js';
import { applySuppressions } from '../../src/engine/suppress.js';
import { fingerprint } from '../../src/engine/fingerprint.js';
import type { Finding } from '../../src/engine/types.js';
import { Model } from '../../src/model/model.js';
import { known } from '../../src/model/types.js';
import type { Cluster, InstanceGroup, Loc, SecurityGroup, Suppression } from '../../src/model/types.js';

const KNOWN = ['HP010', 'HP011', 'HP012', 'HP013', 'HP020', 'HP030'];
const STACK = 'stacks/cluster.yaml';
const SPEC = 'specs/create-cluster.yaml';
const NET = 'stacks/net.yaml';
const PLAN = 'plans/prod.json';

const loc = (file: string, line: number, endLine = line, column = 5): Loc => ({ file, line, column, endLine, endColumn: column + 10 });

function securityGroup(name: string, line: number, suppressions?: Suppression[]): SecurityGroup {
  return {
    key: `${STACK}#${name}`,
    type: 'SecurityGroup',
    name,
    file: STACK,
    sourceKind: 'cloudformation',
    loc: loc(STACK, line, line + 12, 3),
    vpc: { kind: 'entity', key: `${STACK}#Vpc` },
    ingress: [],
    egress: [],
    implicitAllowAllEgress: true,
    rulesComplete: true,
    suppressions,
  };
}

function group(name: string, line: number, endLine: number, suppressions?: Suppression[]): InstanceGroup {
  return {
    name: known(name),
    loc: loc(SPEC, line, endLine, 7),
    instanceTypes: [known('ml.p5.48xlarge')],
    instanceCount: known(4),
    fsxMounts: [],
    suppressions,
  };
}

function cluster(groups: InstanceGroup[]): Cluster {
  return {
    key: `${SPEC}#training`,
    type: 'Cluster',
    name: 'training',
    file: SPEC,
    sourceKind: 'cluster-spec',
    loc: loc(SPEC, 1, 60, 1),
    clusterName: known('training'),
    orchestrator: known('slurm'),
    instanceGroups: groups,
    isUpdate: false,
  };
}

function finding(ruleId: string, file: string, line: number, resource?: string, entityKey?: string): Finding {
  const result: Finding = {
    ruleId,
    severity: 'error',
    file,
    line,
    column: 3,
    endLine: line,
    endColumn: 20,
    message: `${ruleId} message`,
    fingerprint: fingerprint({ ruleId, file, resource }),
  };
  if (resource !== undefined) result.resource = resource;
  if (entityKey !== undefined) result.entityKey = entityKey;
  return result;
}

/** The model every test uses: one suppression of each inline kind. */
function buildModel() {
  const model = new Model();
  model.add(
    securityGroup('EfaSg', 40, [{ ruleId: 'HP012', reason: 'Same as the AWS template', expires: '2026-12-31', loc: loc(STACK, 44) }]),
  );
  model.add(securityGroup('OtherSg', 70));
  model.add(
    cluster([
      group('workers', 10, 30, [{ ruleId: 'HP030', reason: 'Subnet grows next quarter', loc: loc(SPEC, 11) }]),
      group('controller', 31, 45),
    ]),
  );
  const fileSuppressions = new Map<string, Suppression[]>([[NET, [{ ruleId: 'HP020', reason: 'Proxy reaches S3', loc: loc(NET, 3) }]]]);
  return { model, fileSuppressions };
}

const configText = (extra: string[] = []) =>
  [
    'ignore:',
    `  - fingerprint: ${fingerprint({ ruleId: 'HP013', file: STACK, resource: 'OtherSg' })}`,
    '    reason: Login nodes talk through a bastion',
    '  - rule: HP010',
    '    file: "plans/*.json"',
    '    resource: "module.net.aws_security_group.efa[*]"',
    '    reason: Rules added by a separate stack',
    ...extra,
  ].join('\n');

function config(extra: string[] = [], head: string[] = []): ResolvedConfig {
  const { config: resolved, errors } = parseConfig([...head, configText(extra)].join('\n'), '.hyperpod-prereq.yml', KNOWN);
  expect(errors).toEqual([]);
  return resolved;
}

const run = (findings: Finding[], cfg: ResolvedConfig, today = '2026-06-01', model = buildModel()) =>
  applySuppressions(findings, { ...model, config: cfg, today });

const ids = (list: Finding[]) => list.map((f) => `${f.ruleId} ${f.file}:${f.line}${f.resource ? ` ${f.resource}` : ''}`);

describe('applySuppressions: each source', () => {
  it('resource Metadata suppresses only its rule on its entity', () => {
    const findings = [
      finding('HP012', STACK, 52, 'EfaSg', `${STACK}#EfaSg`),
      finding('HP011', STACK, 52, 'EfaSg', `${STACK}#EfaSg`),
      finding('HP012', STACK, 75, 'OtherSg', `${STACK}#OtherSg`),
      // Same rule and same line range but no entity key: Metadata does not apply.
      finding('HP012', STACK, 45, 'EfaSg'),
    ];
    const result = run(findings, config());
    expect(ids(result.suppressed)).toEqual(['HP012 stacks/cluster.yaml:52 EfaSg']);
    expect(result.suppressed[0]!.suppressedBy).toEqual({ source: 'inline', reason: 'Same as the AWS template', expires: '2026-12-31' });
    expect(ids(result.active)).toEqual([
      'HP011 stacks/cluster.yaml:52 EfaSg',
      'HP012 stacks/cluster.yaml:75 OtherSg',
      'HP012 stacks/cluster.yaml:45 EfaSg',
    ]);
    expect(result.problems).toEqual([]);
  });

  it('an instance-group comment suppresses its rule on lines inside the group, in the same file', () => {
    const findings = [
      finding('HP030', SPEC, 10, 'workers'),
      finding('HP030', SPEC, 30, 'workers'),
      finding('HP030', SPEC, 31, 'controller'),
      finding('HP030', 'specs/other.yaml', 20, 'workers'),
      finding('HP010', SPEC, 20, 'workers'),
    ];
    const result = run(findings, config());
    expect(ids(result.suppressed)).toEqual(['HP030 specs/create-cluster.yaml:10 workers', 'HP030 specs/create-cluster.yaml:30 workers']);
    expect(result.suppressed[0]!.suppressedBy).toEqual({ source: 'inline', reason: 'Subnet grows next quarter' });
    expect(ids(result.active)).toEqual([
      'HP030 specs/create-cluster.yaml:31 controller',
      'HP030 specs/other.yaml:20 workers',
      'HP010 specs/create-cluster.yaml:20 workers',
    ]);
  });

  it('a file-level suppression covers its rule anywhere in that file only', () => {
    const findings = [
      finding('HP020', NET, 5, 'PrivateSubnetA'),
      finding('HP020', NET, 90, 'PrivateSubnetB'),
      finding('HP020', STACK, 5, 'Subnet'),
    ];
    const result = run(findings, config());
    expect(ids(result.suppressed)).toEqual(['HP020 stacks/net.yaml:5 PrivateSubnetA', 'HP020 stacks/net.yaml:90 PrivateSubnetB']);
    expect(ids(result.active)).toEqual(['HP020 stacks/cluster.yaml:5 Subnet']);
  });

  it('a config fingerprint entry suppresses exactly the finding with that fingerprint, wherever it moved', () => {
    const findings = [finding('HP013', STACK, 200, 'OtherSg'), finding('HP013', STACK, 200, 'EfaSg')];
    const result = run(findings, config());
    expect(ids(result.suppressed)).toEqual(['HP013 stacks/cluster.yaml:200 OtherSg']);
    expect(result.suppressed[0]!.suppressedBy).toEqual({ source: 'config', reason: 'Login nodes talk through a bastion' });
    expect(ids(result.active)).toEqual(['HP013 stacks/cluster.yaml:200 EfaSg']);
  });

  it('a config rule + file glob + resource glob entry suppresses plan findings (plans carry no comments)', () => {
    const findings = [
      finding('HP010', PLAN, 812, 'module.net.aws_security_group.efa[0]'),
      finding('HP010', PLAN, 900, 'module.net.aws_security_group.efa["b"]'),
      finding('HP010', PLAN, 950, 'module.net.aws_security_group.login'),
      finding('HP011', PLAN, 812, 'module.net.aws_security_group.efa[0]'),
      finding('HP010', 'plans/sub/dev.json', 10, 'module.net.aws_security_group.efa[0]'),
      finding('HP010', PLAN, 1),
    ];
    const result = run(findings, config());
    expect(ids(result.suppressed)).toEqual([
      'HP010 plans/prod.json:812 module.net.aws_security_group.efa[0]',
      'HP010 plans/prod.json:900 module.net.aws_security_group.efa["b"]',
    ]);
    expect(result.suppressed.every((f) => f.suppressedBy?.source === 'config')).toBe(true);
    expect(result.active).toHaveLength(4);
  });

  it('a resource written exactly (with Terraform brackets) matches itself', () => {
    const cfg = config(['  - rule: HP011', `    file: ${PLAN}`, '    resource: module.net.aws_security_group.efa["a"]']);
    const result = run(
      [
        finding('HP011', PLAN, 5, 'module.net.aws_security_group.efa["a"]'),
        finding('HP011', PLAN, 6, 'module.net.aws_security_group.efa["b"]'),
      ],
      cfg,
    );
    expect(ids(result.suppressed)).toEqual(['HP011 plans/prod.json:5 module.net.aws_security_group.efa["a"]']);
  });

  it('does not modify the input findings', () => {
    const input = [finding('HP020', NET, 5, 'PrivateSubnetA')];
    const copy = structuredClone(input);
    const result = run(input, config());
    expect(input).toEqual(copy);
    expect(result.suppressed[0]).not.toBe(input[0]);
  });
});

describe('applySuppressions: HP000', () => {
  it('is not suppressed inline (and the inline attempt is an HP091), but is by the config ignore list', () => {
    const { model } = buildModel();
    const fileSuppressions = new Map<string, Suppression[]>([
      ['broken.yaml', [{ ruleId: 'HP000', reason: 'known broken', loc: loc('broken.yaml', 1, 1, 1) }]],
    ]);
    const findings = [finding('HP000', 'broken.yaml', 7), finding('HP000', 'vendor/huge.json', 1)];
    const cfg = config(['  - rule: HP000', '    file: "vendor/**"', '    reason: Vendored, not ours']);
    const result = applySuppressions(findings, { model, fileSuppressions, config: cfg, today: '2026-06-01' });
    expect(ids(result.active)).toEqual(['HP000 broken.yaml:7']);
    expect(ids(result.suppressed)).toEqual(['HP000 vendor/huge.json:1']);
    expect(result.problems.map((p) => `${p.file}:${p.line} ${p.message}`)).toEqual([
      'broken.yaml:1 Suppression of HP000 cannot apply: HP000 findings are suppressed only by an ignore entry in the config file.',
    ]);
  });
});

describe('applySuppressions: problems (HP091)', () => {
  it('an expired suppression no longer suppresses and is reported at its own line, naming rule and date', () => {
    const findings = [finding('HP012', STACK, 52, 'EfaSg', `${STACK}#EfaSg`)];
    const result = run(findings, config(), '2027-01-01');
    expect(result.suppressed).toEqual([]);
    expect(ids(result.active)).toEqual(['HP012 stacks/cluster.yaml:52 EfaSg']);
    expect(result.problems).toEqual([
      {
        ruleId: 'HP091',
        severity: 'warning',
        file: STACK,
        line: 44,
        column: 5,
        endLine: 44,
        endColumn: 15,
        message: 'Suppression of HP012 expired on 2026-12-31, so its findings are reported again.',
        fix: 'Fix the finding, or renew the suppression with a new expiry date and reason.',
        fingerprint: fingerprint({ ruleId: 'HP091', file: STACK, resource: 'EfaSg', detail: 'expired|HP012|2026-12-31' }),
        docs: 'docs/rules/HP091.md',
        resource: 'EfaSg',
        entityKey: `${STACK}#EfaSg`,
      },
    ]);
  });

  it('still applies on its expiry day', () => {
    const result = run([finding('HP012', STACK, 52, 'EfaSg', `${STACK}#EfaSg`)], config(), '2026-12-31');
    expect(result.suppressed).toHaveLength(1);
    expect(result.problems).toEqual([]);
  });

  it('an expired config entry is reported at the entry in the config file', () => {
    const cfg = config(['  - rule: HP030', '    file: "specs/**"', '    reason: Temporary', '    expires: 2026-03-31']);
    const result = run([finding('HP030', SPEC, 40, 'controller')], cfg, '2026-04-01');
    expect(ids(result.active)).toEqual(['HP030 specs/create-cluster.yaml:40 controller']);
    expect(result.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message}`)).toEqual([
      '.hyperpod-prereq.yml:8:5 Config ignore entry for HP030 (file specs/**) expired on 2026-03-31, so its findings are reported again.',
    ]);
  });

  it('requireSuppressionReason: a suppression without reason does not suppress and is reported', () => {
    const { model } = buildModel();
    model.add(securityGroup('NoReasonSg', 100, [{ ruleId: 'HP011', loc: loc(STACK, 104) }]));
    const cfg = config(['  - rule: HP020', '    file: plans/*.json'], ['requireSuppressionReason: true']);
    const findings = [
      finding('HP011', STACK, 110, 'NoReasonSg', `${STACK}#NoReasonSg`),
      finding('HP020', PLAN, 3, 'aws_subnet.a'),
      // Suppressions with reasons still work.
      finding('HP020', NET, 5, 'PrivateSubnetA'),
    ];
    const result = applySuppressions(findings, {
      model,
      fileSuppressions: buildModel().fileSuppressions,
      config: cfg,
      today: '2026-06-01',
    });
    expect(ids(result.active)).toEqual(['HP011 stacks/cluster.yaml:110 NoReasonSg', 'HP020 plans/prod.json:3 aws_subnet.a']);
    expect(ids(result.suppressed)).toEqual(['HP020 stacks/net.yaml:5 PrivateSubnetA']);
    expect(result.problems.map((p) => `${p.file}:${p.line} ${p.message}`)).toEqual([
      '.hyperpod-prereq.yml:9 Config ignore entry for HP020 (file plans/*.json) has no reason and requireSuppressionReason is on, so it suppresses nothing.',
      'stacks/cluster.yaml:104 Suppression of HP011 has no reason and requireSuppressionReason is on, so it suppresses nothing.',
    ]);
  });

  it('without requireSuppressionReason a missing reason is fine', () => {
    const { model } = buildModel();
    model.add(securityGroup('NoReasonSg', 100, [{ ruleId: 'HP011', loc: loc(STACK, 104) }]));
    const result = applySuppressions([finding('HP011', STACK, 110, 'NoReasonSg', `${STACK}#NoReasonSg`)], {
      model,
      fileSuppressions: new Map(),
      config: config(),
      today: '2026-06-01',
    });
    expect(result.suppressed[0]!.suppressedBy).toEqual({ source: 'inline' });
    expect(result.problems).toEqual([]);
  });

  it('unknown rule IDs and bad dates in inline suppressions are reported; a suppression without loc uses its owner', () => {
    const { model, fileSuppressions } = buildModel();
    model.add(securityGroup('TypoSg', 120, [{ ruleId: 'HP01O', reason: 'typo' }]));
    fileSuppressions.set('specs/x.yaml', [{ ruleId: 'HP012', reason: 'r', expires: '2026/12/31', loc: loc('specs/x.yaml', 2) }]);
    const result = applySuppressions([finding('HP012', 'specs/x.yaml', 9)], {
      model,
      fileSuppressions,
      config: config(),
      today: '2026-06-01',
    });
    expect(ids(result.active)).toEqual(['HP012 specs/x.yaml:9']);
    expect(result.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.resource ?? '-'} ${p.message}`)).toEqual([
      'specs/x.yaml:2:5 - Suppression of HP012 has expiry "2026/12/31", which is not a date in the form YYYY-MM-DD, so it suppresses nothing.',
      'stacks/cluster.yaml:120:3 TypoSg Suppression of HP01O names unknown rule ID "HP01O", so it suppresses nothing.',
    ]);
  });

  it('config rules can turn HP091 off or change its severity, per file', () => {
    const head = ['rules:', '  HP091: error', 'overrides:', '  - files: ["stacks/**"]', '    rules: { HP091: off }'];
    const { model } = buildModel();
    const fileSuppressions = new Map<string, Suppression[]>([
      ['specs/a.yaml', [{ ruleId: 'HP012', reason: 'r', expires: '2026-01-01', loc: loc('specs/a.yaml', 1) }]],
    ]);
    const result = applySuppressions([], { model, fileSuppressions, config: config([], head), today: '2027-01-01' });
    // The expired EfaSg suppression in stacks/ is silenced; the one in specs/ is an error.
    expect(result.problems.map((p) => `${p.severity} ${p.file}:${p.line}`)).toEqual(['error specs/a.yaml:1']);
  });

  it('the HP091 fingerprint does not change when the suppression moves', () => {
    const at = (line: number) => {
      const model = new Model();
      model.add(securityGroup('EfaSg', line, [{ ruleId: 'HP012', reason: 'r', expires: '2026-01-01', loc: loc(STACK, line + 4) }]));
      return applySuppressions([], { model, fileSuppressions: new Map(), config: defaultConfig(KNOWN), today: '2026-02-01' }).problems[0]!;
    };
    expect(at(10).line).toBe(14);
    expect(at(90).line).toBe(94);
    expect(at(10).fingerprint).toBe(at(90).fingerprint);
  });
});

describe('applySuppressions: summary counts', () => {
  it('splits a mixed run into active, suppressed and problems', () => {
    const findings = [
      finding('HP012', STACK, 52, 'EfaSg', `${STACK}#EfaSg`), // Metadata, expired on this date
      finding('HP030', SPEC, 12, 'workers'), // group comment
      finding('HP020', NET, 8, 'PrivateSubnetA'), // file
      finding('HP013', STACK, 77, 'OtherSg'), // config fingerprint
      finding('HP010', PLAN, 4, 'module.net.aws_security_group.efa[1]'), // config rule+file+resource
      finding('HP011', STACK, 52, 'EfaSg', `${STACK}#EfaSg`), // nothing
      finding('HP000', 'bad.yaml', 1), // nothing
    ];
    const result = run(findings, config(), '2027-02-01');
    expect({ active: result.active.length, suppressed: result.suppressed.length, problems: result.problems.length }).toEqual({
      active: 3,
      suppressed: 4,
      problems: 1,
    });
    expect(result.suppressed.map((f) => f.suppressedBy!.source)).toEqual(['inline', 'inline', 'config', 'config']);
    expect(ids(result.active)).toEqual(['HP012 stacks/cluster.yaml:52 EfaSg', 'HP011 stacks/cluster.yaml:52 EfaSg', 'HP000 bad.yaml:1']);
    expect(result.active.length + result.suppressed.length).toBe(findings.length);
  });

  it('an empty run with no suppressions gives empty lists', () => {
    const result = applySuppressions([], {
      model: new Model(),
      fileSuppressions: new Map(),
      config: defaultConfig(KNOWN),
      today: '2026-06-01',
    });
    expect(result).toEqual({ active: [], suppressed: [], problems: [] });
  });
});

describe('long suppression lists', () => {
  it('200k file-level suppressions are matched without spreading them into call arguments', () => {
    const COUNT = 200_000;
    const suppressions: Suppression[] = [];
    for (let i = 0; i < COUNT; i++) suppressions.push({ ruleId: i === COUNT - 1 ? 'HP020' : 'HP010', reason: `r${i}`, loc: loc(NET, 1) });
    const result = applySuppressions([finding('HP020', NET, 9), finding('HP011', NET, 12)], {
      model: new Model(),
      fileSuppressions: new Map([[NET, suppressions]]),
      config: defaultConfig(KNOWN),
      today: '2026-06-01',
    });
    expect(result.suppressed.map((f) => [f.ruleId, f.line, f.suppressedBy])).toEqual([
      ['HP020', 9, { source: 'inline', reason: `r${COUNT - 1}` }],
    ]);
    expect(result.active.map((f) => [f.ruleId, f.line])).toEqual([['HP011', 12]]);
    expect(result.problems).toEqual([]);
  });
});

describe('resource patterns in config ignore entries', () => {
  it('* is any text, ? one character, the rest literal', async () => {
    const { nameMatcher } = await import('../../src/engine/suppress.js');
    const efa = nameMatcher('module.net.aws_security_group.efa[*]');
    expect(efa('module.net.aws_security_group.efa[0]')).toBe(true);
    expect(efa('module.net.aws_security_group.efa["us-east-1a/private"]')).toBe(true);
    expect(efa('module.net.aws_security_group.efa')).toBe(false);
    expect(efa('moduleXnet.aws_security_group.efa[0]')).toBe(false);
    expect(nameMatcher('Subnet?')('SubnetA')).toBe(true);
    expect(nameMatcher('Subnet?')('SubnetAB')).toBe(false);
    expect(nameMatcher('(a|b)+')('(a|b)+')).toBe(true);
    expect(nameMatcher('(a|b)+')('a')).toBe(false);
  });

  it('* and ? span any character, line breaks included; a pattern of stars matches everything', async () => {
    const { nameMatcher } = await import('../../src/engine/suppress.js');
    expect(nameMatcher('a*b')('a\nx\nb')).toBe(true);
    expect(nameMatcher('a?b')('a\nb')).toBe(true);
    expect(nameMatcher('***')('')).toBe(true);
    expect(nameMatcher('')('')).toBe(true);
    expect(nameMatcher('')('a')).toBe(false);
    expect(nameMatcher('*.efa')('x.efa.efa')).toBe(true);
    expect(nameMatcher('*.efa')('x.efa.efaX')).toBe(false);
    expect(nameMatcher('a*b*c')('abXbcXc')).toBe(true);
    expect(nameMatcher('a*b?c')('abXbc')).toBe(false);
  });

  it('a hostile pattern with many stars is matched in linear-ish time (no exponential backtracking)', async () => {
    const { nameMatcher } = await import('../../src/engine/suppress.js');
    const hostile = nameMatcher('*a*a*a*a*a*a*a*a*b');
    // The regular expression it replaced took seconds at 45 characters and minutes at 60.
    let started = Date.now();
    expect(hostile('a'.repeat(45))).toBe(false);
    expect(Date.now() - started).toBeLessThan(100);
    started = Date.now();
    expect(hostile('a'.repeat(256))).toBe(false);
    expect(hostile(`${'a'.repeat(255)}b`)).toBe(true);
    expect(Date.now() - started).toBeLessThan(100);
  });
});
