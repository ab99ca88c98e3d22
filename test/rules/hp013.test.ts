import { describe, expect, it } from 'vitest';
import rule, { cidrContains } from '../../src/rules/hp013-cluster-sg-intra-traffic.js';
import type { SgRule } from '../../src/model/types.js';
import { ModelBuilder, idRef, ref, rule as sgRule, unknown, unknownRef } from './builders.js';
import { runRule, summary } from './run-rule.js';

/** A Slurm cluster of CPU groups with one or two security groups. */
function cluster(
  ingressA: (self: ReturnType<ModelBuilder['securityGroup']>) => SgRule[],
  opts: { second?: boolean; cidr?: string; types?: string[] } = {},
) {
  const b = new ModelBuilder();
  const vpc = b.vpc('Vpc');
  const subnet = b.subnet('Private', { vpc, cidr: opts.cidr ?? '10.1.0.0/20' });
  const a = b.securityGroup('ControllerSg', { vpc, line: 20 });
  a.ingress.push(...ingressA(a));
  const sgs = [ref(a)];
  if (opts.second) sgs.push(ref(b.securityGroup('WorkerSg', { vpc, line: 30 })));
  b.cluster('Cluster', {
    line: 50,
    clusterName: 'demo',
    vpc: { subnets: [ref(subnet)], securityGroups: sgs },
    groups: (opts.types ?? ['ml.m5.xlarge', 'ml.c5.4xlarge']).map((type, i) => ({ name: `g${i}`, type })),
  });
  return b.model;
}

describe('HP013 cluster-sg-intra-traffic', () => {
  it('fires at the cluster when no security group lets the cluster in', () => {
    const run = runRule(
      rule,
      cluster(() => [sgRule.cidrIn('203.0.113.0/24', { protocol: 'tcp', fromPort: 22, toPort: 22 })], { second: true }),
    );
    expect(summary(run)).toEqual([
      {
        line: 50,
        severity: 'warning',
        message:
          "None of the 2 security groups of cluster demo (ControllerSg and WorkerSg) allows inbound traffic from the cluster's own security groups, " +
          'so its controller, login and worker nodes cannot reach each other.',
      },
    ]);
    expect(run.findings[0]!.fix).toBe(
      'Add to ControllerSg an inbound rule with protocol -1 whose source is ControllerSg itself (a separate AWS::EC2::SecurityGroupIngress with SourceSecurityGroupId referencing the group in CloudFormation, self = true in Terraform).',
    );
  });

  it('does not fire with a self rule, a rule from another cluster group, or all TCP from the group', () => {
    expect(
      runRule(
        rule,
        cluster(() => [sgRule.selfIn()]),
      ).findings,
    ).toEqual([]);
    expect(
      runRule(
        rule,
        cluster((sg) => [sgRule.sgIn(ref(sg), { protocol: 'tcp', fromPort: 0, toPort: 65535 })]),
      ).findings,
    ).toEqual([]);
    const model = cluster(() => [], { second: true });
    const [controller, worker] = model.ofType('SecurityGroup');
    worker!.ingress.push(sgRule.sgIn(ref(controller!)));
    expect(runRule(rule, model).findings).toEqual([]);
  });

  it('accepts a CIDR rule that covers the cluster subnets, not one that does not', () => {
    expect(
      runRule(
        rule,
        cluster(() => [sgRule.cidrIn('10.1.0.0/16')]),
      ).findings,
    ).toEqual([]);
    expect(
      summary(
        runRule(
          rule,
          cluster(() => [sgRule.cidrIn('10.2.0.0/16')]),
        ),
      ),
    ).toEqual([
      {
        line: 50,
        severity: 'warning',
        message:
          "The only security group of cluster demo, ControllerSg, does not allow inbound traffic from the cluster's own security groups, " +
          'so its controller, login and worker nodes cannot reach each other.',
      },
    ]);
  });

  it('does not count partial-port rules from the cluster', () => {
    expect(
      runRule(
        rule,
        cluster(() => [sgRule.selfIn({ protocol: 'tcp', fromPort: 988, toPort: 988 })]),
      ).findings,
    ).toHaveLength(1);
  });

  it('does not apply to clusters with EFA-capable groups (HP010/HP011 cover them)', () => {
    expect(
      runRule(
        rule,
        cluster(() => [], { types: ['ml.m5.xlarge', 'ml.p5.48xlarge'] }),
      ).findings,
    ).toEqual([]);
  });

  it('leaves undecidable peers, external groups and unknown subnet CIDRs unverified', () => {
    const unknownPeer = runRule(
      rule,
      cluster(() => [sgRule.sgIn(unknownRef('parameter PeerSg'), { line: 25 })]),
    );
    expect(unknownPeer.findings).toEqual([]);
    expect(unknownPeer.unverified.map((u) => u.reason)).toEqual([
      'intra-cluster traffic of demo: an inbound rule of ControllerSg at line 25 cannot be evaluated statically',
    ]);

    const b = new ModelBuilder();
    const subnet = b.subnet('Private', { cidr: unknown('Fn::Cidr of a parameter') });
    const sg = b.securityGroup('Sg', { ingress: [sgRule.cidrIn('10.0.0.0/8')] });
    b.cluster('Cluster', { clusterName: 'x', vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg), idRef('sg-0ext')] } });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified).toHaveLength(1);
  });

  it('does nothing for clusters without VpcConfig', () => {
    const b = new ModelBuilder();
    b.cluster('Cluster', { groups: [{ name: 'w' }] });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('compares IPv4 ranges', () => {
    expect(cidrContains('10.0.0.0/16', '10.0.3.0/24')).toBe(true);
    expect(cidrContains('10.0.0.0/24', '10.0.0.0/16')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '192.168.1.0/24')).toBe(true);
    expect(cidrContains('10.1.0.0/16', '10.2.0.0/24')).toBe(false);
    expect(cidrContains('nonsense', '10.0.0.0/24')).toBe(false);
  });
});
