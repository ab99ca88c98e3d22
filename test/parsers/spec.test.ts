import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseClusterSpec } from '../../src/parsers/cluster-spec.js';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';
import type { Cluster, InstanceGroup, Loc, ParsedFile } from '../../src/model/types.js';

function parseFixture(name: string, region?: string): ParsedFile {
  const path = `fixtures/parsers/spec/${name}`;
  return parseClusterSpec(path, readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'), { limits: DEFAULT_LIMITS, region });
}

const clusterOf = (parsed: ParsedFile): Cluster => {
  expect(parsed.entities).toHaveLength(1);
  return parsed.entities[0] as Cluster;
};
const groupsOf = (cluster: Cluster): InstanceGroup[] => {
  if (!Array.isArray(cluster.instanceGroups)) throw new Error('instance groups unknown');
  return cluster.instanceGroups;
};
const span = (loc: Loc | undefined) => (loc ? `${loc.line}:${loc.column}-${loc.endLine}:${loc.endColumn}` : undefined);

describe('CreateCluster body (JSON, EKS)', () => {
  const parsed = parseFixture('create-eks.json', 'us-west-2');
  const cluster = clusterOf(parsed);

  it('builds the cluster with exact locations', () => {
    expect(parsed).toMatchObject({ kind: 'cluster-spec', errors: [], unverified: [], suppressions: [] });
    expect(cluster).toMatchObject({
      key: 'fixtures/parsers/spec/create-eks.json#ml-eks',
      type: 'Cluster',
      name: 'ml-eks',
      sourceKind: 'cluster-spec',
      isUpdate: false,
      clusterName: { known: true, value: 'ml-eks' },
      orchestrator: { known: true, value: 'eks' },
      eksClusterArn: { known: true, value: 'arn:aws:eks:us-west-2:123456789012:cluster/training' },
      eksCluster: { kind: 'id', id: 'arn:aws:eks:us-west-2:123456789012:cluster/training' },
      region: { known: true, value: 'us-west-2' },
    });
    expect(span(cluster.loc)).toBe('2:3-2:26');
    expect(span(cluster.orchestratorLoc)).toBe('3:3-3:17');
    expect(span(cluster.vpcConfig?.loc)).toBe('8:3-8:14');
  });

  it('reads VpcConfig lists as literal IDs with item locations', () => {
    expect(cluster.vpcConfig?.subnets).toEqual({
      known: true,
      items: [
        { kind: 'id', id: 'subnet-0aaa1111bbbb2222c', loc: expect.objectContaining({ line: 10, column: 17, endColumn: 43 }) },
        { kind: 'id', id: 'subnet-0ddd3333eeee4444f', loc: expect.objectContaining({ line: 10, column: 45, endColumn: 71 }) },
      ],
      loc: expect.objectContaining({ line: 10, column: 5 }),
    });
    expect(cluster.vpcConfig?.securityGroups).toMatchObject({ known: true, items: [{ kind: 'id', id: 'sg-0123456789abcdef0' }] });
  });

  it('reads instance groups: type or requirements, count as number or numeric string, override, storage, interface', () => {
    const [gpu, cpu] = groupsOf(cluster) as [InstanceGroup, InstanceGroup];
    expect(span(gpu.loc)).toBe('13:5-26:6');
    expect(gpu.name).toMatchObject({ known: true, value: 'gpu' });
    expect(gpu.instanceTypes).toEqual([{ known: true, value: 'ml.p5.48xlarge', loc: expect.objectContaining({ line: 15, column: 23 }) }]);
    expect(gpu.instanceCount).toMatchObject({ known: true, value: 4 });
    expect(span(gpu.instanceCountLoc)).toBe('16:24-16:25');
    expect(gpu.lifeCycleSourceS3Uri).toMatchObject({ known: true, value: 's3://sagemaker-lifecycle/scripts/' });
    expect(gpu.executionRole).toMatchObject({ kind: 'id', id: 'arn:aws:iam::123456789012:role/hyperpod' });
    expect(gpu.fsxMounts).toMatchObject([{ known: true, value: 'fs-0123.fsx.us-west-2.amazonaws.com', loc: { line: 23 } }]);
    expect(gpu.interfaceType).toMatchObject({ known: true, value: 'efa' });
    expect(gpu.overrideVpcConfig).toBeUndefined();
    expect(cpu.instanceTypes.map((t) => t.known && t.value)).toEqual(['ml.c5.xlarge', 'ml.m5.xlarge']);
    expect(span(cpu.instanceTypeLoc)).toBe('29:50-29:82');
    expect(cpu.instanceCount).toMatchObject({ known: true, value: 2, loc: { line: 30 } });
    expect(span(cpu.overrideVpcConfig?.loc)).toBe('32:7-32:26');
    expect(cpu.overrideVpcConfig?.subnets).toMatchObject({
      known: true,
      items: [{ kind: 'id', id: 'subnet-0ddd3333eeee4444f', loc: { line: 33 } }],
    });
  });

  it('is structured-clone safe', () => {
    expect(structuredClone(parsed)).toEqual(parsed);
  });
});

describe('CreateCluster body (YAML, Slurm) with comment suppressions', () => {
  const parsed = parseFixture('create-slurm.yaml', 'eu-west-1');
  const cluster = clusterOf(parsed);
  const file = 'fixtures/parsers/spec/create-slurm.yaml';

  it('defaults the orchestrator to Slurm and takes the region from the file', () => {
    expect(cluster.orchestrator).toEqual({ known: true, value: 'slurm' });
    expect(cluster.region).toMatchObject({ known: true, value: 'us-east-1', loc: { line: 5 } });
    expect(parsed.region).toBe('us-east-1');
    expect(span(cluster.loc)).toBe('4:1-4:22');
    expect(cluster.vpcConfig?.subnets).toMatchObject({
      known: true,
      items: [{ id: 'subnet-0aaa1111bbbb2222c', loc: { line: 8, column: 7 } }],
    });
  });

  it('a comment in the leading block applies to the file', () => {
    expect(parsed.suppressions).toEqual([
      {
        ruleId: 'HP021',
        reason: 'bucket policy restricts the VPC',
        expires: '2027-03-01',
        loc: { file, line: 2, column: 1, endLine: 2, endColumn: 92 },
      },
    ]);
  });

  it('a comment before a group, or inside it, applies to that group only', () => {
    const [controller, workers, login] = groupsOf(cluster) as [InstanceGroup, InstanceGroup, InstanceGroup];
    expect(controller.suppressions).toBeUndefined();
    expect(login.suppressions).toBeUndefined();
    expect(workers.suppressions).toEqual([
      { ruleId: 'HP030', reason: 'grows later', expires: '2027-03-01', loc: expect.objectContaining({ line: 15, column: 3 }) },
      { ruleId: 'HP031', loc: expect.objectContaining({ line: 18, column: 22 }) },
    ]);
  });

  it('ignores the directive text inside a string and lists invalid comments as unverified', () => {
    expect(groupsOf(cluster)[1]!.lifeCycleSourceS3Uri).toMatchObject({ value: 's3://sagemaker-x/# hyperpod-prereq-ignore: HP099' });
    expect(parsed.errors).toEqual([]);
    expect(parsed.unverified).toEqual([
      { file, line: 26, reason: 'invalid suppression comment: "HP9" is not a rule ID like HP030' },
      { file, line: 27, reason: 'invalid suppression comment: unknown attribute until' },
    ]);
  });
});

describe('other shapes', () => {
  it('UpdateCluster body: isUpdate, name from the ARN, orchestrator not restated', () => {
    const cluster = clusterOf(parseFixture('update.json'));
    expect(cluster).toMatchObject({
      key: 'fixtures/parsers/spec/update.json#abc123',
      name: 'abc123',
      isUpdate: true,
      clusterName: { known: true, value: 'arn:aws:sagemaker:us-west-2:123456789012:cluster/abc123' },
      orchestrator: { known: false, reason: 'UpdateCluster body does not restate the orchestrator' },
    });
    expect(cluster.vpcConfig).toBeUndefined();
    expect(groupsOf(cluster).map((g) => g.name.known && g.name.value)).toEqual(['workers']);
  });

  it('bare instance-group list: unknown cluster, no VpcConfig, a note, first-group suppression', () => {
    const parsed = parseFixture('instance-groups.yaml', 'us-west-2');
    const cluster = clusterOf(parsed);
    expect(cluster).toMatchObject({
      key: 'fixtures/parsers/spec/instance-groups.yaml#cluster',
      name: 'cluster',
      clusterName: { known: false },
      orchestrator: { known: false, reason: 'instance-group file: the orchestrator is passed separately' },
      region: { known: true, value: 'us-west-2' },
    });
    expect(cluster.vpcConfig).toBeUndefined();
    expect(parsed.suppressions).toEqual([]);
    const [workers, controller] = groupsOf(cluster) as [InstanceGroup, InstanceGroup];
    expect(workers.suppressions).toEqual([
      { ruleId: 'HP010', reason: 'EFA not used by this group', loc: expect.objectContaining({ line: 1 }) },
    ]);
    expect(controller.suppressions).toBeUndefined();
    expect(span(workers.overrideVpcConfig?.loc)).toBe('6:3-6:20');
    expect(parsed.unverified).toEqual([
      {
        file: 'fixtures/parsers/spec/instance-groups.yaml',
        line: 2,
        resource: 'cluster',
        reason: 'instance-group file: VpcConfig and orchestrator are passed separately and are not checked',
      },
    ]);
  });

  it('bare VpcConfig: only the VPC part is known', () => {
    const cluster = clusterOf(parseFixture('vpc-config.json'));
    expect(cluster.instanceGroups).toMatchObject({ known: false, reason: 'VpcConfig file: instance groups are passed separately' });
    expect(cluster.orchestrator.known).toBe(false);
    expect(cluster.vpcConfig?.securityGroups).toMatchObject({
      known: true,
      items: [
        { id: 'sg-0123456789abcdef0', loc: { line: 3, column: 24 } },
        { id: 'sg-0fedcba9876543210', loc: { line: 3, column: 48 } },
      ],
    });
  });

  it('file-level suppression needs a blank line before the first group of a bare list', () => {
    const parsed = parseClusterSpec('g.yaml', '# hyperpod-prereq-ignore: HP030\n\n- InstanceGroupName: a\n  InstanceCount: 1\n', {
      limits: DEFAULT_LIMITS,
    });
    expect(parsed.suppressions).toMatchObject([{ ruleId: 'HP030', loc: { line: 1 } }]);
    expect(groupsOf(clusterOf(parsed))[0]!.suppressions).toBeUndefined();
  });

  it('a comment attached to nothing is unverified', () => {
    const parsed = parseClusterSpec(
      's.yaml',
      'ClusterName: a\n# hyperpod-prereq-ignore: HP001\nVpcConfig: {Subnets: [subnet-1], SecurityGroupIds: [sg-1]}\n',
      {
        limits: DEFAULT_LIMITS,
      },
    );
    expect(parsed.unverified).toEqual([
      { file: 's.yaml', line: 2, reason: 'suppression comment is neither in the file header nor in or before an instance group; ignored' },
    ]);
  });

  it('wrong value types become unknown values, not crashes', () => {
    const parsed = parseClusterSpec(
      'w.json',
      '{"ClusterName": 5, "VpcConfig": {"Subnets": "subnet-1", "SecurityGroupIds": [null]}, "InstanceGroups": [7, {"InstanceCount": "many", "InstanceType": 3}], "Orchestrator": {"Eks": {}}}',
      { limits: DEFAULT_LIMITS },
    );
    const cluster = clusterOf(parsed);
    expect(cluster.clusterName).toMatchObject({ known: false, reason: 'ClusterName is not a string' });
    expect(cluster.orchestrator).toMatchObject({ known: true, value: 'eks' });
    expect(cluster.eksClusterArn).toBeUndefined();
    expect(cluster.vpcConfig?.subnets).toMatchObject({ known: false, reason: 'Subnets is not a list' });
    expect(cluster.vpcConfig?.securityGroups).toMatchObject({ known: true, items: [{ kind: 'unknown', reason: 'not an ID' }] });
    const groups = groupsOf(cluster);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.instanceCount).toMatchObject({ known: false, reason: 'InstanceCount is not a number' });
    expect(groups[0]!.instanceTypes).toMatchObject([{ known: false, reason: 'InstanceType is not a string' }]);
    expect(parsed.unverified).toEqual([
      { file: 'w.json', line: 1, resource: 'cluster', reason: 'an instance group is not a mapping; not checked' },
    ]);
  });
});

