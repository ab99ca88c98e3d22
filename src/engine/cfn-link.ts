/**
 * Cross-file linking of CloudFormation templates (docs/cross-file.md).
 *
 * What can be linked statically is linked, then every template that receives something is evaluated
 * again with it, until nothing changes:
 * - a nested stack (`AWS::CloudFormation::Stack`) whose `TemplateURL` names a scanned file (a relative
 *   path, or a URL whose key ends with the file's path) gets the parameters its parent passes, and
 *   the parent reads the child's outputs (`!GetAtt Child.Outputs.X`);
 * - `Fn::ImportValue` reads the output whose `Export` name matches (an export name with an unknown
 *   `${AWS::StackName}` matches any stack name);
 * - a parameter file (`[{"ParameterKey", "ParameterValue"}]`, `{"Parameters": {...}}`, or `Key=Value`
 *   lines) gives the parameters of the template it names.
 * Standalone security-group rules whose group lives in another template are then attached to it.
 */
import path from 'node:path';
import type { LinkedValue, ParsedFile, StackInputs, TemplateLinks, Unverified } from '../model/types.js';
import { globMatches } from '../util/glob.js';
import { emptyRecord } from '../util/records.js';

/** A CloudFormation parameter file, as read by parseParameterFile. */
export interface ParameterFile {
  file: string;
  /** Parameter name → value, as the file gives it. */
  values: Record<string, string>;
  /** Parameter name → line of its value. */
  lines: Record<string, number>;
  /** A template the file names itself (`# template: path` in a Key=Value file). */
  template?: string;
}

export interface LinkResult {
  unverified: Unverified[];
  /** One line per link kind, for the run's notices. */
  notices: string[];
  /** Nested stacks linked to a scanned template: `parent#StackId` → child file. */
  stacks: Map<string, string>;
  /** Parameter file → template it was applied to. */
  parameterFiles: Map<string, string>;
}

/** Evaluates a template again with the inputs; undefined when it cannot be read again. */
export type Reparse = (file: string, inputs: StackInputs) => Promise<ParsedFile | undefined>;

/** Rounds of re-evaluation: enough for a chain parent → child → grandchild plus exports between siblings. */
const MAX_ROUNDS = 8;

