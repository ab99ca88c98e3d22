/**
 * HP012: an EFA group's security group has outbound 0.0.0.0/0 or ::/0, explicit or CloudFormation's implicit default
 * (hyperpod-reference.md §R9 [SEED][CFN-SG][TF-SG]).
 */
import { defineRule } from './types.js';
import {
  describeEfaUsers,
  describeRule,
  efaSecurityGroups,
  openEgress,
  selfAllTrafficRule,
  vpcOfGroup,
  withoutClusterNote,
} from './util/security-groups.js';

export default defineRule({
  meta: {
    id: 'HP012',
    name: 'efa-sg-open-outbound',
    title: 'EFA security group allows outbound traffic to any address',
    defaultSeverity: 'warning',
    description:
      'A security group of an EFA-capable instance group has outbound 0.0.0.0/0 or ::/0, explicit or implicit (a CloudFormation ' +
      'security group without inline SecurityGroupEgress keeps the default allow-all rule). The HyperPod prerequisites advise ' +
      'against it because it can make EFA health checks fail. Warning when the group has no outbound rule to itself; a notice ' +
      "when it has one, as in AWS's own templates.",
    docs: 'docs/rules/HP012.md',
  },
  check(ctx) {
    // What cannot be checked about these groups is already listed by HP010 and HP011; this advisory rule adds nothing.
    const { groups } = efaSecurityGroups(ctx);
    for (const { sg, users, without } of groups) {
      const open = openEgress(sg);
      if (open.explicit.length === 0 && !open.implicit) continue;
      const self = selfAllTrafficRule(ctx.model, sg, 'egress');
      // Only a group known to lack the self rule is a warning; unknown stays a notice (unknown is not wrong).
      // A group checked without its cluster, with nothing saying EFA, is only a notice: its instance types are not known.
      const severity = self.present === false && (!without || without.efa) ? 'warning' : 'notice';
      const usedBy = without
        ? `It is meant for HyperPod${without.efa ? ' EFA' : ''} nodes (${withoutClusterNote(without)}).`
        : `It is used by ${describeEfaUsers(users)}.`;
      const related = without?.evidence ? { related: [without.evidence] } : {};
      const selfNote =
        self.present === false
          ? ' The group also has no outbound all-traffic rule to itself (HP011).'
          : self.present
            ? " The group also has the outbound rule to itself, as AWS's own templates do, so this is only a notice."
            : '';
      const advice =
        'The HyperPod prerequisites advise against outbound rules to any address on EFA security groups because they can make EFA health checks fail.';
      const vpc = sg.sourceKind === 'account' ? {} : vpcOfGroup(ctx.model, sg);
      for (const rule of open.explicit) {
        const cidr = rule.peer.kind === 'cidr' || rule.peer.kind === 'cidr6' ? rule.peer.cidr : '';
        ctx.report({
          loc: rule.loc,
          resource: sg.name,
          entityKey: sg.key,
          severity,
          ...related,
          detail: `${rule.resourceName ?? 'inline'}:${cidr}`,
          ...(sg.sourceKind !== 'account' && rule.peer.kind === 'cidr'
            ? { fixData: { kind: 'open-egress' as const, at: rule.loc, group: sg.name, cidr, ...vpc } }
            : {}),
          message: `Security group ${sg.name} allows outbound ${describeRule(rule)} to ${cidr}. ${usedBy} ${advice}${selfNote}`,
          fix: `Remove the ${cidr} outbound rule or narrow it to the destinations the nodes need, and keep the all-traffic outbound rule to ${sg.name} itself.`,
        });
      }
      if (open.implicit) {
        ctx.report({
          loc: sg.loc,
          resource: sg.name,
          entityKey: sg.key,
          severity,
          ...related,
          detail: 'implicit-egress',
          fixData: { kind: 'open-egress', at: sg.loc, group: sg.name, cidr: '0.0.0.0/0', implicit: true, ...vpc },
          message:
            `Security group ${sg.name} is declared without inline SecurityGroupEgress, so CloudFormation keeps the default rule allowing all ` +
            `outbound traffic to 0.0.0.0/0; standalone egress resources do not remove it. ${usedBy} ${advice}${selfNote}`,
          fix:
            `Declare SecurityGroupEgress inline on ${sg.name} with only the destinations the nodes need; CloudFormation then drops the default ` +
            'allow-all rule. Keep the all-traffic outbound rule to the group itself.',
        });
      }
    }
  },
});
