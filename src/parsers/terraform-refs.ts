/**
 * Terraform plan `configuration` index and reference resolution
 * (hyperpod-reference.md §5 [TF-JSON-DOC][TF-JSON-GO]).
 *
 * Values unknown until apply (IDs of resources created by the same plan) are linked through
 * the configuration's expression `references`: `aws_subnet.private.id` in a module, `var.x`
 * through the parent's module call, `module.vpc.private_subnets` through the module's outputs.
 */
import { appendAll } from '../util/arrays.js';
import type { EntityType, Loc } from '../model/types.js';

/** Marks a leaf that is known only after apply (internal; never leaves the parser). */
export const AFTER_APPLY: unique symbol = Symbol('known after apply');

export type Json = unknown;

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One module instance step: `module.NAME` or `module.NAME[KEY]`. */
export interface ModuleStep {
  name: string;
  key?: number | string;
}

export const formatKey = (key: number | string | undefined): string =>
  key === undefined ? '' : typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;

export const moduleAddress = (steps: readonly ModuleStep[]): string => steps.map((s) => `module.${s.name}${formatKey(s.key)}`).join('.');

export const configPathOf = (steps: readonly ModuleStep[]): string => steps.map((s) => s.name).join('.');

/** A resource instance of the plan with its merged values. */
export interface PlanResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: number | string;
  module: ModuleStep[];
  /** Values after apply: `after` merged with `after_unknown` (unknown leaves are AFTER_APPLY). */
  values: Record<string, unknown>;
  actions?: string[];
  config?: ConfigResource;
  /** Entity key when the resource maps to a model entity. */
  entityKey?: string;
  entityType?: EntityType;
  /** Where a value at a path was written (Terraform source); the resource location when undefined. */
  attributeLoc?: (path: readonly (string | number)[]) => Loc | undefined;
}

export interface ConfigResource {
  address: string;
  mode: string;
  type: string;
  name: string;
  expressions: Record<string, unknown>;
  providerKey?: string;
  /**
   * References name resource instances by their full address (`module.vpc.aws_subnet.a[0].id`):
   * set for configurations evaluated from Terraform source, where each instance has its own.
   */
  absolute?: boolean;
}

export interface ConfigModule {
  resources: Map<string, ConfigResource>;
  calls: Map<string, { expressions: Record<string, unknown>; module: ConfigModule; source?: string }>;
  outputs: Map<string, unknown>;
  /** Variable defaults declared by the module. */
  defaults: Map<string, unknown>;
}

const emptyModule = (): ConfigModule => ({ resources: new Map(), calls: new Map(), outputs: new Map(), defaults: new Map() });

/** Indexes configuration modules by config path ('' for root, 'vpc', 'vpc.subnets'). */
export function indexConfiguration(root: unknown): Map<string, ConfigModule> {
  const out = new Map<string, ConfigModule>();
  const visit = (raw: unknown, path: string, depth: number): ConfigModule => {
    const mod = emptyModule();
    out.set(path, mod);
    if (!isObject(raw) || depth > 64) return mod;
    if (Array.isArray(raw.resources)) {
      for (const r of raw.resources) {
        if (!isObject(r) || typeof r.type !== 'string' || typeof r.name !== 'string') continue;
        const mode = r.mode === 'data' ? 'data' : 'managed';
        const local = `${mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`;
        mod.resources.set(local, {
          address: typeof r.address === 'string' ? r.address : local,
          mode,
          type: r.type,
          name: r.name,
          expressions: isObject(r.expressions) ? r.expressions : {},
          providerKey: typeof r.provider_config_key === 'string' ? r.provider_config_key : undefined,
        });
      }
    }
    if (isObject(raw.module_calls)) {
      for (const [name, call] of Object.entries(raw.module_calls)) {
        if (!isObject(call)) continue;
        const childPath = path ? `${path}.${name}` : name;
        mod.calls.set(name, {
          expressions: isObject(call.expressions) ? call.expressions : {},
          module: visit(call.module, childPath, depth + 1),
          source: typeof call.source === 'string' ? call.source : undefined,
        });
      }
    }
    if (isObject(raw.variables)) {
      for (const [name, variable] of Object.entries(raw.variables)) {
        if (isObject(variable) && 'default' in variable) mod.defaults.set(name, variable.default);
      }
    }
    if (isObject(raw.outputs)) {
      for (const [name, output] of Object.entries(raw.outputs)) {
        if (isObject(output)) mod.outputs.set(name, output.expression);
      }
    }
    return mod;
  };
  visit(root, '', 0);
  return out;
}

