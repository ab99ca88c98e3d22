/**
 * Real-world corpus (fixtures/real-world, sources in fixtures/real-world/SOURCES.md): AWS's own
 * HyperPod templates, a public cluster config and hand-derived combinations of them. Every finding
 * is pinned by rule, file, line, severity and resource; each one was checked by hand against
 * rules.md (see docs/real-world.md). Known defects are recorded as `it.fails` cases.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import type { Finding, ScanResult } from '../../src/engine/types.js';
import type { SecurityGroup, SgRule } from '../../src/model/types.js';

const corpus = path.resolve(__dirname, '../../fixtures/real-world');
const ADT_SLURM = 'awsome-distributed-training/1.architectures/5.sagemaker-hyperpod/sagemaker-hyperpod.yaml';
const ADT_EKS = 'awsome-distributed-training/1.architectures/7.sagemaker-hyperpod-eks/cfn-templates/nested-stacks';
const SETUP_SLURM = 'sagemaker-hyperpod-cluster-setup/slurm/cloudformation';
const SETUP_EKS_SUBNETS = 'sagemaker-hyperpod-cluster-setup/eks/cloudformation/private-subnet-template.yaml';
const PLAYGROUND = 'playground-persistent-cluster/cluster-config.json';
const TF_SLURM = 'hand-derived/hyperpod-slurm-tf/plan.json';
const TF_SLURM_UPDATE = 'hand-derived/hyperpod-slurm-tf-update/plan.json';
const SLURM_WITH_CLUSTER = 'hand-derived/awsome-slurm-with-cluster/sagemaker-hyperpod-with-cluster.yaml';
const EKS_FLAT = 'hand-derived/awsome-eks-flattened/hyperpod-eks-flattened.yaml';

const withLine = (f: Finding) => `${f.ruleId} ${f.severity} ${f.file}:${f.line} [${f.resource}]`;
const withoutLine = (f: Finding) => `${f.ruleId} ${f.severity} ${f.file} [${f.resource}]`;

/** HP021 findings on CloudFormation policies: their line is a known defect (docs/real-world.md, FP-1). */
const cfnEndpointPolicy = (f: Finding) => f.ruleId === 'HP021' && f.file.endsWith('.yaml');

let result: ScanResult;
beforeAll(async () => {
  result = await scan({ cwd: corpus, paths: ['.'], exclude: ['minimal-repros/**'], workers: false, region: 'us-west-2' });
});

describe('real-world corpus: inputs', () => {
  it('reads every file with the right parser and reports no HP000', () => {
    expect(result.files.map((f) => `${f.kind} ${f.file}`)).toEqual([
      `cloudformation ${ADT_SLURM}`,
      `cloudformation ${ADT_EKS}/eks-cluster-stack.yaml`,
      `cloudformation ${ADT_EKS}/hyperpod-cluster-stack.yaml`,
      `cloudformation ${ADT_EKS}/private-subnet-stack.yaml`,
      `cloudformation ${ADT_EKS}/s3-endpoint-stack.yaml`,
      `cloudformation ${ADT_EKS}/sagemaker-iam-role-stack.yaml`,
      `cloudformation ${ADT_EKS}/security-group-stack.yaml`,
      `cloudformation ${EKS_FLAT}`,
      `cloudformation ${SLURM_WITH_CLUSTER}`,
      // localeCompare order: '-' sorts before '/'
      `terraform-plan ${TF_SLURM_UPDATE}`,
      `terraform-plan ${TF_SLURM}`,
      `cluster-spec ${PLAYGROUND}`,
      `cloudformation ${SETUP_EKS_SUBNETS}`,
      `cloudformation ${SETUP_SLURM}/slurm-hyperpod-cluster-template.yaml`,
      `cloudformation ${SETUP_SLURM}/slurm-security-group-template.yaml`,
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
      `${ADT_EKS}/hyperpod-cluster-stack.yaml#HyperPodCluster eks`,
      `${EKS_FLAT}#HyperPodCluster eks`,
      `${SLURM_WITH_CLUSTER}#HyperPodCluster slurm`,
      `${TF_SLURM_UPDATE}#module.hyperpod_cluster[0].awscc_sagemaker_cluster.hyperpod_cluster slurm`,
      `${TF_SLURM}#module.hyperpod_cluster[0].awscc_sagemaker_cluster.hyperpod_cluster slurm`,
      `${PLAYGROUND}#cluster slurm`,
      `${SETUP_SLURM}/slurm-hyperpod-cluster-template.yaml#SlurmHpLambdaCustomResource ?`,
    ]);
  });

  it('links the flattened EKS HyperPod cluster to its EKS cluster (Fn::GetAtt EKSCluster.Arn)', () => {
    const cluster = result.model.ofType('Cluster').find((c) => c.file === EKS_FLAT)!;
    expect(cluster.eksCluster).toMatchObject({ kind: 'entity', key: `${EKS_FLAT}#EKSCluster` });
    const eks = result.model.ofType('EksCluster').find((e) => e.file === EKS_FLAT)!;
    expect(eks.ipFamily).toMatchObject({ known: true, value: 'ipv4' });
    expect(eks.ipFamilyExplicit).toBe(false);
  });
});

