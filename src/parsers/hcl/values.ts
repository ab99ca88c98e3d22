/**
 * Values of the static Terraform evaluator: JSON-like values, plus Unknown (with why, and the
 * resource attributes it stands for) and handles on resource and module instances.
 */

/** A value that cannot be known statically; `refs` are the absolute resource traversals it stands for. */
export class Unknown {
  readonly reasons: string[];
  readonly refs: string[];
  constructor(reasons: string[], refs: string[] = []) {
    this.reasons = reasons;
    this.refs = refs;
  }
  get reason(): string {
    return [...new Set(this.reasons)].slice(0, 3).join('; ');
  }
}

/** A resource or data instance referred to as a whole (`aws_vpc.main`). */
export interface InstanceHandle {
  readonly address: string;
  attribute(name: string): Value;
}

export class InstanceValue {
  readonly instance: InstanceHandle;
  constructor(instance: InstanceHandle) {
    this.instance = instance;
  }
}

/** A module instance referred to as a whole (`module.vpc`). */
export interface ModuleHandle {
  readonly address: string;
  output(name: string): Value;
  outputNames(): string[];
}

export class ModuleValue {
  readonly module: ModuleHandle;
  constructor(module: ModuleHandle) {
    this.module = module;
  }
}

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value } | Unknown | InstanceValue | ModuleValue;

export type ObjectValue = { [key: string]: Value };

export const isObjectValue = (v: Value): v is ObjectValue =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  !(v instanceof Unknown) &&
  !(v instanceof InstanceValue) &&
  !(v instanceof ModuleValue);

/** A fresh object without a prototype, so `__proto__` keys are plain data. */
export const newObject = (): ObjectValue => Object.create(null) as ObjectValue;

export function objectFrom(entries: Iterable<[string, Value]>): ObjectValue {
  const out = newObject();
  for (const [k, v] of entries) out[k] = v;
  return out;
}

export const unknown = (reason: string, refs: string[] = []): Unknown => new Unknown([reason], refs);

/** Merges unknowns (reasons and refs). */
export function mergeUnknowns(list: Unknown[]): Unknown {
  if (list.length === 1) return list[0]!;
  const reasons: string[] = [];
  const refs: string[] = [];
  for (const u of list) {
    for (const r of u.reasons) if (reasons.length < 8 && !reasons.includes(r)) reasons.push(r);
    for (const r of u.refs) if (refs.length < 256 && !refs.includes(r)) refs.push(r);
  }
  return new Unknown(reasons, refs);
}

/** Every Unknown inside a value (instance and module handles count as unknown). */
export function unknownsIn(value: Value, out: Unknown[] = [], depth = 0): Unknown[] {
  if (out.length > 64 || depth > 64) return out;
  if (value instanceof Unknown) out.push(value);
  else if (value instanceof InstanceValue) out.push(unknown(`${value.instance.address} is a whole resource`, [value.instance.address]));
  else if (value instanceof ModuleValue) out.push(unknown(`${value.module.address} is a whole module`));
  else if (Array.isArray(value)) for (const v of value) unknownsIn(v, out, depth + 1);
  else if (isObjectValue(value)) for (const v of Object.values(value)) unknownsIn(v, out, depth + 1);
  return out;
}

/** The value if it holds no Unknown anywhere, else the merged Unknown. */
export function wholly(value: Value): Value {
  const found = unknownsIn(value);
  return found.length ? mergeUnknowns(found) : value;
}

export function typeName(v: Value): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Unknown) return 'unknown';
  if (v instanceof InstanceValue) return 'resource';
  if (v instanceof ModuleValue) return 'module';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** Terraform's string conversion of primitives. */
export function toStringValue(v: Value): string | Unknown {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Unknown) return v;
  return unknown(`a ${typeName(v)} cannot be used as a string`);
}

export function toNumberValue(v: Value): number | Unknown {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(v)) return Number(v);
  if (v instanceof Unknown) return v;
  return unknown(`a ${typeName(v)} is not a number`);
}

export function toBoolValue(v: Value): boolean | Unknown {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  if (v instanceof Unknown) return v;
  return unknown(`a ${typeName(v)} is not a bool`);
}

/** Deep equality for known values (Unknown compares as unknown). */
export function equalValues(a: Value, b: Value): boolean | Unknown {
  if (a instanceof Unknown) return a;
  if (b instanceof Unknown) return b;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const e = equalValues(a[i]!, b[i]!);
      if (e !== true) return e;
    }
    return true;
  }
  if (isObjectValue(a) && isObjectValue(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    for (const k of ka) {
      if (!(k in b)) return false;
      const e = equalValues(a[k]!, b[k]!);
      if (e !== true) return e;
    }
    return true;
  }
  if (a instanceof InstanceValue || b instanceof InstanceValue || a instanceof ModuleValue || b instanceof ModuleValue) {
    return unknown('a whole resource or module is compared');
  }
  return a === b;
}

/** Elements of a collection (list/tuple/set values, or map/object values in key order). */
export function elementsOf(v: Value): Value[] | Unknown {
  if (Array.isArray(v)) return v;
  if (isObjectValue(v))
    return Object.keys(v)
      .sort()
      .map((k) => v[k]!);
  if (v instanceof Unknown) return v;
  return unknown(`a ${typeName(v)} is not a collection`);
}

/** Plain JSON for a known value (for jsonencode and fixtures); undefined when unknown inside. */
export function toJson(v: Value): unknown {
  if (v instanceof Unknown || v instanceof InstanceValue || v instanceof ModuleValue) return undefined;
  if (Array.isArray(v)) return v.map(toJson);
  if (isObjectValue(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort())
      Object.defineProperty(out, k, { value: toJson(v[k]!), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

export function fromJson(v: unknown, depth = 0): Value {
  if (depth > 128) return unknown('JSON nests too deeply');
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return v;
  if (Array.isArray(v)) return v.map((x) => fromJson(x, depth + 1));
  if (typeof v === 'object') {
    const out = newObject();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = fromJson(x, depth + 1);
    return out;
  }
  return null;
}
