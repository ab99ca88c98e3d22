/**
 * Checks a RawValue tree against the SageMaker API shapes (botocore service model) or the
 * AWS::SageMaker::Cluster CloudFormation schema, both generated into src/data/sagemaker-api-model.json.
 *
 * Stage of each problem: the AWS CLI (botocore's ParamValidator) rejects unknown members, missing
 * required members, wrong types, unions without exactly one member, and values, lengths or list
 * sizes under a minimum before it sends anything; maxima, patterns and enums are enforced by the
 * SageMaker API itself (a ValidationException once the deploy has started).
 */
import type { Loc, RawMember, RawValue } from '../../model/types.js';
import { API_SHAPES, CFN_CLUSTER_SCHEMA, patternRegExp, type ApiShape, type CfnSchemaNode } from '../../data/sagemaker-api-model.js';
import { compareText } from '../../util/compare.js';

export type Stage = 'client' | 'api' | 'cloudformation';

export interface ApiIssue {
  loc: Loc;
  stage: Stage;
  /** Dotted path of the member at fault, e.g. InstanceGroups[0].LifeCycleConfig. */
  path: string;
  message: string;
  fix?: string;
}

export interface ValidateOptions {
  /** Returns true for checks another rule owns (so a problem is reported once). */
  ownedElsewhere?: (shapeName: string, check: 'required' | 'length' | 'pattern' | 'enum') => boolean;
  /** Match CloudFormation property names without regard to case (awscc attributes: volume_size_in_gb is VolumeSizeInGB). */
  caseInsensitive?: boolean;
}

export interface ValidateResult {
  issues: ApiIssue[];
  unknowns: { loc: Loc; path: string; reason: string }[];
}

/** Optimal-string-alignment distance (an adjacent swap counts as one edit). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

/** Closest names to a misspelt one: same name in another case first, then small edit distances. */
export function closestNames(name: string, candidates: readonly string[], limit = 3): string[] {
  const lower = name.toLowerCase();
  const sameCase = candidates.filter((c) => c.toLowerCase() === lower);
  if (sameCase.length > 0) return sameCase;
  const budget = Math.max(1, Math.min(3, Math.floor(name.length / 4)));
  // A shortened or extended name (Lifecycle for LifeCycleConfig) counts as close too.
  const affix = (c: string) => lower.length >= 4 && (c.startsWith(lower) || lower.startsWith(c));
  return candidates
    .map((c) => ({ c, d: editDistance(lower, c.toLowerCase()), a: affix(c.toLowerCase()) }))
    .filter((x) => x.d <= budget || x.a)
    .sort((x, y) => x.d - y.d || compareText(x.c, y.c))
    .slice(0, limit)
    .map((x) => x.c);
}

const STAGE_TEXT: Record<Stage, string> = {
  client: 'The AWS CLI rejects the request before sending it (parameter validation)',
  api: 'The AWS CLI sends it, but the SageMaker API rejects it at deploy time (ValidationException)',
  cloudformation: 'CloudFormation rejects the resource properties at deploy time (resource schema validation)',
};
export const stageText = (stage: Stage): string => STAGE_TEXT[stage];

const describe = (value: RawValue): string =>
  value.kind === 'object'
    ? 'a mapping'
    : value.kind === 'list'
      ? 'a list'
      : value.kind === 'scalar'
        ? value.value === null
          ? 'null'
          : typeof value.value === 'string'
            ? `the string "${clip(value.value)}"`
            : `the ${typeof value.value} ${String(value.value)}`
        : 'an unknown value';