describe('real-world corpus: findings (each checked by hand, docs/real-world.md)', () => {
  it('has exactly these findings: AWS templates get notices only', () => {
    expect(result.findings.map(withoutLine)).toEqual([
      `HP021 notice ${ADT_SLURM} [S3Endpoint]`,
      `HP021 notice ${ADT_EKS}/s3-endpoint-stack.yaml [S3Endpoint]`,
      `HP012 notice ${EKS_FLAT} [NoIngressSecurityGroup]`,
      `HP012 notice ${EKS_FLAT} [NoIngressSecurityGroup]`,
      `HP021 notice ${EKS_FLAT} [S3Endpoint]`,
      `HP012 notice ${SLURM_WITH_CLUSTER} [SecurityGroup]`,
      `HP012 notice ${SLURM_WITH_CLUSTER} [SecurityGroup]`,
      `HP021 notice ${SLURM_WITH_CLUSTER} [S3Endpoint]`,
      `HP012 notice ${TF_SLURM_UPDATE} [module.security_group[0].aws_security_group.hyperpod]`,
      `HP021 notice ${TF_SLURM_UPDATE} [module.s3_endpoint[0].aws_vpc_endpoint.s3]`,
      `HP021 notice ${TF_SLURM} [module.s3_endpoint[0].aws_vpc_endpoint.s3]`,
      `HP090 notice ${SETUP_SLURM}/slurm-hyperpod-cluster-template.yaml [SlurmHpLambdaCustomResource]`,
    ]);
    expect(result.summary).toMatchObject({ errors: 0, warnings: 0, notices: 12, suppressed: 0, filesScanned: 15, filesSkipped: 1 });
  });

  it('puts each finding on its construct', () => {
    expect(result.findings.filter((f) => !cfnEndpointPolicy(f)).map(withLine)).toEqual([
      // SecurityGroup declared without inline egress: implicit allow-all (CFN-SG).
      `HP012 notice ${EKS_FLAT}:145 [NoIngressSecurityGroup]`,
      // InternetCommunicationRuleEgress: CidrIp 0.0.0.0/0 next to the self egress rule.
      `HP012 notice ${EKS_FLAT}:181 [NoIngressSecurityGroup]`,
      `HP012 notice ${SLURM_WITH_CLUSTER}:231 [SecurityGroup]`,
      // EFASecurityGroupEgressECS
      `HP012 notice ${SLURM_WITH_CLUSTER}:254 [SecurityGroup]`,
      // internet_egress (0.0.0.0/0) next to efa_egress (self): the existing group is linked by its ID.
      `HP012 notice ${TF_SLURM_UPDATE}:1680 [module.security_group[0].aws_security_group.hyperpod]`,
      `HP021 notice ${TF_SLURM_UPDATE}:1730 [module.s3_endpoint[0].aws_vpc_endpoint.s3]`,
      // resource_changes entry of the endpoint
      `HP021 notice ${TF_SLURM}:1503 [module.s3_endpoint[0].aws_vpc_endpoint.s3]`,
      // the custom resource that creates the cluster
      `HP090 notice ${SETUP_SLURM}/slurm-hyperpod-cluster-template.yaml:313 [SlurmHpLambdaCustomResource]`,
    ]);
  });

  it('keeps 0.0.0.0/0 egress next to the self rules a notice (AWS templates), with the reason', () => {
    const hp012 = result.findings.filter((f) => f.ruleId === 'HP012');
    expect(hp012).toHaveLength(5);
    for (const f of hp012) {
      expect(f.severity).toBe('notice');
      expect(f.message).toContain('The group also has the outbound rule to itself, as AWS');
      expect(f.message).toContain('so this is only a notice.');
    }
    expect(hp012.find((f) => f.file === SLURM_WITH_CLUSTER && f.line === 254)!.message).toContain(
      'Security group SecurityGroup allows outbound all traffic (protocol -1) to 0.0.0.0/0. It is used by EFA-capable instance group worker-group-1 (ml.p5.48xlarge) of cluster ml-cluster.',
    );
    expect(hp012.find((f) => f.file === EKS_FLAT && f.line === 145)!.message).toContain(
      'Security group NoIngressSecurityGroup is declared without inline SecurityGroupEgress, so CloudFormation keeps the default rule',
    );
  });

  it('reports the open S3 endpoint policy of every AWS sample as a notice', () => {
    const hp021 = result.findings.filter((f) => f.ruleId === 'HP021');
    expect(hp021.map((f) => f.message)).toEqual([
      ...[ADT_SLURM, `${ADT_EKS}/s3-endpoint-stack.yaml`, EKS_FLAT, SLURM_WITH_CLUSTER].map(
        () =>
          'S3 endpoint S3Endpoint (com.amazonaws.us-west-2.s3) gives the VPC access to all S3 buckets: its policy does not limit the buckets: an Allow statement has Resource *.',
      ),
      ...[TF_SLURM_UPDATE, TF_SLURM].map(
        () =>
          'S3 endpoint module.s3_endpoint[0].aws_vpc_endpoint.s3 (com.amazonaws.us-west-2.s3) gives the VPC access to all S3 buckets: its policy does not limit the buckets: an Allow statement has Resource *.',
      ),
    ]);
  });

  it('says the console template hides its cluster behind a Lambda custom resource', () => {
    const hp090 = result.findings.find((f) => f.ruleId === 'HP090')!;
    expect(hp090.message).toBe(
      'Cluster slurm-cluster is defined in a way this scan cannot see (cluster is created by custom resource SlurmHpLambdaCustomResource ' +
        '(AWS::CloudFormation::CustomResource); its instance groups are not statically visible), so its instance groups, VPC and ' +
        'security-group prerequisites were not checked.',
    );
  });
});

