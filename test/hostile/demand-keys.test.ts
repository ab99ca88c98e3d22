import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';

/** Instance types and regions are file content: names of Object.prototype members must count like any other key. */
const SPEC = {
  ClusterName: 'keys',
  InstanceGroups: [
    { InstanceGroupName: 'a', InstanceType: 'constructor', InstanceCount: 3, ExecutionRole: 'arn:aws:iam::111122223333:role/r' },
    { InstanceGroupName: 'b', InstanceType: '__proto__', InstanceCount: 2, ExecutionRole: 'arn:aws:iam::111122223333:role/r' },
    { InstanceGroupName: 'c', InstanceType: 'toString', InstanceCount: 4, ExecutionRole: 'arn:aws:iam::111122223333:role/r' },
    { InstanceGroupName: 'd', InstanceType: 'constructor', InstanceCount: 1, ExecutionRole: 'arn:aws:iam::111122223333:role/r' },
  ],
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'hp-demand-keys-'));
  writeFileSync(path.join(dir, 'create-cluster.json'), JSON.stringify(SPEC, null, 2));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('demand keyed by file content', () => {
  it('instance types named like Object.prototype members are counted as numbers', async () => {
    const result = await scan({ cwd: dir, paths: ['create-cluster.json'], workers: false, region: 'us-west-2' });
    expect(Object.entries(result.demand.instancesPerType).sort()).toEqual([
      ['__proto__', 2],
      ['constructor', 4],
      ['toString', 4],
    ]);
    expect(result.demand.clusters).toHaveLength(1);
    expect(Object.entries(result.demand.clusters[0].perType).sort()).toEqual([
      ['__proto__', 2],
      ['constructor', 4],
      ['toString', 4],
    ]);
    expect(result.demand.clusters[0].instances).toBe(10);
    expect(JSON.parse(JSON.stringify(result.demand.instancesPerType))).toEqual({ constructor: 4, toString: 4, ['__proto__']: 2 });
  });
});
