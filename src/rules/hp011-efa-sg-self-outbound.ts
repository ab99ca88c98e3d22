/** HP011: an EFA group's security group allows all outbound traffic to itself (hyperpod-reference.md §R7, §R9 [SEED][EC2-EFA]). */
import { defineRule } from './types.js';
import { efaNeed, efaSecurityGroups, openEgress, selfAllTrafficRule, declarationOf } from './util/security-groups.js';

export default defineRule({
  meta: {
    id: 'HP011',
    name: 'efa-sg-self-outbound',
    title: 'EFA security group lacks the all-traffic outbound rule to itself',
    defaultSeverity: 'error',
    description:
      'A security group of an EFA-capable instance group has no outbound rule allowing all traffic (protocol -1) to the ' +
      'security group itself. A CIDR rule, even 0.0.0.0/0, is not a substitute: EFA needs the rule that names the group.',
    docs: 'docs/rules/HP011.md',
  },
  check(ctx) {
    const { groups, unverified } = efaSecurityGroups(ctx);
    for (const item of unverified) ctx.unverified(item);
    for (const entry of groups) {
      const { sg, without } = entry;
      const self = selfAllTrafficRule(ctx.model, sg, 'egress');
      if (self.present === undefined) {
        ctx.unverified({
          file: sg.file,
          line: sg.loc.line,
          resource: sg.name,
          reason: self.reason ?? `outbound rules of ${sg.name} are not fully known`,
        });
        continue;
      }
      if (self.present) continue;
      const open = openEgress(sg);
      const openNote =
        open.explicit.length > 0 || open.implicit
          ? ` Its ${open.explicit.length > 0 ? 'outbound rule to any address' : 'default allow-all outbound rule'} does not count: EFA needs a rule that names the security group.`
          : '';
      ctx.report({
        loc: sg.loc,
        resource: sg.name,
        entityKey: sg.key,
        detail: 'self-egress',
        fixData: {
          kind: 'sg-self-rule',
          direction: 'egress',
          group: sg.name,
          ...(declarationOf(sg) ? { at: declarationOf(sg) } : {}),
          ...(sg.physicalId ? { groupId: sg.physicalId } : {}),
        },
        // A group checked without its cluster, with nothing saying EFA, is a HyperPod group whose instance types are not known.
        ...(without && !without.efa ? { severity: 'warning' as const } : {}),
        ...(without?.evidence ? { related: [without.evidence] } : {}),
        message: `Security group ${sg.name} has no outbound rule allowing all traffic (protocol -1) to itself, ${efaNeed(entry)}${openNote}`,
        fix:
          `Add an egress rule with protocol -1 whose destination is ${sg.name} itself: in CloudFormation a separate AWS::EC2::SecurityGroupEgress ` +
          `with GroupId and DestinationSecurityGroupId both referencing ${sg.name}; in Terraform an egress block with self = true.`,
      });
    }
  },
});