/**
 * An expression object: `{constant_value}`, `{references: [...]}`, or `{}` (a non-constant
 * expression without references, e.g. `jsonencode({...})`).
 */
export const isExpression = (v: unknown): v is { constant_value?: unknown; references?: string[] } =>
  isObject(v) &&
  ('constant_value' in v ||
    (Array.isArray(v.references) && v.references.every((r) => typeof r === 'string')) ||
    Object.keys(v).length === 0);

export interface ExpressionAt {
  expression: { constant_value?: unknown; references?: string[] };
  /** Path left inside the expression when it covers a whole object or list. */
  rest: (string | number)[];
}

/**
 * The configuration expression for an attribute path. Blocks appear as (lists of) objects of
 * expressions; a nested attribute (awscc) is one expression for the whole object, in which case
 * `rest` holds the remaining path.
 */
export function expressionAt(expressions: unknown, path: readonly (string | number)[]): ExpressionAt | undefined {
  // `{}` is an expression only as an attribute value; as the root or a list element it is a block.
  let current: unknown = expressions;
  let isBlock = true;
  const expressionHere = (): boolean => isExpression(current) && !(isBlock && Object.keys(current as object).length === 0);
  for (let i = 0; i < path.length; i++) {
    if (expressionHere()) return { expression: current as ExpressionAt['expression'], rest: path.slice(i) };
    const step = path[i]!;
    if (Array.isArray(current)) {
      isBlock = true;
      if (typeof step === 'number') current = current[step];
      else if (current.length === 1) {
        current = current[0];
        i--;
        continue;
      } else return undefined;
    } else if (isObject(current)) {
      if (typeof step === 'number') continue; // block given once in config, indexed in values
      current = current[step];
      isBlock = false;
    } else return undefined;
  }
  if (Array.isArray(current) && current.length === 1 && isExpression(current[0]) && Object.keys(current[0]).length) {
    current = current[0];
    isBlock = false;
  }
  return expressionHere() ? { expression: current as ExpressionAt['expression'], rest: [] } : undefined;
}

/** A parsed reference: `aws_subnet.private[0].id` → steps. */
export type TraversalStep = { name: string } | { key: number | string };

export function parseTraversal(text: string): TraversalStep[] | undefined {
  const steps: TraversalStep[] = [];
  const pattern = /\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\[\*\]/y;
  let i = 0;
  while (i < text.length) {
    pattern.lastIndex = i;
    const m = pattern.exec(text);
    if (!m) return undefined;
    if (m[1] !== undefined) steps.push({ name: m[1] });
    else if (m[2] !== undefined) steps.push({ key: Number(m[2]) });
    else if (m[3] !== undefined) {
      try {
        steps.push({ key: JSON.parse(m[3]) as string });
      } catch {
        return undefined;
      }
    }
    i = pattern.lastIndex;
  }
  return steps;
}

const nameAt = (steps: TraversalStep[], i: number): string | undefined => {
  const s = steps[i];
  return s && 'name' in s ? s.name : undefined;
};
const keyAt = (steps: TraversalStep[], i: number): number | string | undefined => {
  const s = steps[i];
  return s && 'key' in s ? s.key : undefined;
};

/** Splits a resource address (`module.a["x"].data.aws_subnet.b[0]`) into module steps and local part. */
export function parseAddress(
  address: string,
): { module: ModuleStep[]; mode: 'managed' | 'data'; type: string; name: string; index?: number | string } | undefined {
  const steps = parseTraversal(address);
  if (!steps) return undefined;
  const module: ModuleStep[] = [];
  let i = 0;
  while (nameAt(steps, i) === 'module' && nameAt(steps, i + 1) !== undefined) {
    const step: ModuleStep = { name: nameAt(steps, i + 1)! };
    i += 2;
    const key = keyAt(steps, i);
    if (key !== undefined) {
      step.key = key;
      i++;
    }
    module.push(step);
  }
  let mode: 'managed' | 'data' = 'managed';
  if (nameAt(steps, i) === 'data') {
    mode = 'data';
    i++;
  }
  const type = nameAt(steps, i);
  const name = nameAt(steps, i + 1);
  if (!type || !name) return undefined;
  const index = keyAt(steps, i + 2);
  if (steps.length > i + (index === undefined ? 2 : 3)) return undefined;
  return { module, mode, type, name, index };
}

