/**
 * Issue 14 item 4: of 59 request bodies the model rejects, 12 were caught. This corpus is generated from the
 * valid body that sets every member (fixtures/rules/HP008/pass/every-member-create.json): one mutation per class
 * and member the model constrains (unknown member, missing required member, wrong type, under a minimum, over a
 * maximum, off a pattern, outside an enum). HP008 must catch each one, on the mutated member's path, saying
 * whether the AWS CLI rejects it before sending it or the API rejects it at deploy time. The CLI side is
 * checked against botocore's own ParamValidator (what `aws sagemaker create-cluster` runs) with the pinned model.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import rule, { OWNED_ELSEWHERE } from '../../src/rules/hp008-api-model.js';
import { API_SHAPES, patternRegExp } from '../../src/data/sagemaker-api-model.js';
import { parseClusterSpec } from '../../src/parsers/cluster-spec.js';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';
import { Model } from '../../src/model/model.js';
import { runRule } from './run-rule.js';

type Class = 'unknown member' | 'missing required' | 'wrong type' | 'under minimum' | 'over maximum' | 'pattern' | 'enum';
type Stage = 'client' | 'api';
interface Mutation {
  cls: Class;
  /** Path as HP008 names it (InstanceGroups[0].LifeCycleConfig.OnCreate). */
  path: string;
  stage: Stage;
  body: unknown;
}

const VALID = JSON.parse(readFileSync('fixtures/rules/HP008/pass/every-member-create.json', 'utf8')) as Record<string, unknown>;
const STAGE: Record<Class, Stage> = {
  'unknown member': 'client',
  'missing required': 'client',
  'wrong type': 'client',
  'under minimum': 'client',
  'over maximum': 'api',
  pattern: 'api',
  enum: 'api',
};

type Key = string | number;
const text = (path: Key[]): string => path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
const owned = (shape: string, check: 'required' | 'length' | 'pattern' | 'enum') => OWNED_ELSEWHERE?.(shape, check) ?? false;

/** A copy of the valid body with the value at `path` replaced (or removed when `value` is REMOVE). */
const REMOVE = Symbol('remove');
function edit(path: Key[], value: unknown): unknown {
  const copy = structuredClone(VALID) as Record<Key, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<Key, unknown>;
  const last = path[path.length - 1]!;
  if (value === REMOVE) delete node[last];
  else node[last] = value;
  return copy;
}

function mutations(): Mutation[] {
  const out: Mutation[] = [];
  const add = (cls: Class, path: Key[], value: unknown, at: Key[] = path) =>
    out.push({ cls, path: text(at), stage: STAGE[cls], body: edit(path, value) });
  const visit = (node: unknown, shapeName: string, path: Key[]): void => {
    const shape = API_SHAPES[shapeName]!;
    switch (shape.type) {
      case 'structure': {
        const obj = node as Record<string, unknown>;
        const names = Object.keys(obj);
        // An unknown member: the first member's name with one letter doubled.
        if (names.length > 0) add('unknown member', [...path, `${names[0]}x`], 1);
        if (!shape.union && !owned(shapeName, 'required'))
          for (const name of shape.required ?? []) if (name in obj) add('missing required', [...path, name], REMOVE);
        if (path.length > 0) add('wrong type', path, ['a list']);
        for (const name of names) visit(obj[name], shape.members![name]!, [...path, name]);
        return;
      }
      case 'list': {
        const list = node as unknown[];
        add('wrong type', path, 'a string');
        if (!owned(shapeName, 'length')) {
          if ((shape.min ?? 0) > 0) add('under minimum', path, []);
          if (shape.max !== undefined && shape.max <= 100) add('over maximum', path, Array(shape.max + 1).fill(list[0]));
        }
        if (list.length > 0) visit(list[0], shape.member!, [...path, 0]);
        return;
      }
      case 'map':
        add('wrong type', path, ['a list']);
        return;
      case 'string': {
        const v = node as string;
        add('wrong type', path, 12345);
        if (!owned(shapeName, 'length')) {
          if ((shape.min ?? 0) > 1) add('under minimum', path, v.slice(0, shape.min! - 1));
          if (shape.max !== undefined && shape.max <= 4096) add('over maximum', path, 'a'.repeat(shape.max + 1));
        }
        if (shape.enum) {
          if (!owned(shapeName, 'enum')) add('enum', path, 'NotAValue');
        } else if (shape.pattern && !owned(shapeName, 'pattern')) {
          const length = Math.max(shape.min ?? 1, 1);
          const re = patternRegExp(shape.pattern, shape.patternFlags);
          const bad = ['#', ' ', '/', 'a'].map((c) => c.repeat(length)).find((c) => !re.test(c) && c.length <= (shape.max ?? Infinity));
          if (bad !== undefined) add('pattern', path, bad);
        }
        return;
      }
      case 'integer':
      case 'long':
        add('wrong type', path, String(node));
        if (shape.min !== undefined) add('under minimum', path, shape.min - 1);
        if (shape.max !== undefined) add('over maximum', path, shape.max + 1);
        return;
      case 'boolean':
        add('wrong type', path, 'yes');
        return;
      case 'float':
      case 'double':
      case 'timestamp':
        add('wrong type', path, ['a list']);
        return;
      default:
        return;
    }
  };
  visit(VALID, 'CreateClusterRequest', []);
  return out;
}

