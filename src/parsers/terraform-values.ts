/**
 * Reading one plan resource's values as model values: known, unknown until apply (linked
 * through configuration references when possible), or unset.
 */
import { known, unknown, type EntityType, type Loc, type Ref, type RefList, type Val } from '../model/types.js';
import {
  AFTER_APPLY,
  formatKey,
  isObject,
  type AttributeResolution,
  type PlanResource,
  type ReferenceResolver,
  type Resolution,
} from './terraform-refs.js';
import { getOwn, setProperty } from './yaml-source.js';

export type Path = readonly (string | number)[];

/** Merges `after` with `after_unknown`: leaves marked true become AFTER_APPLY. */
export function mergeUnknown(after: unknown, afterUnknown: unknown, depth = 0): unknown {
  if (afterUnknown === true) return AFTER_APPLY;
  if (depth > 256) return after;
  if (Array.isArray(afterUnknown)) {
    const list = Array.isArray(after) ? after : [];
    const length = Math.max(list.length, afterUnknown.length);
    const out = new Array<unknown>(length);
    for (let i = 0; i < length; i++) out[i] = mergeUnknown(list[i], afterUnknown[i], depth + 1);
    return out;
  }
  if (isObject(afterUnknown)) {
    const keys = Object.keys(afterUnknown);
    if (!keys.length) return after;
    const base = isObject(after) ? after : {};
    const out: Record<string, unknown> = { ...base };
    // Own reads and writes: a `__proto__` key is data, never the prototype.
    for (const key of keys) setProperty(out, key, mergeUnknown(getOwn(base, key), afterUnknown[key], depth + 1));
    return out;
  }
  return after;
}

export function containsUnknown(value: unknown, depth = 0): boolean {
  if (value === AFTER_APPLY) return true;
  if (depth > 64) return false;
  if (Array.isArray(value)) return value.some((v) => containsUnknown(v, depth + 1));
  if (isObject(value)) return Object.values(value).some((v) => containsUnknown(v, depth + 1));
  return false;
}

/**
 * Value at a path. Stepping into a list with a name unwraps a one-element list (block style,
 * e.g. `vpc_config[0]`); an empty list is treated as unset. Below an unknown value, everything
 * is unknown.
 */
export function valueAt(root: unknown, path: Path): unknown {
  let current = root;
  for (const step of path) {
    if (current === AFTER_APPLY) return AFTER_APPLY;
    if (typeof step === 'string' && Array.isArray(current)) {
      if (current.length !== 1) return undefined;
      current = current[0];
      if (current === AFTER_APPLY) return AFTER_APPLY;
    }
    if (Array.isArray(current) && typeof step === 'number') current = current[step];
    else if (isObject(current) && typeof step === 'string') current = current[step];
    else return undefined;
  }
  if (Array.isArray(current) && current.length === 0) return current;
  return current;
}

/** Object at a path (block lists of one unwrapped); [] and null are unset. */
export function objectAt(root: unknown, path: Path): Record<string, unknown> | typeof AFTER_APPLY | undefined {
  let value = valueAt(root, path);
  if (Array.isArray(value)) value = value.length === 1 ? value[0] : undefined;
  if (value === AFTER_APPLY) return AFTER_APPLY;
  return isObject(value) ? value : undefined;
}

export const pathText = (path: Path): string => path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join('');

/** Literal ID prefixes, used to split an awscc whole-object expression by field. */
const ID_PREFIX: Partial<Record<EntityType, RegExp>> = {
  Vpc: /^vpc-/,
  Subnet: /^subnet-/,
  SecurityGroup: /^sg-/,
  RouteTable: /^rtb-/,
  VpcEndpoint: /^vpce-/,
  NatGateway: /^nat-/,
  InternetGateway: /^igw-/,
  EksCluster: /^arn:[^:]+:eks:/,
  IamPrincipal: /^arn:[^:]+:iam::[^:]*:(role|user)\//,
  IamPolicy: /^arn:[^:]+:iam::[^:]*:policy\//,
};

export interface ReaderContext {
  resolver: ReferenceResolver;
  /** Entity type of an entity key. */
  typeOfKey(key: string): EntityType | undefined;
  /** Entity type a resource type maps to. */
  typeOfResource(resourceType: string): EntityType | undefined;
  /** Physical ID of an entity, when known. */
  physicalIdOfKey(key: string): string | undefined;
}