/** What a set of references resolves to. */
export interface Resolution {
  /** Entity keys. */
  keys: string[];
  /** Literal values (physical IDs, ARNs, names). */
  literals: string[];
  /** References that could not be followed, with why (and the resource type when the reference names one). */
  unresolved: { reason: string; resourceType?: string; attribute?: string }[];
  /** Stable text of the expression (sorted references), for comparing unresolved sides. */
  expr: string;
  /**
   * The expression also reads `count.index` or `each.key`: with several instances found, the
   * one with the referring resource's own index is most likely meant (`aws_subnet.x[count.index]`).
   */
  indexHint?: boolean;
}

export interface ResolverInput {
  config: Map<string, ConfigModule>;
  /** Root module variable values from the plan's `variables`. */
  variables: Record<string, unknown>;
  /** Resource instances by `${moduleAddress}|${local address without index}`. */
  byBase: { get(base: string): PlanResource[] | undefined };
  /** Module instance keys seen, by `${parentModuleAddress}|${callName}`. */
  moduleKeys: Map<string, (number | string | undefined)[]>;
  /** Entity key of the implicit main route table of a VPC resource, by VPC address. */
  mainRouteTables: Map<string, string>;
}

/** Resolution of one attribute, with whether its expression also covers sibling fields. */
export interface AttributeResolution extends Resolution {
  /** The expression covers a whole object or list around the attribute (awscc nested attributes). */
  partial: boolean;
  /** The path left inside that expression indexes a list (e.g. one of several instance groups). */
  indexed: boolean;
}

const IDENTITY_ATTRIBUTES = new Set(['id', 'arn']);
const IAM_TYPES = /^aws_iam_(role|user|policy)$/;
/** awscc primary identifiers (the CloudFormation resource's Ref / ID attribute). */
const AWSCC_IDENTITY: Record<string, string> = {
  awscc_ec2_vpc: 'vpc_id',
  awscc_ec2_subnet: 'subnet_id',
  awscc_ec2_security_group: 'group_id',
  awscc_ec2_route_table: 'route_table_id',
  awscc_ec2_nat_gateway: 'nat_gateway_id',
  awscc_ec2_internet_gateway: 'internet_gateway_id',
  awscc_sagemaker_cluster: 'cluster_arn',
};

/** Collects the string leaves of a literal value (list items, map and object values). */
function literalStrings(value: unknown, out: string[], depth = 0): void {
  if (depth > 32) return;
  if (typeof value === 'string') {
    if (value !== '') out.push(value); // "" means unset
  } else if (Array.isArray(value)) for (const v of value) literalStrings(v, out, depth + 1);
  else if (isObject(value)) for (const v of Object.values(value)) literalStrings(v, out, depth + 1);
}

/** Drops references that are a prefix of a more specific one (`aws_x.a` beside `aws_x.a[0].id`). */
export function specificReferences(refs: readonly string[]): string[] {
  const sorted = [...new Set(refs)].sort((a, b) => b.length - a.length);
  const kept: string[] = [];
  for (const ref of sorted) {
    const covered = kept.some((k) => k.startsWith(ref) && (k[ref.length] === '.' || k[ref.length] === '['));
    if (!covered) kept.push(ref);
  }
  return kept.sort();
}

export class ReferenceResolver {
  /** While set, `aws_x.y.any_attribute` resolves to the entity itself. */
  private anyAttribute = false;

  private readonly input: ResolverInput;

  constructor(input: ResolverInput) {
    this.input = input;
  }

  /** Entity keys of the resources whose attributes the expression at `path` reads (e.g. an FSx dns_name). */
  referencedEntities(resource: PlanResource, path: readonly (string | number)[]): string[] {
    this.anyAttribute = true;
    try {
      return this.resolveAttribute(resource, path)?.keys ?? [];
    } finally {
      this.anyAttribute = false;
    }
  }

  /** Resolves the expression at `path` of a resource's configuration. Undefined when no expression is there. */
  resolveAttribute(resource: PlanResource, path: readonly (string | number)[], depth = 0): AttributeResolution | undefined {
    const at = resource.config ? expressionAt(resource.config.expressions, path) : undefined;
    if (!at) return undefined;
    const absolute = resource.config?.absolute === true;
    return {
      ...this.resolveExpression(at.expression, absolute ? [] : resource.module, at.rest, depth, absolute),
      partial: at.rest.length > 0,
      indexed: at.rest.some((step) => typeof step === 'number'),
    };
  }

