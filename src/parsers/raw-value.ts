/** Parsed YAML/JSON values → RawValue trees with the location of every key and value (HP008 input). */
import type { Loc, RawMember, RawValue } from '../model/types.js';
import type { YamlSource } from './yaml-source.js';

/** Deeper trees are not checked (the request shapes nest far less). */
const MAX_DEPTH = 32;

/** Decides, for a value, why it cannot be known statically (undefined: it is a literal). */
export type UnknownOf = (value: unknown, loc: Loc) => string | undefined;

/** Shell/envsubst/Jinja placeholders in spec templates (`$SUBNET_ID`, `${SG}`, `{{ role }}`, `<your-role>`). */
const PLACEHOLDER = /\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\{\{[^}]*\}\}|^<[^<>]+>$/;

export const specPlaceholder: UnknownOf = (value) =>
  typeof value === 'string' && PLACEHOLDER.test(value) ? `"${value}" is a template placeholder` : undefined;

export function rawValue(
  src: YamlSource,
  value: unknown,
  loc: Loc,
  unknownOf: UnknownOf,
  skipKey?: (key: string) => boolean,
  depth = 0,
): RawValue {
  const reason = unknownOf(value, loc);
  if (reason !== undefined) return { kind: 'unknown', loc, reason };
  if (depth > MAX_DEPTH) return { kind: 'unknown', loc, reason: 'nested too deeply to check' };
  if (Array.isArray(value)) {
    return {
      kind: 'list',
      loc,
      items: value.map((item, i) => rawValue(src, item, src.locOf(value, i) ?? loc, unknownOf, undefined, depth + 1)),
    };
  }
  if (value !== null && typeof value === 'object') {
    const members: RawMember[] = [];
    for (const key of Object.keys(value)) {
      if (skipKey?.(key)) continue;
      const keyLoc = src.keyLocOf(value, key) ?? loc;
      const child = (value as Record<string, unknown>)[key];
      members.push({ key, keyLoc, value: rawValue(src, child, src.locOf(value, key) ?? keyLoc, unknownOf, undefined, depth + 1) });
    }
    return { kind: 'object', loc, members };
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null)
    return { kind: 'scalar', loc, value };
  return { kind: 'unknown', loc, reason: `a ${typeof value} value` };
}