describe('real-world corpus: what cannot be known is unverified, not wrong', () => {
  const unverified = (file: string) =>
    result.unverified.filter((u) => u.file === file).map((u) => `${u.ruleId ?? '-'} ${u.line} ${u.reason}`);

  it('Terraform modules pass IDs through locals: the cluster cannot be linked, so no EFA finding', () => {
    const localsReason =
      'module.hyperpod_cluster[0].awscc_sagemaker_cluster.hyperpod_cluster.vpc_config.security_group_ids is known only after apply: ' +
      'local.private_subnet_id (local values are not in the plan); local.security_group_id (local values are not in the plan)';
    expect(unverified(TF_SLURM)).toEqual([
      `HP010 1580 a security group cannot be resolved statically (${localsReason})`,
      `HP011 1580 a security group cannot be resolved statically (${localsReason})`,
      `HP020 1580 S3 access: ${localsReason.replace('security_group_ids', 'subnets')}`,
      `HP030 1580 subnet sizing: ${localsReason.replace('security_group_ids', 'subnets')}`,
    ]);
    expect(result.findings.filter((f) => f.file === TF_SLURM).map((f) => f.ruleId)).toEqual(['HP021']);
  });

  it('the nested EKS cluster stack only names placeholder IDs from outside the files', () => {
    expect(unverified(`${ADT_EKS}/hyperpod-cluster-stack.yaml`)).toEqual([
      // Upstream defect: the accelerated group's Fn::If has two arguments (docs/real-world.md, note N-1).
      '- 355 an instance group of HyperPodCluster cannot be read statically; not checked',
      'HP005 418 the VPC of subnet subnet-1234567890abcdef0 is not in the scanned files; account mode can check it',
      'HP005 416 the VPC of security group sg-1234567890abcdef0 is not in the scanned files; account mode can check it',
      'HP013 319 intra-cluster traffic of ml-cluster: security group sg-1234567890abcdef0 is not in the scanned files; account mode can check it',
      'HP020 418 S3 access: subnet subnet-1234567890abcdef0 is not defined in the scanned files',
      'HP033 418 EKS IP family: subnet subnet-1234567890abcdef0 is not defined in the scanned files',
    ]);
  });

  it('the custom-resource cluster is listed as not checked for EFA rules', () => {
    expect(unverified(`${SETUP_SLURM}/slurm-hyperpod-cluster-template.yaml`).filter((u) => !u.startsWith('HP060'))).toEqual([
      '- 313 cluster is created by custom resource SlurmHpLambdaCustomResource (AWS::CloudFormation::CustomResource); its instance groups are not statically visible',
      'HP010 313 instance groups of cluster slurm-cluster are unknown (cluster is created by custom resource SlurmHpLambdaCustomResource (AWS::CloudFormation::CustomResource); its instance groups are not statically visible); EFA security groups were not checked',
      'HP011 313 instance groups of cluster slurm-cluster are unknown (cluster is created by custom resource SlurmHpLambdaCustomResource (AWS::CloudFormation::CustomResource); its instance groups are not statically visible); EFA security groups were not checked',
    ]);
  });

  it('the EKS execution role (no SSM action) gets no HP060/HP061; only its AWS managed policy is unverified', () => {
    const file = `${ADT_EKS}/sagemaker-iam-role-stack.yaml`;
    expect(result.findings.filter((f) => f.file === file)).toEqual([]);
    expect(unverified(file)).toEqual([
      'HP060 31 SSM access: managed policy arn:aws:iam::aws:policy/AmazonSageMakerClusterInstanceRolePolicy of ExecutionRole is not in the scanned files',
    ]);
  });

  it('standalone stacks without a cluster produce nothing to verify', () => {
    for (const file of [
      SETUP_EKS_SUBNETS,
      `${ADT_EKS}/security-group-stack.yaml`,
      `${ADT_EKS}/private-subnet-stack.yaml`,
      `${SETUP_SLURM}/slurm-security-group-template.yaml`,
    ]) {
      expect(unverified(file)).toEqual([]);
      expect(result.findings.filter((f) => f.file === file)).toEqual([]);
    }
  });
});