  resolveExpression(
    expression: unknown,
    module: ModuleStep[],
    rest: readonly (string | number)[] = [],
    depth = 0,
    absolute = false,
  ): Resolution {
    const result: Resolution = { keys: [], literals: [], unresolved: [], expr: '' };
    if (!isExpression(expression)) {
      result.unresolved.push({ reason: 'no expression' });
      return result;
    }
    const why = (expression as { unknown_reason?: unknown }).unknown_reason;
    if (typeof why === 'string') result.unresolved.push({ reason: why });
    if ('constant_value' in expression) {
      let value: unknown = expression.constant_value;
      for (const step of rest) value = isObject(value) || Array.isArray(value) ? (value as never)[step] : undefined;
      literalStrings(value, result.literals);
      result.expr = JSON.stringify(value) ?? '';
      return result;
    }
    const refs = specificReferences(expression.references ?? []);
    result.expr = `${moduleAddress(module)}:${refs.join(',')}`;
    if (depth > 24) {
      result.unresolved.push({ reason: 'references nest too deeply' });
      return result;
    }
    for (const ref of refs) {
      if (absolute) this.resolveAbsolute(ref, depth, result);
      else this.resolveReference(ref, module, depth, result);
    }
    result.keys = [...new Set(result.keys)];
    result.literals = [...new Set(result.literals)];
    return result;
  }

  private merge(into: Resolution, from: Resolution): void {
    appendAll(into.keys, from.keys);
    appendAll(into.literals, from.literals);
    appendAll(into.unresolved, from.unresolved);
  }

  private resolveReference(ref: string, module: ModuleStep[], depth: number, out: Resolution): void {
    const steps = parseTraversal(ref);
    const head = steps ? nameAt(steps, 0) : undefined;
    if (!steps || !head) {
      out.unresolved.push({ reason: `cannot read reference ${ref}` });
      return;
    }
    switch (head) {
      case 'count':
        if (nameAt(steps, 1) === 'index') out.indexHint = true;
        return;
      case 'path':
      case 'terraform':
        return; // paths never name a resource
      case 'local':
        out.unresolved.push({ reason: `${ref} (local values are not in the plan)` });
        return;
      case 'each':
        if (nameAt(steps, 1) === 'key') {
          out.indexHint = true;
          return;
        }
        out.unresolved.push({ reason: `${ref} cannot be followed statically` });
        return;
      case 'self':
        out.unresolved.push({ reason: `${ref} cannot be followed statically` });
        return;
      case 'var':
        this.resolveVariable(ref, steps, module, depth, out);
        return;
      case 'module':
        this.resolveModuleOutput(ref, steps, module, depth, out);
        return;
      default:
        this.resolveResource(ref, steps, module, depth, out);
    }
  }

  /** A full instance address with an attribute (`module.a["x"].aws_subnet.b[0].id`). */
  private resolveAbsolute(ref: string, depth: number, out: Resolution): void {
    const steps = parseTraversal(ref);
    if (!steps) {
      out.unresolved.push({ reason: `cannot read reference ${ref}` });
      return;
    }
    const module: ModuleStep[] = [];
    let i = 0;
    while (nameAt(steps, i) === 'module' && nameAt(steps, i + 1) !== undefined) {
      const step: ModuleStep = { name: nameAt(steps, i + 1)! };
      i += 2;
      const key = keyAt(steps, i);
      if (key !== undefined) {
        step.key = key;
        i++;
      }
      module.push(step);
    }
    this.resolveResource(ref, steps.slice(i), module, depth, out);
  }

