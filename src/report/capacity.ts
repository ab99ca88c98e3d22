// The capacity planner: per cluster and subnet, what each instance group needs (HP030's formula) and what fits.
// Rendered as Markdown (summary comment, job summary, --format markdown) and as plain text (text report).
import type { GroupCapacity, SubnetCapacity } from '../rules/types.js';
import { codeSpan, escapeMarkdown } from '../action/markdown.js';

const STATUS_MARK: Record<SubnetCapacity['status'], string> = {
  fits: '✅ fits',
  'no-headroom': '🟠 no headroom',
  'too-small': '🔴 too small',
  unknown: '❔ not known',
};

const STATUS_TEXT: Record<SubnetCapacity['status'], string> = {
  fits: 'fits',
  'no-headroom': 'no headroom',
  'too-small': 'TOO SMALL',
  unknown: 'not known',
};

/** Subnets by cluster and file, in first-seen order (a subnet shared by clusters is listed under each). */
function byCluster(subnets: SubnetCapacity[]): { cluster: string; file: string; subnets: SubnetCapacity[] }[] {
  const result = new Map<string, { cluster: string; file: string; subnets: SubnetCapacity[] }>();
  for (const subnet of subnets) {
    for (const cluster of subnet.clusters) {
      const key = JSON.stringify([cluster, subnet.file]);
      const entry = result.get(key) ?? { cluster, file: subnet.file, subnets: [] };
      entry.subnets.push(subnet);
      result.set(key, entry);
    }
  }
  return [...result.values()];
}

const percent = (headroom: number): string => `${Math.round(headroom * 100)}%`;
/** Addresses left once every group has grown by the headroom (negative: short). */
const spare = (subnet: SubnetCapacity): number | undefined => (subnet.usable === undefined ? undefined : subnet.usable - subnet.grown);
const usableLabel = (subnet: SubnetCapacity): string =>
  subnet.usable === undefined ? '?' : subnet.usableSource === 'account' ? `${subnet.usable} free (account)` : String(subnet.usable);
const groupName = (cluster: string, group: GroupCapacity): string =>
  group.cluster === cluster ? group.group : `${group.cluster}/${group.group}`;
const typeLabel = (group: GroupCapacity): string =>
  group.instanceType === undefined
    ? '?'
    : group.typeCount && group.typeCount > 1
      ? `${group.instanceType} (lowest of ${group.typeCount})`
      : group.instanceType;
const orchestratorLabel = (group: GroupCapacity): string =>
  group.orchestrator === 'eks' ? 'EKS' : group.orchestrator === 'slurm' ? 'Slurm' : '';

export const CAPACITY_TABLE_HEAD =
  '| Subnet | Group | Instance type | Count | Addresses per instance | Needed | Usable | Headroom | Largest count that fits |\n' +
  '|---|---|---|--:|--:|--:|--:|--:|--:|';

/**
 * The planner as Markdown chunks: a heading, then per cluster a table head and one chunk per subnet
 * (its group rows and a total row), so a size-bounded writer can stop between chunks.
 */
export function capacityMarkdown(subnets: SubnetCapacity[], heading = '####'): string[] {
  if (!subnets.length) return [];
  const headroom = subnets[0]!.headroom;
  const chunks = [
    `\n${heading} Capacity planner\n\nIPv4 addresses per subnet: each group's count × addresses per instance (Slurm: one per network card; ` +
      `EKS: addresses per interface on the primary card plus one per other card). Headroom is what stays free once every group grows by ` +
      `${percent(headroom)}.\n`,
  ];
  for (const { cluster, file, subnets: list } of byCluster(subnets)) {
    chunks.push(`\n**Cluster ${codeSpan(cluster, 120)}** (${codeSpan(file)})\n\n${CAPACITY_TABLE_HEAD}\n`);
    for (const subnet of list) {
      const where = [subnet.cidr ? codeSpan(subnet.cidr, 50) : '', subnet.az ? escapeMarkdown(subnet.az, 40) : '']
        .filter(Boolean)
        .join(' · ');
      const subnetCell = `${codeSpan(subnet.subnet, 80)}${where ? `<br>${where}` : ''}`;
      const rows = subnet.groups.map((group) => {
        const name = codeSpan(groupName(cluster, group), 80);
        if (group.unknown !== undefined) return `| ${subnetCell} | ${name} | ? | ? | ? | ? | | | ${escapeMarkdown(group.unknown, 200)} |`;
        const type = `${escapeMarkdown(typeLabel(group), 60)} ${orchestratorLabel(group)}`.trim();
        const fit = group.largestFit === undefined ? '?' : String(group.largestFit);
        const per = `${group.perInstance}${group.assumption ? '¹' : ''}`;
        return `| ${subnetCell} | ${name} | ${type} | ${group.count} | ${per} | ${group.needed} | | | ${fit} |`;
      });
      const left = spare(subnet);
      const headroomCell = left === undefined ? '?' : `${left} (${STATUS_MARK[subnet.status]})`;
      const total =
        `| ${subnetCell} | **all groups** | | | | **${subnet.needed}**<br>${subnet.grown} at +${percent(subnet.headroom)} | ${usableLabel(subnet)} | ${headroomCell} |` +
        (subnet.suggestedCidr
          ? ` use ${codeSpan(subnet.suggestedCidr, 50)} |`
          : subnet.usableReason
            ? ` ${escapeMarkdown(subnet.usableReason, 200)} |`
            : ' |');
      chunks.push(`${[...rows, total].join('\n')}\n`);
    }
  }
  if (subnets.some((s) => s.groups.some((g) => g.assumption))) {
    chunks.push(`\n¹ ${escapeMarkdown(subnets.flatMap((s) => s.groups).find((g) => g.assumption)!.assumption!, 300)}.\n`);
  }
  return chunks;
}

/** The planner as plain-text lines for the terminal (values are cleaned by the caller). */
export function capacityText(subnets: SubnetCapacity[]): string[][] {
  const tables: string[][] = [];
  for (const { cluster, file, subnets: list } of byCluster(subnets)) {
    const rows: string[][] = [['subnet', 'group', 'type', 'count', 'per inst.', 'needed', 'usable', 'headroom', 'fits']];
    for (const subnet of list) {
      const label = `${subnet.subnet}${subnet.cidr ? ` ${subnet.cidr}` : ''}`;
      for (const group of subnet.groups) {
        if (group.unknown !== undefined) rows.push([label, groupName(cluster, group), '?', '?', '?', '?', '', '', group.unknown]);
        else
          rows.push([
            label,
            groupName(cluster, group),
            `${typeLabel(group)} ${orchestratorLabel(group)}`.trim(),
            String(group.count),
            String(group.perInstance),
            String(group.needed),
            '',
            '',
            group.largestFit === undefined ? '?' : String(group.largestFit),
          ]);
      }
      const left = spare(subnet);
      rows.push([
        label,
        'all groups',
        '',
        '',
        '',
        `${subnet.needed} (+${percent(subnet.headroom)}: ${subnet.grown})`,
        usableLabel(subnet),
        left === undefined ? '?' : `${left} ${STATUS_TEXT[subnet.status]}`,
        subnet.suggestedCidr ? `use ${subnet.suggestedCidr}` : '',
      ]);
    }
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    tables.push([
      `Capacity of cluster ${cluster} (${file}):`,
      ...rows.map(
        (r) =>
          '  ' +
          r
            .map((cell, i) => cell.padEnd(widths[i]!))
            .join('  ')
            .trimEnd(),
      ),
    ]);
  }
  return tables;
}
