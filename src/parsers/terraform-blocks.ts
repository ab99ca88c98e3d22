/**
 * Fields of nested blocks (security-group rules, routes) read either from known plan values or,
 * when the block set is unknown until apply, from the configuration's block expressions.
 */
import { known, unknown, type Loc, type Ref, type Val } from '../model/types.js';
import { AFTER_APPLY, isExpression, isObject, type PlanResource, type ReferenceResolver } from './terraform-refs.js';

export interface BlockFields {
  string(name: string): Val<string> | undefined;
  number(name: string): Val<number> | undefined;
  boolean(name: string): Val<boolean> | undefined;
  /** Literal strings of a list field; unknown when the list is. */
  strings(name: string): Val<string[]> | undefined;
  /** References of an ID or ID-list field. */
  refs(name: string): { refs: Ref[]; expr?: string } | undefined;
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

/**
 * The blocks of a nested set (e.g. `ingress`): from values when fully known, else from the
 * configuration. Undefined when neither can tell.
 */
export function blockFieldsList(resource: PlanResource, name: string, resolver: ReferenceResolver, loc: Loc): BlockFields[] | undefined {
  const value = resource.values[name];
  const hasUnknown = (v: unknown, depth = 0): boolean =>
    v === AFTER_APPLY ||
    (depth < 32 &&
      ((Array.isArray(v) && v.some((x) => hasUnknown(x, depth + 1))) ||
        (isObject(v) && Object.values(v).some((x) => hasUnknown(x, depth + 1)))));
  if (Array.isArray(value) && !hasUnknown(value)) {
    return value.filter(isObject).map((b) => valueFields(b, loc));
  }
  if ((value === null || value === undefined) && !resource.config) return [];
  if (!resource.config) return undefined;
  const blocks = resource.config.expressions[name];
  // No block in the configuration: the set is computed by AWS and holds no declared rule.
  // (Blocks made by `dynamic` are not in the plan's configuration.)
  if (blocks === undefined) return value === null || value === undefined || value === AFTER_APPLY ? [] : undefined;
  if (Array.isArray(blocks)) return blocks.filter(isObject).map((b) => configFields(b, resource, resolver, loc));
  return undefined;
}
