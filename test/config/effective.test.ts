import { describe, expect, it } from 'vitest';
import { configFor, parseConfig, ruleSetting } from '../../src/config/index.js';

const KNOWN = ['HP010', 'HP012', 'HP013', 'HP030'];

const { config, errors } = parseConfig(
  [
    'rules:',
    '  HP012: off',
    '  HP013: notice',
    '  HP030: { severity: warning }',
    'headroom: 0.25',
    'region: us-west-2',
    'overrides:',
    '  - files: ["services/training/**"]',
    '    rules:',
    '      HP012: error',
    '      HP013: { enabled: false }',
    '    region: eu-west-1',
    '    headroom: 1',
    '  - files: ["services/training/legacy/**", "plans/legacy-*.json"]',
    '    rules:',
    '      HP013: { enabled: true }',
    '      HP030: off',
    '    headroom: 0',
    '  - files: ["tf/"]',
    '    region: ap-south-1',
  ].join('\n'),
  '.hyperpod-prereq.yml',
  KNOWN,
);

describe('per-path overrides', () => {
  it('parses without errors', () => expect(errors).toEqual([]));

  it('a file no override matches gets the top-level settings', () => {
    expect(configFor(config, 'stacks/cluster.yaml')).toEqual({
      rules: {
        HP012: { enabled: false },
        HP013: { enabled: true, severity: 'notice' },
        HP030: { enabled: true, severity: 'warning' },
      },
      region: 'us-west-2',
      headroom: 0.25,
    });
    expect(ruleSetting(config, 'HP010', 'stacks/cluster.yaml')).toEqual({ enabled: true });
    expect(ruleSetting(config, 'HP012', 'stacks/cluster.yaml')).toEqual({ enabled: false });
  });

  it('one matching override replaces what it sets and keeps the rest', () => {
    expect(configFor(config, 'services/training/cluster.yaml')).toEqual({
      rules: {
        HP012: { enabled: true, severity: 'error' },
        // enabled: false keeps the severity set above, for when a later layer turns it back on
        HP013: { enabled: false, severity: 'notice' },
        HP030: { enabled: true, severity: 'warning' },
      },
      region: 'eu-west-1',
      headroom: 1,
    });
  });

  it('later entries win over earlier ones; region from the earlier one stays', () => {
    const file = 'services/training/legacy/old.json';
    expect(configFor(config, file)).toEqual({
      rules: {
        HP012: { enabled: true, severity: 'error' },
        HP013: { enabled: true, severity: 'notice' },
        HP030: { enabled: false, severity: 'warning' },
      },
      region: 'eu-west-1',
      headroom: 0,
    });
    expect(ruleSetting(config, 'HP013', file)).toEqual({ enabled: true, severity: 'notice' });
    expect(ruleSetting(config, 'HP030', file)).toEqual({ enabled: false, severity: 'warning' });
  });

  it('any glob of an entry may match; a trailing slash means the whole folder', () => {
    expect(configFor(config, 'plans/legacy-2024.json').headroom).toBe(0);
    expect(configFor(config, 'plans/current.json').headroom).toBe(0.25);
    expect(configFor(config, 'tf/modules/net/plan.json').region).toBe('ap-south-1');
    expect(configFor(config, 'tfx/plan.json').region).toBe('us-west-2');
  });

  it('paths are normalised before matching (./ prefix, backslashes)', () => {
    expect(configFor(config, './services/training/a.yaml').region).toBe('eu-west-1');
    expect(configFor(config, 'services\\training\\a.yaml').region).toBe('eu-west-1');
  });

  it('ruleSetting agrees with configFor for every rule and file', () => {
    const files = ['x.yaml', 'services/training/a.yaml', 'services/training/legacy/b.yaml', 'plans/legacy-1.json', 'tf/p.json'];
    for (const file of files) {
      const effective = configFor(config, file);
      for (const id of KNOWN) expect(ruleSetting(config, id, file)).toEqual(effective.rules[id] ?? { enabled: true });
    }
  });
});