function clip(text: string, max = 80): string {
  const flat = text.replace(/[\r\n\t]+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

let apiMemberNames: Set<string> | undefined;
/** Every member name of every SageMaker API structure the model keeps. */
const API_MEMBER_NAMES = (): Set<string> =>
  (apiMemberNames ??= new Set(Object.values(API_SHAPES).flatMap((shape) => Object.keys(shape.members ?? {}))));

/** Shapes whose members a misplaced member may belong to (CreateCluster vs UpdateCluster). */
const SIBLING_SHAPES: Record<string, { shape: string; operation: string }> = {
  CreateClusterRequest: { shape: 'UpdateClusterRequest', operation: 'UpdateCluster' },
  UpdateClusterRequest: { shape: 'CreateClusterRequest', operation: 'CreateCluster' },
};

class Walker {
  readonly result: ValidateResult = { issues: [], unknowns: [] };
  constructor(private readonly options: ValidateOptions) {}

  issue(loc: Loc, stage: Stage, path: string, message: string, fix?: string): void {
    this.result.issues.push({ loc, stage, path, message, fix });
  }

  owned(shape: string, check: 'required' | 'length' | 'pattern' | 'enum'): boolean {
    return this.options.ownedElsewhere?.(shape, check) ?? false;
  }

  /** `at`: where a problem with this value is reported (its key's line, or the list item). */
  api(value: RawValue, shapeName: string, path: string, at: Loc): void {
    const shape = API_SHAPES[shapeName];
    if (!shape) return;
    if (value.kind === 'unknown') {
      if (!value.quiet) this.result.unknowns.push({ loc: value.loc, path, reason: value.reason });
      return;
    }
    // A null value (an empty YAML key) is not checked: the CLI's handling of it is not documented.
    if (value.kind === 'scalar' && value.value === null) return;
    switch (shape.type) {
      case 'structure':
        return this.structure(value, shapeName, shape, path, at);
      case 'list':
        return this.list(value, shapeName, shape, path, at);
      case 'map':
        return this.map(value, shapeName, shape, path, at);
      default:
        return this.scalar(value, shapeName, shape, path, at);
    }
  }

  private wrongType(value: RawValue, expected: string, path: string, at: Loc): void {
    this.issue(at, 'client', path, `${path || 'the request'} must be ${expected}, but it is ${describe(value)}`);
  }

  private structure(value: RawValue, shapeName: string, shape: ApiShape, path: string, at: Loc): void {
    if (value.kind !== 'object') return this.wrongType(value, 'a structure (mapping)', path, at);
    const members = shape.members ?? {};
    const names = Object.keys(members);
    const present = new Set<string>();
    for (const member of value.members) {
      const memberPath = join(path, member.key);
      const memberShape = members[member.key];
      if (memberShape === undefined) {
        this.unknownMember(member, memberPath, shapeName, names);
        continue;
      }
      present.add(member.key);
      this.api(member.value, memberShape, memberPath, member.keyLoc);
    }
    if (!this.owned(shapeName, 'required')) {
      for (const name of shape.required ?? []) {
        if (present.has(name)) continue;
        // A member present under another case or spelling is reported once, as the unknown member.
        if (value.members.some((m) => closestNames(m.key, [name]).length > 0 && members[m.key] === undefined)) continue;
        this.issue(at, 'client', join(path, name), `${path || 'the request'} is missing the required member ${name}`, `Add ${name}.`);
      }
    }
    if (shape.union && present.size !== 1 && value.members.length === present.size) {
      this.issue(
        at,
        'client',
        path,
        `${path || 'the request'} must set exactly one of ${names.join(', ')}, but it sets ${present.size === 0 ? 'none' : [...present].join(' and ')}`,
        present.size > 1 ? 'Put each of them in its own list item.' : undefined,
      );
    }
  }

  private unknownMember(member: RawMember, memberPath: string, shapeName: string, names: string[]): void {
    const close = closestNames(member.key, names);
    const sibling = SIBLING_SHAPES[shapeName];
    const elsewhere = sibling && API_SHAPES[sibling.shape]?.members?.[member.key] !== undefined ? sibling.operation : undefined;
    const hint =
      close.length > 0
        ? ` (did you mean ${close.join(' or ')}?)`
        : elsewhere
          ? ` (it is a member of ${elsewhere}, not of this request)`
          : ` (valid members: ${names.join(', ')})`;
    this.issue(
      member.keyLoc,
      'client',
      memberPath,
      `${memberPath} is not a member of ${shapeName}${hint}`,
      close.length === 1 ? `Rename ${member.key} to ${close[0]}.` : `Remove ${member.key} or correct its name.`,
    );
  }

  private list(value: RawValue, shapeName: string, shape: ApiShape, path: string, at: Loc): void {
    if (value.kind !== 'list') return this.wrongType(value, 'a list', path, at);
    this.count(value.items.length, shapeName, shape, path, at, 'item');
    value.items.forEach((item, i) => this.api(item, shape.member!, `${path}[${i}]`, item.loc));
  }

  private map(value: RawValue, shapeName: string, shape: ApiShape, path: string, at: Loc): void {
    if (value.kind !== 'object') return this.wrongType(value, 'a mapping', path, at);
    this.count(value.members.length, shapeName, shape, path, at, 'entry');
    for (const member of value.members) {
      const memberPath = `${path}.${member.key}`;
      this.api({ kind: 'scalar', loc: member.keyLoc, value: member.key }, shape.key!, `${memberPath} (key)`, member.keyLoc);
      this.api(member.value, shape.value!, memberPath, member.keyLoc);
    }
  }

  private count(n: number, shapeName: string, shape: ApiShape, path: string, at: Loc, noun: string): void {
    if (this.owned(shapeName, 'length')) return;
    const plural = (k: number) => `${k} ${noun}${k === 1 ? '' : 's'}`;
    if (shape.min !== undefined && n < shape.min)
      this.issue(at, 'client', path, `${path} has ${plural(n)}; the minimum is ${shape.min}`, `Give it at least ${plural(shape.min)}.`);
    else if (shape.max !== undefined && n > shape.max)
      this.issue(at, 'api', path, `${path} has ${plural(n)}; the maximum is ${shape.max}`, `Keep it to ${plural(shape.max)} or fewer.`);
  }

  private scalar(value: RawValue, shapeName: string, shape: ApiShape, path: string, at: Loc): void {
    const v = value.kind === 'scalar' ? value.value : undefined;
    switch (shape.type) {
      case 'string': {
        if (typeof v !== 'string') return this.wrongType(value, 'a string', path, at);
        const length = [...v].length;
        if (!this.owned(shapeName, 'length')) {
          if (shape.min !== undefined && length < shape.min)
            return this.issue(at, 'client', path, `${path} is ${length} characters long; the minimum is ${shape.min}`);
          if (shape.max !== undefined && length > shape.max)
            return this.issue(at, 'api', path, `${path} is ${length} characters long; the maximum is ${shape.max}`);
        }
        if (shape.enum && !this.owned(shapeName, 'enum') && !shape.enum.includes(v)) {
          const close = closestNames(v, shape.enum);
          return this.issue(
            at,
            'api',
            path,
            `${path} is "${clip(v)}", which is not one of ${shape.enum.length > 12 ? `the ${shape.enum.length} values of ${shapeName}` : shape.enum.join(', ')}` +
              (close.length > 0 ? ` (did you mean ${close.join(' or ')}?)` : ''),
            close.length === 1 ? `Change it to ${close[0]}.` : undefined,
          );
        }
        if (shape.pattern && !this.owned(shapeName, 'pattern') && !patternRegExp(shape.pattern, shape.patternFlags).test(v))
          return this.issue(at, 'api', path, `${path} "${clip(v)}" does not match the pattern ${shape.pattern} of ${shapeName}`);
        return;
      }
      case 'integer':
      case 'long': {
        if (typeof v !== 'number' || !Number.isInteger(v)) return this.wrongType(value, 'an integer', path, at);
        if (shape.min !== undefined && v < shape.min) return this.issue(at, 'client', path, `${path} is ${v}; the minimum is ${shape.min}`);
        if (shape.max !== undefined && v > shape.max) return this.issue(at, 'api', path, `${path} is ${v}; the maximum is ${shape.max}`);
        return;
      }
      case 'float':
      case 'double':
        if (typeof v !== 'number') return this.wrongType(value, 'a number', path, at);
        return;
      case 'boolean':
        if (typeof v !== 'boolean') return this.wrongType(value, 'true or false', path, at);
        return;
      case 'timestamp':
        if (typeof v !== 'string' && typeof v !== 'number') return this.wrongType(value, 'a timestamp', path, at);
        return;
      default:
        return;
    }
  }

  // ---- CloudFormation schema ---------------------------------------------------------------

  private deref(node: CfnSchemaNode): CfnSchemaNode {
    let current = node;
    for (let hops = 0; current.$ref && hops < 16; hops++) {
      const name = current.$ref.replace(/^#\/definitions\//, '');
      const target = CFN_CLUSTER_SCHEMA.definitions[name];
      if (!target) return {};
      current = target;
    }
    return current;
  }

  cfn(value: RawValue, node: CfnSchemaNode, path: string, at: Loc, typeName: string): void {
    const schema = this.deref(node);
    if (value.kind === 'unknown') {
      if (!value.quiet) this.result.unknowns.push({ loc: value.loc, path, reason: value.reason });
      return;
    }
    if (value.kind === 'scalar' && value.value === null) return;
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    // The path with list indexes generalised (InstanceGroups[].OverrideVpcConfig), for ownedElsewhere.
    const generic = path.replace(/\[\d+\]/g, '[]');
    const branches = (schema.oneOf ?? []).map((b) => this.deref(b));
    if (!schema.properties && branches.length > 0 && branches.every((b) => b.properties))
      return this.cfnOneOf(value, branches, path, at, typeName);
    if (schema.properties || type === 'object') return this.cfnObject(value, schema, path, at, typeName);
    if (type === 'array') {
      if (value.kind !== 'list') return this.issue(at, 'cloudformation', path, `${path} must be a list, but it is ${describe(value)}`);
      const n = value.items.length;
      if (this.owned(generic, 'length')) {
        // another rule counts these items
      } else if (schema.minItems !== undefined && n < schema.minItems)
        this.issue(at, 'cloudformation', path, `${path} has ${n} item${n === 1 ? '' : 's'}; the minimum is ${schema.minItems}`);
      else if (schema.maxItems !== undefined && n > schema.maxItems)
        this.issue(at, 'cloudformation', path, `${path} has ${n} items; the maximum is ${schema.maxItems}`);
      if (schema.items) value.items.forEach((item, i) => this.cfn(item, schema.items!, `${path}[${i}]`, item.loc, typeName));
      return;
    }
    if (value.kind !== 'scalar') {
      if (type)
        this.issue(
          at,
          'cloudformation',
          path,
          `${path} must be ${type === 'string' ? 'a string' : `a ${type}`}, but it is ${describe(value)}`,
        );
      return;
    }
    const v = value.value;
    // CloudFormation passes template scalars as strings and converts them to the schema type.
    if (type === 'integer' || type === 'number') {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : undefined;
      if (n === undefined || (type === 'integer' && !Number.isInteger(n)))
        return this.issue(
          at,
          'cloudformation',
          path,
          `${path} must be ${type === 'integer' ? 'an integer' : 'a number'}, but it is ${describe(value)}`,
        );
      if (schema.minimum !== undefined && n < schema.minimum)
        return this.issue(at, 'cloudformation', path, `${path} is ${n}; the minimum is ${schema.minimum}`);
      if (schema.maximum !== undefined && n > schema.maximum)
        return this.issue(at, 'cloudformation', path, `${path} is ${n}; the maximum is ${schema.maximum}`);
      return;
    }
    if (type === 'boolean') {
      if (typeof v !== 'boolean' && !(typeof v === 'string' && /^(true|false)$/i.test(v)))
        this.issue(at, 'cloudformation', path, `${path} must be true or false, but it is ${describe(value)}`);
      return;
    }
    if (type === 'string' || schema.enum || schema.pattern) {
      const text = typeof v === 'string' ? v : String(v);
      const length = [...text].length;
      const lengthOwned = this.owned(generic, 'length');
      if (!lengthOwned && schema.minLength !== undefined && length < schema.minLength)
        return this.issue(at, 'cloudformation', path, `${path} is ${length} characters long; the minimum is ${schema.minLength}`);
      if (!lengthOwned && schema.maxLength !== undefined && length > schema.maxLength)
        return this.issue(at, 'cloudformation', path, `${path} is ${length} characters long; the maximum is ${schema.maxLength}`);
      if (schema.enum && !this.owned(generic, 'enum') && !schema.enum.map(String).includes(text)) {
        const values = schema.enum.map(String);
        const close = closestNames(text, values);
        return this.issue(
          at,
          'cloudformation',
          path,
          `${path} is "${clip(text)}", which is not one of ${values.length > 12 ? `its ${values.length} allowed values` : values.join(', ')}` +
            (close.length > 0 ? ` (did you mean ${close.join(' or ')}?)` : ''),
          close.length === 1 ? `Change it to ${close[0]}.` : undefined,
        );
      }
      if (schema.pattern && !this.owned(generic, 'pattern') && !patternRegExp(schema.pattern, 'u').test(text))
        return this.issue(at, 'cloudformation', path, `${path} "${clip(text)}" does not match the pattern ${schema.pattern}`);
    }
  }

  /** A oneOf of object shapes (Orchestrator, InstanceStorageConfigs items): exactly one branch's properties. */
  private cfnOneOf(value: RawValue, branches: CfnSchemaNode[], path: string, at: Loc, typeName: string): void {
    const merged: CfnSchemaNode = { type: 'object', properties: {}, additionalProperties: false };
    for (const branch of branches) Object.assign(merged.properties!, branch.properties);
    this.cfnObject(value, merged, path, at, typeName);
    if (value.kind !== 'object') return;
    const chosen = branches.filter((b) => value.members.some((m) => b.properties![m.key] !== undefined));
    const names = branches.flatMap((b) => Object.keys(b.properties!));
    const known = value.members.filter((m) => merged.properties![m.key] !== undefined).map((m) => m.key);
    if (chosen.length !== 1 && known.length === value.members.length)
      this.issue(
        at,
        'cloudformation',
        path,
        `${path} must set exactly one of ${names.join(', ')}, but it sets ${known.length === 0 ? 'none' : known.join(' and ')}`,
        known.length > 1 ? 'Put each of them in its own list item.' : undefined,
      );
  }

  private cfnObject(value: RawValue, schema: CfnSchemaNode, path: string, at: Loc, typeName: string): void {
    if (value.kind !== 'object')
      return this.issue(at, 'cloudformation', path, `${path || 'Properties'} must be a mapping, but it is ${describe(value)}`);
    const properties = schema.properties ?? {};
    const names = Object.keys(properties);
    const present = new Set<string>();
    let schemaBehind = false;
    for (const member of value.members) {
      const memberPath = join(path, member.key);
      const name =
        member.key in properties || !this.options.caseInsensitive
          ? member.key
          : (names.find((n) => n.toLowerCase() === member.key.toLowerCase()) ?? member.key);
      const child =
        properties[name] ??
        Object.entries(schema.patternProperties ?? {}).find(([pattern]) => patternRegExp(pattern, 'u').test(member.key))?.[1];
      if (child === undefined) {
        if (schema.additionalProperties === false && API_MEMBER_NAMES().has(member.key)) {
          // A member the SageMaker API has (InstanceRequirements) that the pinned schema lacks: the schema may be
          // behind the service, so neither it nor the required properties it could replace are judged.
          schemaBehind = true;
          this.result.unknowns.push({
            loc: member.keyLoc,
            path: memberPath,
            reason: `${member.key} is a SageMaker API member that the pinned ${typeName} schema does not list`,
          });
        } else if (schema.additionalProperties === false) {
          const close = closestNames(member.key, names);
          this.issue(
            member.keyLoc,
            'cloudformation',
            memberPath,
            `${memberPath} is not a property of ${path === '' ? typeName : path}` +
              (close.length > 0 ? ` (did you mean ${close.join(' or ')}?)` : ` (valid properties: ${names.join(', ')})`),
            close.length === 1 ? `Rename ${member.key} to ${close[0]}.` : `Remove ${member.key} or correct its name.`,
          );
        }
        continue;
      }
      present.add(name);
      this.cfn(member.value, child, memberPath, member.keyLoc, typeName);
    }
    for (const name of schemaBehind || this.owned(path.replace(/\[\d+\]/g, '[]'), 'required') ? [] : (schema.required ?? [])) {
      if (present.has(name)) continue;
      if (value.members.some((m) => properties[m.key] === undefined && closestNames(m.key, [name]).length > 0)) continue;
      this.issue(at, 'cloudformation', join(path, name), `${path || typeName} is missing the required property ${name}`, `Add ${name}.`);
    }
  }
}

/** Checks a value against a SageMaker API shape (e.g. CreateClusterRequest). */
export function validateApi(value: RawValue, shapeName: string, options: ValidateOptions = {}): ValidateResult {
  const walker = new Walker(options);
  // A bare instance-group file is the CLI's --instance-groups value.
  walker.api(value, shapeName, shapeName === 'ClusterInstanceGroupSpecifications' ? 'InstanceGroups' : '', value.loc);
  return walker.result;
}

/** Checks resource Properties against the AWS::SageMaker::Cluster CloudFormation schema. */
export function validateCfn(value: RawValue, options: ValidateOptions = {}): ValidateResult {
  const walker = new Walker(options);
  const root: CfnSchemaNode = {
    type: 'object',
    properties: CFN_CLUSTER_SCHEMA.properties,
    required: CFN_CLUSTER_SCHEMA.required,
    additionalProperties: false,
  };
  walker.cfn(value, root, '', value.loc, CFN_CLUSTER_SCHEMA.typeName);
  return walker.result;
}
