/**
 * Cheap content detection: which parser a file needs, from its first bytes and top-level keys.
 * Never parses the whole file (a 200 MB plan is recognised from its head).
 */
import type { InputKind } from '../model/types.js';

/** How much of a file the detector reads. */
const JSON_SCAN_CHARS = 1024 * 1024;
const YAML_SCAN_CHARS = 256 * 1024;

/** CreateCluster/UpdateCluster members that mark a request body (hyperpod-reference.md §2 [BOTO]). */
const REQUEST_KEYS = ['InstanceGroups', 'RestrictedInstanceGroups', 'VpcConfig', 'Orchestrator', 'InstanceGroupsToDelete'];
const PLAN_KEYS = ['planned_values', 'resource_changes', 'configuration'];
/** Keys of other well-known YAML/JSON files that must never be taken for our inputs. */
const FOREIGN_KEYS = ['apiVersion', 'kind', 'jobs'];

interface HeadInfo {
  /** Keys of the root mapping, in order seen. */
  topKeys: Set<string>;
  /** `Type` values of resources under a top-level `Resources` mapping. */
  resourceTypes: string[];
  /** True when the root is a sequence. */
  rootIsList: boolean;
  /** Keys of the first item of a root sequence. */
  firstItemKeys: Set<string>;
  /** Keys of the first item of a top-level `InstanceGroups` list. */
  groupKeys: Set<string>;
  /** True when the scan stopped before the end of the text. */
  truncated: boolean;
}

export function detectKind(file: string, text: string): InputKind | undefined {
  void file; // detection is by content; the name is not trusted
  const start = firstContentIndex(text);
  if (start === -1) return undefined;
  const first = text[start];
  const head = first === '{' || first === '[' ? scanJson(text, start) : scanYaml(text);
  if (!head) return undefined;
  return decide(head, text);
}

function decide(head: HeadInfo, text: string): InputKind | undefined {
  const keys = head.topKeys;
  if (FOREIGN_KEYS.some((k) => keys.has(k))) return undefined;
  if (keys.has('format_version')) {
    if (PLAN_KEYS.some((k) => keys.has(k))) return 'terraform-plan';
    // Huge `variables` before `planned_values`: look further without parsing.
    if (head.truncated && keys.has('terraform_version') && PLAN_KEYS.some((k) => text.includes(`"${k}"`))) {
      return 'terraform-plan';
    }
    return undefined;
  }
  if (keys.has('AWSTemplateFormatVersion')) return 'cloudformation';
  if (keys.has('Resources') && head.resourceTypes.some((t) => /^(AWS|Custom)::/.test(t))) return 'cloudformation';
  if (head.rootIsList) return head.firstItemKeys.has('InstanceGroupName') ? 'cluster-spec' : undefined;
  const requestKeys = REQUEST_KEYS.filter((k) => keys.has(k));
  if (keys.has('ClusterName') && requestKeys.length > 0) return 'cluster-spec';
  if (requestKeys.length >= 2) return 'cluster-spec';
  if (keys.has('InstanceGroups') && head.groupKeys.has('InstanceGroupName')) return 'cluster-spec';
  if (keys.size === 2 && keys.has('Subnets') && keys.has('SecurityGroupIds')) return 'cluster-spec';
  return undefined;
}

/** Index of the first character that is not whitespace, a BOM, a YAML comment or directive. */
function firstContentIndex(text: string): number {
  let i = 0;
  const limit = Math.min(text.length, YAML_SCAN_CHARS);
  while (i < limit) {
    const c = text[i]!;
    if (c === '\uFEFF' || c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
      continue;
    }
    if (c === '#' || (c === '%' && (i === 0 || text[i - 1] === '\n'))) {
      const end = text.indexOf('\n', i);
      if (end === -1) return -1;
      i = end + 1;
      continue;
    }
    return i;
  }
  return -1;
}

interface Frame {
  type: '{' | '[';
  expectKey: boolean;
  lastKey?: string;
  index: number;
}

