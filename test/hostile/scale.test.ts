import { describe, expect, it } from 'vitest';
import { Model } from '../../src/model/model.js';
import type { ParsedFile } from '../../src/model/types.js';
import { appendAll } from '../../src/util/arrays.js';

describe('large inputs', () => {
  it('merges hundreds of thousands of unverified items without overflowing the stack', () => {
    const unverified = Array.from({ length: 300_000 }, (_, i) => ({ file: 'plan.json', line: i + 1, reason: 'unknown until apply' }));
    const parsed: ParsedFile = { file: 'plan.json', kind: 'terraform-plan', entities: [], errors: [], unverified, suppressions: [] };
    const model = Model.fromParsed([parsed]);
    expect(model.unverified).toHaveLength(300_000);
  });

  it('appendAll keeps order and works past the argument-count limit', () => {
    const target = [0];
    appendAll(
      target,
      Array.from({ length: 500_000 }, (_, i) => i + 1),
    );
    expect(target).toHaveLength(500_001);
    expect(target[500_000]).toBe(500_000);
  });
});
