import { describe, expect, it } from 'vitest';
import { isFindingsExitCode, parseCfnLintOutput } from '../../src/cfnlint/to-findings.js';
import { escapeGlob, findReservedArg, toBatches } from '../../src/cfnlint/run.js';

const result = (overrides: Record<string, unknown> = {}) => ({
  Filename: 'stacks/net.yaml',
  Level: 'Warning',
  Location: { Start: { LineNumber: 3, ColumnNumber: 2 }, End: { LineNumber: 3, ColumnNumber: 9 }, Path: ['Parameters', 'X'] },
  Message: 'Parameter X not used.',
  Rule: {
    Id: 'W2001',
    ShortDescription: 'Check if Parameters are Used',
    Description: 'Making sure',
    Source: 'https://github.com/aws-cloudformation/cfn-lint',
  },
  ...overrides,
});

describe('parseCfnLintOutput', () => {
  it('maps a result and derives rule metadata', () => {
    const parsed = parseCfnLintOutput(JSON.stringify([result()]), 4, '/repo');
    expect(parsed.findings).toEqual([
      {
        ruleId: 'cfn-lint/W2001',
        severity: 'warning',
        file: 'stacks/net.yaml',
        line: 3,
        column: 2,
        endLine: 3,
        endColumn: 9,
        message: 'Parameter X not used.',
        fingerprint: '',
        docs: 'https://github.com/aws-cloudformation/cfn-lint',
      },
    ]);
    expect(parsed.rules).toEqual([
      {
        id: 'cfn-lint/W2001',
        name: 'check-if-parameters-are-used',
        title: 'Check if Parameters are Used',
        defaultSeverity: 'warning',
        description: 'Making sure',
        docs: 'https://github.com/aws-cloudformation/cfn-lint',
      },
    ]);
  });

  it('makes absolute and ./ file names relative to cwd', () => {
    const parsed = parseCfnLintOutput(
      JSON.stringify([result({ Filename: '/repo/a/b.yaml' }), result({ Filename: './c.yaml' })]),
      4,
      '/repo',
    );
    expect(parsed.findings.map((f) => f.file)).toEqual(['a/b.yaml', 'c.yaml']);
  });

  it('falls back to the rule ID letter for the level, and to line 1 column 1 without a location', () => {
    const parsed = parseCfnLintOutput(JSON.stringify([result({ Level: undefined, Location: null, Rule: { Id: 'I3011' } })]), 8, '/repo');
    expect(parsed.findings[0]).toMatchObject({
      severity: 'notice',
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      message: 'Parameter X not used.',
    });
    expect(parsed.findings[0]!.docs).toBeUndefined();
  });

  it('takes a Level named like an Object property (constructor, __proto__) as unknown: the rule ID letter decides', () => {
    const parsed = parseCfnLintOutput(
      JSON.stringify([result({ Level: 'Constructor' }), result({ Level: '__proto__', Rule: { Id: 'E3012' } })]),
      6,
      '/repo',
    );
    expect(parsed.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['cfn-lint/W2001', 'warning'],
      ['cfn-lint/E3012', 'error'],
    ]);
  });

  it('never lets the end come before the start', () => {
    const parsed = parseCfnLintOutput(
      JSON.stringify([result({ Location: { Start: { LineNumber: 9, ColumnNumber: 4 }, End: { LineNumber: 2, ColumnNumber: 1 } } })]),
      4,
      '/repo',
    );
    expect(parsed.findings[0]).toMatchObject({ line: 9, column: 4, endLine: 9, endColumn: 4 });
  });

  it('drops E3030 on an instance group type of a SageMaker cluster only when the API model accepts the type', () => {
    const e3030 = (type: string, resource = 'Cluster', list = 'InstanceGroups') =>
      result({
        Level: 'Error',
        Filename: '/repo/stacks/cluster.yaml',
        Location: {
          Start: { LineNumber: 9, ColumnNumber: 25 },
          End: { LineNumber: 9, ColumnNumber: 39 },
          Path: ['Resources', resource, 'Properties', list, 0, 'InstanceType'],
        },
        Message: `'${type}' is not one of ['ml.c5.12xlarge', 'ml.c5.18xlarge']`,
        Rule: { Id: 'E3030', ShortDescription: 'Check if properties have a valid value' },
      });
    const items = [
      e3030('ml.g4dn.xlarge'),
      e3030('ml.g7.48xlarge', 'Cluster', 'RestrictedInstanceGroups'),
      e3030('ml.p5.96xlarge'),
      e3030('ml.g4dn.xlarge', 'Other'),
    ];
    const clusters = new Set(['stacks/cluster.yaml#Cluster']);
    const parsed = parseCfnLintOutput(JSON.stringify(items), 2, '/repo', { sageMakerClusters: clusters });
    expect(parsed.droppedInstanceTypes).toEqual(['ml.g4dn.xlarge', 'ml.g7.48xlarge']);
    expect(parsed.findings.map((f) => [f.resource, f.message.slice(0, 16)])).toEqual([
      ['Cluster', "'ml.p5.96xlarge'"],
      ['Other', "'ml.g4dn.xlarge'"],
    ]);
    // Without the cluster list nothing is dropped; the exit code still matches when every error was dropped.
    expect(parseCfnLintOutput(JSON.stringify(items), 2, '/repo').findings).toHaveLength(4);
    expect(parseCfnLintOutput(JSON.stringify([items[0]]), 2, '/repo', { sageMakerClusters: clusters }).findings).toEqual([]);
  });

  it('rejects output that is not a list of cfn-lint results', () => {
    expect(() => parseCfnLintOutput('{}', 0, '/r')).toThrow('its JSON output is not a list of results (exit code 0)');
    expect(() => parseCfnLintOutput('[1]', 0, '/r')).toThrow('result #1 of its JSON output has no Rule');
    expect(() => parseCfnLintOutput(JSON.stringify([result({ Rule: { Id: 'oops' } })]), 4, '/r')).toThrow(
      'result #1 has an unexpected rule ID "oops"',
    );
    expect(() => parseCfnLintOutput(JSON.stringify([result({ Level: 'Fatal', Rule: { Id: 'X1' } })]), 4, '/r')).toThrow(
      'result #1 (X1) has an unknown level "Fatal"',
    );
  });

  it('checks every announced exit-code level against the output', () => {
    const warningOnly = JSON.stringify([result()]);
    expect(() => parseCfnLintOutput(warningOnly, 6, '/r')).toThrow('exit code 6 announces error findings that its output does not contain');
    expect(parseCfnLintOutput(warningOnly, 0, '/r').findings).toHaveLength(1);
  });
});