export interface RefOptions {
  /** Expected entity type (used to split whole-object expressions by field). */
  want?: EntityType;
  /** Sibling list items also need this field, so an indexed whole-list expression is ambiguous. */
  sharedWithSiblings?: boolean;
}

/**
 * Keeps what belongs to a field of the wanted type when the expression also covers sibling
 * fields (an awscc nested attribute, or an attributes-as-blocks set such as `route`).
 */
export function focusResolution(
  resolution: Resolution,
  want: EntityType | readonly EntityType[],
  ctx: Pick<ReaderContext, 'typeOfKey' | 'typeOfResource'>,
): Resolution {
  const wanted = new Set<EntityType | undefined>(typeof want === 'string' ? [want] : want);
  const prefixes = [...wanted].map((w) => (w ? ID_PREFIX[w] : undefined));
  return {
    ...resolution,
    keys: resolution.keys.filter((k) => wanted.has(ctx.typeOfKey(k))),
    literals: prefixes.every((p) => p) ? resolution.literals.filter((l) => prefixes.some((p) => p!.test(l))) : resolution.literals,
    unresolved: resolution.unresolved.filter((u) => {
      if (u.resourceType === undefined) return true; // var., module., local.: may be anything
      const identity =
        u.attribute === undefined ||
        u.attribute === 'id' ||
        u.attribute === 'arn' ||
        (u.attribute === 'name' && u.resourceType.startsWith('aws_iam_'));
      if (identity) return wanted.has(ctx.typeOfResource(u.resourceType));
      return /(_id|_ids|_arn|_arns)$/.test(u.attribute!); // another resource's ID attribute (e.g. vpc_id)
    }),
    expr: resolution.expr,
  };
}

/** Reads model values from one plan resource. */
export class ResourceReader {
  readonly resource: PlanResource;
  readonly loc: Loc;
  private readonly ctx: ReaderContext;

  constructor(resource: PlanResource, loc: Loc, ctx: ReaderContext) {
    this.resource = resource;
    this.loc = loc;
    this.ctx = ctx;
  }

  /** Where the value at a path was written: the attribute line in Terraform source, else the resource. */
  at(path: Path): Loc {
    return this.resource.attributeLoc?.(path) ?? this.loc;
  }

  raw(path: Path): unknown {
    return valueAt(this.resource.values, path);
  }

  object(path: Path): Record<string, unknown> | typeof AFTER_APPLY | undefined {
    return objectAt(this.resource.values, path);
  }

  /** True when the configuration sets the attribute (a constant or an expression). */
  configures(path: Path): boolean {
    return this.resolve(path) !== undefined;
  }

  /** True when the configuration is known and does not set the attribute (an unknown then means "computed by AWS"). */
  leftUnset(path: Path): boolean {
    return this.resource.config !== undefined && !this.configures(path);
  }

  private afterApply(path: Path): string {
    const when = this.resource.config?.absolute ? 'is not known statically' : 'is known only after apply';
    return `${this.resource.address}.${pathText(path)} ${when}`;
  }

  string(path: Path): Val<string> | undefined {
    const v = this.raw(path);
    if (v === AFTER_APPLY) return unknown(this.afterApply(path), this.at(path));
    if (typeof v === 'string') return known(v, this.at(path));
    if (typeof v === 'number' || typeof v === 'boolean') return known(String(v), this.at(path));
    return undefined;
  }

  number(path: Path): Val<number> | undefined {
    const v = this.raw(path);
    if (v === AFTER_APPLY) return unknown(this.afterApply(path), this.at(path));
    if (typeof v === 'number') return known(v, this.at(path));
    if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return known(Number(v), this.at(path));
    if (v === undefined || v === null) return undefined;
    return unknown(`${this.resource.address}.${pathText(path)} is not a number`, this.at(path));
  }

  boolean(path: Path): Val<boolean> | undefined {
    const v = this.raw(path);
    if (v === AFTER_APPLY) return unknown(this.afterApply(path), this.at(path));
    if (typeof v === 'boolean') return known(v, this.at(path));
    if (v === 'true' || v === 'false') return known(v === 'true', this.at(path));
    return undefined;
  }

  resolve(path: Path): AttributeResolution | undefined {
    return this.ctx.resolver.resolveAttribute(this.resource, path);
  }

  private focus(resolution: AttributeResolution, want: EntityType | undefined): Resolution {
    return resolution.partial && want ? focusResolution(resolution, want, this.ctx) : { ...resolution };
  }

