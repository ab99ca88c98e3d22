/**
 * Variable type constraints (`type = map(object({ x = optional(string, "d") }))`): converting a
 * given value adds optional attributes with their defaults, as Terraform does before the module
 * reads it. Conversion is lenient: what cannot be converted is passed on unchanged.
 */
import type { Expr } from './syntax.js';
import { isObjectValue, newObject, toBoolValue, toNumberValue, toStringValue, Unknown, type Value } from './values.js';

export type TypeSpec =
  | { kind: 'any' }
  | { kind: 'string' | 'number' | 'bool' }
  | { kind: 'list' | 'set' | 'map'; element: TypeSpec }
  | { kind: 'object'; attributes: Map<string, { type: TypeSpec; optional: boolean; default?: Expr }> }
  | { kind: 'tuple'; elements: TypeSpec[] };

const ANY: TypeSpec = { kind: 'any' };

export function parseType(expr: Expr, depth = 0): TypeSpec {
  if (depth > 32) return ANY;
  if (expr.kind === 'variable') {
    if (expr.name === 'string' || expr.name === 'number' || expr.name === 'bool') return { kind: expr.name };
    return ANY;
  }
  if (expr.kind !== 'call') return ANY;
  const [first] = expr.args;
  switch (expr.name) {
    case 'list':
    case 'set':
    case 'map':
      return { kind: expr.name, element: first ? parseType(first, depth + 1) : ANY };
    case 'tuple':
      return { kind: 'tuple', elements: first?.kind === 'tuple' ? first.items.map((i) => parseType(i, depth + 1)) : [] };
    case 'object': {
      const attributes = new Map<string, { type: TypeSpec; optional: boolean; default?: Expr }>();
      if (first?.kind === 'object') {
        for (const item of first.items) {
          const name =
            item.bareKey ?? (item.key.kind === 'template' && typeof item.key.parts[0] === 'string' ? item.key.parts[0] : undefined);
          if (!name) continue;
          const value = item.value;
          if (value.kind === 'call' && value.name === 'optional') {
            attributes.set(name, {
              type: value.args[0] ? parseType(value.args[0], depth + 1) : ANY,
              optional: true,
              default: value.args[1],
            });
          } else attributes.set(name, { type: parseType(value, depth + 1), optional: false });
        }
      }
      return { kind: 'object', attributes };
    }
    default:
      return ANY;
  }
}

/** Converts a value to a type; `evalDefault` evaluates an optional attribute's default expression. */
export function convert(value: Value, type: TypeSpec, evalDefault: (e: Expr) => Value, depth = 0): Value {
  if (depth > 32 || value instanceof Unknown || value === null) return value;
  switch (type.kind) {
    case 'any':
      return value;
    case 'string': {
      const s = toStringValue(value);
      return s instanceof Unknown ? value : s;
    }
    case 'number': {
      const n = toNumberValue(value);
      return n instanceof Unknown ? value : n;
    }
    case 'bool': {
      const b = toBoolValue(value);
      return b instanceof Unknown ? value : b;
    }
    case 'list':
    case 'set':
      if (Array.isArray(value)) return value.map((v) => convert(v, type.element, evalDefault, depth + 1));
      return value;
    case 'tuple':
      if (Array.isArray(value)) return value.map((v, i) => convert(v, type.elements[i] ?? ANY, evalDefault, depth + 1));
      return value;
    case 'map': {
      if (!isObjectValue(value)) return value;
      const out = newObject();
      for (const [k, v] of Object.entries(value)) out[k] = convert(v, type.element, evalDefault, depth + 1);
      return out;
    }
    case 'object': {
      if (!isObjectValue(value)) return value;
      const out = newObject();
      for (const [k, v] of Object.entries(value)) {
        const attribute = type.attributes.get(k);
        out[k] = attribute ? convert(v, attribute.type, evalDefault, depth + 1) : v;
      }
      for (const [name, attribute] of type.attributes) {
        if (name in out) continue;
        if (attribute.optional)
          out[name] = attribute.default ? convert(evalDefault(attribute.default), attribute.type, evalDefault, depth + 1) : null;
      }
      return out;
    }
  }
}
