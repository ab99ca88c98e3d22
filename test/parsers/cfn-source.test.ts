import { describe, expect, it } from 'vitest';
import { parseYamlSource } from '../../src/parsers/yaml-source.js';
import { parseCloudFormation } from '../../src/parsers/cloudformation.js';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';

const read = (text: string, file = 't.yaml') => parseYamlSource(file, text, { limits: DEFAULT_LIMITS, cfnTags: true });
const at = (line: number, column: number, endLine: number, endColumn: number, file = 't.yaml') => ({
  file,
  line,
  column,
  endLine,
  endColumn,
});

describe('short-form tags → long form, with positions', () => {
  const text = [
    'Scalars:', // 1
    '  A: !Ref Vpc', // 2
    '  B: !GetAtt Sg.GroupId', // 3
    '  C: !GetAtt Stack.Outputs.SubnetId', // 4
    '  D: !Sub "arn:${AWS::Partition}:s3:::b"', // 5
    '  E: !Condition IsProd', // 6
    '  F: !GetAZs ""', // 7
    '  G: !ImportValue shared-vpc', // 8
    '  H: !Base64 text', // 9
    'Sequences:', // 10
    '  A: !GetAtt [Sg, GroupId]', // 11
    '  B: !Join [",", [a, b]]', // 12
    '  C: !Select [0, !GetAZs ""]', // 13
    '  D: !Split [",", "a,b"]', // 14
    '  E: !If [IsProd, 1, 2]', // 15
    '  F: !Equals [a, b]', // 16
    '  G: !And [!Condition X, !Condition Y]', // 17
    '  H: !Or [!Condition X, !Condition Y]', // 18
    '  I: !Not [!Condition X]', // 19
    '  J: !FindInMap [M, k, v]', // 20
    '  K: !Cidr [10.0.0.0/16, 2, 8]', // 21
    '  L: !Sub', // 22
    '    - "${A}-x"', // 23
    '    - A: !Ref B', // 24
    'Mappings:', // 25
    '  A: !Transform', // 26
    '    Name: AWS::Include', // 27
    '    Parameters: {Location: s3://b/k}', // 28
    '  B: !Base64 {"Fn::Sub": "x"}', // 29
  ].join('\n');
  const source = read(text);
  const doc = source.documents[0] as Record<string, Record<string, unknown>>;

  it('converts scalar forms', () => {
    expect(source.errors).toEqual([]);
    expect(doc.Scalars).toEqual({
      A: { Ref: 'Vpc' },
      B: { 'Fn::GetAtt': ['Sg', 'GroupId'] },
      C: { 'Fn::GetAtt': ['Stack', 'Outputs.SubnetId'] },
      D: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::b' },
      E: { Condition: 'IsProd' },
      F: { 'Fn::GetAZs': '' },
      G: { 'Fn::ImportValue': 'shared-vpc' },
      H: { 'Fn::Base64': 'text' },
    });
  });

  it('converts sequence forms', () => {
    expect(doc.Sequences).toEqual({
      A: { 'Fn::GetAtt': ['Sg', 'GroupId'] },
      B: { 'Fn::Join': [',', ['a', 'b']] },
      C: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      D: { 'Fn::Split': [',', 'a,b'] },
      E: { 'Fn::If': ['IsProd', 1, 2] },
      F: { 'Fn::Equals': ['a', 'b'] },
      G: { 'Fn::And': [{ Condition: 'X' }, { Condition: 'Y' }] },
      H: { 'Fn::Or': [{ Condition: 'X' }, { Condition: 'Y' }] },
      I: { 'Fn::Not': [{ Condition: 'X' }] },
      J: { 'Fn::FindInMap': ['M', 'k', 'v'] },
      K: { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] },
      L: { 'Fn::Sub': ['${A}-x', { A: { Ref: 'B' } }] },
    });
  });

  it('converts mapping forms', () => {
    expect(doc.Mappings).toEqual({
      A: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } } },
      B: { 'Fn::Base64': { 'Fn::Sub': 'x' } },
    });
  });

  it('locates a tagged value from its tag to its end', () => {
    expect(source.locOf(doc.Scalars, 'A')).toEqual(at(2, 6, 2, 14));
    expect(source.locOf(doc.Scalars, 'B')).toEqual(at(3, 6, 3, 24));
    expect(source.locOf(doc.Sequences, 'B')).toEqual(at(12, 6, 12, 25));
    expect(source.locOf(doc.Sequences, 'L')).toEqual(at(22, 6, 24, 16));
    expect(source.locOf(doc.Mappings, 'A')).toEqual(at(26, 6, 28, 37));
  });

  it('locates keys, nested items and intrinsic arguments', () => {
    expect(source.keyLocOf(doc, 'Sequences')).toEqual(at(10, 1, 10, 10));
    const join = (doc.Sequences!.B as Record<string, unknown[]>)['Fn::Join']!;
    expect(source.locOf(join[1], 1)).toEqual(at(12, 22, 12, 23));
    const sub = (doc.Sequences!.L as Record<string, unknown[]>)['Fn::Sub']!;
    expect(source.locOf(sub, 0)).toEqual(at(23, 7, 23, 15));
    expect(source.locOf(sub[1], 'A')).toEqual(at(24, 10, 24, 16));
  });

  it('tolerates an unknown tag, keeping the value and a positioned warning', () => {
    const s = read('Tags: !Tags\n  - Key: a\nOther: !Whatever x\n');
    expect(s.errors).toEqual([]);
    expect(s.documents[0]).toEqual({ Tags: [{ Key: 'a' }], Other: 'x' });
    expect(s.warnings).toEqual([
      { line: 1, column: 7, message: 'unknown tag !Tags: value kept as written' },
      { line: 3, column: 8, message: 'unknown tag !Whatever: value kept as written' },
    ]);
  });

  it('keeps tags as plain values when CloudFormation tags are off', () => {
    const s = parseYamlSource('s.yaml', 'A: !Ref X\n', { limits: DEFAULT_LIMITS });
    expect(s.documents[0]).toEqual({ A: 'X' });
    expect(s.warnings).toHaveLength(1);
  });
});

