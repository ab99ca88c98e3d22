import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/hp010-efa-sg-self-inbound.js';
import type { Ref, Val } from '../../src/model/types.js';
import { ModelBuilder, idRef, known, loc, ref, rule as sgRule, unknown, unknownRef } from './builders.js';
import { runRule, summary } from './run-rule.js';

const TAIL = ' EFA traffic between the nodes is dropped and the EFA health checks fail.';

function efaCluster(b: ModelBuilder, sgRefs: Ref[], type: string | Val<string> = 'ml.p5.48xlarge') {
  const subnet = b.subnet('Private');
  return b.cluster('Cluster', {
    clusterName: 'demo',
    vpc: { subnets: [ref(subnet)], securityGroups: sgRefs },
    groups: [
      { name: 'controller', type: 'ml.m5.xlarge' },
      { name: 'gpu', type },
    ],
  });
}

describe('HP010 efa-sg-self-inbound', () => {
  it('fires at the security group when an EFA group has no inbound self rule', () => {
    const b = new ModelBuilder();
    const sg = b.securityGroup('NodeSg', { line: 20, egress: [sgRule.selfOut()], ingress: [sgRule.cidrIn('10.0.0.0/16')] });
    efaCluster(b, [ref(sg)]);
    const run = runRule(rule, b.model);
    expect(summary(run)).toEqual([
      {
        line: 20,
        severity: 'error',
        message: `Security group NodeSg has no inbound rule allowing all traffic (protocol -1) from itself, but EFA-capable instance group gpu (ml.p5.48xlarge) of cluster demo uses it.${TAIL}`,
      },
    ]);
    expect(run.findings[0]).toMatchObject({ resource: 'NodeSg', entityKey: 'template.yaml#NodeSg', detail: 'self-ingress' });
  });

  it('accepts a self rule given as {kind: self} or as a reference to the group itself', () => {
    const b = new ModelBuilder();
    const a = b.securityGroup('A', { ingress: [sgRule.selfIn()] });
    const c = b.securityGroup('C');
    c.ingress.push(sgRule.sgIn(ref(c), { protocol: known('-1') }));
    const d = b.securityGroup('D', { physicalId: 'sg-0ddd', ingress: [] });
    d.ingress.push(sgRule.sgIn(idRef('sg-0ddd')));
    efaCluster(b, [ref(a), ref(c), ref(d)]);
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('does not accept a self rule that is not all traffic, nor one whose condition is false, nor another group', () => {
    const b = new ModelBuilder();
    const other = b.securityGroup('Other');
    const sg = b.securityGroup('NodeSg', {
      line: 50,
      ingress: [
        sgRule.selfIn({ protocol: 'tcp', fromPort: 0, toPort: 65535 }),
        sgRule.selfIn({ condition: known(false) }),
        sgRule.sgIn(ref(other)),
      ],
    });
    efaCluster(b, [ref(sg)]);
    expect(runRule(rule, b.model).findings.map((f) => f.line)).toEqual([50]);
  });

  it('names every EFA group that shares the security group, once', () => {
    const b = new ModelBuilder();
    const sg = b.securityGroup('Shared', { line: 7 });
    const subnet = b.subnet('S');
    b.cluster('Cluster', {
      clusterName: 'demo',
      vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
      groups: [
        { name: 'p5', type: 'ml.p5.48xlarge' },
        { name: 'trn', type: ['ml.t3.medium', 'ml.trn1.32xlarge'] },
      ],
    });
    expect(summary(runRule(rule, b.model))).toEqual([
      {
        line: 7,
        severity: 'error',
        message:
          'Security group Shared has no inbound rule allowing all traffic (protocol -1) from itself, but EFA-capable instance group p5 (ml.p5.48xlarge) of cluster demo ' +
          `and instance group trn (ml.trn1.32xlarge) of cluster demo use it.${TAIL}`,
      },
    ]);
  });

  it('checks the override security groups of a group, not the cluster-level ones', () => {
    const b = new ModelBuilder();
    const good = b.securityGroup('Good', { ingress: [sgRule.selfIn()] });
    const bad = b.securityGroup('Bad', { line: 33 });
    const subnet = b.subnet('S');
    b.cluster('Cluster', {
      vpc: { subnets: [ref(subnet)], securityGroups: [ref(bad)] },
      groups: [
        { name: 'cpu', type: 'ml.c5.xlarge' },
        { name: 'gpu', type: 'ml.p4d.24xlarge', override: { subnets: [ref(subnet)], securityGroups: [ref(good)] } },
      ],
    });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('does not fire for non-EFA groups or clusters without VpcConfig', () => {
    const b = new ModelBuilder();
    const sg = b.securityGroup('Sg');
    efaCluster(b, [ref(sg)], 'ml.c5.xlarge');
    const b2 = new ModelBuilder();
    b2.cluster('Platform', { groups: [{ name: 'gpu', type: 'ml.p5.48xlarge' }] });
    expect(runRule(rule, b.model).findings).toEqual([]);
    expect(runRule(rule, b2.model).findings).toEqual([]);
  });

  it('leaves external, incomplete and undecidable security groups unverified', () => {
    const b = new ModelBuilder();
    const incomplete = b.securityGroup('Incomplete', { line: 40, rulesComplete: false });
    const conditional = b.securityGroup('Conditional', {
      line: 50,
      ingress: [sgRule.selfIn({ line: 52, condition: unknown('condition UseEfa depends on a parameter') })],
    });
    const unresolved = b.securityGroup('Unresolved', { line: 60, ingress: [sgRule.sgIn(unknownRef('parameter PeerSg'), { line: 62 })] });
    efaCluster(b, [idRef('sg-0external'), ref(incomplete), ref(conditional), ref(unresolved)]);
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified.map((u) => [u.resource, u.reason])).toEqual([
      ['Cluster', 'security group sg-0external is not in the scanned files; account mode can check it'],
      ['Incomplete', 'some inbound rules of security group Incomplete are not visible in the scanned files'],
      ['Conditional', 'an inbound rule at line 52 depends on a condition that cannot be decided (condition UseEfa depends on a parameter)'],
      ['Unresolved', 'the peer of an inbound rule at line 62 is unknown (parameter PeerSg)'],
    ]);
  });

  it('leaves groups with unknown instance types unverified', () => {
    const b = new ModelBuilder();
    const sg = b.securityGroup('Sg');
    efaCluster(b, [ref(sg)], unknown('parameter InstanceType has no default'));
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified.map((u) => u.reason)).toEqual([
      'whether instance group gpu of cluster demo uses EFA is unknown: instance type is unknown (parameter InstanceType has no default)',
    ]);
  });
});

describe('HP010 on a group no scanned cluster uses (model.withoutCluster, set by src/engine/without-cluster.ts)', () => {
  const note = 'checked without its cluster: no scanned cluster uses this group; linked because its GroupDescription names EFA';

  it('reads the model field: the note in the message, the evidence as related location, error when EFA is said', () => {
    const b = new ModelBuilder();
    const sg = b.securityGroup('NodeSg', { line: 7, egress: [sgRule.selfOut()] });
    const evidence = loc(3, 'params.yaml');
    b.model.withoutCluster.set(sg.key, { reason: 'its GroupDescription names EFA', efa: true, evidence });
    const run = runRule(rule, b.model);
    expect(summary(run)).toEqual([
      {
        line: 7,
        severity: 'error',
        message: `Security group NodeSg has no inbound rule allowing all traffic (protocol -1) from itself, and it is meant for HyperPod EFA nodes (${note}).${TAIL}`,
      },
    ]);
    expect(run.findings[0]).toMatchObject({ related: [evidence], detail: 'self-ingress', entityKey: 'template.yaml#NodeSg' });
  });

  it('a warning when only HyperPod is said; nothing when the self rule is there; nothing without the field', () => {
    const b = new ModelBuilder();
    const bare = b.securityGroup('Bare', { line: 4 });
    const fine = b.securityGroup('Fine', { line: 9, ingress: [sgRule.selfIn()] });
    b.securityGroup('Unmarked', { line: 12 });
    b.model.withoutCluster.set(bare.key, { reason: 'its logical ID names HyperPod', efa: false });
    b.model.withoutCluster.set(fine.key, { reason: 'its logical ID names HyperPod', efa: false });
    const run = runRule(rule, b.model);
    expect(summary(run).map((f) => `${f.line} ${f.severity}`)).toEqual(['4 warning']);
    expect(run.findings[0]!.message).toContain(
      'and it is meant for HyperPod nodes (checked without its cluster: no scanned cluster uses this group; linked because its logical ID names HyperPod). ' +
        'The nodes cannot reach each other through it, and on EFA-capable instance types EFA traffic is dropped and the EFA health checks fail.',
    );
    expect(run.findings[0]!.related).toBeUndefined();
  });

  it('a group a cluster uses is reported once, through the cluster, even when the field names it too', () => {
    const b = new ModelBuilder();
    const sg = b.securityGroup('NodeSg', { line: 20, egress: [sgRule.selfOut()] });
    efaCluster(b, [ref(sg)]);
    b.model.withoutCluster.set(sg.key, { reason: 'its logical ID names HyperPod', efa: false });
    const run = runRule(rule, b.model);
    expect(
      summary(run).map((f) => `${f.line} ${f.severity} ${f.message.includes('of cluster demo uses it') ? 'cluster' : 'note'}`),
    ).toEqual(['20 error cluster']);
  });
});
