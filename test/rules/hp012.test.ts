import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/hp012-efa-sg-open-outbound.js';
import { ModelBuilder, idRef, ref, rule as sgRule, unknown } from './builders.js';
import { runRule, summary } from './run-rule.js';

const USED = 'It is used by EFA-capable instance group gpu (ml.p5.48xlarge) of cluster demo.';
const ADVICE =
  'The HyperPod prerequisites advise against outbound rules to any address on EFA security groups because they can make EFA health checks fail.';

function withSg(spec: Parameters<ModelBuilder['securityGroup']>[1], type = 'ml.p5.48xlarge') {
  const b = new ModelBuilder();
  const sg = b.securityGroup('NodeSg', { line: 20, ...spec });
  const subnet = b.subnet('S');
  b.cluster('Cluster', {
    clusterName: 'demo',
    vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
    groups: [{ name: 'gpu', type }],
  });
  return b.model;
}

describe('HP012 efa-sg-open-outbound', () => {
  it('is a notice at the rule when 0.0.0.0/0 sits next to the self outbound rule (as in AWS templates)', () => {
    const run = runRule(rule, withSg({ egress: [sgRule.selfOut({ line: 24 }), sgRule.cidrOut('0.0.0.0/0', { line: 27 })] }));
    expect(summary(run)).toEqual([
      {
        line: 27,
        severity: 'notice',
        message:
          `Security group NodeSg allows outbound all traffic (protocol -1) to 0.0.0.0/0. ${USED} ${ADVICE}` +
          " The group also has the outbound rule to itself, as AWS's own templates do, so this is only a notice.",
      },
    ]);
    expect(run.findings[0]!.detail).toBe('inline:0.0.0.0/0');
  });

  it('is a warning for each open rule when there is no self outbound rule', () => {
    const run = runRule(
      rule,
      withSg({
        egress: [
          sgRule.cidrOut('0.0.0.0/0', { line: 27, protocol: 'tcp', fromPort: 443, toPort: 443 }),
          sgRule.cidrOut('::/0', { line: 31 }),
        ],
      }),
    );
    expect(summary(run)).toEqual([
      {
        line: 27,
        severity: 'warning',
        message: `Security group NodeSg allows outbound tcp port 443 to 0.0.0.0/0. ${USED} ${ADVICE} The group also has no outbound all-traffic rule to itself (HP011).`,
      },
      {
        line: 31,
        severity: 'warning',
        message: `Security group NodeSg allows outbound all traffic (protocol -1) to ::/0. ${USED} ${ADVICE} The group also has no outbound all-traffic rule to itself (HP011).`,
      },
    ]);
  });

  it("fires at the security group for CloudFormation's implicit default egress", () => {
    const run = runRule(rule, withSg({ implicitAllowAllEgress: true, ingress: [sgRule.selfIn()] }));
    expect(summary(run)).toEqual([
      {
        line: 20,
        severity: 'warning',
        message:
          'Security group NodeSg is declared without inline SecurityGroupEgress, so CloudFormation keeps the default rule allowing all outbound traffic to 0.0.0.0/0; ' +
          `standalone egress resources do not remove it. ${USED} ${ADVICE} The group also has no outbound all-traffic rule to itself (HP011).`,
      },
    ]);
  });

  it('is a notice for the implicit egress when a standalone self egress exists', () => {
    const run = runRule(rule, withSg({ implicitAllowAllEgress: true, egress: [sgRule.selfOut({ resourceName: 'SelfEgress' })] }));
    expect(run.findings.map((f) => [f.line, f.severity, f.detail])).toEqual([[20, 'notice', 'implicit-egress']]);
  });

  it('does not fire on narrow egress, false conditions, undecidable conditions or non-EFA groups', () => {
    expect(runRule(rule, withSg({ egress: [sgRule.selfOut(), sgRule.cidrOut('10.0.0.0/16')] })).findings).toEqual([]);
    expect(runRule(rule, withSg({ egress: [sgRule.cidrOut('0.0.0.0/0', { condition: { known: false, reason: 'x' } })] })).findings).toEqual(
      [],
    );
    expect(runRule(rule, withSg({ egress: [sgRule.cidrOut('0.0.0.0/0', { condition: { known: true, value: false } })] })).findings).toEqual(
      [],
    );
    expect(runRule(rule, withSg({ egress: [sgRule.cidrOut('0.0.0.0/0')] }, 'ml.m5.large')).findings).toEqual([]);
  });

  it('stays a notice when the self outbound rule cannot be decided', () => {
    const run = runRule(
      rule,
      withSg({ egress: [sgRule.cidrOut('0.0.0.0/0'), sgRule.selfOut({ protocol: unknown('parameter Protocol') })] }),
    );
    expect(run.findings.map((f) => f.severity)).toEqual(['notice']);
  });

  it('leaves the unverified list to HP010 and HP011', () => {
    const b = new ModelBuilder();
    const subnet = b.subnet('S');
    b.cluster('Cluster', {
      vpc: { subnets: [ref(subnet)], securityGroups: [idRef('sg-0external')] },
      groups: [{ name: 'gpu', type: 'ml.p5.48xlarge' }],
    });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified).toEqual([]);
  });
});