const CORPUS = mutations();

function hp008(body: unknown) {
  const parsed = parseClusterSpec('create.json', JSON.stringify(body, null, 2), { limits: DEFAULT_LIMITS });
  return runRule(rule, Model.fromParsed([parsed])).findings;
}

const count = (list: Mutation[]) => Object.fromEntries(Object.keys(STAGE).map((c) => [c, list.filter((m) => m.cls === c).length]));

describe('HP008 rejected-request corpus (generated from the every-member body)', () => {
  it('the valid body scans clean', () => {
    expect(hp008(VALID)).toEqual([]);
  });

  it('catches every rejected body, at the mutated member, naming who rejects it', () => {
    const missed: string[] = [];
    for (const m of CORPUS) {
      const findings = hp008(m.body);
      const hit = findings.find((f) => f.detail === `${m.path}:${m.stage}`);
      if (!hit) missed.push(`${m.cls} ${m.path}: ${findings.map((f) => f.detail).join(', ') || 'no finding'}`);
      else
        expect(hit.message).toContain(
          m.stage === 'client'
            ? 'The AWS CLI rejects the request before sending it (parameter validation)'
            : 'The AWS CLI sends it, but the SageMaker API rejects it at deploy time (ValidationException)',
        );
    }
    expect(missed).toEqual([]);
    expect(count(CORPUS)).toEqual({
      'unknown member': 34,
      'missing required': 31,
      'wrong type': 111,
      'under minimum': 28,
      'over maximum': 46,
      pattern: 18,
      enum: 14,
    });
  });

  // The CLI side: botocore's ParamValidator with the pinned model rejects exactly the "before sending" classes.
  const python = spawnSync('python3', ['-c', 'import botocore.validate'], { encoding: 'utf8' }).status === 0;
  it.runIf(python || process.env.CI === 'true')(
    'botocore ParamValidator (the AWS CLI) rejects the client-side classes and lets the API-side ones through',
    () => {
      const script = [
        'import gzip, json, sys',
        'from botocore.model import ServiceModel',
        'from botocore.validate import ParamValidator',
        "model = ServiceModel(json.load(gzip.open('scripts/upstream/botocore-sagemaker-service-2.json.gz')))",
        "shape = model.operation_model('CreateCluster').input_shape",
        'v = ParamValidator()',
        'print(json.dumps([v.validate(body, shape).has_errors() for body in json.load(sys.stdin)]))',
      ].join('\n');
      const rejected = JSON.parse(
        execFileSync('python3', ['-c', script], { input: JSON.stringify(CORPUS.map((m) => m.body)), encoding: 'utf8', maxBuffer: 1 << 26 }),
      ) as boolean[];
      const disagree = CORPUS.filter((m, i) => rejected[i] !== (m.stage === 'client')).map((m) => `${m.cls} ${m.path}`);
      expect(disagree).toEqual([]);
    },
    60_000,
  );
});
