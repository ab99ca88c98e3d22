// The network picture: per cluster, a Mermaid flowchart (GitHub renders it in comments and job summaries) of the
// VPC and its CIDRs, the Availability Zones, the subnets with their fill level and route to S3, the security groups
// with their self rules, FSx, EKS and the instance groups placed in their subnets, with problems marked. Past a size
// limit it is a table. Every name comes from the pull request: labels are Mermaid-escaped, table cells Markdown-escaped.
import type { Finding, ScanResult } from '../engine/types.js';
import type { Model } from '../model/model.js';
import type { Cluster, SecurityGroup, Subnet } from '../model/types.js';
import type { SubnetCapacity } from '../rules/types.js';
import {
  clusterLabel,
  effectiveVpcConfig,
  groupLabel,
  groupsOf,
  orchestratorOf,
  scannedClusters,
  subnetsOf,
} from '../rules/util/groups.js';
import { clusterSecurityGroupRefs } from '../rules/util/cluster.js';
import { internetRouteOf, routeTableOf, s3EndpointFor } from '../rules/util/connectivity.js';
import { selfAllTrafficRule } from '../rules/util/security-groups.js';
import { codeSpan, escapeMarkdown, truncate } from '../action/markdown.js';

/** Above this many subnets (or nodes in all) the picture is a table: a 3-AZ, 20-subnet stack still is a diagram. */
export const MAX_DIAGRAM_SUBNETS = 24;
export const MAX_DIAGRAM_NODES = 60;

export type S3Route = 'endpoint' | 'nat' | 'none' | 'unknown';
type Mark = 'error' | 'warning' | undefined;

export interface SubnetNode {
  name: string;
  cidr?: string;
  zone?: string;
  /** Addresses the groups need / usable, from the capacity planner. */
  needed?: number;
  usable?: number;
  status?: SubnetCapacity['status'];
  s3: S3Route;
  groups: string[];
  rules: string[];
  mark: Mark;
}

export interface GroupNode {
  name: string;
  type?: string;
  count?: number;
}

export interface SgNode {
  name: string;
  selfIn?: boolean;
  selfOut?: boolean;
  rules: string[];
  mark: Mark;
}

export interface NetworkPicture {
  cluster: string;
  file: string;
  orchestrator?: 'eks' | 'slurm';
  vpc?: { name: string; cidrs: string[] };
  subnets: SubnetNode[];
  /** Subnets named by ID or expression that the scan cannot see. */
  external: string[];
  groups: GroupNode[];
  securityGroups: SgNode[];
  fsx: { name: string; subnets: string[] }[];
  eks?: string;
  rules: string[];
  mark: Mark;
}

const worst = (findings: Finding[]): Mark =>
  findings.some((f) => f.severity === 'error') ? 'error' : findings.some((f) => f.severity === 'warning') ? 'warning' : undefined;
const ruleIds = (findings: Finding[]): string[] => [...new Set(findings.map((f) => f.ruleId))].sort();

function s3Route(model: Model, subnet: Subnet): S3Route {
  const table = routeTableOf(model, subnet);
  if (table.kind === 'unknown') return 'unknown';
  const endpoint = s3EndpointFor(model, subnet, table);
  if (endpoint.kind === 'endpoint') return 'endpoint';
  if (endpoint.kind === 'maybe') return 'unknown';
  const internet = internetRouteOf(table);
  return internet.kind === 'route' && internet.via === 'nat' ? 'nat' : internet.kind === 'maybe' ? 'unknown' : 'none';
}

/** The pictures of the scanned clusters whose file is reported. `fileLabel` maps a scan path to the one shown. */
export function networkPictures(result: Pick<ScanResult, 'model' | 'findings' | 'demand'>, files?: Set<string>): NetworkPicture[] {
  const { model } = result;
  const byEntity = new Map<string, Finding[]>();
  for (const finding of result.findings) {
    if (!finding.entityKey) continue;
    byEntity.set(finding.entityKey, [...(byEntity.get(finding.entityKey) ?? []), finding]);
  }
  const of = (key: string) => byEntity.get(key) ?? [];
  const capacity = new Map((result.demand.subnets ?? []).map((s) => [s.entityKey, s]));
  const pictures: NetworkPicture[] = [];
  for (const cluster of scannedClusters(model)) {
    if (files && !files.has(cluster.file)) continue;
    pictures.push(pictureOf(model, cluster, of, capacity));
  }
  return pictures;
}

