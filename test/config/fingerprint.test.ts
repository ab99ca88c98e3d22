import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { fingerprint, FINGERPRINT_LENGTH } from '../../src/engine/fingerprint.js';

describe('fingerprint', () => {
  it('is the first 32 hex characters of SHA-256 over rule, file, resource and detail', () => {
    const text = '["HP010","stacks/a.yaml","EfaSg","self-inbound"]';
    const expected = createHash('sha256').update(text).digest('hex').slice(0, 32);
    expect(fingerprint({ ruleId: 'HP010', file: 'stacks/a.yaml', resource: 'EfaSg', detail: 'self-inbound' })).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{32}$/);
    expect(FINGERPRINT_LENGTH).toBe(32);
  });

  it('does not depend on lines (there is no line input) and is stable across calls', () => {
    const parts = { ruleId: 'HP030', file: 'plan.json', resource: 'aws_subnet.private[0]' };
    expect(fingerprint(parts)).toBe(fingerprint({ ...parts }));
  });

  it('normalises the path: ./ prefix and backslashes give the same value', () => {
    const a = fingerprint({ ruleId: 'HP001', file: 'stacks/cluster.yaml' });
    expect(fingerprint({ ruleId: 'HP001', file: './stacks/cluster.yaml' })).toBe(a);
    expect(fingerprint({ ruleId: 'HP001', file: 'stacks\\cluster.yaml' })).toBe(a);
  });

  it('changes with each part', () => {
    const base = { ruleId: 'HP010', file: 'a.yaml', resource: 'Sg', detail: 'x' };
    const values = new Set([
      fingerprint(base),
      fingerprint({ ...base, ruleId: 'HP011' }),
      fingerprint({ ...base, file: 'b.yaml' }),
      fingerprint({ ...base, resource: 'Sg2' }),
      fingerprint({ ...base, detail: 'y' }),
      fingerprint({ ...base, resource: undefined }),
    ]);
    expect(values.size).toBe(6);
  });

  it('moving text between parts changes the value (no ambiguous concatenation)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, unit: 'binary' }), fc.string({ minLength: 1, unit: 'binary' }), (left, right) => {
        const joined = fingerprint({ ruleId: 'HP010', file: 'f', resource: left + right, detail: '' });
        const split = fingerprint({ ruleId: 'HP010', file: 'f', resource: left, detail: right });
        return joined !== split;
      }),
    );
  });
});
