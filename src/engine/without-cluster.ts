/**
 * Security groups no scanned cluster uses, but plainly meant for HyperPod/EFA nodes (docs/cross-file.md,
 * "Where nothing links"): the cluster is deployed from elsewhere (its stack is not in the repository, or
 * wired by parameters set outside it). The EFA rules (HP010-HP012) check these groups as if a cluster
 * used them, and say so; this module only decides which groups, and why, into `model.withoutCluster`.
 *
 * Evidence, strongest first:
 * 1. the config's `efaSecurityGroups` names the group;
 * 2. the group itself names EFA or HyperPod (its description, name, tags or logical ID);
 * 3. another template that is about HyperPod reads the group (a nested-stack output, an import, a parameter);
 * 4. its template is about HyperPod (a HyperPod parameter, instance-group parameters, `ml.*` instance
 *    types, its Description) and the group is the template's only one, or the only one it outputs.
 * A group that another resource of its template attaches and that is no cluster node (a VPC endpoint, a
 * Lambda function, an instance) is left out unless the config or the word EFA names it.
 */
import type { InstanceNetworkData } from '../data/instance-network.js';
import type { Model } from '../model/model.js';
import type { Loc, ParsedFile, Ref, RefList, SecurityGroup, TemplateLinks, Unverified, WithoutCluster } from '../model/types.js';
import { HYPERPOD_WORD, mentionsEfa, words } from '../parsers/cfn-purpose.js';
import { compareText } from '../util/compare.js';

export interface WithoutClusterResult {
  unverified: Unverified[];
  notices: string[];
}

export interface WithoutClusterOptions {
  /** `efaSecurityGroups:` entries of the config, and the config file's name. */
  named: { name: string; loc: Loc }[];
  configFile?: string;
  instances: InstanceNetworkData;
}

/** Words in a group's description that say it is for something other than the nodes. */
const NOT_NODES = new Set([
  'endpoint',
  'endpoints',
  'vpce',
  'bastion',
  'jump',
  'lambda',
  'alb',
  'nlb',
  'elb',
  'balancer',
  'rds',
  'database',
  'proxy',
  'web',
]);

type Sign = NonNullable<TemplateLinks['hyperpodSigns']>[number];

const itemsOf = (list: RefList | undefined): Ref[] => (list?.known ? list.items : []);

/** Groups a scanned cluster uses (its VpcConfig or an instance group's OverrideVpcConfig), resolved to entities. */
function usedByClusters(model: Model): Set<string> {
  const used = new Set<string>();
  for (const cluster of model.ofType('Cluster')) {
    const refs = [...itemsOf(cluster.vpcConfig?.securityGroups)];
    if (Array.isArray(cluster.instanceGroups))
      for (const g of cluster.instanceGroups) refs.push(...itemsOf(g.overrideVpcConfig?.securityGroups));
    for (const ref of refs) {
      const sg = model.resolve(ref, 'SecurityGroup');
      if (sg) used.add(sg.key);
    }
  }
  return used;
}

const loc = (where: Loc): string => `${where.file}:${where.line}`;