  private resolveVariable(ref: string, steps: TraversalStep[], module: ModuleStep[], depth: number, out: Resolution): void {
    const name = nameAt(steps, 1);
    if (!name) {
      out.unresolved.push({ reason: ref });
      return;
    }
    const index = keyAt(steps, 2);
    if (module.length === 0) {
      const variable = this.input.variables[name];
      if (!isObject(variable) || !('value' in variable)) {
        out.unresolved.push({ reason: `${ref} has no value in the plan` });
        return;
      }
      let value = variable.value;
      if (index !== undefined) value = Array.isArray(value) || isObject(value) ? (value as never)[index] : undefined;
      literalStrings(value, out.literals);
      return;
    }
    const parent = module.slice(0, -1);
    const call = this.input.config.get(configPathOf(parent))?.calls.get(module[module.length - 1]!.name);
    const expression = call?.expressions[name];
    if (expression === undefined && call?.module.defaults.has(name)) {
      let value = call.module.defaults.get(name);
      if (index !== undefined) value = Array.isArray(value) || isObject(value) ? (value as never)[index] : undefined;
      literalStrings(value, out.literals);
      return;
    }
    if (expression === undefined) {
      out.unresolved.push({ reason: `${ref} is not set by module.${module[module.length - 1]!.name} and has no default` });
      return;
    }
    const inner = this.resolveExpression(expression, parent, [], depth + 1);
    if (index !== undefined && 'constant_value' in (expression as object)) {
      const value = (expression as { constant_value: unknown }).constant_value;
      const picked: string[] = [];
      literalStrings(Array.isArray(value) || isObject(value) ? (value as never)[index] : undefined, picked);
      appendAll(out.literals, picked);
      return;
    }
    if (index !== undefined && inner.keys.length + inner.literals.length > 1) {
      out.unresolved.push({ reason: `${ref} picks one element of a list of ${inner.keys.length + inner.literals.length}` });
      return;
    }
    this.merge(out, inner);
  }

  private resolveModuleOutput(ref: string, steps: TraversalStep[], module: ModuleStep[], depth: number, out: Resolution): void {
    const callName = nameAt(steps, 1);
    let i = 2;
    const key = keyAt(steps, i);
    if (key !== undefined) i++;
    const outputName = nameAt(steps, i);
    const call = callName ? this.input.config.get(configPathOf(module))?.calls.get(callName) : undefined;
    if (!callName || !call) {
      out.unresolved.push({ reason: `${ref} (module call not in the configuration)` });
      return;
    }
    if (!outputName) {
      out.unresolved.push({ reason: `${ref} (whole module object)` });
      return;
    }
    const expression = call.module.outputs.get(outputName);
    if (expression === undefined) {
      out.unresolved.push({ reason: `${ref} (output not in the configuration)` });
      return;
    }
    const keys = key !== undefined ? [key] : (this.input.moduleKeys.get(`${moduleAddress(module)}|${callName}`) ?? [undefined]);
    for (const k of keys) {
      const child = [...module, k === undefined ? { name: callName } : { name: callName, key: k }];
      this.merge(out, this.resolveExpression(expression, child, [], depth + 1));
    }
  }

  private resolveResource(ref: string, steps: TraversalStep[], module: ModuleStep[], depth: number, out: Resolution): void {
    let i = 0;
    let mode: 'managed' | 'data' = 'managed';
    if (nameAt(steps, 0) === 'data') {
      mode = 'data';
      i = 1;
    }
    const type = nameAt(steps, i);
    const name = nameAt(steps, i + 1);
    if (!type || !name) {
      out.unresolved.push({ reason: ref });
      return;
    }
    i += 2;
    const index = keyAt(steps, i);
    if (index !== undefined) i++;
    const attribute = nameAt(steps, i);
    const local = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
    let instances = this.input.byBase.get(`${moduleAddress(module)}|${local}`) ?? [];
    if (index !== undefined) instances = instances.filter((r) => r.index === index);
    if (!instances.length) {
      out.unresolved.push({ reason: `${ref} (not planned to exist)`, resourceType: type, attribute });
      return;
    }
    for (const instance of instances) {
      const identity =
        this.anyAttribute ||
        attribute === undefined ||
        IDENTITY_ATTRIBUTES.has(attribute) ||
        attribute === AWSCC_IDENTITY[type] ||
        (attribute === 'name' && IAM_TYPES.test(type));
      if (identity && instance.entityKey) {
        out.keys.push(instance.entityKey);
        continue;
      }
      if (
        type === 'aws_vpc' &&
        (attribute === 'main_route_table_id' || attribute === 'default_route_table_id') &&
        this.input.mainRouteTables.has(instance.address)
      ) {
        out.keys.push(this.input.mainRouteTables.get(instance.address)!);
        continue;
      }
      const attr = attribute ?? 'id';
      const value = instance.values[attr];
      if (value !== AFTER_APPLY && value !== undefined && value !== null) {
        literalStrings(value, out.literals);
        continue;
      }
      const inner = identity ? undefined : this.resolveAttribute(instance, [attr], depth + 1);
      if (inner) this.merge(out, inner);
      else out.unresolved.push({ reason: `${instance.address}.${attr} is known only after apply`, resourceType: type, attribute });
    }
  }
}