/** Tokenises the head of a JSON text, recording keys at the depths that matter. */
function scanJson(text: string, start: number): HeadInfo {
  const info: HeadInfo = {
    topKeys: new Set(),
    resourceTypes: [],
    rootIsList: text[start] === '[',
    firstItemKeys: new Set(),
    groupKeys: new Set(),
    truncated: false,
  };
  const stack: Frame[] = [];
  const limit = Math.min(text.length, start + JSON_SCAN_CHARS);
  let i = start;
  while (i < limit) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      let value = '';
      let chunk = j;
      while (j < limit && text[j] !== '"') {
        if (text[j] === '\\') {
          value += text.slice(chunk, j);
          value += text[j + 1] ?? '';
          j += 2;
          chunk = j;
        } else j++;
      }
      value += text.slice(chunk, j);
      i = j + 1;
      const top = stack[stack.length - 1];
      const depth = stack.length;
      if (top?.type === '{' && top.expectKey) {
        top.lastKey = value;
        top.expectKey = false;
        if (depth === 1) info.topKeys.add(value);
        if (depth === 2 && stack[0]!.type === '[' && stack[0]!.index === 0) info.firstItemKeys.add(value);
        if (depth === 3 && stack[0]!.lastKey === 'InstanceGroups' && stack[1]!.type === '[' && stack[1]!.index === 0) {
          info.groupKeys.add(value);
        }
      } else if (depth === 3 && top?.type === '{' && top.lastKey === 'Type' && stack[0]!.lastKey === 'Resources') {
        info.resourceTypes.push(value);
      }
      continue;
    }
    if (c === '{' || c === '[') stack.push({ type: c, expectKey: c === '{', index: 0 });
    else if (c === '}' || c === ']') {
      stack.pop();
      if (stack.length === 0) break;
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.type === '{') top.expectKey = true;
      else if (top) top.index++;
    }
    i++;
  }
  info.truncated = i >= limit && limit < text.length;
  return info;
}

const TOP_KEY = /^(["']?)([A-Za-z0-9_.:-]+)\1[ \t]*:(?:[ \t]|$)/;
const INDENTED_KEY = /^([ \t]*)(?:-[ \t]+)?(["']?)([A-Za-z0-9_.:-]+)\2[ \t]*:(?:[ \t]|$)/;
const RESOURCE_TYPE = /(?:^[ \t]+|[{,][ \t]*)["']?Type["']?[ \t]*:[ \t]*["']?((?:AWS|Custom)::[A-Za-z0-9:_-]+)/;

/** Reads top-level keys (column 0) of the first YAML document. */
function scanYaml(text: string): HeadInfo | undefined {
  const head = text.length > YAML_SCAN_CHARS ? text.slice(0, text.lastIndexOf('\n', YAML_SCAN_CHARS) + 1 || YAML_SCAN_CHARS) : text;
  const info: HeadInfo = {
    topKeys: new Set(),
    resourceTypes: [],
    rootIsList: false,
    firstItemKeys: new Set(),
    groupKeys: new Set(),
    truncated: head.length < text.length,
  };
  let seenContent = false;
  let currentTop: string | undefined;
  let firstItemIndent = -1;
  let itemCount = 0;
  let groupItemCount = 0;
  let groupIndent = -1;
  for (const rawLine of head.split('\n')) {
    let line = rawLine.charCodeAt(rawLine.length - 1) === 0x0d ? rawLine.slice(0, -1) : rawLine;
    if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (/^(---|\.\.\.)(\s|$)/.test(line)) {
      // A document marker: the next document is not read; content after `---` belongs to this one.
      if (seenContent || line.startsWith('...')) break;
      line = line.slice(3).trimStart();
    }
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || (!seenContent && trimmed.startsWith('%'))) continue;
    if (!seenContent) {
      seenContent = true;
      info.rootIsList = line.startsWith('-');
      if (/^[{[]/.test(trimmed)) return undefined;
    }
    if (info.rootIsList) {
      if (line.startsWith('-')) {
        itemCount++;
        if (itemCount > 1) break;
      }
      const match = INDENTED_KEY.exec(line);
      if (match) {
        const indent = keyColumn(line);
        if (firstItemIndent === -1) firstItemIndent = indent;
        if (indent === firstItemIndent) info.firstItemKeys.add(match[3]!);
      }
      continue;
    }
    // A top-level key starts in column 0 (the pattern would fail on a space or tab anyway).
    const first = line.charCodeAt(0);
    const top = first === 0x20 || first === 0x09 ? null : TOP_KEY.exec(line);
    if (top) {
      currentTop = top[2]!;
      info.topKeys.add(currentTop);
      continue;
    }
    if (currentTop === 'Resources') {
      const type = line.includes('Type') ? RESOURCE_TYPE.exec(line) : null;
      if (type) info.resourceTypes.push(type[1]!);
    } else if (currentTop === 'InstanceGroups' && groupItemCount <= 1) {
      if (/^[ \t]*-/.test(line)) groupItemCount++;
      const match = INDENTED_KEY.exec(line);
      if (match && groupItemCount === 1) {
        const indent = keyColumn(line);
        if (groupIndent === -1) groupIndent = indent;
        if (indent === groupIndent) info.groupKeys.add(match[3]!);
      }
    }
  }
  return info;
}

/** Column of a key on a line, after indentation and a sequence dash. */
function keyColumn(line: string): number {
  return line.length - line.replace(/^[ \t]*(-[ \t]+)?/, '').length;
}
