import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';
import { Model } from '../../src/model/model.js';
import { parseCloudFormation } from '../../src/parsers/cloudformation.js';
import rule from '../../src/rules/hp004-immutable-network-change.js';
import type { ChangeInfo, Ref } from '../../src/model/types.js';
import { ModelBuilder, idRef, ref, unknownRef, type GroupSpec } from './builders.js';
import { runRule, summary } from './run-rule.js';

const PLAN = 'plan.json';

/** A plan model with one awscc_sagemaker_cluster using two subnets of one VPC. */
function planModel(clusterChange: ChangeInfo | undefined, subnetChange?: ChangeInfo) {
  const b = new ModelBuilder(PLAN, 'us-west-2', 'terraform-plan');
  const vpc = b.vpc('aws_vpc.main');
  const a = b.subnet('aws_subnet.a', { vpc, line: 100, cidr: '10.0.0.0/24', change: subnetChange });
  const sg = b.securityGroup('aws_security_group.nodes', { vpc });
  const cluster = b.cluster('awscc_sagemaker_cluster.this', {
    line: 300,
    clusterName: 'ml',
    change: clusterChange,
    vpc: { line: 310, subnets: [ref(a)], securityGroups: [ref(sg)] },
    groups: [{ name: 'workers', line: 320, override: { line: 330, subnets: [ref(a)], securityGroups: [ref(sg)] } }],
  });
  return { b, cluster, a };
}

const before = {
  cluster_name: 'ml',
  vpc_config: { subnets: ['subnet-0aaa'], security_group_ids: ['sg-0111'] },
  instance_groups: [{ instance_group_name: 'workers', override_vpc_config: { subnets: ['subnet-0aaa'], security_group_ids: ['sg-0111'] } }],
};