describe('errors', () => {
  it('malformed JSON and YAML give positioned errors and a file with no entities', () => {
    const json = parseClusterSpec('bad.json', '{\n  "ClusterName": "a",\n  "InstanceGroups": [\n}', { limits: DEFAULT_LIMITS });
    expect(json).toMatchObject({ kind: 'cluster-spec', entities: [] });
    expect(json.errors[0]).toMatchObject({ file: 'bad.json', line: 4, column: 1 });
    const yaml = parseClusterSpec('bad.yaml', 'ClusterName: a\nInstanceGroups:\n  - InstanceGroupName: x\n   InstanceCount: 1\n', {
      limits: DEFAULT_LIMITS,
    });
    expect(yaml.entities).toEqual([]);
    expect(yaml.errors[0]).toMatchObject({ file: 'bad.yaml', line: 4 });
  });

  it('duplicate keys and a scalar root', () => {
    expect(parseClusterSpec('d.yaml', 'ClusterName: a\nClusterName: b\n', { limits: DEFAULT_LIMITS }).errors).toEqual([
      { file: 'd.yaml', line: 2, column: 1, message: 'Map keys must be unique' },
    ]);
    expect(parseClusterSpec('s.yaml', 'just text\n', { limits: DEFAULT_LIMITS }).errors).toEqual([
      {
        file: 's.yaml',
        line: 1,
        column: 1,
        message: 'a cluster spec must be a mapping (CreateCluster/UpdateCluster body, VpcConfig) or a list of instance groups',
      },
    ]);
  });

  it('billion laughs in a spec fails fast', () => {
    const lines = ['a: &a [x,x,x,x,x,x,x,x,x,x]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `l${i}: &l${i} [${Array(10)
          .fill(i === 1 ? '*a' : `*l${i - 1}`)
          .join(',')}]`,
      );
    const started = performance.now();
    const parsed = parseClusterSpec('b.yaml', lines.join('\n'), { limits: DEFAULT_LIMITS });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]!.message).toBe('more than 1000 alias expansions (possible billion-laughs document)');
  });
});

describe('line endings', () => {
  it('reads suppression comments in a CRLF file', () => {
    const text =
      '# hyperpod-prereq-ignore: HP021 reason="x"\r\n\r\nInstanceGroups:\r\n  # hyperpod-prereq-ignore: HP030\r\n  - InstanceGroupName: a\r\n    InstanceCount: 1\r\nClusterName: c\r\n';
    const parsed = parseClusterSpec('crlf.yaml', text, { limits: DEFAULT_LIMITS });
    expect(parsed.errors).toEqual([]);
    expect(parsed.suppressions).toEqual([
      { ruleId: 'HP021', reason: 'x', loc: { file: 'crlf.yaml', line: 1, column: 1, endLine: 1, endColumn: 43 } },
    ]);
    expect(groupsOf(clusterOf(parsed))[0]!.suppressions).toMatchObject([{ ruleId: 'HP030', loc: { line: 4, column: 3 } }]);
  });
});
