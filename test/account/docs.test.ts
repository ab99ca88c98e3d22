/** The documented IAM policy lists exactly the permissions account mode uses. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS_BY_PERMISSION } from '../../src/account/index.js';

const doc = readFileSync(new URL('../../docs/account-mode.md', import.meta.url), 'utf8');
const lookups = readFileSync(new URL('../../src/account/lookups.ts', import.meta.url), 'utf8');

function documentedActions(): string[] {
  const section = doc.slice(doc.indexOf('## Minimal IAM policy'));
  const block = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('no policy block');
  const policy = JSON.parse(block) as { Statement: { Effect: string; Action: string[] | string }[] };
  return policy.Statement.flatMap((s) => {
    expect(s.Effect).toBe('Allow');
    return Array.isArray(s.Action) ? s.Action : [s.Action];
  }).sort();
}

describe('docs/account-mode.md', () => {
  it('policy = the permissions the look-ups call = the permissions mapped to checks', () => {
    const called = [...new Set([...lookups.matchAll(/'((?:ec2|eks|sagemaker|servicequotas):[A-Za-z]+)'/g)].map((m) => m[1]!))].sort();
    expect(called).toHaveLength(13);
    expect(documentedActions()).toEqual(called);
    expect(Object.keys(CHECKS_BY_PERMISSION).sort()).toEqual(called);
  });

  it('policy is read-only', () => {
    for (const action of documentedActions()) expect(action).toMatch(/:(Describe|Get|List)[A-Za-z]+$/);
  });
});
