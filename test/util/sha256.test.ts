import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/util/sha256.js';

const reference = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('sha256Hex', () => {
  it('gives the FIPS 180-4 example digests', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('equals node:crypto at every padding boundary and on any text (UTF-8, surrogates)', () => {
    for (let n = 0; n < 300; n++) expect(sha256Hex('x'.repeat(n))).toBe(reference('x'.repeat(n)));
    expect(sha256Hex('é€😀\ud800')).toBe(reference('é€😀\ud800'));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => sha256Hex(text) === reference(text)),
      { numRuns: 500, seed: 3 },
    );
  });
});