const hasScheme = (location: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(location);

/** Path segments of a URL's key (bucket host or `s3://bucket/` removed, query dropped). */
function keySegments(location: string): string[] {
  let rest = location.replace(/[?#].*$/, '');
  if (hasScheme(rest)) rest = rest.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*\/?/i, '');
  return rest.split('/').filter((s) => s !== '' && s !== '.');
}

/**
 * The scanned template a nested stack's location names: a relative path from the parent's folder,
 * else the file sharing the most trailing path segments with the URL key (the file name at least,
 * literally), when exactly one does.
 */
export function resolveTemplateLocation(parentFile: string, location: string, files: Set<string>): string | undefined {
  if (!hasScheme(location) && !location.includes('*')) {
    const joined = path.posix.normalize(path.posix.join(path.posix.dirname(parentFile), location));
    if (files.has(joined)) return joined;
  }
  const key = keySegments(location);
  const last = key[key.length - 1];
  if (!last || last.includes('*')) return undefined;
  let best: string | undefined;
  let bestScore = 0;
  let tie = false;
  for (const file of files) {
    const segments = file.split('/');
    let score = 0;
    while (score < key.length && score < segments.length) {
      const a = key[key.length - 1 - score]!;
      const b = segments[segments.length - 1 - score]!;
      if (!(a === b || (a.includes('*') && globMatches(a, b)))) break;
      score++;
    }
    if (score === 0) continue;
    if (score > bestScore) {
      best = file;
      bestScore = score;
      tie = false;
    } else if (score === bestScore) tie = true;
  }
  return tie ? undefined : best;
}

const PARAMETER_SUFFIX = /[._-](params|parameters|parameter|param|values|config|cfg|overrides)$/i;

const stemOf = (file: string): string => path.posix.basename(file).replace(/\.[^.]+$/, '');

/** The template a parameter file is for: named in the file, else by file name, else by its parameter names. */
export function matchParameterFile(pf: ParameterFile, templates: ParsedFile[]): string | undefined {
  const byFile = new Map(templates.map((t) => [t.file, t]));
  if (pf.template) {
    const named = path.posix.normalize(path.posix.join(path.posix.dirname(pf.file), pf.template));
    return byFile.has(named) ? named : undefined;
  }
  const dir = path.posix.dirname(pf.file);
  // A parameters/ or params/ folder sits beside the templates.
  const dirs = new Set([dir, path.posix.dirname(dir)]);
  const near = templates.filter((t) => dirs.has(path.posix.dirname(t.file)));
  let stem = stemOf(pf.file);
  while (PARAMETER_SUFFIX.test(stem)) stem = stem.replace(PARAMETER_SUFFIX, '');
  const byName = near.filter((t) => stemOf(t.file) === stem);
  if (byName.length === 1) return byName[0]!.file;
  const keys = Object.keys(pf.values);
  if (keys.length === 0) return undefined;
  const byKeys = (byName.length > 1 ? byName : near).filter((t) => t.cfn && keys.every((k) => Object.hasOwn(t.cfn!.parameters, k)));
  return byKeys.length === 1 ? byKeys[0]!.file : undefined;
}

interface ExportEntry {
  pattern: string;
  file: string;
  value: LinkedValue;
}

/** The one export an import name matches: an exact name first, else a single pattern (`*-VpcId`). */
function findExport(name: string, exports: ExportEntry[], importer: string): ExportEntry | 'ambiguous' | undefined {
  const others = exports.filter((e) => e.file !== importer);
  const exact = others.filter((e) => e.pattern === name);
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) return 'ambiguous';
  const matching = others.filter((e) => e.pattern.includes('*') && globMatches(e.pattern, name));
  if (matching.length === 1) return matching[0];
  return matching.length > 1 ? 'ambiguous' : undefined;
}

export async function linkTemplates(parsed: ParsedFile[], parameterFiles: ParameterFile[], reparse: Reparse): Promise<LinkResult> {
  const result: LinkResult = { unverified: [], notices: [], stacks: new Map(), parameterFiles: new Map() };
  const index = new Map<string, number>();
  parsed.forEach((p, i) => {
    if (p.kind === 'cloudformation' && p.cfn) index.set(p.file, i);
  });
  if (index.size === 0) return result;
  const current = (file: string): TemplateLinks => parsed[index.get(file)!]!.cfn!;
  const files = new Set(index.keys());
  const templates = [...index.values()].map((i) => parsed[i]!);

  // Nested stacks: the first stack that names a template gives its parameters.
  const parentOf = new Map<string, { parent: string; stack: string; line: number }>();
  const childOf = new Map<string, string>();
  for (const parent of [...files].sort()) {
    for (const stack of current(parent).stacks) {
      if (stack.location === undefined) continue;
      const child = resolveTemplateLocation(parent, stack.location, files);
      if (!child || child === parent) continue;
      childOf.set(`${parent}#${stack.id}`, child);
      result.stacks.set(`${parent}#${stack.id}`, child);
      const first = parentOf.get(child);
      if (!first) parentOf.set(child, { parent, stack: stack.id, line: stack.loc.line });
      else {
        result.unverified.push({
          file: parent,
          line: stack.loc.line,
          resource: stack.id,
          reason:
            `nested stack ${stack.id} uses ${child}, which ${first.parent}:${first.line} (${first.stack}) also uses; ` +
            `${child} is checked with the parameters of ${first.stack} only`,
        });
      }
    }
  }
  // Parameter files.
  const paramsOf = new Map<string, ParameterFile[]>();
  for (const pf of parameterFiles) {
    const template = matchParameterFile(pf, templates);
    if (!template) {
      result.unverified.push({
        file: pf.file,
        line: 1,
        reason:
          'CloudFormation parameter file: no scanned template matches it (same name, or a template declaring all its parameters); not applied',
      });
      continue;
    }
    result.parameterFiles.set(pf.file, template);
    paramsOf.set(template, [...(paramsOf.get(template) ?? []), pf]);
  }

  let exports: ExportEntry[] = [];
  const collectExports = (): void => {
    exports = [];
    for (const other of files) {
      for (const output of current(other).outputs) {
        if (output.exportName !== undefined) exports.push({ pattern: output.exportName, file: other, value: output.value });
      }
    }
  };
  const inputsFor = (file: string, ambiguous: Set<string>): StackInputs => {
    const links = current(file);
    const inputs: StackInputs = {};
    const parameters: Record<string, LinkedValue> = emptyRecord();
    const sources: Record<string, string> = emptyRecord();
    for (const pf of paramsOf.get(file) ?? []) {
      for (const [name, value] of Object.entries(pf.values)) {
        parameters[name] = value;
        sources[name] = `${pf.file}:${pf.lines[name] ?? 1}`;
      }
    }
    const parent = parentOf.get(file);
    if (parent) {
      const stack = current(parent.parent).stacks.find((s) => s.id === parent.stack);
      for (const [name, value] of Object.entries(stack?.parameters ?? {})) {
        parameters[name] = value;
        sources[name] = `given by ${parent.parent}:${parent.line}`;
      }
    }
    if (Object.keys(parameters).length) {
      inputs.parameters = parameters;
      inputs.parameterSources = sources;
    }
    const linked = links.stacks.filter((s) => childOf.has(`${file}#${s.id}`));
    if (linked.length) {
      inputs.linkedStacks = linked.map((s) => s.id);
      const outputs: Record<string, LinkedValue> = emptyRecord();
      for (const stack of linked) {
        for (const output of current(childOf.get(`${file}#${stack.id}`)!).outputs) outputs[`${stack.id}.${output.name}`] = output.value;
      }
      inputs.stackOutputs = outputs;
    }
    if (links.imports.length) {
      const imports: Record<string, LinkedValue> = emptyRecord();
      for (const name of links.imports) {
        const found = findExport(name, exports, file);
        if (found === 'ambiguous') ambiguous.add(`${file}\n${name}`);
        else if (found) imports[name] = found.value;
      }
      if (Object.keys(imports).length) inputs.imports = imports;
    }
    return inputs;
  };

  const used = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = false;
    collectExports();
    for (const file of [...files].sort()) {
      const inputs = inputsFor(file, ambiguous);
      const key = JSON.stringify(inputs);
      if ((used.get(file) ?? '{}') === key) continue;
      used.set(file, key);
      const again = await reparse(file, inputs);
      if (!again?.cfn) continue;
      parsed[index.get(file)!] = again;
      changed = true;
    }
    if (!changed) break;
  }
  for (const entry of ambiguous) {
    const [file, name] = entry.split('\n') as [string, string];
    result.unverified.push({ file, reason: `Fn::ImportValue ${name}: several scanned templates export a matching name; not linked` });
  }

  // Rules added from one template to a security group of another.
  const groups = new Map<string, ParsedFile['entities'][number]>();
  for (const p of parsed) for (const entity of p.entities) if (entity.type === 'SecurityGroup') groups.set(entity.key, entity);
  for (const file of files) {
    for (const { groupKey, rule } of current(file).externalRules) {
      const group = groups.get(groupKey);
      if (group?.type === 'SecurityGroup') (rule.direction === 'ingress' ? group.ingress : group.egress).push(rule);
      else {
        result.unverified.push({
          file,
          line: rule.loc.line,
          resource: rule.resourceName,
          reason: `${rule.resourceName ?? 'a rule'} adds a rule to ${groupKey.slice(groupKey.indexOf('#') + 1)} of ${groupKey.slice(0, groupKey.indexOf('#'))}, which is not a security group there; not checked`,
        });
      }
    }
  }

  if (result.stacks.size)
    result.notices.push(`Linked nested stacks: ${[...result.stacks].map(([from, to]) => `${from.replace('#', ' ')} → ${to}`).join(', ')}`);
  if (result.parameterFiles.size) {
    result.notices.push(`Applied parameter files: ${[...result.parameterFiles].map(([pf, t]) => `${pf} → ${t}`).join(', ')}`);
  }
  return result;
}
