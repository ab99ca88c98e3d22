/**
 * The outline the fix layer edits with, taken from the scan's own parse (parsers/cfn-outline.ts), equals the one
 * read with the `yaml` package (fix/cfn-document.ts) on every text it is given for: the repository's templates,
 * the benchmark templates, and generated templates in varied styles. Where they could differ, there is none.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outlineFromSource } from '../../src/parsers/cfn-outline.js';
import { outlineFromDocument } from '../../src/fix/cfn-document.js';
import { parseYamlSource } from '../../src/parsers/yaml-source.js';
import { parseCloudFormation } from '../../src/parsers/cloudformation.js';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';
import { KEYS, TAGS, render, styleArb, treeArb, type Gen } from '../helpers/yaml-gen.js';
// @ts-expect-error plain JS benchmark generator without types
import { stackTemplate } from '../../scripts/bench-inputs.mjs';

const generateStack = stackTemplate as (i: number, bytes: number) => string;

/** Outlines from both paths of the scan's reader (fast and Composer); undefined when either has none. */
function fromScan(text: string, file = 'template.yaml') {
  const outlines = [false, true].map((composerOnly) =>
    outlineFromSource(parseYamlSource(file, text, { limits: DEFAULT_LIMITS, cfnTags: true, composerOnly }), text),
  );
  // Both paths give one outline, or the fast one declines (it then takes the Composer's place in the scan).
  if (outlines[0] !== undefined && outlines[1] !== undefined) expect(outlines[0]).toEqual(outlines[1]);
  return outlines;
}

function compare(text: string, file = 'template.yaml'): boolean {
  const expected = outlineFromDocument(text);
  let compared = false;
  for (const outline of fromScan(text, file)) {
    if (outline === undefined) continue;
    expect(outline).toEqual(expected);
    compared = true;
  }
  return compared;
}

function templateFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ya?ml|json|template)$/i.test(name)) files.push(full);
    }
  };
  walk('fixtures');
  return files;
}

describe('template outline from the scan parse', () => {
  it('equals the yaml package outline on every fixture with Resources', () => {
    let compared = 0;
    for (const file of templateFiles()) {
      const text = readFileSync(file, 'utf8');
      if (!text.includes('Resources')) continue;
      if (compare(text, file)) compared++;
    }
    // Most fixtures have an outline: the comparison is not vacuous.
    expect(compared).toBeGreaterThan(80);
  });

  it('equals it on the benchmark templates, which all have one (also as JSON and with CRLF)', () => {
    for (let i = 0; i < 6; i++) {
      const text = generateStack(i, 20_000);
      expect(compare(text)).toBe(true);
      expect(compare(text.replace(/\n/g, '\r\n'))).toBe(true);
      const parsed = parseCloudFormation('t.yaml', text, { limits: DEFAULT_LIMITS });
      expect(parsed.outline).toEqual(outlineFromDocument(text));
      const json = JSON.stringify(parsed.errors.length ? {} : { Resources: { A: { Type: 'X', Properties: { B: 1 } } } }, null, 2);
      expect(compare(json, 't.json')).toBe(true);
    }
  });

  it('has none where the plain values cannot tell', () => {
    const none = [
      '\uFEFFResources:\n  A:\n    Type: X\n',
      'Resources: !Ref X\n',
      'Resources:\n  A: !If [c, {Type: X}, {Type: Y}]\n',
      'Resources:\n  A: &a\n    Type: X\n',
      'Resources:\n  A:\n    Type: X\n  B: *a\n',
      'Resources:\n  123:\n    Type: X\n',
      'Resources:\n  true:\n    Type: X\n',
      'Resources:\n  A:\n',
      'Resources:\n  A:\n    Properties:\n      B:\n',
      'Resources:\n  A: x\n',
      'a: 1\n---\nResources:\n  A:\n    Type: X\n',
    ];
    for (const text of none) {
      expect(fromScan(text)).toEqual([undefined, undefined]);
    }
    expect(fromScan('Resources:\n  A: # the group\n    Type: X\n    Properties:\n      B: !Ref C\n')[0]).toEqual({
      resources: [
        {
          name: 'A',
          stringKey: true,
          keyLine: 2,
          keyColumn: 3,
          valueEndLine: 5,
          map: {
            flow: false,
            firstKeyColumn: 5,
            properties: {
              name: 'Properties',
              stringKey: true,
              keyLine: 4,
              keyColumn: 5,
              valueEndLine: 5,
              map: { flow: false, last: { name: 'B', stringKey: true, keyLine: 5, keyColumn: 7, valueEndLine: 5 } },
            },
          },
        },
      ],
    });
  });

  it('equals it on generated templates in varied styles', () => {
    const NAMES = ['Sg', 'Vpc', 'Subnet1', '"Quoted"', "'Single'", 'Sg2', 'Rt', 'Endpoint', 'Cluster', ...KEYS];
    const resourceArb: fc.Arbitrary<Gen> = fc
      .tuple(
        fc.constantFrom('AWS::EC2::SecurityGroup', '!Ref T', "'AWS::EC2::VPC'"),
        // Mostly mappings without empty values: an empty value has no outline (the scan's value is null).
        fc.option(
          fc.oneof(
            {
              arbitrary: fc
                .uniqueArray(
                  fc.tuple(
                    fc.constantFrom('GroupDescription', 'VpcId', 'SecurityGroupEgress', 'Tags', '"CidrIp"'),
                    treeArb.filter((t) => t.kind !== 'empty'),
                  ),
                  { minLength: 1, maxLength: 4, selector: ([k]) => k },
                )
                .map((entries): Gen => ({ kind: 'map', entries })),
              weight: 4,
            },
            { arbitrary: treeArb, weight: 1 },
          ),
          { nil: undefined },
        ),
        fc.option(fc.constantFrom(...TAGS), { nil: undefined }),
      )
      .map(([type, props, tag]): Gen => {
        const entries: [string, Gen][] = [['Type', { kind: 'scalar', text: type }]];
        if (props) entries.push(['Properties', props]);
        if (tag) entries.push(['Condition', { kind: 'scalar', text: `${tag} C` }]);
        return { kind: 'map', entries };
      });
    const templateArb = fc
      .tuple(
        fc.uniqueArray(
          fc.tuple(fc.constantFrom(...NAMES), fc.oneof({ arbitrary: resourceArb, weight: 6 }, { arbitrary: treeArb, weight: 1 })),
          {
            minLength: 1,
            maxLength: 5,
            selector: ([k]) => k,
          },
        ),
        styleArb,
        fc.boolean(),
      )
      .map(([resources, style, description]) => {
        const entries: [string, Gen][] = [['Resources', { kind: 'map', entries: resources }]];
        if (description) entries.unshift(['Description', { kind: 'scalar', text: 'a template' }]);
        return render({ kind: 'map', entries }, style);
      });
    let compared = 0;
    fc.assert(
      fc.property(templateArb, (text) => {
        if (compare(text)) compared++;
      }),
      { numRuns: 600, seed: 13 },
    );
    // About one in six generated templates has an outline (empty values, odd keys and tags have none).
    expect(compared).toBeGreaterThan(60);
  });
});
