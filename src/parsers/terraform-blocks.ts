/**
 * Fields of nested blocks (security-group rules, routes) read either from known plan values or,
 * when the block set is unknown until apply, from the configuration's block expressions.
 */
import { known, unknown, type EntityType, type Loc, type Ref, type Val } from '../model/types.js';
import { AFTER_APPLY, isExpression, isObject, type PlanResource, type ReferenceResolver } from './terraform-refs.js';
import { focusResolution, type ReaderContext } from './terraform-values.js';

export interface BlockFields {
  string(name: string): Val<string> | undefined;
  number(name: string): Val<number> | undefined;
  boolean(name: string): Val<boolean> | undefined;
  /** Literal strings of a list field; unknown when the list is. */
  strings(name: string): Val<string[]> | undefined;
  /** References of an ID or ID-list field. */
  refs(name: string): { refs: Ref[]; expr?: string } | undefined;
  /** Where the block is written (Terraform source: its own line). */
  loc?: Loc;
}

/** Fields of a block whose values are all known. */
export function valueFields(block: Record<string, unknown>, loc: Loc): BlockFields {
  const get = (name: string): unknown => block[name];
  return {
    string(name) {
      const v = get(name);
      return typeof v === 'string' || typeof v === 'number' ? known(String(v), loc) : undefined;
    },
    number(name) {
      const v = get(name);
      if (typeof v === 'number') return known(v, loc);
      if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return known(Number(v), loc);
      return undefined;
    },
    boolean(name) {
      const v = get(name);
      return typeof v === 'boolean' ? known(v, loc) : undefined;
    },
    strings(name) {
      const v = get(name);
      if (typeof v === 'string') return known(v ? [v] : [], loc);
      if (!Array.isArray(v)) return undefined;
      return known(
        v.filter((s): s is string => typeof s === 'string' && s !== ''),
        loc,
      );
    },
    refs(name) {
      const v = get(name);
      const ids = typeof v === 'string' ? [v] : Array.isArray(v) ? v : [];
      const refs = ids.filter((s): s is string => typeof s === 'string' && s !== '').map((id): Ref => ({ kind: 'id', id, loc }));
      return refs.length ? { refs } : undefined;
    },
  };
}

/** Fields of a configuration block (`{name: {constant_value} | {references}}`). */
export function configFields(block: Record<string, unknown>, resource: PlanResource, resolver: ReferenceResolver, loc: Loc): BlockFields {
  const constant = (name: string): { value: unknown } | 'references' | undefined => {
    const e = block[name];
    if (!isExpression(e)) return undefined;
    if ('constant_value' in e) return { value: e.constant_value };
    return 'references';
  };
  const dependsOn = (name: string): string => `${resource.address} ${name} depends on values known only after apply`;
  return {
    string(name) {
      const c = constant(name);
      if (c === 'references') return unknown(dependsOn(name), loc);
      if (!c || c.value === null || c.value === undefined) return undefined;
      return typeof c.value === 'string' || typeof c.value === 'number' ? known(String(c.value), loc) : undefined;
    },
    number(name) {
      const c = constant(name);
      if (c === 'references') return unknown(dependsOn(name), loc);
      if (!c) return undefined;
      if (typeof c.value === 'number') return known(c.value, loc);
      if (typeof c.value === 'string' && /^-?\d+$/.test(c.value.trim())) return known(Number(c.value), loc);
      return undefined;
    },
    boolean(name) {
      const c = constant(name);
      if (c === 'references') return unknown(dependsOn(name), loc);
      return c && typeof c.value === 'boolean' ? known(c.value, loc) : undefined;
    },
    strings(name) {
      const c = constant(name);
      if (c === 'references') return unknown(dependsOn(name), loc);
      if (!c) return undefined;
      const list = typeof c.value === 'string' ? [c.value] : Array.isArray(c.value) ? c.value : [];
      return known(
        list.filter((s): s is string => typeof s === 'string' && s !== ''),
        loc,
      );
    },
    refs(name) {
      const e = block[name];
      if (!isExpression(e)) return undefined;
      const r = resolver.resolveExpression(e, resource.module);
      if (r.unresolved.length) {
        return {
          refs: [{ kind: 'unknown', reason: r.unresolved.map((u) => u.reason).join('; '), loc, expr: r.expr }],
          expr: r.expr,
        };
      }
      const refs: Ref[] = [
        ...r.keys.map((key): Ref => ({ kind: 'entity', key, loc })),
        ...r.literals.filter((s) => s !== '').map((id): Ref => ({ kind: 'id', id, loc })),
      ];
      return refs.length ? { refs, expr: r.expr } : undefined;
    },
  };
}

