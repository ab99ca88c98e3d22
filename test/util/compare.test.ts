import fc from 'fast-check';
import { describe, it } from 'vitest';
import { compareText } from '../../src/util/compare.js';

const sign = (n: number) => Math.sign(n);

describe('compareText', () => {
  it('orders as localeCompare: file names, rule IDs, instance types and anything else', () => {
    const word = (chars: string) => fc.string({ unit: fc.constantFrom(...chars), maxLength: 10 });
    const arb = fc.oneof(
      word('abcz019./-'),
      word('ABCZ019'),
      word('aAbB_-. /09éÅ'),
      fc.constantFrom(
        'stack-00.yaml',
        'stack-01.yaml',
        'a/b.yaml',
        'a-b.yaml',
        'a.b',
        'HP012',
        'E3012',
        'ml.p5.48xlarge',
        'Main.tf',
        'main.tf',
      ),
    );
    fc.assert(
      fc.property(arb, arb, (a, b) => sign(compareText(a, b)) === sign(a.localeCompare(b))),
      { numRuns: 20_000, seed: 11 },
    );
  });
});
