// The one summary line for security groups checked without their cluster (src/engine/without-cluster.ts, docs/cross-file.md).

export const WITHOUT_CLUSTER_LEAD = 'Checked without their cluster (no scanned cluster uses these security groups)';

/** The groups by template, in order: [file, group names]. */
export function withoutClusterByFile(list: { file: string; resource: string }[]): [string, string[]][] {
  const byFile = new Map<string, string[]>();
  for (const item of list) byFile.set(item.file, [...(byFile.get(item.file) ?? []), item.resource]);
  return [...byFile];
}

/** The summary line: "Checked without their cluster (…): security-group.yaml (NodeSecurityGroup)"; undefined when none was. */
export function withoutClusterLine(
  list: { file: string; resource: string }[],
  quote: (text: string) => string = (text) => text,
): string | undefined {
  if (list.length === 0) return undefined;
  const parts = withoutClusterByFile(list).map(([file, names]) => `${quote(file)} (${names.map(quote).join(', ')})`);
  return `${WITHOUT_CLUSTER_LEAD}: ${parts.join(', ')}`;
}
