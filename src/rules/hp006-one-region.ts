/** HP006: every resource a cluster uses is in the cluster's region (hyperpod-reference.md §R6 [SEED]). */
import type { Cluster } from '../model/types.js';
import { defineRule, type RuleContext } from './types.js';
import { clusterLabel, joinWords } from './util/cluster.js';
import { resolveClusterRegion, type ClusterRegion, type RegionFact } from './util/regions.js';

export { regionOfArn, regionOfAzId, regionOfAzName, regionOfS3Service } from './util/regions.js';

export default defineRule({
  meta: {
    id: 'HP006',
    name: 'one-region',
    title: 'Resource in another region than the cluster',
    defaultSeverity: 'error',
    description:
      "A resource the cluster uses is in another region than the cluster: the EKS cluster's ARN, the S3 endpoint's service " +
      "name, a subnet's Availability Zone name or ID, an FSx file system, or an explicit region field. HyperPod needs all of them in the cluster's region.",
    docs: 'docs/rules/HP006.md',
  },
  check(ctx) {
    for (const cluster of ctx.model.ofType('Cluster')) checkCluster(ctx, cluster);
  },
});

function sourceText(resolved: ClusterRegion): string {
  switch (resolved.kind) {
    case 'stated':
      return resolved.loc ? `stated at ${resolved.loc.file}:${resolved.loc.line}` : 'its own region';
    case 'evidence':
      return 'named by its resources';
    default:
      return 'the default region given to the scan with --region or config';
  }
}

const placeOf = (fact: RegionFact): string => `${fact.what} at ${fact.loc.file}:${fact.loc.line}`;

function checkCluster(ctx: RuleContext, cluster: Cluster): void {
  const defaultRegion = ctx.model.region ?? ctx.options.region;
  const resolved = resolveClusterRegion(ctx.model, cluster, defaultRegion);
  const name = clusterLabel(cluster);
  const reported = new Set<string>();
  const fire = (fact: RegionFact, region: string, because: string, severity?: 'warning') => {
    // One finding per place, resource and region: in a plan, several facts of one resource share its line.
    const key = `${fact.loc.file}:${fact.loc.line}:${fact.resource}:${fact.region}`;
    if (fact.region === region || reported.has(key)) return;
    reported.add(key);
    ctx.report({
      loc: fact.loc,
      resource: fact.resource,
      entityKey: fact.entityKey,
      detail: `${fact.resource}:${fact.what}`,
      severity,
      message:
        `${fact.what} is in region ${fact.region}, but cluster ${name} is in ${region} (${because}). ` +
        'A HyperPod cluster can only use a VPC, subnets, security groups, EKS cluster, S3 endpoint and FSx file system of its own region.',
      fix: fact.fix(region),
    });
  };
  if (resolved.kind === 'evidence') {
    // Every fact agrees. A default region that says otherwise does not outrank the file: the conflict is reported once.
    if (resolved.defaultRegion && resolved.defaultRegion !== resolved.region) {
      const first = resolved.facts[0]!;
      const sources = resolved.facts.slice(0, 3).map(placeOf);
      const more = resolved.facts.length > 3 ? ` and ${resolved.facts.length - 3} more` : '';
      ctx.report({
        loc: first.loc,
        resource: cluster.name,
        entityKey: cluster.key,
        detail: `${cluster.name}:default-region`,
        severity: 'warning',
        message:
          `The resources of cluster ${name} say region ${resolved.region} (${joinWords(sources)}${more}), but the default region ` +
          `given to the scan (--region or config) is ${resolved.defaultRegion}. The checks use ${resolved.region}; if the cluster ` +
          `is created in ${resolved.defaultRegion}, these resources are in another region.`,
        fix: `Create the cluster in ${resolved.region}, or scan with --region ${resolved.region}; if ${resolved.defaultRegion} is right, move these resources there.`,
      });
    }
    return;
  }
  if (resolved.kind === 'unknown') {
    const regions = [...new Set(resolved.facts.map((f) => f.region))];
    if (regions.length < 2) {
      ctx.unverified({
        file: cluster.file,
        line: cluster.loc.line,
        resource: cluster.name,
        reason: `the region of cluster ${name} is unknown (set --region or the provider region); regions of the resources it uses were not compared`,
      });
      return;
    }
    // No region given, and the resources disagree: at most one region can be the cluster's.
    const first = resolved.facts[0]!;
    for (const fact of resolved.facts) fire(fact, first.region, `as ${placeOf(first)} says; the cluster's region is not given`);
    return;
  }
  for (const fact of resolved.facts) fire(fact, resolved.region, sourceText(resolved));
}