/** Entity types an ID field of a rule or route block points to. */
const FIELD_TYPES: Record<string, EntityType[]> = {
  nat_gateway_id: ['NatGateway'],
  gateway_id: ['InternetGateway'],
  vpc_endpoint_id: ['VpcEndpoint'],
  security_groups: ['SecurityGroup'],
  source_security_group_id: ['SecurityGroup'],
  destination_security_group_id: ['SecurityGroup'],
};

const hasUnknown = (v: unknown, depth = 0): boolean =>
  v === AFTER_APPLY ||
  (depth < 32 &&
    ((Array.isArray(v) && v.some((x) => hasUnknown(x, depth + 1))) ||
      (isObject(v) && Object.values(v).some((x) => hasUnknown(x, depth + 1)))));

/**
 * Fields of a block whose values are partly known only after apply, when the configuration gives
 * the whole set as one expression (attributes-as-blocks such as `route` or `ingress` written as
 * blocks still show as one expression in plan JSON). Unknown ID fields are linked through that
 * expression's references of the field's entity type, unless several blocks need the same field.
 */
function mixedFields(
  block: Record<string, unknown>,
  resource: PlanResource,
  setName: string,
  ctx: ReaderContext,
  loc: Loc,
  sharedFields: ReadonlySet<string>,
): BlockFields {
  const known_ = valueFields(block, loc);
  const afterApply = (name: string): string => `${resource.address} ${setName} ${name} is known only after apply`;
  const isUnknown = (name: string): boolean => hasUnknown(block[name]);
  return {
    string: (name) => (isUnknown(name) ? unknown(afterApply(name), loc) : known_.string(name)),
    number: (name) => (isUnknown(name) ? unknown(afterApply(name), loc) : known_.number(name)),
    boolean: (name) => (isUnknown(name) ? unknown(afterApply(name), loc) : known_.boolean(name)),
    strings: (name) => (isUnknown(name) ? unknown(afterApply(name), loc) : known_.strings(name)),
    refs(name) {
      if (!isUnknown(name)) return known_.refs(name);
      const literal = known_.refs(name)?.refs ?? [];
      const fail = (why: string): { refs: Ref[] } => ({
        refs: [...literal, { kind: 'unknown', reason: `${afterApply(name)}: ${why}`, loc }],
      });
      const types = FIELD_TYPES[name];
      if (!types) return fail('the field is not linked to entities');
      if (sharedFields.has(name)) return fail(`several ${setName} blocks need it and the expression does not tell which is which`);
      const resolution = ctx.resolver.resolveAttribute(resource, [setName]);
      if (!resolution) return fail('the configuration gives no expression for it');
      const focused = focusResolution(resolution, types, ctx);
      if (focused.unresolved.length) return fail(focused.unresolved.map((u) => u.reason).join('; '));
      const refs: Ref[] = [
        ...literal,
        ...focused.keys.map((key): Ref => ({ kind: 'entity', key, loc })),
        ...focused.literals.map((id): Ref => ({ kind: 'id', id, loc })),
      ];
      return refs.length > literal.length ? { refs, expr: focused.expr } : fail('its references lead to nothing in the plan');
    },
  };
}

/**
 * The blocks of a nested set (e.g. `ingress`): from values when fully known, else from the
 * configuration. Undefined when neither can tell.
 */
export function blockFieldsList(resource: PlanResource, name: string, ctx: ReaderContext, loc: Loc): BlockFields[] | undefined {
  const value = resource.values[name];
  // Terraform source knows the line of each block; a plan has the resource's only.
  const at = (i: number): Loc => resource.attributeLoc?.([name, i]) ?? loc;
  const located = (fields: BlockFields, i: number): BlockFields => ({ ...fields, loc: at(i) });
  if (Array.isArray(value) && !hasUnknown(value)) {
    return value.filter(isObject).map((b, i) => located(valueFields(b, at(i)), i));
  }
  if ((value === null || value === undefined) && !resource.config) return [];
  if (!resource.config) return undefined;
  const blocks = resource.config.expressions[name];
  // No block in the configuration: the set is computed by AWS and holds no declared rule.
  // (Blocks made by `dynamic` are not in the plan's configuration.)
  if (blocks === undefined) return value === null || value === undefined || value === AFTER_APPLY ? [] : undefined;
  if (Array.isArray(blocks)) return blocks.filter(isObject).map((b, i) => located(configFields(b, resource, ctx.resolver, at(i)), i));
  if (isExpression(blocks) && Array.isArray(value) && value.every(isObject)) {
    const counts = new Map<string, number>();
    for (const block of value) {
      for (const [field, v] of Object.entries(block)) if (hasUnknown(v)) counts.set(field, (counts.get(field) ?? 0) + 1);
    }
    const shared = new Set([...counts].filter(([, n]) => n > 1).map(([field]) => field));
    return value.map((b, i) => located(mixedFields(b, resource, name, ctx, at(i), shared), i));
  }
  return undefined;
}
