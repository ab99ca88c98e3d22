import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { pathGlobMatcher } from '../../src/util/glob.js';

const CASES: [string, string][] = [
  ['**/*.yaml', 'a/b/c.yaml'],
  ['**/*.yaml', 'c.yaml'],
  ['**/*.yaml', 'c.yml'],
  ['infra/**', 'infra'],
  ['infra/**', 'infra/a/b'],
  ['infra/*.yaml', 'infra/a/b.yaml'],
  ['*.{yaml,yml}', 'x.yml'],
  ['*.{yaml,yml}', 'x.json'],
  ['**/examples/**', 'a/examples/b.json'],
  ['**/examples/**', 'examples'],
  ['[ab].json', 'a.json'],
  ['[a-c].json', 'd.json'],
  ['?.json', 'ab.json'],
  ['**/.github/**', '.github/x.yml'],
  ['*', '.hidden'],
  ['a/**/b', 'a/b'],
  ['a/**/b', 'a/x/y/b'],
  ['**', 'a/b'],
  ['./infra/*.yaml', 'infra/x.yaml'],
  ['**/*-test-*.yaml', 'x/a-test-b.yaml'],
  ['a*b', 'ab'],
  ['**/*.tf', 'mod/main.tf'],
];

describe('pathGlobMatcher', () => {
  it.each(CASES)('%s on %s matches as picomatch (dot: true) does', (pattern, file) => {
    expect(pathGlobMatcher([pattern])(file)).toBe(picomatch(pattern, { dot: true })(file));
  });

  it('a trailing / is the folder and everything under it; a leading ! negates; no pattern matches nothing', () => {
    expect(pathGlobMatcher(['legacy/'])('legacy/a/b.yaml')).toBe(true);
    expect(pathGlobMatcher(['legacy/'])('legacy')).toBe(true);
    expect(pathGlobMatcher(['!**/*.yaml'])('a.json')).toBe(true);
    expect(pathGlobMatcher([])('a.json')).toBe(false);
  });

  it('a pattern with many stars costs about what a simple one costs (no backtracking blow-up)', () => {
    const names = Array.from({ length: 200 }, (_, i) => `dir/${'a'.repeat(60)}${i}.yaml`);
    const time = (pattern: string): number => {
      const match = pathGlobMatcher([pattern]);
      let best = Number.POSITIVE_INFINITY;
      for (let round = 0; round < 5; round++) {
        const started = performance.now();
        for (const name of names) match(name);
        best = Math.min(best, performance.now() - started);
      }
      return Math.max(best, 0.05);
    };
    const simple = time('**/*b');
    const hostile = time('**/*a*a*a*a*a*a*a*a*a*a*a*a*a*b');
    // O(pattern × path): 14 stars against 1 is at most a small factor, never exponential.
    expect(hostile / simple).toBeLessThan(40);
  });
});
