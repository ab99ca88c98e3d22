import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/hp011-efa-sg-self-outbound.js';
import { ModelBuilder, idRef, ref, rule as sgRule } from './builders.js';
import { runRule, summary } from './run-rule.js';

const TAIL = ' EFA traffic between the nodes is dropped and the EFA health checks fail.';

function withSg(spec: Parameters<ModelBuilder['securityGroup']>[1]) {
  const b = new ModelBuilder();
  const sg = b.securityGroup('NodeSg', { line: 20, ...spec });
  const subnet = b.subnet('S');
  b.cluster('Cluster', {
    clusterName: 'demo',
    vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
    groups: [{ name: 'gpu', type: 'ml.trn1.32xlarge' }],
  });
  return b.model;
}

describe('HP011 efa-sg-self-outbound', () => {
  it('fires when there is no outbound rule at all', () => {
    expect(summary(runRule(rule, withSg({ ingress: [sgRule.selfIn()] })))).toEqual([
      {
        line: 20,
        severity: 'error',
        message: `Security group NodeSg has no outbound rule allowing all traffic (protocol -1) to itself, but EFA-capable instance group gpu (ml.trn1.32xlarge) of cluster demo uses it.${TAIL}`,
      },
    ]);
  });

  it('does not accept 0.0.0.0/0 as a substitute, and says so', () => {
    const [finding] = runRule(rule, withSg({ egress: [sgRule.cidrOut('0.0.0.0/0')] })).findings;
    expect(finding!.message).toBe(
      `Security group NodeSg has no outbound rule allowing all traffic (protocol -1) to itself, but EFA-capable instance group gpu (ml.trn1.32xlarge) of cluster demo uses it.${TAIL}` +
        ' Its outbound rule to any address does not count: EFA needs a rule that names the security group.',
    );
  });

  it("does not accept CloudFormation's implicit allow-all egress either", () => {
    const [finding] = runRule(rule, withSg({ implicitAllowAllEgress: true })).findings;
    expect(finding!.message).toContain(
      ' Its default allow-all outbound rule does not count: EFA needs a rule that names the security group.',
    );
  });

  it('does not fire with an all-traffic self egress, including protocol "all" and a literal own ID', () => {
    expect(runRule(rule, withSg({ egress: [sgRule.selfOut(), sgRule.cidrOut('0.0.0.0/0')] })).findings).toEqual([]);
    expect(runRule(rule, withSg({ egress: [sgRule.selfOut({ protocol: 'all' })] })).findings).toEqual([]);
    expect(runRule(rule, withSg({ physicalId: 'sg-0123', egress: [sgRule.sgOut(idRef('sg-0123'))] })).findings).toEqual([]);
  });

  it('ignores an inbound self rule when judging outbound', () => {
    expect(
      runRule(rule, withSg({ ingress: [sgRule.selfIn()], egress: [sgRule.selfOut({ protocol: 'udp', fromPort: 0, toPort: 65535 })] }))
        .findings,
    ).toHaveLength(1);
  });

  it('leaves a group with rules outside the scanned files unverified', () => {
    const run = runRule(rule, withSg({ rulesComplete: false }));
    expect(run.findings).toEqual([]);
    expect(run.unverified.map((u) => u.reason)).toEqual([
      'some outbound rules of security group NodeSg are not visible in the scanned files',
    ]);
  });
});