describe('real-world corpus: scanned without a region', () => {
  it('reports no error or warning; what needs the region is unverified', async () => {
    const noRegion = await scan({ cwd: corpus, paths: ['.'], exclude: ['minimal-repros/**'], workers: false });
    expect(noRegion.findings.filter((f) => f.severity !== 'notice')).toEqual([]);
    // AWS::Region in the CloudFormation endpoints' ServiceName is unknown: HP021 stays silent there.
    expect(noRegion.findings.filter((f) => f.ruleId === 'HP021').map((f) => f.file)).toEqual([TF_SLURM_UPDATE, TF_SLURM]);
    expect(
      noRegion.unverified
        .filter((u) => u.ruleId === 'HP020' && u.file.startsWith('hand-derived/awsome'))
        .map((u) => `${u.file}:${u.line} ${u.reason}`),
    ).toEqual([
      `${EKS_FLAT}:269 VPC endpoint S3Endpoint may serve subnet PrivateSubnet1 but its service name is not known`,
      `${SLURM_WITH_CLUSTER}:514 VPC endpoint S3Endpoint may serve subnet PrimaryPrivateSubnet but its service name is not known`,
    ]);
    expect(noRegion.unverified.filter((u) => u.ruleId === 'HP006').map((u) => u.file)).toEqual([
      `${ADT_EKS}/hyperpod-cluster-stack.yaml`,
      EKS_FLAT,
      SLURM_WITH_CLUSTER,
      PLAYGROUND,
      `${SETUP_SLURM}/slurm-hyperpod-cluster-template.yaml`,
    ]);
  });
});

