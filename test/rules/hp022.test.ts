import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/hp022-private-subnet.js';
import { ModelBuilder, ref, unknown } from './builders.js';
import { runRule, summary } from './run-rule.js';

function setup(subnetSpec: { mapPublicIp?: boolean } = {}) {
  const b = new ModelBuilder('template.yaml', 'us-west-2');
  const vpc = b.vpc('Vpc', { line: 1 });
  const subnet = b.subnet('Subnet', { line: 10, vpc, ...subnetSpec });
  const sg = b.securityGroup('Sg', { line: 20, vpc });
  return { b, vpc, subnet, sg };
}

function addCluster(b: ModelBuilder, subnet: { key: string }, sg: { key: string }) {
  // Cluster at 100: subnet item at 104.
  return b.cluster('Cluster', {
    line: 100,
    vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
    groups: [{ name: 'workers', type: 'ml.p5.48xlarge' }],
  });
}

describe('HP022 private-subnet', () => {
  it('errors on a subnet whose route table sends 0.0.0.0/0 to an internet gateway, at the cluster subnet item', () => {
    const { b, vpc, subnet, sg } = setup();
    const igw = b.internetGateway('Igw', { line: 50, vpc });
    b.routeTable('PublicRouteTable', {
      line: 30,
      vpc,
      subnets: [ref(subnet)],
      routes: [{ destination: '0.0.0.0/0', target: { kind: 'igw', ref: ref(igw) }, line: 33 }],
    });
    addCluster(b, subnet, sg);
    const run = runRule(rule, b.model);
    expect(summary(run)).toEqual([
      {
        line: 104,
        severity: 'error',
        message:
          'Subnet Subnet of cluster Cluster is a public subnet: its route table PublicRouteTable sends 0.0.0.0/0 to an internet gateway ' +
          '(template.yaml:33). HyperPod needs private subnets; its nodes get no public addresses.',
      },
    ]);
    expect(run.findings[0]!.related).toEqual([expect.objectContaining({ file: 'template.yaml', line: 33 })]);
  });

  it('errors on MapPublicIpOnLaunch true even without an internet gateway route', () => {
    const { b, subnet, sg } = setup({ mapPublicIp: true });
    addCluster(b, subnet, sg);
    const run = runRule(rule, b.model);
    expect(run.findings.map((f) => [f.line, f.severity])).toEqual([[104, 'error']]);
    expect(run.findings[0]!.message).toContain('it sets MapPublicIpOnLaunch to true');
  });

  it('passes a private subnet: default route to a NAT gateway, no public IPs', () => {
    const { b, vpc, subnet, sg } = setup();
    const nat = b.natGateway('Nat', { line: 60, subnet: ref(subnet) });
    b.routeTable('PrivateRouteTable', {
      line: 30,
      vpc,
      subnets: [ref(subnet)],
      routes: [{ destination: '0.0.0.0/0', target: { kind: 'nat', ref: ref(nat) } }],
    });
    addCluster(b, subnet, sg);
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified).toEqual([]);
  });

  it('an internet gateway route to a narrower destination does not make the subnet public', () => {
    const { b, vpc, subnet, sg } = setup();
    const igw = b.internetGateway('Igw', { line: 50, vpc });
    b.routeTable('Table', {
      line: 30,
      vpc,
      subnets: [ref(subnet)],
      routes: [{ destination: '203.0.113.0/24', target: { kind: 'igw', ref: ref(igw) } }],
    });
    addCluster(b, subnet, sg);
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('lists as unverified a subnet whose route table is outside the scanned files or whose MapPublicIpOnLaunch is unknown', () => {
    const { b, subnet, sg } = setup();
    subnet.routeTable = { kind: 'id', id: 'rtb-0123456789abcdef0' };
    addCluster(b, subnet, sg);
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified.map((u) => u.reason)).toEqual([
      'whether subnet Subnet is private: route table of subnet Subnet is not defined in the scanned files',
    ]);

    const second = setup();
    second.subnet.mapPublicIp = unknown('parameter MapPublic has no default');
    addCluster(second.b, second.subnet, second.sg);
    const run2 = runRule(rule, second.b.model);
    expect(run2.findings).toEqual([]);
    expect(run2.unverified.map((u) => u.reason)).toEqual([
      'whether subnet Subnet is private: MapPublicIpOnLaunch: parameter MapPublic has no default',
    ]);
  });
});
