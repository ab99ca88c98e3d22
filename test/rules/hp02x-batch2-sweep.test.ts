/**
 * Batch-2 rules (HP007-HP061) over every fixture of the project: no rule throws, and every finding
 * points at a real line of its file with a message and a fix; every unverified entry says why.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFileContent } from '../../src/engine/parse-file.js';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';
import { Model } from '../../src/model/model.js';
import type { Rule } from '../../src/rules/types.js';
import hp007 from '../../src/rules/hp007-instance-type-unknown.js';
import hp020 from '../../src/rules/hp020-s3-reachable.js';
import hp021 from '../../src/rules/hp021-s3-access-scoped.js';
import hp030 from '../../src/rules/hp030-subnet-ip-capacity.js';
import hp031 from '../../src/rules/hp031-eni-quota.js';
import hp032 from '../../src/rules/hp032-efa-single-az.js';
import hp033 from '../../src/rules/hp033-eks-ipv6-family.js';
import hp040 from '../../src/rules/hp040-cluster-usage-quota.js';
import hp050 from '../../src/rules/hp050-fsx-same-az.js';
import hp051 from '../../src/rules/hp051-fsx-needs-vpc.js';
import hp060 from '../../src/rules/hp060-ssm-run-as-tag.js';
import hp061 from '../../src/rules/hp061-ssm-least-privilege.js';
import { globMatches, globsIntersect } from '../../src/rules/util/iam.js';
import { runRule } from './run-rule.js';

const RULES: Rule[] = [hp007, hp020, hp021, hp030, hp031, hp032, hp033, hp040, hp050, hp051, hp060, hp061];

function inputs(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...inputs(full));
    else if (/\.(ya?ml|json)$/.test(entry) && !entry.endsWith('.expected.json')) out.push(full);
  }
  return out.sort();
}

const files = inputs('fixtures');

describe('batch-2 rules over every fixture', () => {
  it('finds fixtures to sweep', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it('never throw, and report real lines with a message and a fix', () => {
    let findings = 0;
    for (const file of files) {
      const data = readFileSync(file);
      const outcome = parseFileContent(file, data, { limits: DEFAULT_LIMITS, region: 'us-west-2' });
      if (outcome.status !== 'parsed') continue;
      const lineCount = data.toString('utf8').split('\n').length;
      const model = Model.fromParsed([outcome.parsed], 'us-west-2');
      const account = {
        degraded: [],
        eni: { 'us-west-2': { quota: 10, inUse: 9 } },
        sagemakerQuotas: { 'us-west-2': { 'Maximum number instances allowed per SageMaker HyperPod cluster': 1 } },
      };
      for (const rule of RULES) {
        for (const opts of [{}, { account, base: model, options: { region: 'us-west-2', headroom: 2 } }]) {
          const run = runRule(rule, model, opts);
          for (const f of run.findings) {
            findings++;
            expect(f.file, `${rule.meta.id} ${file}`).toBe(file);
            expect(f.line, `${rule.meta.id} ${file}: ${f.message}`).toBeGreaterThanOrEqual(1);
            expect(f.line, `${rule.meta.id} ${file}: ${f.message}`).toBeLessThanOrEqual(lineCount);
            expect(f.message.length).toBeGreaterThan(20);
            expect(f.message).not.toMatch(/undefined|NaN|\[object/);
            expect(f.fix?.length ?? 0).toBeGreaterThan(10);
          }
          for (const u of run.unverified) expect(u.reason.length, `${rule.meta.id} ${file}`).toBeGreaterThan(5);
        }
      }
    }
    expect(findings).toBeGreaterThan(20);
  });
});

describe('IAM globs (properties)', () => {
  const chars = fc.constantFrom('a', 'b', ':', '/', '*', '?');
  const literal = fc.array(fc.constantFrom('a', 'b', ':', '/'), { maxLength: 8 }).map((a) => a.join(''));
  const pattern = fc.array(chars, { maxLength: 8 }).map((a) => a.join(''));

  it('a pattern intersects a literal exactly when it matches it', () => {
    fc.assert(fc.property(pattern, literal, (p, t) => globsIntersect(p, t) === globMatches(p, t)));
  });

  it('intersection is symmetric, and every pattern intersects itself', () => {
    fc.assert(fc.property(pattern, pattern, (a, b) => globsIntersect(a, b) === globsIntersect(b, a) && globsIntersect(a, a)));
  });
});
