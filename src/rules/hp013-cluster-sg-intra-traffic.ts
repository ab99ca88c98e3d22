/** HP013: the nodes of a non-EFA cluster can reach each other through its security groups (hyperpod-reference.md §R7 [SEED]). */
import type { Cluster, SecurityGroup, SgRule } from '../model/types.js';
import { defineRule, type RuleContext } from './types.js';
import { clusterLabel, clusterSecurityGroupRefs, clusterSubnetRefs, efaGroups, joinWords, refLabel } from './util/cluster.js';
import { isAllTraffic, resolveSecurityGroup, ruleExists, type Maybe } from './util/security-groups.js';

export default defineRule({
  meta: {
    id: 'HP013',
    name: 'cluster-sg-intra-traffic',
    title: "No security group lets the cluster's nodes reach each other",
    defaultSeverity: 'warning',
    description:
      "In a cluster without EFA-capable groups, no security group of the cluster allows inbound traffic from the cluster's own " +
      'security groups, so controller, login and worker nodes cannot reach each other. (EFA groups are covered by HP010/HP011.)',
    docs: 'docs/rules/HP013.md',
  },
  check(ctx) {
    for (const cluster of ctx.model.ofType('Cluster')) {
      if (!Array.isArray(cluster.instanceGroups) || cluster.notVisible) continue;
      if (efaGroups(ctx, cluster).length > 0) continue;
      checkCluster(ctx, cluster);
    }
  },
});

function checkCluster(ctx: RuleContext, cluster: Cluster): void {
  const model = ctx.model;
  const refs = clusterSecurityGroupRefs(cluster);
  if (refs.length === 0) return; // no VpcConfig: the service-owned VPC is HyperPod's concern
  const name = clusterLabel(cluster);
  const own = new Set<string>();
  for (const { ref } of refs) {
    const identity = model.refIdentity(ref);
    if (identity) own.add(identity);
  }
  const subnetCidrs: (string | undefined)[] = clusterSubnetRefs(cluster).map(({ ref }) => {
    const subnet = model.resolve(ref, 'Subnet');
    return subnet?.cidr.known ? subnet.cidr.value : undefined;
  });

  const reasons: string[] = [];
  const seen = new Set<string>();
  const groups: SecurityGroup[] = [];
  for (const { ref } of refs) {
    const resolved = resolveSecurityGroup(model, ref);
    if (!resolved.sg) {
      reasons.push(resolved.reason);
      continue;
    }
    if (seen.has(resolved.sg.key)) continue;
    seen.add(resolved.sg.key);
    groups.push(resolved.sg);
    for (const rule of resolved.sg.ingress) {
      const allows = allowsFromCluster(ctx, resolved.sg, rule, own, subnetCidrs);
      if (allows === true) return;
      if (allows === undefined)
        reasons.push(`an inbound rule of ${resolved.sg.name} at line ${rule.loc.line} cannot be evaluated statically`);
    }
    if (!resolved.sg.rulesComplete) reasons.push(`some inbound rules of ${resolved.sg.name} are not visible in the scanned files`);
  }
  if (reasons.length > 0) {
    ctx.unverified({
      file: cluster.file,
      line: cluster.loc.line,
      resource: cluster.name,
      reason: `intra-cluster traffic of ${name}: ${reasons[0]}`,
    });
    return;
  }
  const names = groups.map((sg) => sg.name);
  const first = names[0] ?? refLabel(model, refs[0]!.ref);
  ctx.report({
    loc: cluster.loc,
    resource: cluster.name,
    entityKey: cluster.key,
    detail: names.join(','),
    message:
      (names.length === 1
        ? `The only security group of cluster ${name}, ${names[0]}, does not allow inbound `
        : `None of the ${names.length} security groups of cluster ${name} (${joinWords(names)}) allows inbound `) +
      "traffic from the cluster's own security groups, so its controller, login and worker nodes cannot reach each other.",
    fix:
      `Add to ${first} an inbound rule with protocol -1 whose source is ${first} itself (a separate AWS::EC2::SecurityGroupIngress ` +
      'with SourceSecurityGroupId referencing the group in CloudFormation, self = true in Terraform).',
  });
}

/** Does an ingress rule let the cluster's nodes in: all traffic (or all TCP) from a cluster group or from a range holding the cluster's subnets? */
function allowsFromCluster(
  ctx: RuleContext,
  sg: SecurityGroup,
  rule: SgRule,
  own: Set<string>,
  subnetCidrs: (string | undefined)[],
): Maybe {
  const exists = ruleExists(rule);
  if (exists === false) return false;
  const wide = coversAllTraffic(rule);
  if (wide === false) return false;
  let peer: Maybe;
  switch (rule.peer.kind) {
    case 'self':
      peer = true;
      break;
    case 'sg': {
      const identity = ctx.model.refIdentity(rule.peer.ref);
      if (identity && (own.has(identity) || identity === `entity:${sg.key}`)) peer = true;
      else peer = rule.peer.ref.kind === 'unknown' ? undefined : false;
      break;
    }
    case 'cidr': {
      if (subnetCidrs.length === 0 || subnetCidrs.some((c) => c === undefined)) peer = undefined;
      else peer = subnetCidrs.every((c) => cidrContains(rule.peer.kind === 'cidr' ? rule.peer.cidr : '', c!)) ? true : false;
      break;
    }
    case 'unknown':
    case 'prefixList':
      peer = undefined;
      break;
    default:
      peer = false;
  }
  if (peer === false) return false;
  return exists === true && wide === true && peer === true ? true : undefined;
}

function coversAllTraffic(rule: SgRule): Maybe {
  const all = isAllTraffic(rule);
  if (all !== false) return all;
  const protocol = rule.protocol.known ? String(rule.protocol.value).toLowerCase() : '';
  if (protocol !== 'tcp' && protocol !== '6') return false;
  const from = rule.fromPort;
  const to = rule.toPort;
  if (from === undefined && to === undefined) return undefined;
  if (!from?.known || !to?.known) return undefined;
  return from.value <= 0 && to.value >= 65535;
}

/** Whether IPv4 range `outer` contains range `inner`; false for anything that is not an IPv4 CIDR. */
export function cidrContains(outer: string, inner: string): boolean {
  const a = parseCidr(outer);
  const b = parseCidr(inner);
  if (!a || !b || a.prefix > b.prefix) return false;
  if (a.prefix === 0) return true;
  const mask = (0xffffffff << (32 - a.prefix)) >>> 0;
  return (a.address & mask) >>> 0 === (b.address & mask) >>> 0;
}

function parseCidr(text: string): { address: number; prefix: number } | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  return { address: octets.reduce((acc, o) => ((acc << 8) | o) >>> 0, 0), prefix };
}