  private unresolvedRef(path: Path, why: string, expr?: string): Ref {
    return { kind: 'unknown', reason: `${this.afterApply(path)}: ${why}`, loc: this.at(path), expr };
  }

  /** Resolves the configuration behind an unknown value: the references, or why they cannot be followed. */
  linked(path: Path, options: RefOptions): { refs: Ref[]; expr: string } | { why: string; expr?: string } {
    const resolution = this.resolve(path);
    if (!resolution) return { why: 'the configuration gives no expression for it' };
    if (resolution.partial && resolution.indexed && options.sharedWithSiblings) {
      return {
        why: `the expression covers several list items and does not tell which item ${options.want ?? 'value'} belongs to`,
        expr: resolution.expr,
      };
    }
    const focused = this.focus(resolution, options.want);
    const index = this.resource.index;
    if (resolution.indexHint && index !== undefined && focused.keys.length > 1) {
      // `x[count.index]` / `x[each.key]`: the instance with this resource's own index.
      const suffix = formatKey(index);
      const same = focused.keys.filter((k) => k.endsWith(suffix));
      if (same.length === 1) focused.keys = same;
    }
    if (focused.unresolved.length) {
      return { why: focused.unresolved.map((u) => u.reason).join('; '), expr: focused.expr };
    }
    const refs: Ref[] = [
      ...focused.keys.map((key): Ref => ({ kind: 'entity', key, loc: this.at(path) })),
      ...focused.literals.map((id): Ref => ({ kind: 'id', id, loc: this.at(path) })),
    ];
    if (!refs.length) return { why: 'its references lead to nothing in the plan', expr: focused.expr };
    return { refs, expr: focused.expr };
  }

  /** One reference: a literal ID, an entity linked through the configuration, or unknown. */
  ref(path: Path, options: RefOptions = {}): Ref | undefined {
    const v = this.raw(path);
    if (typeof v === 'string' && v !== '') return { kind: 'id', id: v, loc: this.at(path) };
    if (v !== AFTER_APPLY) return undefined;
    const linked = this.linked(path, options);
    if ('refs' in linked && linked.refs.length === 1) return linked.refs[0]!;
    if ('refs' in linked) return this.unresolvedRef(path, `it may be any of ${linked.refs.length} values`, linked.expr);
    return this.unresolvedRef(path, linked.why, linked.expr);
  }

  /**
   * A list of references. `unsetWhenComputed`: an unknown list the configuration does not set is
   * empty (AWS computes it, e.g. a Gateway endpoint's subnet_ids).
   */
  refList(path: Path, options: RefOptions & { unsetWhenComputed?: boolean } = {}): RefList | undefined {
    const v = this.raw(path);
    if (v === undefined || v === null) return undefined;
    if (v === AFTER_APPLY) {
      if (options.unsetWhenComputed && this.leftUnset(path)) return { known: true, items: [], loc: this.at(path) };
      const linked = this.linked(path, options);
      if ('refs' in linked) return { known: true, items: linked.refs, loc: this.at(path) };
      return unknown(`${this.afterApply(path)}: ${linked.why}`, this.at(path));
    }
    if (typeof v === 'string') return { known: true, items: v ? [{ kind: 'id', id: v, loc: this.at(path) }] : [], loc: this.at(path) };
    if (!Array.isArray(v)) return unknown(`${this.resource.address}.${pathText(path)} is not a list`, this.at(path));
    const items: Ref[] = [];
    let unknownItems = 0;
    for (const item of v) {
      if (typeof item === 'string' && item !== '') items.push({ kind: 'id', id: item, loc: this.at(path) });
      else if (item === AFTER_APPLY) unknownItems++;
    }
    if (unknownItems) {
      const linked = this.linked(path, options);
      if ('refs' in linked) {
        // The configuration lists every item; keep the ones the known values do not already give.
        const literal = new Set(items.map((i) => (i.kind === 'id' ? i.id : '')));
        for (const ref of linked.refs) {
          const id = ref.kind === 'id' ? ref.id : ref.kind === 'entity' ? this.ctx.physicalIdOfKey(ref.key) : undefined;
          if (id === undefined || !literal.has(id)) items.push(ref);
        }
      } else {
        for (let i = 0; i < unknownItems; i++) items.push(this.unresolvedRef(path, linked.why, linked.expr));
      }
    }
    return { known: true, items, loc: this.at(path) };
  }
}