/** Scans one corpus file after a textual edit (a parameter default an AWS user would change), in a temporary folder. */
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

describe('real-world corpus: parameter choices the AWS templates offer', () => {
  it('EKS stacks with CreateNewSG=false: rules go to an existing group, EFA rules are unverified, not reported', async () => {
    const variant = await scanVariant(EKS_FLAT, [
      [
        "Type: String\n    Default: 'true'\n    AllowedValues: ['true', 'false']",
        "Type: String\n    Default: 'false'\n    AllowedValues: ['true', 'false']",
      ],
    ]);
    expect(variant.findings.map(withLine)).toEqual(['HP021 notice template.yaml:213 [S3Endpoint]']);
    expect(variant.unverified.filter((u) => u.ruleId === 'HP010' || u.ruleId === 'HP011').map((u) => `${u.ruleId} ${u.reason}`)).toEqual([
      'HP010 security group sg-1234567890abcdef0 is not in the scanned files; account mode can check it',
      'HP011 security group sg-1234567890abcdef0 is not in the scanned files; account mode can check it',
    ]);
    expect(variant.unverified.filter((u) => u.ruleId === undefined).map((u) => u.resource)).toEqual([
      'IntraSGCommunicationRule',
      'IntraSGCommunicationRuleEgress',
      'InternetCommunicationRuleEgress',
      'FSxForLustreRule1',
    ]);
  });

  it('Slurm stack with a backup subnet in a second AZ listed in VpcConfig: no HP032 (one subnet is picked for all groups)', async () => {
    const variant = await scanVariant(SLURM_WITH_CLUSTER, [
      [
        "Leave empty if you don't need it.\n    Type: String\n    Default: ''",
        "Leave empty if you don't need it.\n    Type: String\n    Default: 'usw2-az1'",
      ],
      ['          - !Ref PrimaryPrivateSubnet\n', '          - !Ref PrimaryPrivateSubnet\n          - !Ref BackupPrivateSubnet\n'],
    ]);
    const subnets = variant.model.ofType('Cluster')[0]!.vpcConfig!.subnets!;
    expect(subnets.known && subnets.items.map((r) => (r.kind === 'entity' ? r.key : r.kind))).toEqual([
      'template.yaml#PrimaryPrivateSubnet',
      'template.yaml#BackupPrivateSubnet',
    ]);
    expect(variant.findings.map(withLine)).toEqual([
      'HP012 notice template.yaml:231 [SecurityGroup]',
      'HP012 notice template.yaml:254 [SecurityGroup]',
      'HP021 notice template.yaml:397 [S3Endpoint]',
    ]);
  });
});