describe('text handling', () => {
  it('strips a BOM and handles CRLF without shifting columns', () => {
    const s = read('\uFEFFA: 1\r\nB:\r\n  - !Ref X\r\n');
    expect(s.errors).toEqual([]);
    expect(s.documents[0]).toEqual({ A: 1, B: [{ Ref: 'X' }] });
    expect(s.keyLocOf(s.documents[0], 'A')).toEqual(at(1, 1, 1, 2));
    expect(s.locOf((s.documents[0] as { B: unknown }).B, 0)).toEqual(at(3, 5, 3, 11));
  });

  it('reads JSON with exact positions', () => {
    const s = read('{\n  "A": {"B": [1, "two"]}\n}\n', 't.json');
    const doc = s.documents[0] as { A: { B: unknown[] } };
    expect(doc).toEqual({ A: { B: [1, 'two'] } });
    expect(s.locOf(doc.A.B, 1)).toEqual(at(2, 18, 2, 23, 't.json'));
    expect(s.keyLocOf(doc.A, 'B')).toEqual(at(2, 9, 2, 12, 't.json'));
  });

  it('keeps YAML 1.2 core types: dates and yes/no stay strings', () => {
    const s = read('AWSTemplateFormatVersion: 2010-09-09\nA: yes\nB: -1\nC: 0x10\n');
    expect(s.documents[0]).toEqual({ AWSTemplateFormatVersion: '2010-09-09', A: 'yes', B: -1, C: 16 });
  });

  it('keeps a __proto__ key as an own property', () => {
    const s = read('{"__proto__": {"polluted": true}}', 'p.json');
    const doc = s.documents[0] as Record<string, unknown>;
    expect(Object.prototype.hasOwnProperty.call(doc, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('errors with parser positions', () => {
  it('malformed YAML', () => {
    const s = read('A: [1, 2\nB: 3\n');
    expect(s.errors[0]).toMatchObject({ file: 't.yaml', line: 2, column: 1 });
    expect(s.errors[0]!.message).toMatch(/flow sequence/i);
  });

  it('malformed JSON', () => {
    const s = read('{\n  "a": 1,\n  "b": [1, 2\n}\n', 'bad.json');
    expect(s.errors[0]).toMatchObject({ file: 'bad.json', line: 4, column: 1 });
  });

  it('tab indentation', () => {
    expect(read('A:\n\tB: 1\n').errors).toEqual([{ file: 't.yaml', line: 2, column: 1, message: 'Tabs are not allowed as indentation' }]);
  });

  it('duplicate mapping keys', () => {
    expect(read('Resources:\n  A: 1\n  B: 2\n  A: 3\n').errors).toEqual([
      { file: 't.yaml', line: 4, column: 3, message: 'Map keys must be unique' },
    ]);
    expect(read('{"a": 1,\n "a": 2}', 'd.json').errors).toEqual([
      { file: 'd.json', line: 2, column: 2, message: 'Map keys must be unique' },
    ]);
  });

  it('unknown alias', () => {
    expect(read('A: *nothing\n').errors[0]).toMatchObject({ line: 1, column: 4 });
  });
});

describe('safety limits', () => {
  const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    laughs.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  const billion = laughs.join('\n') + '\n';

  it('stops a billion-laughs document fast, with the position of the alias', () => {
    const started = performance.now();
    const s = read(billion);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(s.errors).toEqual([
      {
        file: 't.yaml',
        line: 5,
        column: 8,
        message: 'more than 1000 alias expansions (possible billion-laughs document)',
      },
    ]);
    expect(s.documents).toEqual([undefined]);
  });

  it('a billion-laughs template becomes an HP000-ready error, not a crash', () => {
    const started = performance.now();
    const parsed = parseCloudFormation('b.yaml', billion, { limits: DEFAULT_LIMITS });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(parsed.kind).toBe('cloudformation');
    expect(parsed.entities).toEqual([]);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]!.line).toBe(5);
  });

  it('honours a lower maxAliasCount and allows ordinary aliases', () => {
    const text = 'x: &x {A: 1}\ny: *x\nz: *x\n';
    expect(read(text).documents[0]).toEqual({ x: { A: 1 }, y: { A: 1 }, z: { A: 1 } });
    const strict = parseYamlSource('t.yaml', text, { limits: { ...DEFAULT_LIMITS, maxAliasCount: 1 } });
    expect(strict.errors).toEqual([
      { file: 't.yaml', line: 3, column: 4, message: 'more than 1 alias expansions (possible billion-laughs document)' },
    ]);
  });

  it('enforces maxDepth with the position of the first too-deep node', () => {
    const deep = '['.repeat(205) + ']'.repeat(205);
    expect(read(deep, 'deep.json').errors).toEqual([
      { file: 'deep.json', line: 1, column: 201, message: 'nesting deeper than 200 levels' },
    ]);
    expect(read('['.repeat(150) + ']'.repeat(150), 'ok.json').errors).toEqual([]);
  });

  it('survives absurd nesting that would overflow the stack', () => {
    const s = read('['.repeat(30_000), 'huge.json');
    expect(s.errors.length).toBeGreaterThan(0);
    expect(s.errors[0]!.line).toBe(1);
  });

  it('enforces maxDocuments', () => {
    const text = Array.from({ length: 4 }, (_, i) => `a: ${i}`).join('\n---\n');
    const s = parseYamlSource('m.yaml', text, { limits: { ...DEFAULT_LIMITS, maxDocuments: 3 } });
    expect(s.errors).toEqual([{ file: 'm.yaml', line: 6, column: 1, message: 'more than 3 YAML documents in one file' }]);
    expect(s.documents).toHaveLength(3);
  });
});

describe('JSON syntax', () => {
  it('reads escapes, unicode, numbers and literals with positions', () => {
    const s = read('{"a\\"b": "x\\ny\\u00e9", "n": [-1.5e2, 0, true, false, null, 123456789012345678901]}', 'j.json');
    expect(s.errors).toEqual([]);
    const doc = s.documents[0] as Record<string, unknown>;
    expect(doc).toEqual({ 'a"b': 'x\nyé', n: [-150, 0, true, false, null, '123456789012345678901'] });
    expect(s.keyLocOf(doc, 'a"b')).toEqual(at(1, 2, 1, 8, 'j.json'));
    expect(s.locOf(doc.n, 5)).toEqual(at(1, 60, 1, 81, 'j.json'));
    expect(s.rootLocs[0]).toEqual(at(1, 1, 1, 83, 'j.json'));
  });

  it.each([
    ['{"a": "x', 1, 9, 'invalid JSON: Unterminated string'],
    ['{"a": "x\ty"}', 1, 9, 'invalid JSON: Bad control character in string literal'],
    ['{"a": "\\q"}', 1, 7, 'invalid JSON: Bad escaped character'],
    ['{"a": 1} x', 1, 10, 'invalid JSON: Unexpected non-whitespace character after JSON'],
    ['{"a" 1}', 1, 6, "invalid JSON: Expected ':' after property name"],
    ['[1 2]', 1, 4, "invalid JSON: Expected ',' or ']' after array element"],
    ['{"a": 01}', 1, 8, "invalid JSON: Expected ',' or '}' after property value"],
    ['[', 1, 2, 'invalid JSON: unexpected character "end of input"'],
  ])('%j → error at %i:%i', (text, line, column, message) => {
    expect(read(text, 'e.json').errors).toEqual([{ file: 'e.json', line, column, message }]);
  });

  it('rejects what YAML would accept in a JSON file, at the exact position', () => {
    expect(read('{"a": 1,}', 'x.json').errors).toEqual([
      { file: 'x.json', line: 1, column: 9, message: 'invalid JSON: Expected double-quoted property name' },
    ]);
    expect(read('{\n  "a": tru\n}', 'x.json').errors).toEqual([
      { file: 'x.json', line: 2, column: 8, message: 'invalid JSON: unexpected character "t"' },
    ]);
  });
});

describe('numbers written as digits', () => {
  it('keeps leading zeros and huge integers as written', () => {
    const s = read('Account: 012345678901\nBig: 123456789012345678901\nPort: 443\nNeg: -1\nZero: 0\nRatio: 0.5\n');
    expect(s.documents[0]).toEqual({ Account: '012345678901', Big: '123456789012345678901', Port: 443, Neg: -1, Zero: 0, Ratio: 0.5 });
  });
});
