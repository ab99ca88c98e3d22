/** HP010: an EFA group's security group allows all inbound traffic from itself (hyperpod-reference.md §R7, §R9 [SEED][EC2-EFA]). */
import { defineRule } from './types.js';
import { efaNeed, efaSecurityGroups, selfAllTrafficRule, declarationOf } from './util/security-groups.js';

export default defineRule({
  meta: {
    id: 'HP010',
    name: 'efa-sg-self-inbound',
    title: 'EFA security group lacks the all-traffic inbound rule from itself',
    defaultSeverity: 'error',
    description:
      'A security group of an EFA-capable instance group has no inbound rule allowing all traffic (protocol -1) from the ' +
      'security group itself. EFA needs it: without it EFA traffic between nodes is dropped and the EFA health checks fail.',
    docs: 'docs/rules/HP010.md',
  },
  check(ctx) {
    const { groups, unverified } = efaSecurityGroups(ctx);
    for (const item of unverified) ctx.unverified(item);
    for (const entry of groups) {
      const { sg, without } = entry;
      const self = selfAllTrafficRule(ctx.model, sg, 'ingress');
      if (self.present === undefined) {
        ctx.unverified({
          file: sg.file,
          line: sg.loc.line,
          resource: sg.name,
          reason: self.reason ?? `inbound rules of ${sg.name} are not fully known`,
        });
        continue;
      }
      if (self.present) continue;
      ctx.report({
        loc: sg.loc,
        resource: sg.name,
        entityKey: sg.key,
        detail: 'self-ingress',
        fixData: {
          kind: 'sg-self-rule',
          direction: 'ingress',
          group: sg.name,
          ...(declarationOf(sg) ? { at: declarationOf(sg) } : {}),
          ...(sg.physicalId ? { groupId: sg.physicalId } : {}),
        },
        // A group checked without its cluster, with nothing saying EFA, is a HyperPod group whose instance types are not known.
        ...(without && !without.efa ? { severity: 'warning' as const } : {}),
        ...(without?.evidence ? { related: [without.evidence] } : {}),
        message: `Security group ${sg.name} has no inbound rule allowing all traffic (protocol -1) from itself, ${efaNeed(entry)}`,
        fix:
          `Add an ingress rule with protocol -1 whose source is ${sg.name} itself: in CloudFormation a separate AWS::EC2::SecurityGroupIngress ` +
          `with GroupId and SourceSecurityGroupId both referencing ${sg.name}; in Terraform an ingress block with self = true.`,
      });
    }
  },
});