function pictureOf(model: Model, cluster: Cluster, of: (key: string) => Finding[], capacity: Map<string, SubnetCapacity>): NetworkPicture {
  const groups = groupsOf(cluster);
  const subnets = new Map<string, SubnetNode>();
  const external = new Set<string>();
  const placedGroups: GroupNode[] = [];
  const add = (subnet: Subnet, group?: string) => {
    let node = subnets.get(subnet.key);
    if (!node) {
      const plan = capacity.get(subnet.key);
      const findings = of(subnet.key);
      node = {
        name: subnet.name,
        ...(subnet.cidr.known ? { cidr: subnet.cidr.value } : {}),
        ...(subnet.az.known ? { zone: subnet.az.value } : subnet.azId.known ? { zone: subnet.azId.value } : {}),
        ...(plan?.usable !== undefined ? { needed: plan.needed, usable: plan.usable, status: plan.status } : {}),
        s3: s3Route(model, subnet),
        groups: [],
        rules: ruleIds(findings),
        mark: worst(findings),
      };
      subnets.set(subnet.key, node);
    }
    if (group && !node.groups.includes(group)) node.groups.push(group);
  };
  const configs = groups.length
    ? groups.map((g) => ({ config: effectiveVpcConfig(cluster, g)?.config, group: groupLabel(cluster, g) }))
    : [{ config: cluster.vpcConfig, group: undefined }];
  for (const { config, group } of configs) {
    if (!config) continue;
    const list = subnetsOf(model, config);
    if (!list.known) continue;
    for (const use of list.items) {
      if (use.subnet) add(use.subnet, group);
      else external.add(use.ref.kind === 'id' ? use.ref.id : use.ref.kind === 'unknown' ? (use.ref.expr ?? 'unknown subnet') : use.ref.key);
    }
  }
  for (const g of groups) {
    const type = g.instanceTypes.find((t) => t.known);
    placedGroups.push({
      name: groupLabel(cluster, g),
      ...(type?.known ? { type: type.value } : {}),
      ...(g.instanceCount.known ? { count: g.instanceCount.value } : {}),
    });
  }
  const sgs = new Map<string, SgNode>();
  for (const placed of clusterSecurityGroupRefs(cluster)) {
    const sg = model.resolve(placed.ref, 'SecurityGroup') as SecurityGroup | undefined;
    if (!sg || sgs.has(sg.key)) continue;
    const findings = of(sg.key);
    const selfIn = selfAllTrafficRule(model, sg, 'ingress').present;
    const selfOut = selfAllTrafficRule(model, sg, 'egress').present;
    sgs.set(sg.key, {
      name: sg.name,
      ...(selfIn !== undefined ? { selfIn } : {}),
      ...(selfOut !== undefined ? { selfOut } : {}),
      rules: ruleIds(findings),
      mark: worst(findings),
    });
  }
  const firstSubnet = [...subnets.keys()][0];
  const subnetEntity = firstSubnet ? model.ofType('Subnet').find((s) => s.key === firstSubnet) : undefined;
  const vpc = subnetEntity ? model.resolve(subnetEntity.vpc, 'Vpc') : undefined;
  // The file systems the cluster mounts, and those in its subnets.
  const used = new Set((cluster.fsxFileSystems ?? []).flatMap((ref) => model.resolve(ref, 'FsxFileSystem')?.key ?? []));
  const fsx = model.ofType('FsxFileSystem').flatMap((fs) => {
    const inSubnets = fs.subnets.known ? fs.subnets.items.flatMap((r) => model.resolve(r, 'Subnet')?.key ?? []) : [];
    const shown = inSubnets.filter((key) => subnets.has(key));
    if (!used.has(fs.key) && !shown.length) return [];
    return [{ name: fs.name, subnets: shown.map((key) => subnets.get(key)!.name) }];
  });
  const eks = cluster.eksCluster ? model.resolve(cluster.eksCluster, 'EksCluster') : undefined;
  const clusterFindings = of(cluster.key);
  const orchestrator = orchestratorOf(cluster);
  return {
    cluster: clusterLabel(cluster),
    file: cluster.file,
    ...(orchestrator ? { orchestrator } : {}),
    ...(vpc ? { vpc: { name: vpc.name, cidrs: vpc.cidrBlocks.flatMap((c) => (c.known ? [c.value] : [])) } } : {}),
    subnets: [...subnets.values()],
    external: [...external],
    groups: placedGroups,
    securityGroups: [...sgs.values()],
    fsx,
    ...(eks ? { eks: eks.name } : cluster.eksClusterArn?.known ? { eks: cluster.eksClusterArn.value } : {}),
    rules: ruleIds(clusterFindings),
    mark: worst(clusterFindings),
  };
}

