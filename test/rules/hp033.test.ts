import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/hp033-eks-ipv6-family.js';
import { ModelBuilder, idRef, ref, unknown } from './builders.js';
import { runRule, summary } from './run-rule.js';

function setup(ipv6 = true, ipFamily?: string) {
  const b = new ModelBuilder();
  const vpc = b.vpc('Vpc', { line: 1, ipv6 });
  const subnet = b.subnet('PrivateSubnet', { line: 10, vpc, ipv6 });
  const sg = b.securityGroup('Sg', { line: 20, vpc });
  const eks = b.eksCluster('EksCluster', { line: 30, ipFamily });
  return { b, subnet, sg, eks };
}

describe('HP033 eks-ipv6-family', () => {
  it('warns at the EKS cluster when its IpFamily is unset and the HyperPod subnets have IPv6', () => {
    const { b, subnet, sg, eks } = setup(true);
    b.cluster('HyperPod', {
      line: 100,
      orchestrator: 'eks',
      eksCluster: ref(eks),
      vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
    });
    const run = runRule(rule, b.model);
    expect(summary(run)).toEqual([
      {
        line: 30,
        severity: 'warning',
        message:
          'HyperPod cluster HyperPod uses IPv6 subnets (PrivateSubnet), but EKS cluster EksCluster has IpFamily ipv4 (unset): ' +
          'nodes get dual-stack addresses but pods get IPv4 only, and an IPv4 EKS cluster cannot be converted later.',
      },
    ]);
    expect(run.findings[0]).toMatchObject({ resource: 'EksCluster', detail: 'HyperPod' });
  });

  it('reports at the IpFamily property when it is explicit ipv4', () => {
    const { b, subnet, sg, eks } = setup(true, 'ipv4');
    eks.ipFamily = { ...eks.ipFamily, loc: b.loc(34) };
    b.cluster('HyperPod', { orchestrator: 'eks', eksCluster: ref(eks), vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] } });
    const run = runRule(rule, b.model);
    expect(run.findings.map((f) => [f.line, f.severity])).toEqual([[34, 'warning']]);
    expect(run.findings[0]!.message).toContain('has IpFamily ipv4: nodes');
  });

  it('no finding for ipv6 EKS, IPv4-only subnets, or Slurm clusters', () => {
    const a = setup(true, 'ipv6');
    a.b.cluster('HyperPod', {
      orchestrator: 'eks',
      eksCluster: ref(a.eks),
      vpc: { subnets: [ref(a.subnet)], securityGroups: [ref(a.sg)] },
    });
    expect(runRule(rule, a.b.model).findings).toEqual([]);
    const b4 = setup(false);
    b4.b.cluster('HyperPod', {
      orchestrator: 'eks',
      eksCluster: ref(b4.eks),
      vpc: { subnets: [ref(b4.subnet)], securityGroups: [ref(b4.sg)] },
    });
    expect(runRule(rule, b4.b.model).findings).toEqual([]);
    const s = setup(true);
    s.b.cluster('HyperPod', { orchestrator: 'slurm', vpc: { subnets: [ref(s.subnet)], securityGroups: [ref(s.sg)] } });
    expect(runRule(rule, s.b.model).findings).toEqual([]);
  });

  it('an EKS cluster outside the scanned files is unverified', () => {
    const { b, subnet, sg } = setup(true);
    b.cluster('HyperPod', {
      line: 100,
      orchestrator: 'eks',
      eksCluster: idRef('arn:aws:eks:us-west-2:111122223333:cluster/prod'),
      vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
    });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified.map((u) => [u.line, u.reason])).toEqual([
      [101, 'EKS IP family: the EKS cluster of HyperPod is not in the scanned files'],
    ]);
  });

  it('errors when a Terraform plan replaces an EKS cluster to switch its IP family', () => {
    const b = new ModelBuilder('plan.json', undefined, 'terraform-plan');
    b.eksCluster('aws_eks_cluster.main', {
      line: 50,
      ipFamily: 'ipv6',
      change: {
        actions: ['delete', 'create'],
        before: { name: 'main', kubernetes_network_config: [{ ip_family: 'ipv4', service_ipv4_cidr: '172.20.0.0/16' }] },
        after: { name: 'main', kubernetes_network_config: [{ ip_family: 'ipv6' }] },
        replacePaths: [['kubernetes_network_config', 0, 'ip_family']],
      },
    });
    b.eksCluster('aws_eks_cluster.other', { line: 80, change: { actions: ['update'], before: {}, after: {} } });
    const run = runRule(rule, b.model);
    expect(summary(run)).toEqual([
      {
        line: 50,
        severity: 'error',
        message:
          'EKS cluster aws_eks_cluster.main changes IpFamily from ipv4 to ipv6: the plan replaces the EKS cluster, and every HyperPod cluster attached to it loses its orchestrator.',
      },
    ]);
  });

  it('errors when the pull request changes IpFamily of a CloudFormation EKS cluster (base vs head)', () => {
    const base = new ModelBuilder();
    base.eksCluster('EksCluster', { line: 30, ipFamily: 'ipv4' });
    const head = new ModelBuilder();
    const eks = head.eksCluster('EksCluster', { line: 30, ipFamily: 'ipv6' });
    eks.ipFamily = { ...eks.ipFamily, loc: head.loc(36) };
    const run = runRule(rule, head.model, { base: base.model });
    expect(run.findings.map((f) => [f.line, f.severity, f.message])).toEqual([
      [
        36,
        'error',
        'EKS cluster EksCluster changes IpFamily from ipv4 to ipv6: IpFamily is create-only, so CloudFormation replaces the EKS cluster, and every HyperPod cluster attached to it loses its orchestrator.',
      ],
    ]);
  });
});

describe('HP033 unknown IPv6 setting', () => {
  it('a subnet whose IPv6 setting cannot be resolved is unverified, not a finding', () => {
    const b = new ModelBuilder();
    const subnet = b.subnet('PrivateSubnet', { line: 10 });
    subnet.ipv6 = unknown('AssignIpv6AddressOnCreation comes from parameter UseIpv6');
    const eks = b.eksCluster('EksCluster', { line: 30 });
    b.cluster('HyperPod', {
      line: 100,
      orchestrator: 'eks',
      eksCluster: ref(eks),
      vpc: { subnets: [ref(subnet)], securityGroups: [idRef('sg-1')] },
    });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified.map((u) => [u.line, u.reason])).toEqual([
      [104, 'EKS IP family: IPv6 of subnet PrivateSubnet: AssignIpv6AddressOnCreation comes from parameter UseIpv6'],
    ]);
  });
});