describe('real-world corpus: pull requests against the Slurm composite (base revision compared)', () => {
  const base = () => scan({ cwd: corpus, paths: [SLURM_WITH_CLUSTER], workers: false, region: 'us-west-2' });
  const headWith = async (edits: [string, string][]) => {
    const baseModel = (await base()).model;
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
      `HP012 notice ${SLURM_WITH_CLUSTER}:231 [SecurityGroup]`,
      `HP012 notice ${SLURM_WITH_CLUSTER}:254 [SecurityGroup]`,
      `HP021 notice ${SLURM_WITH_CLUSTER}:397 [S3Endpoint]`,
    ]);
  });

  it('changing the private subnet split from /17 to /18 is an HP004 error on the subnet CIDR', async () => {
    const head = await headWith([
      [
        'CidrBlock: !Select [ 0, !Cidr [ !FindInMap [Networking, VPC, CIDR1], 2, 15 ]]',
        'CidrBlock: !Select [ 0, !Cidr [ !FindInMap [Networking, VPC, CIDR1], 4, 14 ]]',
      ],
    ]);
    const hp004 = head.findings.filter((f) => f.ruleId === 'HP004');
    expect(hp004.map(withLine)).toEqual([`HP004 error ${SLURM_WITH_CLUSTER}:324 [PrimaryPrivateSubnet]`]);
    expect(hp004[0]!.message).toContain(
      'The CIDR of subnet PrimaryPrivateSubnet changes from 10.1.0.0/17 to 10.1.0.0/18, and cluster ml-cluster uses it.',
    );
  });
});