// ---------------------------------------------------------------------------------------------
// Mermaid

/**
 * Text for a double-quoted Mermaid label: one line, capped, with the characters that could end the string, start an
 * entity or markup, or close the Markdown fence written as Mermaid entity codes (#quot; #35; ...).
 */
export function mermaidText(text: string, max = 60): string {
  const oneLine = truncate(
    String(text)
      .replace(/[\r\n\t]+/g, ' ')
      .replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, ' '),
    max,
  );
  return oneLine.replace(/[#"<>&`%\\|{}[\]]/g, (c) => `#${c.charCodeAt(0)};`);
}

const fill = (s: SubnetNode): string | undefined => {
  if (s.usable === undefined || s.needed === undefined) return undefined;
  const pct = s.usable > 0 ? Math.round((s.needed / s.usable) * 100) : 100;
  const bar = '█'.repeat(Math.min(10, Math.round(pct / 10))) + '░'.repeat(Math.max(0, 10 - Math.round(pct / 10)));
  return `${bar} ${pct}% (${s.needed} of ${s.usable})`;
};
const S3_TEXT: Record<S3Route, string> = {
  endpoint: 'S3: endpoint ✓',
  nat: 'S3: NAT gateway only',
  none: 'S3: no route ✗',
  unknown: 'S3: not known',
};
const selfText = (value: boolean | undefined): string => (value === undefined ? '?' : value ? '✓' : '✗');
const problems = (rules: string[]): string => (rules.length ? `⚠ ${rules.join(' ')}` : '');
const label = (parts: (string | undefined)[]): string => `"${parts.filter((p): p is string => !!p).join('<br/>')}"`;

/** The flowchart of one cluster (no fence). */
export function mermaidFor(p: NetworkPicture): string {
  const out: string[] = ['flowchart LR'];
  const classes: Record<'error' | 'warning', string[]> = { error: [], warning: [] };
  const mark = (id: string, m: Mark) => m && classes[m].push(id);
  const kind = p.orchestrator === 'eks' ? 'EKS' : p.orchestrator === 'slurm' ? 'Slurm' : '';
  const groupLines = p.groups.map((g) => mermaidText(`${g.name}: ${g.type ?? '?'} × ${g.count ?? '?'}`));
  out.push(
    `  cluster[${label([`Cluster ${mermaidText(p.cluster)}${kind ? ` (${kind})` : ''}`, ...groupLines, mermaidText(problems(p.rules))])}]`,
  );
  mark('cluster', p.mark);
  const vpcTitle = p.vpc
    ? `VPC ${mermaidText(p.vpc.name)}${p.vpc.cidrs.length ? ` · ${p.vpc.cidrs.map((c) => mermaidText(c, 20)).join(', ')}` : ''}`
    : 'VPC not known';
  out.push(`  subgraph vpc[${label([vpcTitle])}]`);
  const zones = new Map<string, SubnetNode[]>();
  for (const s of p.subnets) zones.set(s.zone ?? '', [...(zones.get(s.zone ?? '') ?? []), s]);
  const subnetId = new Map<string, string>();
  p.subnets.forEach((s, i) => subnetId.set(s.name, `s${i}`));
  [...zones.entries()].forEach(([zone, list], z) => {
    out.push(`    subgraph az${z}[${label([zone ? `AZ ${mermaidText(zone, 30)}` : 'AZ not known'])}]`);
    for (const s of list) {
      const id = subnetId.get(s.name)!;
      out.push(
        `      ${id}[${label([
          `${mermaidText(s.name)}${s.cidr ? ` · ${mermaidText(s.cidr, 20)}` : ''}`,
          fill(s),
          S3_TEXT[s.s3],
          s.groups.length ? `groups: ${mermaidText(s.groups.join(', '), 80)}` : undefined,
          mermaidText(problems(s.rules)),
        ])}]`,
      );
      mark(
        id,
        s.mark ??
          (s.s3 === 'none' || s.status === 'too-small' ? 'error' : s.status === 'no-headroom' || s.s3 === 'nat' ? 'warning' : undefined),
      );
    }
    out.push('    end');
  });
  p.fsx.forEach((f, i) => out.push(`    fsx${i}[(${label([`FSx ${mermaidText(f.name)}`])})]`));
  if (p.eks) out.push(`    eks[${label([`EKS ${mermaidText(p.eks)}`])}]`);
  out.push('  end');
  p.securityGroups.forEach((sg, i) => {
    out.push(
      `  sg${i}{{${label([`SG ${mermaidText(sg.name)}`, `self in ${selfText(sg.selfIn)} · self out ${selfText(sg.selfOut)}`, mermaidText(problems(sg.rules))])}}}`,
    );
    mark(`sg${i}`, sg.mark ?? (sg.selfIn === false || sg.selfOut === false ? 'error' : undefined));
  });
  if (p.external.length) out.push(`  ext[${label([`Subnets outside the scan: ${mermaidText(p.external.join(', '), 120)}`])}]`);
  out.push('  cluster --> vpc');
  p.securityGroups.forEach((_, i) => out.push(`  cluster -.- sg${i}`));
  if (p.external.length) out.push('  cluster -.-> ext');
  if (p.eks) out.push('  cluster --> eks');
  p.fsx.forEach((f, i) => {
    for (const name of f.subnets) out.push(`  fsx${i} --- ${subnetId.get(name)}`);
  });
  out.push('  classDef error fill:#fde2e1,stroke:#cf222e,stroke-width:2px');
  out.push('  classDef warning fill:#fff1d6,stroke:#bf8700,stroke-width:2px');
  for (const m of ['error', 'warning'] as const) if (classes[m].length) out.push(`  class ${classes[m].join(',')} ${m}`);
  return out.join('\n');
}

const nodeCount = (p: NetworkPicture): number => 2 + p.subnets.length + p.securityGroups.length + p.fsx.length + (p.eks ? 1 : 0);

/** The picture as a table (past the size limit). */
function tableFor(p: NetworkPicture): string {
  const rows = p.subnets.map(
    (s) =>
      `| ${codeSpan(s.name, 80)} | ${escapeMarkdown(s.zone ?? '?', 30)} | ${s.cidr ? codeSpan(s.cidr, 20) : '?'} | ${fill(s) ?? '?'} | ${S3_TEXT[s.s3]} | ${escapeMarkdown(s.groups.join(', '), 120)} | ${s.rules.join(' ')} |`,
  );
  const sgs = p.securityGroups
    .map((sg) => `${codeSpan(sg.name, 80)} (self in ${selfText(sg.selfIn)}, self out ${selfText(sg.selfOut)})`)
    .join(', ');
  return (
    `| Subnet | AZ | CIDR | Fill | Route to S3 | Groups | Problems |\n|---|---|---|---|---|---|---|\n${rows.join('\n')}\n` +
    (sgs ? `\nSecurity groups: ${sgs}.\n` : '')
  );
}

/** Markdown chunks: a heading, then one chunk per cluster (a whole diagram or table, so a bounded writer never cuts one). */
export function networkMarkdown(pictures: NetworkPicture[], heading = '####', fileLabel: (file: string) => string = (f) => f): string[] {
  if (!pictures.length) return [];
  const chunks = [`\n${heading} Network\n`];
  for (const p of pictures) {
    const title = `\n**Cluster ${codeSpan(p.cluster, 120)}** (${codeSpan(fileLabel(p.file))})`;
    if (p.subnets.length > MAX_DIAGRAM_SUBNETS || nodeCount(p) > MAX_DIAGRAM_NODES) {
      chunks.push(`${title}: ${p.subnets.length} subnets, too many to draw.\n\n${tableFor(p)}`);
    } else {
      chunks.push(`${title}\n\n\`\`\`mermaid\n${mermaidFor(p)}\n\`\`\`\n`);
    }
  }
  return chunks;
}
