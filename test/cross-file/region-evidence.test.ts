import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';

/** Issue 17 item 3: --region is a default; it must not outrank the region a file states or its resources name. */
const SPEC = {
  ClusterName: 'east-cluster',
  Orchestrator: { Eks: { ClusterArn: 'arn:aws:eks:us-east-1:123456789012:cluster/training' } },
  VpcConfig: { Subnets: ['subnet-0123456789abcdef0'], SecurityGroupIds: ['sg-0123456789abcdef0'] },
  InstanceGroups: [
    {
      InstanceGroupName: 'workers',
      InstanceType: 'ml.g5.8xlarge',
      InstanceCount: 2,
      ExecutionRole: 'arn:aws:iam::123456789012:role/east-execution-us-east-1',
      LifeCycleConfig: { SourceS3Uri: 's3://lifecycle-us-east-1/scripts', OnCreate: 'on_create.sh' },
    },
  ],
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hp-region-'));
  await writeFile(path.join(dir, 'create-cluster.json'), JSON.stringify(SPEC, null, 2));
  await writeFile(path.join(dir, 'stated.json'), JSON.stringify({ ...SPEC, ClusterName: 'stated', Region: 'us-west-2' }, null, 2));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('region evidence (issue 17 item 3)', () => {
  it('a spec whose EKS ARN says us-east-1, scanned with --region us-west-2: one warning naming both sources, no error', async () => {
    const result = await scan({ cwd: dir, paths: ['create-cluster.json'], region: 'us-west-2', workers: false });
    const hp006 = result.findings.filter((f) => f.ruleId === 'HP006');
    expect(hp006.map((f) => [f.file, f.line, f.severity])).toEqual([['create-cluster.json', 5, 'warning']]);
    expect(hp006[0]!.message).toBe(
      'The resources of cluster east-cluster say region us-east-1 (The EKS cluster ARN arn:aws:eks:us-east-1:123456789012:cluster/training ' +
        'at create-cluster.json:5), but the default region given to the scan (--region or config) is us-west-2. The checks use us-east-1; ' +
        'if the cluster is created in us-west-2, these resources are in another region.',
    );
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('scanned with the matching region, or none: nothing to report', async () => {
    for (const region of ['us-east-1', undefined]) {
      const result = await scan({ cwd: dir, paths: ['create-cluster.json'], region, workers: false });
      expect(result.findings.filter((f) => f.ruleId === 'HP006')).toEqual([]);
      expect(result.unverified.filter((u) => u.ruleId === 'HP006')).toEqual([]);
    }
  });

  it('a Region the spec states outranks the resources: the EKS ARN is an error naming where the region is stated', async () => {
    const result = await scan({ cwd: dir, paths: ['stated.json'], region: 'us-east-1', workers: false });
    const hp006 = result.findings.filter((f) => f.ruleId === 'HP006');
    expect(hp006.map((f) => [f.line, f.severity])).toEqual([[5, 'error']]);
    expect(hp006[0]!.message).toContain('but cluster stated is in us-west-2 (stated at stated.json:');
  });
});
