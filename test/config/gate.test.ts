// The gate settings of a pull request come from the base commit's config (#15 item 6).
import { describe, expect, it } from 'vitest';
import { gateChanges, gateConfig, parseConfig } from '../../src/config/index.js';

const KNOWN = ['HP001', 'HP010', 'HP012', 'HP030'];
const parse = (text: string) => {
  const { config, errors } = parseConfig(text, '.hyperpod-prereq.yml', KNOWN);
  expect(errors).toEqual([]);
  return config;
};

describe('gateChanges', () => {
  it('reports each changed gate key at its line in the head file, in file order', () => {
    const base = parse('headroom: 0.5\nrules:\n  HP012: off\n');
    const head = parse('# head\nrules:\n  HP012: off\n  HP001: notice\nexclude: [x/**]\nheadroom: 0.5\n');
    expect(gateChanges(head, base, '.hyperpod-prereq.yml').map((c) => [c.key, c.loc.line, c.removed])).toEqual([
      ['rules', 2, false],
      ['exclude', 5, false],
    ]);
  });

  it('is blind to key order, comments and moved lines, not to values', () => {
    const base = parse('rules: { HP012: off, HP030: warning }\nignore:\n  - rule: HP010\n    file: a.yaml\n');
    const moved = parse('\n\nignore:\n  - { file: a.yaml, rule: HP010 }\nrules:\n  HP030: warning\n  HP012: off\n');
    expect(gateChanges(moved, base, 'f')).toEqual([]);
    const widened = parse("rules: { HP012: off, HP030: warning }\nignore:\n  - rule: HP010\n    file: '**'\n");
    expect(gateChanges(widened, base, 'f').map((c) => c.key)).toEqual(['ignore']);
  });

  it('efaSecurityGroups is a gate key: a pull request cannot drop a group from the EFA checks', () => {
    const base = parse('efaSecurityGroups:\n  - net.yaml#NodeSg\n');
    const head = parse('# dropped\nefaSecurityGroups: []\n');
    expect(gateChanges(head, base, '.hyperpod-prereq.yml').map((c) => [c.key, c.loc.line])).toEqual([['efaSecurityGroups', 2]]);
    expect(gateConfig(head, base).efaSecurityGroups.map((e) => e.name)).toEqual(['net.yaml#NodeSg']);
  });

  it('a key the head removes is reported at the first line of the file', () => {
    const base = parse('limits:\n  maxFiles: 10\n');
    const head = parse('# nothing\n');
    expect(gateChanges(head, base, '.hyperpod-prereq.yml')).toEqual([
      { key: 'limits', removed: true, loc: { file: '.hyperpod-prereq.yml', line: 1, column: 1, endLine: 1, endColumn: 1 } },
    ]);
  });
});

describe('gateConfig', () => {
  it("takes every gate setting from the base and keeps the head's file name", () => {
    const base = parse('exclude: [a/**]\nheadroom: 1\n');
    const head = parse("exclude: ['**']\nheadroom: 0\nregion: us-west-2\n");
    const merged = gateConfig(head, base);
    expect(merged).toMatchObject({ exclude: ['a/**'], headroom: 1, file: '.hyperpod-prereq.yml' });
    expect(merged.region).toBeUndefined();
  });
});
