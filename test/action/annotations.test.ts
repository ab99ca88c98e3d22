import { afterEach, describe, expect, it, vi } from 'vitest';
import * as core from '@actions/core';
import { emitAnnotations, toCheckAnnotations } from '../../src/action/annotations.js';
import type { RuleMeta } from '../../src/rules/types.js';
import { finding } from './fixtures.js';

const rules = new Map<string, RuleMeta>([
  [
    'HP010',
    { id: 'HP010', name: 'efa-sg-self-inbound', title: 't', defaultSeverity: 'error', description: 'd', docs: 'docs/rules/HP010.md' },
  ],
]);

function captureStdout(fn: () => void): string[] {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split(/\r?\n/).filter(Boolean));
    return true;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return lines;
}

afterEach(() => vi.restoreAllMocks());

describe('workflow-command annotations', () => {
  it('escapes %, CR, LF, : and , in properties, and %, CR, LF in the message', () => {
    const f = finding({
      file: 'stacks/a,b:c%d.yaml',
      line: 4,
      endLine: 4,
      column: 2,
      endColumn: 9,
      message: '100% of\r\nrules: a, b',
      fix: 'add it',
    });
    const out = captureStdout(() => emitAnnotations([f], rules, core));
    expect(out).toEqual([
      '::error title=HP010 efa-sg-self-inbound,file=stacks/a%2Cb%3Ac%25d.yaml,line=4,endLine=4,col=2,endColumn=9::100%25 of%0D%0Arules: a, b%0AFix: add it',
    ]);
  });

  it('omits columns on multi-line findings and marks pre-existing ones in the title', () => {
    const f = finding({ file: 'x.yaml', line: 4, endLine: 9, isNew: false, severity: 'warning' });
    const out = captureStdout(() => emitAnnotations([f], rules, core));
    expect(out).toEqual([`::warning title=HP010 efa-sg-self-inbound (pre-existing),file=x.yaml,line=4,endLine=9::${f.message}`]);
  });

  it('writes at most 10 per type, new findings first', () => {
    const many = Array.from({ length: 12 }, (_, i) => finding({ file: 'a.yaml', line: i + 1, isNew: i >= 6 }));
    const notes = [finding({ file: 'b.yaml', line: 1, severity: 'notice' })];
    let result = { emitted: 0, omitted: 0 };
    const out = captureStdout(() => (result = emitAnnotations([...many, ...notes], rules, core)));
    expect(result).toEqual({ emitted: 11, omitted: 2 });
    const errorLines = out.filter((l) => l.startsWith('::error')).map((l) => Number(/line=(\d+)/.exec(l)![1]));
    expect(errorLines).toEqual([7, 8, 9, 10, 11, 12, 1, 2, 3, 4]);
    expect(out.filter((l) => l.startsWith('::notice'))).toHaveLength(1);
  });

  it('stops at max-annotations', () => {
    const many = Array.from({ length: 5 }, (_, i) => finding({ file: 'a.yaml', line: i + 1 }));
    let result = { emitted: 0, omitted: 0 };
    const out = captureStdout(() => (result = emitAnnotations(many, rules, core, 2)));
    expect(result).toEqual({ emitted: 2, omitted: 3 });
    expect(out).toHaveLength(2);
    expect(captureStdout(() => emitAnnotations(many, rules, core, 0))).toEqual([]);
  });
});

describe('check-run annotations', () => {
  it('maps severities, caps the count and skips run-level findings', () => {
    const list = [
      finding({ file: '.', line: 1 }),
      finding({ file: 'a.yaml', line: 2, severity: 'notice' }),
      finding({ file: 'a.yaml', line: 3, endLine: 5, severity: 'warning' }),
      finding({ file: 'a.yaml', line: 1 }),
    ];
    const out = toCheckAnnotations(list, rules, 2);
    expect(out).toEqual([
      {
        path: 'a.yaml',
        start_line: 1,
        end_line: 1,
        start_column: 3,
        end_column: 20,
        annotation_level: 'failure',
        message: list[3].message,
        title: 'HP010 efa-sg-self-inbound',
      },
      {
        path: 'a.yaml',
        start_line: 3,
        end_line: 5,
        annotation_level: 'warning',
        message: list[2].message,
        title: 'HP010 efa-sg-self-inbound',
      },
    ]);
  });

  it('keeps a message within the 64 KB limit in UTF-8 bytes, not characters, and never splits a character', () => {
    const wide = '界'.repeat(30_000); // 90,000 bytes
    const [cut] = toCheckAnnotations([finding({ file: 'a.yaml', line: 1, message: wide })], rules, 1);
    expect(cut.message).toBe('界'.repeat(20_000));
    const ascii = 'x'.repeat(70_000);
    expect(toCheckAnnotations([finding({ file: 'a.yaml', line: 1, message: ascii })], rules, 1)[0].message).toBe('x'.repeat(60_000));
    const emoji = `x${'😀'.repeat(20_000)}`; // a 4-byte character would straddle byte 60,000
    expect(toCheckAnnotations([finding({ file: 'a.yaml', line: 1, message: emoji })], rules, 1)[0].message).toBe(`x${'😀'.repeat(14_999)}`);
  });
});