describe('real-world corpus: Terraform update of an existing Slurm cluster (IDs known)', () => {
  it('scaling a group is not an immutable change; the existing network is linked by physical IDs', () => {
    const cluster = result.model.ofType('Cluster').find((c) => c.file === TF_SLURM_UPDATE)!;
    expect(cluster.change?.actions).toEqual(['update']);
    expect(result.findings.filter((f) => f.file === TF_SLURM_UPDATE && f.ruleId === 'HP004')).toEqual([]);
    expect(result.unverified.filter((u) => u.file === TF_SLURM_UPDATE)).toEqual([]);
    const [sg] = cluster.vpcConfig?.securityGroups?.known ? cluster.vpcConfig.securityGroups.items : [];
    const [subnet] = cluster.vpcConfig?.subnets?.known ? cluster.vpcConfig.subnets.items : [];
    expect(result.model.resolve(sg, 'SecurityGroup')?.key).toBe(`${TF_SLURM_UPDATE}#module.security_group[0].aws_security_group.hyperpod`);
    expect(result.model.resolve(subnet, 'Subnet')?.key).toBe(`${TF_SLURM_UPDATE}#module.private_subnet[0].aws_subnet.private`);
  });

  it('8 × ml.p5.48xlarge do not fit the /24 private subnet of the Terraform example (hyperpod-reference.md §R10: at most 7)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hp-real-world-'));
    try {
      const plan = JSON.parse(await readFile(path.join(corpus, TF_SLURM_UPDATE), 'utf8'));
      const change = plan.resource_changes.find((r: { type: string }) => r.type === 'awscc_sagemaker_cluster').change;
      change.after.instance_groups.find((g: { instance_group_name: string }) => g.instance_group_name === 'compute').instance_count = 8;
      await writeFile(path.join(dir, 'plan.json'), JSON.stringify(plan, null, 2) + '\n');
      const scaled = await scan({ cwd: dir, workers: false, region: 'us-west-2' });
      const hp030 = scaled.findings.filter((f) => f.ruleId === 'HP030');
      expect(hp030.map(withLine)).toEqual(['HP030 error plan.json:1176 [module.private_subnet[0].aws_subnet.private]']);
      expect(hp030[0]!.message).toBe(
        'Subnet module.private_subnet[0].aws_subnet.private (10.0.2.0/24) has 251 usable IPv4 addresses (2^(32-24) - 5) but the instance groups ' +
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
      const plan = JSON.parse(await readFile(path.join(corpus, TF_SLURM), 'utf8'));
      await writeFile(path.join(dir, 'plan.json'), JSON.stringify(plan) + '\n');
      const oneLine = await scan({ cwd: dir, workers: false, region: 'us-west-2' });
      expect(oneLine.findings.map(withLine)).toEqual(['HP021 notice plan.json:1 [module.s3_endpoint[0].aws_vpc_endpoint.s3]']);
      expect(oneLine.findings[0]!.column).toBeGreaterThan(1);
      const pretty = result.unverified.filter((u) => u.file === TF_SLURM).map((u) => `${u.ruleId} ${u.reason}`);
      expect(oneLine.unverified.map((u) => `${u.ruleId} ${u.reason}`)).toEqual(pretty);
      expect(oneLine.unverified.map((u) => u.line)).toEqual([1, 1, 1, 1]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('real-world corpus: intrinsics of the console (CDK) private-subnet template', () => {
  it('resolves Fn::Select/Split/Join CIDRs and the CommaDelimitedList conditions from the defaults', () => {
    const subnets = result.model
      .ofType('Subnet')
      .filter((s) => s.file === SETUP_EKS_SUBNETS)
      .map(
        (s) =>
          `${s.name} ${s.cidr.known ? s.cidr.value : '?'} ${s.azId.known ? s.azId.value : '?'} ${s.mapPublicIp.known ? s.mapPublicIp.value : '?'}`,
      );
    // AvailabilityZoneIds "use2-az2,,,,": only HasAZ1 holds; VpcCidrBlock 10.192.0.0/16 is not 10.1.0.0/16.
    expect(subnets).toEqual(['PrivateSubnet1 10.1.0.0/16 use2-az2 false', 'EksPrivateSubnet1 10.192.16.0/24 use2-az2 false']);
    const tables = result.model.ofType('RouteTable').filter((t) => t.file === SETUP_EKS_SUBNETS);
    // EksPrivateRouteTable2..5 carry no Condition upstream, so they exist.
    expect(tables.map((t) => `${t.name} ${t.subnets.length}`)).toEqual([
      'PrivateRouteTable1 1',
      'EksPrivateRouteTable1 1',
      'EksPrivateRouteTable2 0',
      'EksPrivateRouteTable3 0',
      'EksPrivateRouteTable4 0',
      'EksPrivateRouteTable5 0',
    ]);
    expect(tables[0]!.routes.map((r) => [r.destination, r.target])).toMatchObject([
      [
        { known: true, value: '0.0.0.0/0' },
        { kind: 'nat', ref: { kind: 'id', id: 'nat-1234567890abcdef0' } },
      ],
    ]);
  });
});

describe('real-world corpus: model of AWS security-group patterns', () => {
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
    expect(shape(group(TF_SLURM, 'module.security_group[0].aws_security_group.hyperpod'))).toEqual({
      ingress: ['-1 0..65535 self', 'tcp 988..988 10.0.0.0/16', 'udp 988..988 10.0.0.0/16'],
      egress: ['-1 0..65535 self', 'tcp 988..988 10.0.0.0/16', 'udp 988..988 10.0.0.0/16', '-1 0..65535 0.0.0.0/0'],
      implicitAllowAllEgress: false,
      rulesComplete: true,
    });
  });

  it('CloudFormation rules whose GroupId and peer are the same Fn::If are self rules', () => {
    expect(shape(group(EKS_FLAT, 'NoIngressSecurityGroup'))).toEqual({
      ingress: ['-1 -..- self', 'tcp 988..988 self'],
      egress: ['-1 -..- self', '-1 -..- 0.0.0.0/0'],
      implicitAllowAllEgress: true,
      rulesComplete: true,
    });
  });
});

describe('real-world corpus: demand figures', () => {
  it('counts the public cluster config', () => {
    expect(result.demand.clusters.find((c) => c.file === PLAYGROUND)).toEqual({
      cluster: 'cluster',
      file: PLAYGROUND,
      region: 'us-west-2',
      instances: 3,
      perType: { 'ml.m5.2xlarge': 1, 'ml.m5.xlarge': 2 },
    });
  });

  // FN-1 in docs/real-world.md: clusters with the default name "ml-cluster" in four files are
  // collapsed into the first one (whose groups are unreadable), so no ml.p5.48xlarge is counted.
  it.fails('counts the ml.p5.48xlarge groups of the ml-cluster definitions', () => {
    expect(result.demand.instancesPerType['ml.p5.48xlarge']).toBeGreaterThan(0);
  });

  it.fails('minimal repro: a same-name twin with other instance groups is not dropped from the demand', async () => {
    const twins = await scan({ cwd: path.join(corpus, 'minimal-repros/same-name-clusters'), workers: false, region: 'us-west-2' });
    expect(twins.demand.instancesPerType).toEqual({ 'ml.m5.xlarge': 1, 'ml.p5.48xlarge': 4 });
  });
});

describe('real-world corpus: known defects (docs/real-world.md)', () => {
  // FP-1: HP021 on a CloudFormation PolicyDocument points at the first key inside the policy
  // (`Version:`), not at the PolicyDocument property or the statement with Resource '*'.
  it.fails('HP021 lands on PolicyDocument or its open statement, not on the Version line', () => {
    const lines = result.findings.filter(cfnEndpointPolicy).map((f) => `${f.file}:${f.line}`);
    expect(lines).toEqual([`${ADT_SLURM}:396`, `${ADT_EKS}/s3-endpoint-stack.yaml:19`, `${EKS_FLAT}:212`, `${SLURM_WITH_CLUSTER}:396`]);
  });

  it('FP-1 current lines (update together with the case above when it is fixed)', () => {
    expect(result.findings.filter(cfnEndpointPolicy).map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual([
      `${ADT_SLURM}:397:9`,
      `${ADT_EKS}/s3-endpoint-stack.yaml:20:9`,
      `${EKS_FLAT}:213:9`,
      `${SLURM_WITH_CLUSTER}:397:9`,
    ]);
  });

  it.fails('minimal repro: HP021 on a block-style PolicyDocument is reported at the property (line 7)', async () => {
    const repro = await scan({ cwd: path.join(corpus, 'minimal-repros/hp021-policy-line'), workers: false, region: 'us-west-2' });
    expect(repro.findings.map(withLine)).toEqual(['HP021 notice endpoint.yaml:7 [S3Endpoint]']);
  });

  it('minimal repro of FP-1: currently reported at the Version line (8)', async () => {
    const repro = await scan({ cwd: path.join(corpus, 'minimal-repros/hp021-policy-line'), workers: false, region: 'us-west-2' });
    expect(repro.findings.map(withLine)).toEqual(['HP021 notice endpoint.yaml:8 [S3Endpoint]']);
  });

  // FN-2: the awsome and console main stacks create the cluster in a nested AWS::CloudFormation::Stack
  // whose template lives in S3; the scan passes silently instead of saying it cannot see the cluster.
  it.fails('minimal repro: a nested stack that creates the cluster is reported as not visible (HP090)', async () => {
    const repro = await scan({ cwd: path.join(corpus, 'minimal-repros/nested-stack'), workers: false, region: 'us-west-2' });
    const said =
      repro.findings.some((f) => f.ruleId === 'HP090' && f.resource === 'HyperPodClusterStack') ||
      repro.unverified.some((u) => u.resource === 'HyperPodClusterStack');
    expect(said).toBe(true);
  });

  it('FN-2 current behaviour: the nested-stack repro gives no finding and nothing unverified', async () => {
    const repro = await scan({ cwd: path.join(corpus, 'minimal-repros/nested-stack'), workers: false, region: 'us-west-2' });
    expect(repro.files.map((f) => `${f.kind} ${f.file}`)).toEqual(['cloudformation main.yaml']);
    expect(repro.findings).toEqual([]);
    expect(repro.unverified).toEqual([]);
  });

  // N-2: a role whose only statement allows logs:* on a Fn::GetAtt resource is listed as
  // "cannot be evaluated" for HP060, although no logs action can grant ssm:StartSession.
  it.fails('HP060 does not list a role without any SSM action as unverified', () => {
    expect(result.unverified.filter((u) => u.ruleId === 'HP060' && u.resource === 'FlowLogsRole')).toEqual([]);
  });
});
