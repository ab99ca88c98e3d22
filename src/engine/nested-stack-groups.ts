/**
 * One "not verified" line per nested stack whose template is not scanned (issue 17 item 6): the
 * stack's own note, and every item whose reason is a value read from it (`Stack.Outputs.X is known
 * only after deployment`, "the cluster is defined in nested stack Stack"), become one entry on the
 * stack's line. The merged items stay in `details` for the JSON report.
 */
import type { ParsedFile, Unverified } from '../model/types.js';

export interface UnscannedStack {
  file: string;
  id: string;
  line: number;
  /** Where its template is, as the parent says (`*` for parts not known statically). */
  location?: string;
}

/** Nested stacks of the scanned templates that are not linked to a scanned template. */
export function unscannedStacks(parsed: ParsedFile[], linked: Map<string, string>): UnscannedStack[] {
  const stacks: UnscannedStack[] = [];
  for (const p of parsed)
    for (const s of p.cfn?.stacks ?? [])
      if (!linked.has(`${p.file}#${s.id}`)) stacks.push({ file: p.file, id: s.id, line: s.loc.line, location: s.location });
  return stacks;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether an item is caused by the stack: its own note, or a value read from its outputs or its cluster. */
function dependsOn(item: Unverified, stack: UnscannedStack, pattern: RegExp): boolean {
  if (item.file !== stack.file) return false;
  if (item.resource === stack.id && !item.ruleId) return true;
  return pattern.test(item.reason);
}

/** Replaces the items that depend on an unscanned nested stack by one entry per stack. */
export function groupByNestedStack(items: Unverified[], stacks: UnscannedStack[]): Unverified[] {
  if (!stacks.length) return items;
  const groups = new Map<UnscannedStack, Unverified[]>();
  const owner = new Map<Unverified, UnscannedStack>();
  const patterns = stacks.map(
    (s) => [s, new RegExp(`(^|[^\\w.])${escapeRegExp(s.id)}\\.Outputs\\.|nested stack ${escapeRegExp(s.id)}( |$)`)] as const,
  );
  for (const item of items) {
    const match = patterns.find(([stack, pattern]) => dependsOn(item, stack, pattern));
    if (!match) continue;
    owner.set(item, match[0]);
    const list = groups.get(match[0]) ?? [];
    list.push(item);
    groups.set(match[0], list);
  }
  if (!owner.size) return items;
  const result: Unverified[] = [];
  const emitted = new Set<UnscannedStack>();
  for (const item of items) {
    const stack = owner.get(item);
    if (!stack) {
      result.push(item);
      continue;
    }
    if (emitted.has(stack)) continue;
    emitted.add(stack);
    result.push(groupEntry(stack, groups.get(stack)!));
  }
  return result;
}

function groupEntry(stack: UnscannedStack, details: Unverified[]): Unverified {
  const where = stack.location ? ` (TemplateURL ${stack.location})` : '';
  const dependent = details.filter((d) => d.ruleId || d.resource !== stack.id);
  const rules = [...new Set(dependent.map((d) => d.ruleId).filter((id): id is string => !!id))].sort();
  const lines = [...new Set(dependent.map((d) => d.line).filter((l): l is number => l !== undefined))].sort((a, b) => a - b);
  const at = lines.length ? ` at line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}` : '';
  const what = !dependent.length
    ? ''
    : rules.length
      ? `; values read from it leave ${rules.join(', ')} unchecked${at}`
      : `; values read from it are unknown${at}`;
  const cluster = details.some((d) => /the cluster is defined in nested stack/.test(d.reason)) ? ' defines a cluster and' : '';
  return {
    file: stack.file,
    line: stack.line,
    resource: stack.id,
    reason: `nested stack ${stack.id}${where}${cluster} is not scanned, so its resources are not checked${what}; scan that template too`,
    details,
  };
}