describe('HP004 immutable-network-change: Terraform plan', () => {
  it('fires at vpc_config when the plan replaces the cluster because vpc_config changes', () => {
    const { b } = planModel({
      actions: ['delete', 'create'],
      before,
      after: { ...before, vpc_config: { subnets: ['subnet-0bbb'], security_group_ids: ['sg-0111'] } },
      replacePaths: [['vpc_config']],
    });
    const run = runRule(rule, b.model);
    expect(summary(run)).toEqual([
      {
        line: 310,
        severity: 'error',
        message:
          'The vpc_config of cluster ml changes (subnets [subnet-0aaa] -> [subnet-0bbb]). VpcConfig cannot change after a HyperPod cluster is created. ' +
          'Terraform plans to destroy the existing cluster and create a new one (actions: delete, create): all its nodes are terminated and their local data is lost.',
      },
    ]);
    expect(run.findings[0]).toMatchObject({ resource: 'awscc_sagemaker_cluster.this', detail: 'VpcConfig' });
  });

  it('says create-before-destroy when the actions are create, delete', () => {
    const { b } = planModel({ actions: ['create', 'delete'], before, after: before, replacePaths: [['vpc_config', 'subnets']] });
    const [finding] = runRule(rule, b.model).findings;
    expect(finding!.message).toBe(
      'The vpc_config of cluster ml changes (Terraform lists vpc_config in replace_paths). VpcConfig cannot change after a HyperPod cluster is created. ' +
        'Terraform plans to create a new cluster and then destroy the existing one (actions: create, delete): all its nodes are terminated and their local data is lost.',
    );
  });

  it('fires at the override of an existing group changed by an in-place update', () => {
    const { b } = planModel({
      actions: ['update'],
      before,
      after: {
        ...before,
        instance_groups: [
          { instance_group_name: 'workers', override_vpc_config: { subnets: ['subnet-0aaa'], security_group_ids: ['sg-0111', 'sg-0222'] } },
          { instance_group_name: 'new', override_vpc_config: { subnets: ['subnet-0ccc'], security_group_ids: ['sg-0333'] } },
        ],
      },
    });
    expect(summary(runRule(rule, b.model))).toEqual([
      {
        line: 330,
        severity: 'error',
        message:
          'The override_vpc_config of existing instance group workers in cluster ml changes (security groups [sg-0111] -> [sg-0111, sg-0222]). ' +
          'OverrideVpcConfig cannot change once the group exists. Terraform plans an in-place update, which HyperPod cannot apply: ' +
          'the apply fails or the provider has to replace the cluster.',
      },
    ]);
  });

  it('fires at the override named by replace_paths even when after is unknown', () => {
    const { b } = planModel({
      actions: ['delete', 'create'],
      before,
      after: { ...before, instance_groups: [{ instance_group_name: 'workers', override_vpc_config: null }] },
      replacePaths: [['instance_groups', 0, 'override_vpc_config', 'subnets']],
    });
    const run = runRule(rule, b.model);
    expect(run.findings.map((f) => [f.line, f.detail])).toEqual([[330, 'workers/OverrideVpcConfig']]);
    expect(run.findings[0]!.message).toBe(
      'The override_vpc_config of existing instance group workers in cluster ml changes (Terraform lists it in replace_paths). ' +
        'OverrideVpcConfig cannot change once the group exists. Terraform plans to destroy the existing cluster and create a new one ' +
        '(actions: delete, create): all its nodes are terminated and their local data is lost.',
    );
  });

  it('does not fire when only other attributes change, or when a new group brings its own override', () => {
    const { b } = planModel({
      actions: ['update'],
      before,
      after: {
        ...before,
        instance_groups: [
          ...before.instance_groups,
          { instance_group_name: 'new', override_vpc_config: { subnets: ['subnet-0ccc'], security_group_ids: ['sg-0333'] } },
        ],
      },
    });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('does not fire on values unknown until apply, and records the doubt', () => {
    const { b } = planModel({ actions: ['update'], before, after: { ...before, vpc_config: null } });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified.map((u) => u.reason)).toEqual([
      'vpc_config of cluster ml is not fully known until apply; a change of it cannot be ruled out',
    ]);
  });

  it('does not fire when a subnet list in after is partly unknown', () => {
    const { b } = planModel({
      actions: ['update'],
      before,
      after: { ...before, vpc_config: { subnets: [null], security_group_ids: ['sg-0111'] } },
    });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('fires at the CIDR of a used subnet the plan replaces', () => {
    const { b } = planModel(undefined, {
      actions: ['delete', 'create'],
      before: { cidr_block: '10.0.0.0/24' },
      after: { cidr_block: '10.0.0.0/20' },
      replacePaths: [['cidr_block']],
    });
    const run = runRule(rule, b.model);
    expect(summary(run)).toEqual([
      {
        line: 102,
        severity: 'error',
        message:
          'Terraform changes the CIDR of subnet aws_subnet.a from 10.0.0.0/24 to 10.0.0.0/20 (actions: delete, create), and cluster ml uses it. ' +
          "A subnet's CIDR cannot change in place, so the subnet is destroyed and recreated with a new ID; the cluster's subnets cannot change on a live cluster, " +
          "so the cluster has to be destroyed and recreated as well (or the subnet deletion fails while the cluster's network interfaces are in it).",
      },
    ]);
    expect(run.findings[0]).toMatchObject({ resource: 'aws_subnet.a', entityKey: 'plan.json#aws_subnet.a' });
  });

  it('ignores replaced subnets no cluster uses, and no-op or create actions', () => {
    const b = new ModelBuilder(PLAN, 'us-west-2', 'terraform-plan');
    b.subnet('aws_subnet.spare', {
      change: { actions: ['delete', 'create'], before: { cidr_block: '10.1.0.0/24' }, after: { cidr_block: '10.2.0.0/24' } },
    });
    b.cluster('awscc_sagemaker_cluster.new', {
      change: { actions: ['create'], after: before },
      vpc: { subnets: [idRef('subnet-0aaa')], securityGroups: [idRef('sg-0111')] },
    });
    b.cluster('awscc_sagemaker_cluster.same', { change: { actions: ['no-op'], before, after: before } });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });
});

/** A CloudFormation template model: VPC, two subnets, one SG, one cluster. */
function template(
  opts: { subnet?: 'A' | 'B'; cidrA?: string; override?: 'A' | 'B'; newGroup?: boolean; file?: string; clusterName?: string } = {},
) {
  const b = new ModelBuilder(opts.file ?? 'template.yaml', 'us-west-2');
  const vpc = b.vpc('Vpc', { line: 3 });
  const a = b.subnet('SubnetA', { vpc, line: 10, cidr: opts.cidrA ?? '10.0.0.0/24' });
  const bb = b.subnet('SubnetB', { vpc, line: 20, cidr: '10.0.1.0/24' });
  const sg = b.securityGroup('Sg', { vpc, line: 30 });
  const pick = (which: 'A' | 'B' | undefined) => ref(which === 'B' ? bb : a);
  const groups: GroupSpec[] = [
    {
      name: 'workers',
      line: 60,
      override: opts.override ? { line: 65, subnets: [pick(opts.override)], securityGroups: [ref(sg)] } : undefined,
    },
  ];
  if (opts.newGroup) groups.push({ name: 'extra', line: 70, override: { subnets: [ref(bb)], securityGroups: [ref(sg)] } });
  b.cluster('Cluster', {
    line: 40,
    clusterName: opts.clusterName ?? 'demo',
    vpc: { line: 45, subnets: [pick(opts.subnet)], securityGroups: [ref(sg)] },
    groups,
  });
  return b.model;
}

describe('HP004 immutable-network-change: base revision', () => {
  it('does not fire when nothing changed', () => {
    const run = runRule(rule, template(), { base: template() });
    expect(run.findings).toEqual([]);
    expect(run.unverified).toEqual([]);
  });

  it('fires at the VpcConfig when its subnets change', () => {
    const run = runRule(rule, template({ subnet: 'B' }), { base: template() });
    expect(summary(run)).toEqual([
      {
        line: 45,
        severity: 'error',
        message:
          'The VpcConfig of cluster demo changes from the base revision (subnets SubnetA removed, SubnetB added). VpcConfig cannot change after the cluster is created: ' +
          'CloudFormation replaces the cluster, so it is destroyed and recreated and all its nodes are terminated (with a fixed ClusterName the stack update fails instead).',
      },
    ]);
  });

  it('fires when a VpcConfig is added to a cluster that had none', () => {
    const head = template();
    const baseB = new ModelBuilder('template.yaml');
    baseB.cluster('Cluster', { clusterName: 'demo', orchestrator: 'slurm', groups: [{ name: 'workers' }] });
    const [finding] = runRule(rule, head, { base: baseB.model }).findings;
    expect(finding!.line).toBe(45);
    expect(finding!.message).toContain('changes from the base revision (it is added; the base revision has none)');
  });

  it("fires at an existing group's changed override, not at a new group's override", () => {
    const run = runRule(rule, template({ override: 'B', newGroup: true }), { base: template({ override: 'A' }) });
    expect(summary(run)).toEqual([
      {
        line: 65,
        severity: 'error',
        message:
          'The OverrideVpcConfig of existing instance group workers in cluster demo changes from the base revision (subnets SubnetA removed, SubnetB added). ' +
          'OverrideVpcConfig cannot change once the group exists: CloudFormation replaces the cluster, so it is destroyed and recreated and all its nodes are terminated ' +
          '(with a fixed ClusterName the stack update fails instead).',
      },
    ]);
  });

  it('fires at the group when its override is added later', () => {
    const run = runRule(rule, template({ override: 'A' }), { base: template() });
    expect(run.findings.map((f) => [f.line, f.detail])).toEqual([[65, 'workers/OverrideVpcConfig']]);
    expect(run.findings[0]!.message).toContain('(it is added; the base revision has none)');
  });

  it('fires at the CIDR of a used subnet that changes', () => {
    const run = runRule(rule, template({ cidrA: '10.0.0.0/20' }), { base: template() });
    expect(summary(run)).toEqual([
      {
        line: 12,
        severity: 'error',
        message:
          'The CIDR of subnet SubnetA changes from 10.0.0.0/24 to 10.0.0.0/20, and cluster demo uses it. ' +
          "A subnet's CIDR cannot change in place: the subnet is replaced with a new ID, and the cluster's subnets cannot change on a live cluster, " +
          "so the cluster has to be destroyed and recreated (or the subnet replacement fails while the cluster's network interfaces are in it).",
      },
    ]);
  });

  it('matches clusters by ClusterName when the file moved', () => {
    const run = runRule(rule, template({ subnet: 'B', file: 'new/place.yaml' }), { base: template() });
    expect(run.findings.map((f) => [f.file, f.line])).toEqual([['new/place.yaml', 45]]);
  });

  it('treats a different cluster name in another file as a new cluster', () => {
    const run = runRule(rule, template({ subnet: 'B', file: 'other.yaml', clusterName: 'other' }), { base: template() });
    expect(run.findings).toEqual([]);
  });

  it('compares literal IDs as sets, and the same parameter expression as equal', () => {
    const make = (subnets: string[]) => {
      const b = new ModelBuilder('spec.json', 'us-west-2', 'cluster-spec');
      b.cluster('demo', {
        vpc: { subnets: subnets.map((s) => idRef(s)), securityGroups: [unknownRef('parameter SgId', 'Ref:SgId')] },
      });
      return b.model;
    };
    expect(runRule(rule, make(['subnet-0b', 'subnet-0a']), { base: make(['subnet-0a', 'subnet-0b']) }).findings).toEqual([]);
    const [finding] = runRule(rule, make(['subnet-0a', 'subnet-0c']), { base: make(['subnet-0a', 'subnet-0b']) }).findings;
    expect(finding!.message).toBe(
      'The VpcConfig of cluster demo changes from the base revision (subnets subnet-0b removed, subnet-0c added). VpcConfig cannot change after the cluster is created: ' +
        'UpdateCluster cannot apply it, so the cluster would have to be deleted and created again, terminating all its nodes.',
    );
  });

  it('records values it cannot compare as unverified', () => {
    const make = () => {
      const b = new ModelBuilder('template.yaml');
      b.cluster('Cluster', {
        line: 1,
        vpc: { line: 3, subnets: [unknownRef('Fn::ImportValue network-SubnetA')], securityGroups: [idRef('sg-0111')] },
      });
      return b.model;
    };
    const run = runRule(rule, make(), { base: make() });
    expect(run.findings).toEqual([]);
    expect(run.unverified.map((u) => [u.line, u.reason])).toEqual([
      [
        3,
        'VpcConfig of cluster Cluster cannot be compared with the base revision: subnets: a value cannot be resolved (Fn::ImportValue network-SubnetA)',
      ],
    ]);
  });

  it('skips the VpcConfig comparison for UpdateCluster bodies', () => {
    const make = (sg: string) => {
      const b = new ModelBuilder('update.json', 'us-west-2', 'cluster-spec');
      b.cluster('demo', {
        isUpdate: true,
        groups: [{ name: 'w', override: { subnets: [idRef('subnet-0a')], securityGroups: [idRef(sg)] } }],
      });
      return b.model;
    };
    const run = runRule(rule, make('sg-0new'), { base: make('sg-0old') });
    expect(run.findings.map((f) => f.detail)).toEqual(['w/OverrideVpcConfig']);
    expect(run.findings[0]!.message).toContain('(security groups sg-0old removed, sg-0new added)');
  });

  it('reports a change once when the plan and the base comparison both see it', () => {
    const head = template({ subnet: 'B' });
    const cluster = head.ofType('Cluster')[0]!;
    cluster.change = {
      actions: ['update'],
      before: { vpc_config: { subnets: ['subnet-0a'], security_group_ids: ['sg-1'] } },
      after: { vpc_config: { subnets: ['subnet-0b'], security_group_ids: ['sg-1'] } },
    };
    const run = runRule(rule, head, { base: template() });
    expect(run.findings.map((f) => [f.line, f.detail])).toEqual([[45, 'VpcConfig']]);
    expect(run.findings[0]!.message).toContain('Terraform plans an in-place update');
  });
});

describe('HP004 immutable-network-change: live cluster (account mode)', () => {
  const spec = (subnets: string[], sgs: Ref[] = [idRef('sg-0111')]) => {
    const b = new ModelBuilder('create-cluster.json', 'us-west-2', 'cluster-spec');
    b.cluster('demo', { line: 2, vpc: { line: 3, subnets: subnets.map((id) => idRef(id)), securityGroups: sgs } });
    return b.model;
  };
  const account = (subnets: string[]) => ({ degraded: [], liveClusters: { demo: { subnets, securityGroupIds: ['sg-0111'] } } });

  it('fires when the file names other subnets than the live cluster has', () => {
    const run = runRule(rule, spec(['subnet-0new']), { account: account(['subnet-0old']) });
    expect(summary(run)).toEqual([
      {
        line: 3,
        severity: 'error',
        message:
          'The VpcConfig of cluster demo differs from the live cluster in the account (subnets subnet-0old removed, subnet-0new added). ' +
          'VpcConfig cannot change after the cluster is created: UpdateCluster cannot apply it, so the cluster would have to be deleted and created again, terminating all its nodes.',
      },
    ]);
  });

  it('does not fire when the IDs match in any order, or when no live cluster has the name', () => {
    expect(runRule(rule, spec(['subnet-0b', 'subnet-0a']), { account: account(['subnet-0a', 'subnet-0b']) }).findings).toEqual([]);
    expect(
      runRule(rule, spec(['subnet-0new']), {
        account: { degraded: [], liveClusters: { other: { subnets: ['subnet-0old'], securityGroupIds: [] } } },
      }).findings,
    ).toEqual([]);
  });

  it('leaves IDs that are known only after deployment unverified', () => {
    const run = runRule(rule, spec(['subnet-0a'], [unknownRef('parameter SgId')]), { account: account(['subnet-0a']) });
    expect(run.findings).toEqual([]);
    expect(run.unverified.map((u) => u.reason)).toEqual([
      'security groups of cluster demo cannot be compared with the live cluster: some IDs are not known before deployment',
    ]);
  });
});

describe('HP004 immutable-network-change: pull request through the CloudFormation parser', () => {
  const parse = (file: string) => {
    const text = readFileSync(path.join('fixtures/rules/HP004/pr', file), 'utf8');
    const parsed = parseCloudFormation('template.yaml', text, { limits: DEFAULT_LIMITS, region: 'us-west-2' });
    expect(parsed.errors).toEqual([]);
    return Model.fromParsed([parsed], 'us-west-2');
  };

  it('reports the changed VpcConfig, the changed override and the CIDRs of used subnets at their lines', () => {
    const run = runRule(rule, parse('head.yaml'), { base: parse('base.yaml') });
    expect(run.findings.map((f) => [f.line, f.resource, f.detail])).toEqual([
      [68, 'Cluster', 'VpcConfig'],
      [88, 'Cluster', 'workers/OverrideVpcConfig'],
      [21, 'SecondSubnet', 'subnet-cidr'],
      [14, 'PrivateSubnet', 'subnet-cidr'],
    ]);
    expect(run.findings[0]!.message).toContain('(subnets PrivateSubnet removed, SecondSubnet added)');
    expect(run.findings[3]!.message).toContain('from 10.0.0.0/20 to 10.0.0.0/19, and cluster ml-cluster uses it');
  });

  it('reports nothing when the head equals the base', () => {
    expect(runRule(rule, parse('base.yaml'), { base: parse('base.yaml') }).findings).toEqual([]);
  });
});
