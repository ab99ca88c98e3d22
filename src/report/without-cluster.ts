// The one summary line for security groups checked without their cluster (src/engine/without-cluster.ts, docs/cross-file.md).

/** The summary line: "Checked without their cluster (…): security-group.yaml (NodeSecurityGroup)". */
export function withoutClusterLine(list: { file: string; resource: string }[]): string | undefined {
  if (list.length === 0) return undefined;
  const byFile = new Map<string, string[]>();
  for (const item of list) byFile.set(item.file, [...(byFile.get(item.file) ?? []), item.resource]);
  const parts = [...byFile].map(([file, names]) => `${file} (${names.join(', ')})`);
  return `Checked without their cluster (no scanned cluster uses these security groups): ${parts.join(', ')}`;
}