export function markGroupsWithoutCluster(model: Model, parsed: ParsedFile[], options: WithoutClusterOptions): WithoutClusterResult {
  const result: WithoutClusterResult = { unverified: [], notices: [] };
  model.withoutCluster.clear();
  const groups = model.ofType('SecurityGroup').filter((sg) => sg.sourceKind !== 'account');
  const used = usedByClusters(model);
  const links = new Map<string, TemplateLinks>();
  for (const p of parsed) if (p.cfn) links.set(p.file, p.cfn);
  const readers = new Map<string, string[]>();
  for (const [file, template] of links) for (const key of template.referenced ?? []) readers.set(key, [...(readers.get(key) ?? []), file]);

  // Template signs that count: `ml.*` types only when SageMaker HyperPod takes them.
  const signsOf = (file: string): Sign[] =>
    (links.get(file)?.hyperpodSigns ?? []).filter(
      (s) => !s.instanceTypes || s.instanceTypes.some((t) => options.instances.isHyperPodType(t)),
    );
  const efaIn = (signs: Sign[]): boolean =>
    signs.some((s) => s.efa === true || s.instanceTypes?.some((t) => options.instances.get(t)?.efaSupported === true));

  // 1. The config.
  const matched = new Set<number>();
  const byConfig = (sg: SecurityGroup): { name: string; loc: Loc } | undefined =>
    options.named.find((entry, index) => {
      const hit =
        entry.name === sg.key ||
        entry.name === `${sg.loc.file}#${sg.name}` ||
        entry.name === sg.name ||
        (sg.physicalId !== undefined && entry.name === sg.physicalId);
      if (hit) matched.add(index);
      return hit;
    });

  const chosen = new Map<string, WithoutCluster>();
  for (const sg of groups) {
    const named = byConfig(sg);
    if (used.has(sg.key)) continue;
    if (named) {
      chosen.set(sg.key, {
        reason: `it is named in efaSecurityGroups (${loc(named.loc)})`,
        efa: true,
        evidence: named.loc,
      });
      continue;
    }
    const own = ownSign(sg);
    const templateSigns = signsOf(sg.file);
    if (own) {
      chosen.set(sg.key, { reason: own.reason, efa: own.efa || efaIn(templateSigns) });
      continue;
    }
    if (sg.attachedTo?.length) continue;
    // 3. Another template about HyperPod reads the group.
    for (const file of readers.get(sg.key) ?? []) {
      if (file === sg.file) continue;
      const signs = signsOf(file);
      if (signs.length === 0) continue;
      chosen.set(sg.key, {
        reason: `${file}, which reads it, is about HyperPod (${signs[0]!.what})`,
        efa: efaIn(signs),
        evidence: signs[0]!.loc,
      });
      break;
    }
  }

  // 4. The template's only security group, or the only one it outputs (none when another group of it is taken already).
  const byFile = new Map<string, SecurityGroup[]>();
  for (const sg of groups) if (sg.sourceKind === 'cloudformation') byFile.set(sg.file, [...(byFile.get(sg.file) ?? []), sg]);
  for (const [file, list] of byFile) {
    const signs = signsOf(file);
    if (signs.length === 0) continue;
    const free = list.filter((sg) => !used.has(sg.key) && !chosen.has(sg.key) && !sg.attachedTo?.length);
    if (free.length === 0 || list.some((sg) => used.has(sg.key) || chosen.has(sg.key))) continue;
    let pick: SecurityGroup | undefined;
    let how = '';
    if (list.length === 1) {
      pick = free[0];
      how = 'this is its only security group';
    } else {
      const outputs = links.get(file)?.outputs ?? [];
      const outputted = free.filter((sg) => outputs.some((o) => JSON.stringify(o.value).includes(JSON.stringify(sg.key))));
      if (outputted.length === 1) {
        pick = outputted[0];
        how = 'this is the only security group it outputs';
      }
    }
    if (pick) {
      chosen.set(pick.key, {
        reason: `${file} is about HyperPod (${signs[0]!.what}) and ${how}`,
        efa: efaIn(signs),
        evidence: signs[0]!.loc,
      });
    } else if (free.length > 1) {
      result.unverified.push({
        file,
        line: free[0]!.loc.line,
        reason:
          `no scanned cluster uses the security groups of ${file} (${free.map((sg) => sg.name).join(', ')}), and the template is about HyperPod ` +
          `(${signs[0]!.what}); which of them the nodes use is not known, so none was checked for the EFA self rules ` +
          '(name it in efaSecurityGroups of the config to check it)',
      });
    }
  }

  for (const [key, value] of chosen) model.withoutCluster.set(key, value);
  options.named.forEach((entry, index) => {
    if (matched.has(index)) return;
    result.notices.push(
      `efaSecurityGroups: ${entry.name} (${loc(entry.loc)}) matches no security group in the scanned files; nothing was checked for it`,
    );
  });
  return result;
}

/** A label as quoted in a reason: one line, at most 80 characters. */
function quoted(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return `"${line.length > 80 ? `${line.slice(0, 79)}…` : line}"`;
}

/** 2. What the group says about itself: EFA anywhere, or HyperPod where nothing says it is for something else. */
function ownSign(sg: SecurityGroup): { reason: string; efa: boolean } | undefined {
  const fields = [...(sg.labels ?? []), { field: sg.sourceKind === 'cloudformation' ? 'logical ID' : 'address', text: sg.name }];
  for (const label of fields)
    if (mentionsEfa(label.text)) return { reason: `its ${label.field} ${quoted(label.text)} names EFA`, efa: true };
  if (sg.attachedTo?.length) return undefined;
  if (fields.some((label) => words(label.text).some((w) => NOT_NODES.has(w)))) return undefined;
  for (const label of fields) {
    if (HYPERPOD_WORD.test(label.text) || words(label.text).join('').includes('hyperpod')) {
      return { reason: `its ${label.field} ${quoted(label.text)} names HyperPod`, efa: false };
    }
  }
  return undefined;
}

/** One entry per group checked without its cluster, for the run's summary. */
export function checkedWithoutCluster(model: Model): { file: string; resource: string; reason: string }[] {
  const list: { file: string; resource: string; reason: string }[] = [];
  for (const [key, value] of model.withoutCluster) {
    const sg = model.get(key);
    // Where its findings are: the template, or the .tf file of a Terraform resource.
    if (sg) list.push({ file: sg.loc.file, resource: sg.name, reason: value.reason });
  }
  return list.sort((a, b) => compareText(a.file, b.file) || compareText(a.resource, b.resource));
}
