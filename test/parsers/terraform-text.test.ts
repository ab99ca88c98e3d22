import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';
import { parseTerraformPlan } from '../../src/parsers/terraform.js';
import { addressOffsets, lineColumns, locateJsonError, scanStructure } from '../../src/parsers/terraform-text.js';

/** A JSON text with one character inserted or a few removed: usually invalid. */
const damagedJson = fc
  .tuple(fc.json(), fc.nat(), fc.nat(), fc.constantFrom('', '}', ']', ',', '"', ':', '\\', 'x', '\n', '\u0001', '{', '[', 't', 'nul'))
  .map(([json, p, q, insert]) => {
    const at = p % (json.length + 1);
    return insert === '' ? json.slice(0, at) + json.slice(at + 1 + (q % 3)) : json.slice(0, at) + insert + json.slice(at);
  });

function parseError(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('locateJsonError', () => {
  it('finds -1 for valid JSON', () => {
    fc.assert(fc.property(fc.json(), (json) => locateJsonError(json) === -1 && locateJsonError(` ${json}\n`) === -1));
  });

  it('points at the token V8 names when V8 gives no position', () => {
    let checked = 0;
    fc.assert(
      fc.property(damagedJson, (text) => {
        const message = parseError(text);
        const token = message && /^Unexpected token '(.+?)', /s.exec(message)?.[1];
        if (!token) return true;
        checked++;
        const at = locateJsonError(text);
        return text.slice(at, at + token.length) === token;
      }),
      { numRuns: 3000 },
    );
    expect(checked).toBeGreaterThan(300);
  });

  it('agrees with V8 positions for structural and string errors', () => {
    fc.assert(
      fc.property(damagedJson, (text) => {
        const message = parseError(text);
        const position = message && /position (\d+)/.exec(message)?.[1];
        if (!position || !/^(Expected|Bad control|Unexpected non-whitespace|Unterminated string|Bad escaped)/.test(message)) {
          return true;
        }
        return locateJsonError(text) === Number(position);
      }),
      { numRuns: 3000 },
    );
  });

  it('does not recurse on deep input', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(199_999);
    expect(locateJsonError(deep)).toBe(deep.length);
  });
});

describe('scanStructure', () => {
  it('finds top-level keys and ignores brackets and escaped quotes inside strings', () => {
    const text = '{\n  "a": "x{[\\"]}",\n  "b": {"c": ["]"]},\n  "d\\"e": 1\n}';
    expect(scanStructure(text, 10)).toEqual({
      topLevelKeys: [
        { key: 'a', offset: 4 },
        { key: 'b', offset: 22 },
        { key: 'd"e', offset: 43 },
      ],
    });
    // The "[" inside the string at offset 12 does not count; the array at 33 is depth 3.
    expect(scanStructure(text, 2).tooDeepAt).toBe(33);
    expect(text[33]).toBe('[');
  });
});

describe('addressOffsets and lineColumns', () => {
  it('finds escaped addresses and only the wanted ones, first occurrence first', () => {
    const text = '[{"address": "module.sg[\\"a\\"].aws_security_group.x"},\n{"address":"b"},{"address" : "b"}]';
    const all = addressOffsets(text, 0, text.length);
    expect([...all.keys()]).toEqual(['module.sg["a"].aws_security_group.x', 'b']);
    expect(all.get('b')).toEqual({ start: 56, end: 69 });
    const some = addressOffsets(text, 0, text.length, new Set(['b']));
    expect([...some.keys()]).toEqual(['b']);
    expect(addressOffsets(text, 60, text.length).get('b')).toEqual({ start: 72, end: 87 });
    expect(lineColumns(text, [72, 0, 56, text.length])).toEqual([
      { line: 2, column: 18 },
      { line: 1, column: 1 },
      { line: 2, column: 2 },
      { line: 2, column: 35 },
    ]);
  });
});

describe('large plans', () => {
  it('parses a plan of tens of thousands of resources in time linear with JSON.parse', () => {
    const parts: string[] = [];
    for (let i = 0; i < 30_000; i++) {
      const type = i % 10 === 0 ? 'aws_subnet' : 'aws_instance';
      parts.push(
        JSON.stringify(
          {
            address: `module.m${i % 40}.${type}.r[${i}]`,
            module_address: `module.m${i % 40}`,
            mode: 'managed',
            type,
            name: 'r',
            index: i,
            change: {
              actions: ['create'],
              before: null,
              after: { cidr_block: `10.${(i >> 8) & 255}.${i & 255}.0/24`, tags: { Name: `n${i}` }, user_data: 'echo hi '.repeat(20) },
              after_unknown: { id: true, vpc_id: true },
            },
          },
          null,
          2,
        ),
      );
    }
    const text = `{\n"format_version": "1.2",\n"resource_changes": [\n${parts.join(',\n')}\n],\n"configuration": {"root_module": {}}\n}\n`;
    const t0 = performance.now();
    JSON.parse(text);
    const bare = performance.now() - t0;
    const t1 = performance.now();
    const parsed = parseTerraformPlan('big.json', text, { limits: DEFAULT_LIMITS });
    const elapsed = performance.now() - t1;
    expect(parsed.errors).toEqual([]);
    expect(parsed.entities).toHaveLength(3000);
    const last = parsed.entities.at(-1)!;
    expect(last.name).toBe('module.m30.aws_subnet.r[29990]');
    const offset = text.indexOf('"address": "module.m30.aws_subnet.r[29990]"');
    expect(last.loc.line).toBe(text.slice(0, offset).split('\n').length);
    // Generous bound: catches quadratic work, not machine noise.
    expect(elapsed).toBeLessThan(bare * 10 + 2000);
  });
});

describe('robustness', () => {
  it('never throws and never leaks internal markers when any attribute becomes known only after apply', async () => {
    const { readFileSync } = await import('node:fs');
    const base = JSON.parse(readFileSync('fixtures/parsers/terraform/eks/plan.json', 'utf8')) as {
      resource_changes: { change: { after: unknown; after_unknown: unknown } }[];
    };
    /** Marks the attribute at a random path of `after` as unknown. */
    const markUnknown = (after: unknown, choice: number[]): unknown => {
      if (typeof after !== 'object' || after === null) return true;
      const keys = Object.keys(after);
      if (!keys.length || choice.length === 0) return true;
      const k = keys[choice[0]! % keys.length]!;
      const inner = markUnknown((after as Record<string, unknown>)[k], choice.slice(1));
      return Array.isArray(after) ? after.map((_, i) => (String(i) === k ? inner : false)) : { [k]: inner };
    };
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.array(fc.nat(), { maxLength: 4 })), { maxLength: 6 }), (marks) => {
        const doc = structuredClone(base);
        for (const [which, path] of marks) {
          const rc = doc.resource_changes[which % doc.resource_changes.length]!;
          rc.change.after_unknown = markUnknown(rc.change.after, path);
        }
        const parsed = parseTerraformPlan('fuzz.json', JSON.stringify(doc), { limits: DEFAULT_LIMITS });
        expect(parsed.errors).toEqual([]);
        expect(structuredClone(parsed)).toEqual(parsed);
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