describe('helpers', () => {
  it('accepts only bitmask exit codes made of 2, 4 and 8', () => {
    expect([0, 2, 4, 6, 8, 10, 12, 14].every(isFindingsExitCode)).toBe(true);
    expect([1, 3, 16, 32, 18, 127, -1, 1.5].some(isFindingsExitCode)).toBe(false);
  });

  it('escapes glob characters the way Python glob.escape does', () => {
    expect(escapeGlob('a[1]/b*?.yaml')).toBe('a[[]1]/b[*][?].yaml');
    expect(escapeGlob('plain/file.yaml')).toBe('plain/file.yaml');
  });

  it('bounds batches by file count and by characters', () => {
    expect(toBatches(['a', 'b', 'c', 'd', 'e'], 2, 1000)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(toBatches(['aaaa', 'bbbb', 'cccc'], 100, 10)).toEqual([['aaaa', 'bbbb'], ['cccc']]);
    expect(toBatches(['x'.repeat(50)], 100, 10)).toEqual([['x'.repeat(50)]]);
    expect(toBatches([])).toEqual([]);
  });

  it('finds reserved options in extra arguments but lets others through', () => {
    expect(findReservedArg(['-i', 'W3010', '--include-checks', 'I', '-x', 'E3012:strict=true', '--regions', 'us-west-2'])).toBeUndefined();
    expect(findReservedArg(['--format', 'sarif'])).toBe('--format');
    expect(findReservedArg(['--format=sarif'])).toBe('--format');
    expect(findReservedArg(['-fsarif'])).toBe('-f');
    expect(findReservedArg(['--output-file', 'x'])).toBe('--output-file');
    expect(findReservedArg(['--', 'extra.yaml'])).toBe('--');
  });
});
