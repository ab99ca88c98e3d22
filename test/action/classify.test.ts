import { describe, expect, it } from 'vitest';
import { byImportance, markNew, toRepoPath, verdict } from '../../src/action/classify.js';
import { finding } from './fixtures.js';

describe('markNew', () => {
  it('matches by fingerprint, not line, and counts duplicates', () => {
    const base = [finding({ file: 'a.yaml', line: 3, fingerprint: 'x' }), finding({ file: 'a.yaml', line: 9, fingerprint: 'y' })];
    const head = [
      finding({ file: 'a.yaml', line: 5, fingerprint: 'x' }), // moved: pre-existing
      finding({ file: 'a.yaml', line: 6, fingerprint: 'x' }), // a second copy: new
      finding({ file: 'a.yaml', line: 7, fingerprint: 'z' }), // new
    ];
    markNew(head, base);
    expect(head.map((f) => f.isNew)).toEqual([false, true, true]);
  });
});

describe('verdict', () => {
  const head = [
    finding({ file: 'a.yaml', line: 1, severity: 'error', isNew: false }),
    finding({ file: 'a.yaml', line: 2, severity: 'warning', isNew: true }),
  ];
  it('counts only new findings with scope new', () => {
    expect(verdict(head, 'error', 'new').failed).toBe(false);
    expect(verdict(head, 'warning', 'new').failing.map((f) => f.line)).toEqual([2]);
  });
  it('counts every finding with scope all, and nothing with never', () => {
    expect(verdict(head, 'error', 'all').failing.map((f) => f.line)).toEqual([1]);
    expect(verdict(head, 'never', 'all').failed).toBe(false);
    expect(verdict(head, 'notice', 'all').failing).toHaveLength(2);
  });
  it('treats findings without classification (push events) as in scope', () => {
    expect(verdict([finding({ file: 'a', line: 1 })], 'error', 'new').failed).toBe(true);
  });
});

describe('ordering and paths', () => {
  it('puts new findings first, then severity', () => {
    const list = [
      finding({ file: 'a', line: 1, isNew: false, severity: 'error' }),
      finding({ file: 'b', line: 1, isNew: true, severity: 'notice' }),
      finding({ file: 'a', line: 2, isNew: true, severity: 'error' }),
    ].sort(byImportance);
    expect(list.map((f) => `${f.file}:${f.line}`)).toEqual(['a:2', 'b:1', 'a:1']);
  });
  it('prefixes the working directory', () => {
    expect(toRepoPath('infra', 'a.yaml')).toBe('infra/a.yaml');
    expect(toRepoPath('', 'a.yaml')).toBe('a.yaml');
    expect(toRepoPath('infra', '.')).toBe('.');
  });
});
