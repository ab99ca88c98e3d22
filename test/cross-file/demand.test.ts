import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';

/** Issue 17 item 5: one cluster is counted once, by name when known; overlapping specs are said. */
const group = (count: number) => ({
  InstanceGroupName: 'workers',
  InstanceType: 'ml.m5.xlarge',
  InstanceCount: count,
  ExecutionRole: 'arn:aws:iam::123456789012:role/hp',
  LifeCycleConfig: { SourceS3Uri: 's3://b/x', OnCreate: 'on_create.sh' },
});
const VPC = { Subnets: ['subnet-0123456789abcdef0'], SecurityGroupIds: ['sg-0123456789abcdef0'] };

async function scanTree(files: Record<string, unknown>) {
  const dir = await mkdtemp(path.join(tmpdir(), 'hp-demand-'));
  try {
    for (const [name, body] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), JSON.stringify(body, null, 2));
    }
    return await scan({ cwd: dir, workers: false, region: 'us-west-2' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('demand per cluster (issue 17 item 5)', () => {
  it('a CreateCluster body and its UpdateCluster body of the same name count once, with the larger count', async () => {
    const result = await scanTree({
      'create-cluster.json': { ClusterName: 'ml', VpcConfig: VPC, InstanceGroups: [group(5)] },
      'update-cluster.json': { ClusterName: 'ml', InstanceGroups: [group(3)], InstanceGroupsToDelete: [] },
    });
    expect(result.demand.instancesPerType).toEqual({ 'ml.m5.xlarge': 5 });
    expect(result.unverified.filter((u) => u.ruleId === 'HP040').map((u) => u.reason)).toEqual([
      'cluster ml in us-west-2 is defined in create-cluster.json and update-cluster.json; it is counted once, each instance group ' +
        'with the largest InstanceCount given (groups in several definitions: workers)',
    ]);
  });

  it('specs without a ClusterName in one folder are one cluster; in other folders they are others', async () => {
    const result = await scanTree({
      'a/cluster-config.json': { VpcConfig: VPC, InstanceGroups: [group(5)] },
      'a/scale-up.json': { VpcConfig: VPC, InstanceGroups: [group(5)] },
      'b/cluster-config.json': { VpcConfig: VPC, InstanceGroups: [group(2)] },
    });
    expect(result.demand.instancesPerType).toEqual({ 'ml.m5.xlarge': 7 });
    expect(result.unverified.filter((u) => u.ruleId === 'HP040').map((u) => u.reason)).toEqual([
      'the cluster specs without a ClusterName in folder a (a/cluster-config.json and a/scale-up.json) are taken as one cluster; ' +
        'it is counted once, each instance group with the largest InstanceCount given (groups in several definitions: workers)',
    ]);
  });
});
