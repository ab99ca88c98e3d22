/**
 * Real-world corpus (fixtures/real-world, see fixtures/real-world/SOURCES.md): templates, a cluster
 * config and Terraform plans written for this project after the patterns of public AWS HyperPod
 * samples (no upstream text). Every finding is pinned by rule, file, line, severity and resource;
 * each one was checked by hand against rules.md (docs/real-world.md). Defects still open are
 * recorded as `it.fails` cases next to a test of the current behaviour.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import type { Finding, ScanResult } from '../../src/engine/types.js';
import type { SecurityGroup, SgRule } from '../../src/model/types.js';

const corpus = path.resolve(__dirname, '../../fixtures/real-world');
const SLURM_PREREQS = 'sample-style/slurm/prerequisites.yaml';
const SLURM_WITH_CLUSTER = 'sample-style/slurm/prerequisites-with-cluster.yaml';
const EKS_FLAT = 'sample-style/eks/flattened-stack.yaml';
const CONSOLE = 'sample-style/console/slurm-custom-resource.yaml';
const CREATE_CLUSTER = 'sample-style/create-cluster/cluster-config.json';
const TF_FIRST = 'sample-style/terraform/first-apply/plan.json';
const TF_UPDATE = 'sample-style/terraform/update/plan.json';

const TF_CLUSTER = 'module.cluster[0].awscc_sagemaker_cluster.this';
const TF_SG = 'module.node_sg[0].aws_security_group.nodes';
const TF_ENDPOINT = 'module.s3_gateway[0].aws_vpc_endpoint.gateway';

const withLine = (f: Finding) => `${f.ruleId} ${f.severity} ${f.file}:${f.line} [${f.resource}]`;
const repro = (dir: string) => scan({ cwd: path.join(corpus, 'minimal-repros', dir), workers: false, region: 'us-west-2' });

let result: ScanResult;
beforeAll(async () => {
  result = await scan({ cwd: corpus, paths: ['.'], exclude: ['minimal-repros/**'], workers: false, region: 'us-west-2' });
});

const unverified = (file: string) =>
  result.unverified.filter((u) => u.file === file).map((u) => `${u.ruleId ?? '-'} ${u.line} ${u.reason}`);

describe('real-world corpus: inputs', () => {
  it('reads every file with the right parser and reports no HP000', () => {
    expect(result.files.map((f) => `${f.kind} ${f.file}`)).toEqual([
      `cloudformation ${CONSOLE}`,
      `cluster-spec ${CREATE_CLUSTER}`,
      `cloudformation ${EKS_FLAT}`,
      `cloudformation ${SLURM_WITH_CLUSTER}`,
      `cloudformation ${SLURM_PREREQS}`,
      `terraform-plan ${TF_FIRST}`,
      `terraform-plan ${TF_UPDATE}`,
      'skipped SOURCES.md',
    ]);
    expect(result.findings.filter((f) => f.ruleId === 'HP000')).toEqual([]);
    expect(result.notices).toEqual([]);
  });

  it('finds the clusters of the corpus', () => {
    expect(
      result.model
        .ofType('Cluster')
        .map((c) => `${c.file}#${c.name} ${c.orchestrator.known ? c.orchestrator.value : '?'}`)
        .sort(),
    ).toEqual([
      `${CONSOLE}#ClusterLauncher ?`,
      `${CREATE_CLUSTER}#training-cluster slurm`,
      `${EKS_FLAT}#EksHyperPod eks`,
      `${SLURM_WITH_CLUSTER}#SlurmCluster slurm`,
      `${TF_FIRST}#${TF_CLUSTER} slurm`,
      `${TF_UPDATE}#${TF_CLUSTER} slurm`,
    ]);
  });

  it('links the EKS HyperPod cluster to its EKS cluster (Fn::GetAtt EksControlPlane.Arn), IP family ipv4 by default', () => {
    const cluster = result.model.ofType('Cluster').find((c) => c.file === EKS_FLAT)!;
    expect(cluster.eksCluster).toMatchObject({ kind: 'entity', key: `${EKS_FLAT}#EksControlPlane` });
    const eks = result.model.ofType('EksCluster').find((e) => e.file === EKS_FLAT)!;
    expect(eks.ipFamily).toMatchObject({ known: true, value: 'ipv4' });
    expect(eks.ipFamilyExplicit).toBe(false);
  });

  it('drops the EKS system group whose Fn::If condition is false (AWS::NoValue)', () => {
    const cluster = result.model.ofType('Cluster').find((c) => c.file === EKS_FLAT)!;
    expect(Array.isArray(cluster.instanceGroups) && cluster.instanceGroups.map((g) => (g.name.known ? g.name.value : '?'))).toEqual([
      'gpu',
    ]);
  });
});

describe('real-world corpus: findings (each checked by hand, docs/real-world.md)', () => {
  it('has exactly these findings: notices only, each on its construct', () => {
    expect(result.findings.map(withLine)).toEqual([
      // the custom resource that creates the cluster
      `HP090 notice ${CONSOLE}:107 [ClusterLauncher]`,
      // PodNodeSg declared without inline egress: CloudFormation keeps the default allow-all rule
      `HP012 notice ${EKS_FLAT}:102 [PodNodeSg]`,
      // PodNodeAnywhereOut: CidrIp 0.0.0.0/0 next to the self rules
      `HP012 notice ${EKS_FLAT}:130 [PodNodeSg]`,
      // PolicyDocument key of the gateway endpoint (FP-1, fixed)
      `HP021 notice ${EKS_FLAT}:153 [NodeBucketGateway]`,
      `HP021 notice ${SLURM_WITH_CLUSTER}:165 [BucketGateway]`,
      // the inline SecurityGroupEgress item with CidrIp 0.0.0.0/0
      `HP012 notice ${SLURM_WITH_CLUSTER}:181 [NodeGroupSg]`,
      `HP021 notice ${SLURM_PREREQS}:162 [BucketGateway]`,
      // No scanned cluster uses NodeGroupSg ("HyperPod nodes, EFA and Lustre clients"): checked without its cluster (issue 17 item 1)
      `HP012 notice ${SLURM_PREREQS}:178 [NodeGroupSg]`,
      // The plan's cluster names its group through locals, so no cluster uses it; its description names EFA
      `HP012 notice ${TF_FIRST}:1449 [${TF_SG}]`,
      // resource_changes entry of the endpoint
      `HP021 notice ${TF_FIRST}:1488 [${TF_ENDPOINT}]`,
      // anywhere_out (0.0.0.0/0) next to self_out: the existing group is linked by its sg- ID
      `HP012 notice ${TF_UPDATE}:1665 [${TF_SG}]`,
      `HP021 notice ${TF_UPDATE}:1715 [${TF_ENDPOINT}]`,
    ]);
    expect(result.summary).toMatchObject({ errors: 0, warnings: 0, notices: 12, suppressed: 0, filesScanned: 7, filesSkipped: 1 });
    expect(result.checkedWithoutCluster).toEqual([
      { file: SLURM_PREREQS, resource: 'NodeGroupSg', reason: 'its GroupDescription "HyperPod nodes, EFA and Lustre clients" names EFA' },
      { file: TF_FIRST, resource: TF_SG, reason: 'its description "HyperPod nodes (EFA and Lustre)" names EFA' },
    ]);
  });

  it('keeps 0.0.0.0/0 egress next to the self rules a notice, with the reason', () => {
    const hp012 = result.findings.filter((f) => f.ruleId === 'HP012');
    expect(hp012).toHaveLength(6);
    for (const f of hp012) {
      expect(f.severity).toBe('notice');
      expect(f.message).toContain('The group also has the outbound rule to itself, as AWS');
      expect(f.message).toContain('so this is only a notice.');
    }
    expect(hp012.find((f) => f.file === SLURM_WITH_CLUSTER)!.message).toContain(
      'Security group NodeGroupSg allows outbound all traffic (protocol -1) to 0.0.0.0/0. It is used by EFA-capable instance group gpu-workers (ml.p5.48xlarge) of cluster ml-cluster.',
    );
    expect(hp012.find((f) => f.file === EKS_FLAT && f.line === 102)!.message).toContain(
      'Security group PodNodeSg is declared without inline SecurityGroupEgress, so CloudFormation keeps the default rule',
    );
    expect(hp012.find((f) => f.file === EKS_FLAT && f.line === 130)!.message).toContain(
      'It is used by EFA-capable instance group gpu (ml.g5.8xlarge) of cluster ml-cluster.',
    );
    expect(hp012.find((f) => f.file === TF_UPDATE)!.message).toContain(
      `Security group ${TF_SG} allows outbound all traffic (protocol -1) to 0.0.0.0/0. It is used by EFA-capable instance group compute (ml.p5.48xlarge)`,
    );
  });

  it('reports the open S3 endpoint policy of every sample-style stack as a notice', () => {
    const open = (name: string) =>
      `S3 endpoint ${name} (com.amazonaws.us-west-2.s3) gives the VPC access to all S3 buckets: its policy does not limit the buckets: an Allow statement has Resource *.`;
    expect(result.findings.filter((f) => f.ruleId === 'HP021').map((f) => f.message)).toEqual([
      open('NodeBucketGateway'),
      open('BucketGateway'),
      open('BucketGateway'),
      open(TF_ENDPOINT),
      open(TF_ENDPOINT),
    ]);
  });

  it('says the console-style template hides its cluster behind a Lambda custom resource', () => {
    const hp090 = result.findings.find((f) => f.ruleId === 'HP090')!;
    expect(hp090.message).toBe(
      'Cluster console-slurm is defined in a way this scan cannot see (cluster is created by custom resource ClusterLauncher ' +
        '(Custom::HyperPodCluster); its instance groups are not statically visible), so its instance groups, VPC and ' +
        'security-group prerequisites were not checked.',
    );
  });
});

describe('real-world corpus: what cannot be known is unverified, not wrong', () => {
  it('Terraform modules pass IDs through locals: the cluster cannot be linked, so no EFA finding', () => {
    const localsReason =
      `${TF_CLUSTER}.vpc_config.security_group_ids is known only after apply: ` +
      'local.node_sg_id (local values are not in the plan); local.node_subnet_id (local values are not in the plan)';
    expect(unverified(TF_FIRST)).toEqual([
      `HP010 1565 a security group cannot be resolved statically (${localsReason})`,
      `HP011 1565 a security group cannot be resolved statically (${localsReason})`,
      `HP020 1565 S3 access: ${localsReason.replace('security_group_ids', 'subnets')}`,
      `HP030 1565 subnet sizing: ${localsReason.replace('security_group_ids', 'subnets')}`,
    ]);
    // The group itself is checked without its cluster (its description names EFA): it has both self rules, so only HP012's notice.
    expect(result.findings.filter((f) => f.file === TF_FIRST).map((f) => f.ruleId)).toEqual(['HP012', 'HP021']);
  });

  it('the CreateCluster config names literal IDs from outside the files', () => {
    expect(unverified(CREATE_CLUSTER)).toEqual([
      'HP005 41 the VPC of subnet subnet-07a8b9c0d1e2f3a4b is not in the scanned files; account mode can check it',
      'HP005 40 the VPC of security group sg-03c1d2e3f4a5b6c7d is not in the scanned files; account mode can check it',
      // gpu-workers (ml.g5.12xlarge) is EFA-capable: the self rules cannot be checked offline
      'HP010 40 security group sg-03c1d2e3f4a5b6c7d is not in the scanned files; account mode can check it',
      'HP011 40 security group sg-03c1d2e3f4a5b6c7d is not in the scanned files; account mode can check it',
      'HP020 41 S3 access: subnet subnet-07a8b9c0d1e2f3a4b is not defined in the scanned files',
      'HP030 41 subnet sizing: subnet subnet-07a8b9c0d1e2f3a4b is not defined in the scanned files',
    ]);
    expect(result.findings.filter((f) => f.file === CREATE_CLUSTER)).toEqual([]);
  });

  it('the custom-resource cluster is listed as not checked for EFA rules', () => {
    const reason =
      'cluster is created by custom resource ClusterLauncher (Custom::HyperPodCluster); its instance groups are not statically visible';
    expect(unverified(CONSOLE)).toEqual([
      `- 107 ${reason}`,
      `HP010 107 instance groups of cluster console-slurm are unknown (${reason}); EFA security groups were not checked`,
      `HP011 107 instance groups of cluster console-slurm are unknown (${reason}); EFA security groups were not checked`,
    ]);
  });

  // Issue 17 item 6: the EKS service role only eks.amazonaws.com can assume is no longer listed (no person's session).
  it('no managed policy is left unverified: the EKS service role is assumable by a service only', () => {
    expect(unverified(EKS_FLAT)).toEqual([]);
  });

  it('the Slurm prerequisites stack without a cluster has nothing to verify; its EFA group is checked without its cluster', () => {
    expect(unverified(SLURM_PREREQS)).toEqual([]);
    expect(unverified(SLURM_WITH_CLUSTER)).toEqual([]);
    // The self rules are there (no HP010/HP011); the 0.0.0.0/0 egress next to them is the same notice as with the cluster.
    expect(result.findings.filter((f) => f.file === SLURM_PREREQS).map((f) => f.ruleId)).toEqual(['HP021', 'HP012']);
    expect(result.findings.find((f) => f.file === SLURM_PREREQS && f.ruleId === 'HP012')!.message).toContain(
      'It is meant for HyperPod EFA nodes (checked without its cluster: no scanned cluster uses this group; linked because its GroupDescription "HyperPod nodes, EFA and Lustre clients" names EFA).',
    );
  });

  it('the same-name ml-cluster definitions are each counted, and the overlap is listed', () => {
    const files = `${EKS_FLAT}, ${SLURM_WITH_CLUSTER}, ${TF_FIRST} and ${TF_UPDATE}`;
    expect(
      result.unverified.filter((u) => u.ruleId === 'HP031' || u.ruleId === 'HP040').map((u) => `${u.ruleId} ${u.file}:${u.line}`),
    ).toEqual([`HP031 ${TF_UPDATE}:1801`, `HP040 ${TF_UPDATE}:1801`]);
    expect(result.unverified.find((u) => u.ruleId === 'HP040')!.reason).toContain(`cluster ml-cluster in us-west-2 is defined in ${files}`);
  });
});

describe('real-world corpus: scanned without a region', () => {
  it('reports no error or warning; what needs the region is unverified', async () => {
    const noRegion = await scan({ cwd: corpus, paths: ['.'], exclude: ['minimal-repros/**'], workers: false });
    expect(noRegion.findings.filter((f) => f.severity !== 'notice')).toEqual([]);
    // AWS::Region in the CloudFormation endpoints' ServiceName is unknown, but com.amazonaws.${AWS::Region}.s3 is S3 in
    // any region (issue 17 item 4): HP021 still reports the open policies, and HP020 finds the endpoints.
    expect(noRegion.findings.filter((f) => f.ruleId === 'HP021').map((f) => f.file)).toEqual([
      EKS_FLAT,
      SLURM_WITH_CLUSTER,
      `sample-style/slurm/prerequisites.yaml`,
      TF_FIRST,
      TF_UPDATE,
    ]);
    expect(
      noRegion.unverified.filter((u) => u.ruleId === 'HP020' && u.file.endsWith('.yaml')).map((u) => `${u.file}:${u.line} ${u.reason}`),
    ).toEqual([]);
    expect(noRegion.unverified.filter((u) => u.ruleId === 'HP006').map((u) => `${u.file}:${u.line}`)).toEqual([
      `${CONSOLE}:107`,
      `${CREATE_CLUSTER}:2`,
      // The two stacks' subnets name their Availability Zones, which give the region (issue 17 item 3).
    ]);
  });
});

/** Scans one corpus file after textual edits (a parameter default a user would change), in a temporary folder. */
async function scanVariant(file: string, edits: [string, string][]): Promise<ScanResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hp-real-world-'));
  try {
    let text = await readFile(path.join(corpus, file), 'utf8');
    for (const [from, to] of edits) {
      expect(text).toContain(from);
      text = text.replace(from, to);
    }
    await writeFile(path.join(dir, 'template.yaml'), text);
    return await scan({ cwd: dir, workers: false, region: 'us-west-2' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('real-world corpus: parameter choices the sample-style templates offer', () => {
  it('EKS stack with UseNewSg=false: rules go to an existing group, EFA rules are unverified, not reported', async () => {
    const variant = await scanVariant(EKS_FLAT, [
      ["UseNewSg:\n    Type: String\n    Default: 'true'", "UseNewSg:\n    Type: String\n    Default: 'false'"],
    ]);
    expect(variant.findings.map(withLine)).toEqual(['HP021 notice template.yaml:153 [NodeBucketGateway]']);
    expect(variant.unverified.filter((u) => u.ruleId === 'HP010' || u.ruleId === 'HP011').map((u) => `${u.ruleId} ${u.reason}`)).toEqual([
      'HP010 security group sg-0f1e2d3c4b5a69788 is not in the scanned files; account mode can check it',
      'HP011 security group sg-0f1e2d3c4b5a69788 is not in the scanned files; account mode can check it',
    ]);
    expect(variant.unverified.filter((u) => u.ruleId === undefined).map((u) => u.resource)).toEqual([
      'PodNodeSelfIn',
      'PodNodeSelfOut',
      'PodNodeAnywhereOut',
      'PodNodeLustreIn',
    ]);
  });

  it('Slurm stack with a spare subnet in a second AZ listed in VpcConfig: no HP032 (one subnet is picked for all groups)', async () => {
    const variant = await scanVariant(SLURM_WITH_CLUSTER, [
      ["SpareAzId:\n    Type: String\n    Default: ''", "SpareAzId:\n    Type: String\n    Default: 'usw2-az1'"],
      [
        '          - !Ref ComputeSubnet\n      InstanceGroups:',
        '          - !Ref ComputeSubnet\n          - !Ref SpareSubnet\n      InstanceGroups:',
      ],
    ]);
    const subnets = variant.model.ofType('Cluster')[0]!.vpcConfig!.subnets!;
    expect(subnets.known && subnets.items.map((r) => (r.kind === 'entity' ? r.key : r.kind))).toEqual([
      'template.yaml#ComputeSubnet',
      'template.yaml#SpareSubnet',
    ]);
    const spare = variant.model.ofType('Subnet').find((s) => s.name === 'SpareSubnet')!;
    expect(spare.cidr).toMatchObject({ known: true, value: '10.1.128.0/17' });
    expect(variant.findings.map(withLine)).toEqual([
      'HP021 notice template.yaml:165 [BucketGateway]',
      'HP012 notice template.yaml:181 [NodeGroupSg]',
    ]);
  });
});

describe('real-world corpus: pull requests against the Slurm stack with cluster (base revision compared)', () => {
  const headWith = async (edits: [string, string][]) => {
    const baseModel = (await scan({ cwd: corpus, paths: [SLURM_WITH_CLUSTER], workers: false, region: 'us-west-2' })).model;
    const dir = await mkdtemp(path.join(tmpdir(), 'hp-real-world-'));
    try {
      let text = await readFile(path.join(corpus, SLURM_WITH_CLUSTER), 'utf8');
      for (const [from, to] of edits) {
        expect(text).toContain(from);
        text = text.replace(from, to);
      }
      await mkdir(path.dirname(path.join(dir, SLURM_WITH_CLUSTER)), { recursive: true });
      await writeFile(path.join(dir, SLURM_WITH_CLUSTER), text);
      return await scan({ cwd: dir, workers: false, region: 'us-west-2', baseModel });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };

  it('scaling the workers from 4 to 8 is not an immutable change', async () => {
    const head = await headWith([
      ['InstanceType: ml.p5.48xlarge\n          InstanceCount: 4', 'InstanceType: ml.p5.48xlarge\n          InstanceCount: 8'],
    ]);
    expect(head.findings.map(withLine)).toEqual([
      `HP021 notice ${SLURM_WITH_CLUSTER}:165 [BucketGateway]`,
      `HP012 notice ${SLURM_WITH_CLUSTER}:181 [NodeGroupSg]`,
    ]);
  });

  it('changing the compute subnet split from /17 to /18 is an HP004 error on the subnet CIDR', async () => {
    const head = await headWith([
      [
        'CidrBlock: !Select [0, !Cidr [!FindInMap [AddressPlan, Ranges, Secondary], 2, 15]]',
        'CidrBlock: !Select [0, !Cidr [!FindInMap [AddressPlan, Ranges, Secondary], 4, 14]]',
      ],
    ]);
    const hp004 = head.findings.filter((f) => f.ruleId === 'HP004');
    expect(hp004.map(withLine)).toEqual([`HP004 error ${SLURM_WITH_CLUSTER}:98 [ComputeSubnet]`]);
    expect(hp004[0]!.message).toContain(
      'The CIDR of subnet ComputeSubnet changes from 10.1.0.0/17 to 10.1.0.0/18, and cluster ml-cluster uses it.',
    );
  });
});

describe('real-world corpus: Terraform update of an existing Slurm cluster (IDs known)', () => {
  it('scaling a group is not an immutable change; the existing network is linked by physical IDs', () => {
    const cluster = result.model.ofType('Cluster').find((c) => c.file === TF_UPDATE)!;
    expect(cluster.change?.actions).toEqual(['update']);
    expect(result.findings.filter((f) => f.file === TF_UPDATE && f.ruleId === 'HP004')).toEqual([]);
    // only the same-name overlap note (HP031/HP040) is listed for the update plan
    expect(result.unverified.filter((u) => u.file === TF_UPDATE).map((u) => u.ruleId)).toEqual(['HP031', 'HP040']);
    const [sg] = cluster.vpcConfig?.securityGroups?.known ? cluster.vpcConfig.securityGroups.items : [];
    const [subnet] = cluster.vpcConfig?.subnets?.known ? cluster.vpcConfig.subnets.items : [];
    expect(result.model.resolve(sg, 'SecurityGroup')?.key).toBe(`${TF_UPDATE}#${TF_SG}`);
    expect(result.model.resolve(subnet, 'Subnet')?.key).toBe(`${TF_UPDATE}#module.node_subnet[0].aws_subnet.nodes`);
  });

  it('8 × ml.p5.48xlarge do not fit the /24 node subnet (hyperpod-reference.md §R10: at most 7)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hp-real-world-'));
    try {
      const plan = JSON.parse(await readFile(path.join(corpus, TF_UPDATE), 'utf8'));
      const change = plan.resource_changes.find((r: { type: string }) => r.type === 'awscc_sagemaker_cluster').change;
      change.after.instance_groups.find((g: { instance_group_name: string }) => g.instance_group_name === 'compute').instance_count = 8;
      await writeFile(path.join(dir, 'plan.json'), JSON.stringify(plan, null, 2) + '\n');
      const scaled = await scan({ cwd: dir, workers: false, region: 'us-west-2' });
      const hp030 = scaled.findings.filter((f) => f.ruleId === 'HP030');
      expect(hp030.map(withLine)).toEqual(['HP030 error plan.json:1161 [module.node_subnet[0].aws_subnet.nodes]']);
      expect(hp030[0]!.message).toBe(
        'Subnet module.node_subnet[0].aws_subnet.nodes (10.0.2.0/24) has 251 usable IPv4 addresses (2^(32-24) - 5) but the instance groups ' +
          'that can be placed in it need 258: compute 8 × 32 = 256 (ml.p5.48xlarge, Slurm); controller 1 × 1 = 1 (ml.c5.2xlarge, Slurm); ' +
          'login 1 × 1 = 1 (ml.m5.4xlarge, Slurm). At most 7 instances of compute fit beside the other groups.',
      );
      expect(scaled.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId)).toEqual(['HP030']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('real-world corpus: Terraform plan as terraform show -json writes it (one line)', () => {
  it('gives the same findings and unverified items, at line 1', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hp-real-world-'));
    try {
      const plan = JSON.parse(await readFile(path.join(corpus, TF_FIRST), 'utf8'));
      await writeFile(path.join(dir, 'plan.json'), JSON.stringify(plan) + '\n');
      const oneLine = await scan({ cwd: dir, workers: false, region: 'us-west-2' });
      expect(oneLine.findings.map(withLine)).toEqual([`HP012 notice plan.json:1 [${TF_SG}]`, `HP021 notice plan.json:1 [${TF_ENDPOINT}]`]);
      expect(oneLine.findings[1]!.column).toBeGreaterThan(1);
      const pretty = result.unverified.filter((u) => u.file === TF_FIRST).map((u) => `${u.ruleId} ${u.reason}`);
      expect(oneLine.unverified.map((u) => `${u.ruleId} ${u.reason}`)).toEqual(pretty);
      expect(oneLine.unverified.map((u) => u.line)).toEqual([1, 1, 1, 1]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('real-world corpus: intrinsics', () => {
  const subnets = (file: string) =>
    result.model
      .ofType('Subnet')
      .filter((s) => s.file === file)
      .map(
        (s) =>
          `${s.name} ${s.cidr.known ? s.cidr.value : '?'} ${s.azId.known ? s.azId.value : '?'} ${s.mapPublicIp.known ? s.mapPublicIp.value : '?'}`,
      );

  it('evaluates Fn::Cidr/Fn::Select/Fn::FindInMap and leaves out the subnet whose condition is false', () => {
    expect(subnets(SLURM_WITH_CLUSTER)).toEqual(['EgressSubnet 10.0.0.0/24 usw2-az2 true', 'ComputeSubnet 10.1.0.0/17 usw2-az2 false']);
    const table = result.model.ofType('RouteTable').find((t) => t.file === SLURM_WITH_CLUSTER && t.name === 'ComputeRoutes')!;
    expect(table.routes.map((r) => [r.destination, r.target])).toMatchObject([
      [
        { known: true, value: '0.0.0.0/0' },
        { kind: 'nat', ref: { kind: 'entity', key: `${SLURM_WITH_CLUSTER}#Nat` } },
      ],
    ]);
  });

  it('builds CIDRs with Fn::Join of Fn::Select/Fn::Split pieces and picks AZ IDs from a CommaDelimitedList', () => {
    expect(subnets(EKS_FLAT)).toEqual([
      'NodeSubnet 10.1.0.0/16 usw2-az2 false',
      'ControlPlaneSubnetA 10.192.16.0/24 usw2-az1 false',
      'ControlPlaneSubnetB 10.192.32.0/24 usw2-az2 false',
    ]);
    const table = result.model.ofType('RouteTable').find((t) => t.file === EKS_FLAT)!;
    expect(table.routes.map((r) => [r.destination, r.target])).toMatchObject([
      [
        { known: true, value: '0.0.0.0/0' },
        { kind: 'nat', ref: { kind: 'id', id: 'nat-0f1e2d3c4b5a69788' } },
      ],
    ]);
  });
});

describe('real-world corpus: model of sample security-group patterns', () => {
  const group = (file: string, name: string) => result.model.ofType('SecurityGroup').find((g) => g.file === file && g.name === name)!;
  const rules = (list: SgRule[]) =>
    list.map((r) => {
      const peer = r.peer.kind === 'cidr' ? r.peer.cidr : r.peer.kind;
      const protocol = r.protocol.known ? r.protocol.value : '?';
      return `${protocol} ${r.fromPort?.known ? r.fromPort.value : '-'}..${r.toPort?.known ? r.toPort.value : '-'} ${peer}`;
    });
  const shape = (g: SecurityGroup) => ({
    ingress: rules(g.ingress),
    egress: rules(g.egress),
    implicitAllowAllEgress: g.implicitAllowAllEgress,
    rulesComplete: g.rulesComplete,
  });

  it('Terraform aws_security_group_rule with source_security_group_id = own id is a self rule; no implicit egress', () => {
    expect(shape(group(TF_FIRST, TF_SG))).toEqual({
      ingress: ['-1 0..65535 self', 'tcp 988..988 10.0.0.0/16', 'udp 988..988 10.0.0.0/16'],
      egress: ['-1 0..65535 self', 'tcp 988..988 10.0.0.0/16', 'udp 988..988 10.0.0.0/16', '-1 0..65535 0.0.0.0/0'],
      implicitAllowAllEgress: false,
      rulesComplete: true,
    });
  });

  it('CloudFormation rules whose GroupId and peer are the same Fn::If are self rules', () => {
    expect(shape(group(EKS_FLAT, 'PodNodeSg'))).toEqual({
      ingress: ['-1 -..- self', 'tcp 988..988 self'],
      egress: ['-1 -..- self', '-1 -..- 0.0.0.0/0'],
      implicitAllowAllEgress: true,
      rulesComplete: true,
    });
  });

  it('inline 0.0.0.0/0 egress plus standalone self rules and the Lustre ports 988 and 1018-1023', () => {
    expect(shape(group(SLURM_WITH_CLUSTER, 'NodeGroupSg'))).toEqual({
      ingress: ['-1 -..- self', 'tcp 988..988 self', 'tcp 1018..1023 self'],
      egress: ['-1 -..- 0.0.0.0/0', '-1 -..- self'],
      implicitAllowAllEgress: false,
      rulesComplete: true,
    });
  });
});

describe('real-world corpus: demand figures', () => {
  it('counts the CreateCluster config', () => {
    expect(result.demand.clusters.find((c) => c.file === CREATE_CLUSTER)).toEqual({
      cluster: 'training-cluster',
      file: CREATE_CLUSTER,
      region: 'us-west-2',
      instances: 5,
      perType: { 'ml.m5.2xlarge': 1, 'ml.m5.xlarge': 2, 'ml.g5.12xlarge': 2 },
    });
  });

  // FN-1 (fixed), then issue 17 item 5: same-name definitions are one cluster, counted once (largest count per group and type).
  it('counts the ml-cluster definitions as one cluster: each group once, with its largest count', () => {
    expect(result.demand.instancesPerType).toEqual({
      'ml.m5.2xlarge': 1,
      'ml.m5.xlarge': 2,
      'ml.g5.12xlarge': 2,
      'ml.g5.8xlarge': 1,
      'ml.m5.12xlarge': 1,
      'ml.m5.4xlarge': 1,
      'ml.p5.48xlarge': 8,
      'ml.c5.2xlarge': 1,
    });
    expect(result.demand.clusters.filter((c) => c.cluster === 'ml-cluster').map((c) => `${c.file} ${c.instances}`)).toEqual([
      `${EKS_FLAT} 12`,
    ]);
  });

  it('minimal repro of FN-1: a same-name twin with other instance groups is not dropped from the demand', async () => {
    const twins = await repro('same-name-clusters');
    expect(twins.demand.instancesPerType).toEqual({ 'ml.m5.xlarge': 1, 'ml.p5.48xlarge': 4 });
  });
});

describe('real-world corpus: defects found in the corpus (docs/real-world.md)', () => {
  // FP-1 (fixed): HP021 on a block-style PolicyDocument pointed at its first inner key.
  it('HP021 lands on the PolicyDocument key, not on the Version line inside it', () => {
    expect(
      result.findings.filter((f) => f.ruleId === 'HP021' && f.file.endsWith('.yaml')).map((f) => `${f.file}:${f.line}:${f.column}`),
    ).toEqual([`${EKS_FLAT}:153:7`, `${SLURM_WITH_CLUSTER}:165:7`, `${SLURM_PREREQS}:162:7`]);
  });

  it('minimal repro of FP-1: HP021 on a block-style PolicyDocument is reported at the property (line 7)', async () => {
    expect((await repro('hp021-policy-line')).findings.map(withLine)).toEqual(['HP021 notice endpoint.yaml:7 [S3Endpoint]']);
  });

  // FN-2 (fixed): a cluster created by a nested AWS::CloudFormation::Stack passed silently.
  it('minimal repro of FN-2: a nested stack that creates the cluster is reported as not visible (HP090)', async () => {
    const nested = await repro('nested-stack');
    const reason =
      'the cluster is defined in nested stack GpuClusterStack (TemplateURL https://example-bucket.s3.amazonaws.com/cluster-stack.yaml); scan that template too';
    expect(nested.findings.map(withLine)).toEqual(['HP090 notice main.yaml:10 [GpuClusterStack]']);
    expect(nested.findings[0]!.message).toBe(
      `Cluster ml-cluster is defined in a way this scan cannot see (${reason}), so its instance groups, VPC and security-group prerequisites were not checked.`,
    );
    // One line for the stack (issue 17 item 6); what it stands for stays in `details`.
    expect(nested.unverified.map((u) => `${u.ruleId ?? '-'} ${u.line} ${u.reason}`)).toEqual([
      '- 10 nested stack GpuClusterStack (TemplateURL https://example-bucket.s3.amazonaws.com/cluster-stack.yaml) defines a cluster ' +
        'and is not scanned, so its resources are not checked; values read from it leave HP010, HP011 unchecked at line 10; scan that template too',
    ]);
    expect(nested.unverified[0]!.details!.map((u) => `${u.ruleId ?? '-'} ${u.line} ${u.reason}`)).toEqual([
      `- 10 ${reason}`,
      `HP010 10 instance groups of cluster ml-cluster are unknown (${reason}); EFA security groups were not checked`,
      `HP011 10 instance groups of cluster ml-cluster are unknown (${reason}); EFA security groups were not checked`,
    ]);
  });

  // N-2 (fixed): a role whose only statements cannot grant ssm:StartSession is not "cannot be evaluated".
  it('HP060 does not list a role without any SSM action as unverified', () => {
    expect(result.unverified.filter((u) => u.ruleId === 'HP060' && u.resource === 'VpcTrafficLogWriter')).toEqual([]);
    expect(result.unverified.filter((u) => u.ruleId === 'HP060').map((u) => u.resource)).toEqual([]);
  });

  // N-4 (fixed): placeholder IDs such as sg-xxx matched the API pattern and passed as IDs.
  it('minimal repro of N-4: placeholder IDs sg-xxx/subnet-xxx in a spec get an HP002 error each, at the ID', async () => {
    const placeholders = await repro('placeholder-ids');
    expect(placeholders.findings.map((f) => `${withLine(f)}:${f.column}`)).toEqual([
      'HP002 error cluster-config.json:12 [placeholder-cluster]:39',
      'HP002 error cluster-config.json:12 [placeholder-cluster]:62',
    ]);
    expect(placeholders.findings.map((f) => f.message)).toEqual([
      'SecurityGroupIds of the VpcConfig of cluster placeholder-cluster contains "sg-xxx", which is not an EC2 security group ID ' +
        '(sg- followed by 8 or 17 hexadecimal digits); it is a placeholder that can never resolve, so the request is rejected.',
      'Subnets of the VpcConfig of cluster placeholder-cluster contains "subnet-xxx", which is not an EC2 subnet ID ' +
        '(subnet- followed by 8 or 17 hexadecimal digits); it is a placeholder that can never resolve, so the request is rejected.',
    ]);
  });

  it('N-4: the hexadecimal literal IDs of the corpus get no HP002', () => {
    expect(result.findings.filter((f) => f.ruleId === 'HP002')).toEqual([]);
  });

  // N-1: an Fn::If without its third argument (CloudFormation rejects it) is not a crash and not a
  // finding; the item is listed as unreadable, without the cause.
  it('N-1 current behaviour: an instance group in a two-argument Fn::If is listed as not checked, at the item', async () => {
    const twoArgs = await repro('if-two-arguments');
    expect(twoArgs.findings).toEqual([]);
    expect(twoArgs.unverified.filter((u) => u.ruleId === undefined).map((u) => `${u.line} ${u.reason}`)).toEqual([
      '21 an instance group of Cluster cannot be read statically; not checked',
    ]);
  });
});
