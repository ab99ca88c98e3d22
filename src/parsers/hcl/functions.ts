/**
 * Terraform built-in functions the static evaluator knows (the ones HyperPod modules use).
 * Semantics follow the Terraform language documentation of each function; anything else is
 * Unknown with the function's name, never an error. `try` and `can` are in the evaluator (lazy).
 */
import {
  elementsOf,
  equalValues,
  fromJson,
  isObjectValue,
  mergeUnknowns,
  newObject,
  objectFrom,
  toBoolValue,
  toJson,
  toNumberValue,
  toStringValue,
  typeName,
  Unknown,
  unknown,
  unknownsIn,
  wholly,
  type ObjectValue,
  type Value,
} from './values.js';

type Fn = (args: Value[]) => Value;

class FnError extends Error {}

const fail = (message: string): never => {
  throw new FnError(message);
};

function str(v: Value): string {
  const s = toStringValue(v);
  if (s instanceof Unknown) throw s;
  return s;
}
function num(v: Value): number {
  const n = toNumberValue(v);
  if (n instanceof Unknown) throw n;
  return n;
}
function bool(v: Value): boolean {
  const b = toBoolValue(v);
  if (b instanceof Unknown) throw b;
  return b;
}
function list(v: Value): Value[] {
  if (v instanceof Unknown) throw v;
  if (Array.isArray(v)) return v;
  return fail(`a ${typeName(v)} is not a list`);
}
function obj(v: Value): ObjectValue {
  if (v instanceof Unknown) throw v;
  if (isObjectValue(v)) return v;
  return fail(`a ${typeName(v)} is not a map or object`);
}
function collection(v: Value): Value[] {
  const e = elementsOf(v);
  if (e instanceof Unknown) throw e;
  return e;
}
/** Requires the whole value known (no Unknown inside). */
function whole(v: Value): Value {
  const w = wholly(v);
  if (w instanceof Unknown) throw w;
  return w;
}

function distinct(items: Value[]): Value[] {
  const out: Value[] = [];
  for (const item of items) {
    let seen = false;
    for (const o of out) {
      const eq = equalValues(o, item);
      if (eq instanceof Unknown) throw eq;
      if (eq) {
        seen = true;
        break;
      }
    }
    if (!seen) out.push(item);
  }
  return out;
}

/** A set: distinct elements; all-string sets in lexical order (Terraform's set ordering). */
function toSet(items: Value[]): Value[] {
  const out = distinct(items.map(whole));
  if (out.every((v) => typeof v === 'string')) (out as string[]).sort();
  return out;
}

// --- CIDR arithmetic (IPv4 and IPv6, with BigInt)

interface Prefix {
  v6: boolean;
  address: bigint;
  bits: number;
}

function parseIp(text: string): { v6: boolean; value: bigint } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const parts = text.split('.').map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return { v6: false, value: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n) };
  }
  if (!text.includes(':')) return undefined;
  const [head, tail, extra] = text.split('::');
  if (extra !== undefined) return undefined;
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  if (tail === undefined ? headGroups.length !== 8 : missing < 1) return undefined;
  const groups = [...headGroups, ...new Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailGroups];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return { v6: true, value: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n) };
}

function parsePrefix(text: string): Prefix {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
  const ip = m ? parseIp(m[1]!) : undefined;
  if (!m || !ip) return fail(`"${text}" is not a CIDR prefix`);
  const bits = Number(m[2]);
  const width = ip.v6 ? 128 : 32;
  if (bits > width) fail(`"${text}" has a prefix length over ${width}`);
  const mask = ((1n << BigInt(width)) - 1n) ^ ((1n << BigInt(width - bits)) - 1n);
  return { v6: ip.v6, address: ip.value & mask, bits };
}

function formatIp(v6: boolean, value: bigint): string {
  if (!v6) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((value >> BigInt(i * 16)) & 0xffffn).toString(16));
  // Longest run of zero groups becomes '::' (RFC 5952).
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

function cidrsubnet(prefixText: string, newbits: number, netnum: number): string {
  const p = parsePrefix(prefixText);
  const width = p.v6 ? 128 : 32;
  if (!Number.isInteger(newbits) || newbits < 0 || p.bits + newbits > width) fail(`cannot add ${newbits} bits to /${p.bits}`);
  if (!Number.isInteger(netnum) || netnum < 0 || BigInt(netnum) >= 1n << BigInt(newbits)) {
    fail(`netnum ${netnum} does not fit in ${newbits} bits`);
  }
  const bits = p.bits + newbits;
  const address = p.address | (BigInt(netnum) << BigInt(width - bits));
  return `${formatIp(p.v6, address)}/${bits}`;
}

function cidrhost(prefixText: string, hostnum: number): string {
  const p = parsePrefix(prefixText);
  const width = p.v6 ? 128 : 32;
  const size = 1n << BigInt(width - p.bits);
  let n = BigInt(Math.trunc(hostnum));
  if (n < 0n) n += size;
  if (n < 0n || n >= size) fail(`host number ${hostnum} does not fit in /${p.bits}`);
  return formatIp(p.v6, p.address + n);
}

// --- format

function formatVerb(verb: string, v: Value): string {
  switch (verb) {
    case 'd':
      return String(Math.trunc(num(v)));
    case 'f':
      return num(v).toFixed(6);
    case 'q':
      return JSON.stringify(str(v));
    case 't':
      return String(bool(v));
    case 'v':
    case 's':
      if (verb === 'v' && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return JSON.stringify(toJson(whole(v)));
      return str(v);
    default:
      return fail(`format verb %${verb} is not supported`);
  }
}

function format(spec: string, args: Value[]): string {
  let next = 0;
  return spec.replace(
    /%(%|(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d+)?([a-zA-Z]))/g,
    (match, _all, position: string | undefined, verb: string | undefined) => {
      if (match === '%%') return '%';
      const index = position ? Number(position) - 1 : next;
      next = index + 1;
      if (index >= args.length) fail('format has more verbs than arguments');
      return formatVerb(verb!, args[index]!);
    },
  );
}

// --- the table

const FUNCTIONS: Record<string, Fn> = {
  merge: (args) => {
    const out = newObject();
    for (const a of args) {
      if (a === null) continue;
      for (const [k, v] of Object.entries(obj(a))) out[k] = v;
    }
    return out;
  },
  concat: (args) => args.flatMap((a) => list(a)),
  distinct: ([a]) => distinct(list(a!)),
  flatten: ([a]) => {
    const out: Value[] = [];
    const walk = (v: Value, depth: number): void => {
      if (depth > 64) fail('flatten nests too deeply');
      if (v instanceof Unknown) throw v;
      if (Array.isArray(v)) for (const x of v) walk(x, depth + 1);
      else out.push(v);
    };
    for (const x of list(a!)) walk(x, 0);
    return out;
  },
  length: ([a]) => {
    if (typeof a === 'string') return [...a].length;
    if (a instanceof Unknown) throw a;
    if (Array.isArray(a)) return a.length;
    return Object.keys(obj(a!)).length;
  },
  lookup: ([m, k, d]) => {
    const o = obj(m!);
    const key = str(k!);
    if (Object.prototype.hasOwnProperty.call(o, key)) return o[key]!;
    if (d !== undefined) return d;
    return fail(`lookup: the map has no key "${key}" and no default was given`);
  },
  element: ([l, i]) => {
    const items = list(l!);
    if (!items.length) fail('element: the list is empty');
    const n = Math.trunc(num(i!));
    return items[((n % items.length) + items.length) % items.length]!;
  },
  index: ([l, v]) => {
    const items = list(l!);
    for (let i = 0; i < items.length; i++) {
      const eq = equalValues(items[i]!, v!);
      if (eq instanceof Unknown) throw eq;
      if (eq) return i;
    }
    return fail('index: the value is not in the list');
  },
  coalesce: (args) => {
    for (const a of args) {
      if (a instanceof Unknown) throw a;
      if (a !== null && a !== '') return a;
    }
    return fail('coalesce: no non-null, non-empty argument');
  },
  coalescelist: (args) => {
    for (const a of args) if (list(a).length) return a;
    return fail('coalescelist: every list is empty');
  },
  compact: ([l]) =>
    list(l!).filter((v) => {
      if (v instanceof Unknown) throw v;
      return v !== null && v !== '';
    }),
  contains: ([l, v]) => {
    for (const item of collection(l!)) {
      const eq = equalValues(item, v!);
      if (eq instanceof Unknown) throw eq;
      if (eq) return true;
    }
    return false;
  },
  keys: ([m]) => Object.keys(obj(m!)).sort(),
  values: ([m]) => {
    const o = obj(m!);
    return Object.keys(o)
      .sort()
      .map((k) => o[k]!);
  },
  zipmap: ([k, v]) => {
    const ks = list(k!).map(str);
    const vs = list(v!);
    if (ks.length !== vs.length) fail('zipmap: the lists differ in length');
    return objectFrom(ks.map((key, i) => [key, vs[i]!]));
  },
  tolist: ([l]) => collection(l!),
  toset: ([l]) => toSet(collection(l!)),
  tomap: ([m]) => obj(m!),
  tostring: ([v]) => (v === null ? null : str(v!)),
  tonumber: ([v]) => (v === null ? null : num(v!)),
  tobool: ([v]) => (v === null ? null : bool(v!)),
  jsonencode: ([v]) => JSON.stringify(toJson(whole(v!)) ?? null),
  jsondecode: ([v]) => {
    try {
      return fromJson(JSON.parse(str(v!)));
    } catch (error) {
      if (error instanceof Unknown) throw error;
      return fail('jsondecode: not valid JSON');
    }
  },
  cidrsubnet: ([p, b, n]) => cidrsubnet(str(p!), num(b!), num(n!)),
  cidrsubnets: ([p, ...bits]) => {
    const prefix = parsePrefix(str(p!));
    const width = prefix.v6 ? 128 : 32;
    const out: string[] = [];
    let cursor = prefix.address;
    for (const b of bits) {
      const newbits = num(b);
      const size = 1n << BigInt(width - prefix.bits - newbits);
      cursor = ((cursor + size - 1n) / size) * size;
      out.push(`${formatIp(prefix.v6, cursor)}/${prefix.bits + newbits}`);
      cursor += size;
    }
    return out;
  },
  cidrhost: ([p, h]) => cidrhost(str(p!), num(h!)),
  cidrnetmask: ([p]) => {
    const prefix = parsePrefix(str(p!));
    if (prefix.v6) fail('cidrnetmask: IPv6 has no netmask');
    return formatIp(false, (0xffffffffn << BigInt(32 - prefix.bits)) & 0xffffffffn);
  },
  format: ([f, ...rest]) => format(str(f!), rest),
  formatlist: ([f, ...rest]) => {
    const lists = rest.filter(Array.isArray);
    const n = lists.length ? (lists[0] as Value[]).length : 1;
    return Array.from({ length: n }, (_, i) =>
      format(
        str(f!),
        rest.map((r) => (Array.isArray(r) ? r[i]! : r)),
      ),
    );
  },
  join: ([sep, ...lists]) => lists.flatMap((l) => list(l).map(str)).join(str(sep!)),
  split: ([sep, s]) => str(s!).split(str(sep!)),
  upper: ([s]) => str(s!).toUpperCase(),
  lower: ([s]) => str(s!).toLowerCase(),
  title: ([s]) => str(s!).replace(/\b\w/g, (c) => c.toUpperCase()),
  trimspace: ([s]) => str(s!).trim(),
  trimprefix: ([s, p]) => (str(s!).startsWith(str(p!)) ? str(s!).slice(str(p!).length) : str(s!)),
  trimsuffix: ([s, p]) => (str(s!).endsWith(str(p!)) && str(p!) ? str(s!).slice(0, -str(p!).length) : str(s!)),
  startswith: ([s, p]) => str(s!).startsWith(str(p!)),
  endswith: ([s, p]) => str(s!).endsWith(str(p!)),
  replace: ([s, from, to]) => {
    const f = str(from!);
    if (f.length > 1 && f.startsWith('/') && f.endsWith('/')) return fail('replace: regular expressions are not evaluated');
    return str(s!).split(f).join(str(to!));
  },
  substr: ([s, o, l]) => {
    const chars = [...str(s!)];
    let offset = Math.trunc(num(o!));
    if (offset < 0) offset += chars.length;
    const length = Math.trunc(num(l!));
    return chars.slice(offset, length < 0 ? undefined : offset + length).join('');
  },
  min: (args) => Math.min(...args.map(num)),
  max: (args) => Math.max(...args.map(num)),
  abs: ([n]) => Math.abs(num(n!)),
  ceil: ([n]) => Math.ceil(num(n!)),
  floor: ([n]) => Math.floor(num(n!)),
  sum: ([l]) => collection(l!).reduce<number>((acc, v) => acc + num(v), 0),
  range: (args) => {
    const n = args.map(num);
    const [start, end, step] = n.length === 1 ? [0, n[0]!, 1] : [n[0]!, n[1]!, n[2] ?? (n[0]! <= n[1]! ? 1 : -1)];
    if (step === 0 || Math.abs((end - start) / step) > 1024) return fail('range: too many elements');
    const out: number[] = [];
    for (let i = start; step > 0 ? i < end : i > end; i += step) out.push(i);
    return out;
  },
  slice: ([l, s, e]) => list(l!).slice(num(s!), num(e!)),
  reverse: ([l]) => [...list(l!)].reverse(),
  sort: ([l]) => list(l!).map(str).sort(),
  one: ([l]) => {
    const items = collection(l!);
    if (items.length > 1) fail('one: more than one element');
    return items.length ? items[0]! : null;
  },
  alltrue: ([l]) => collection(l!).every(bool),
  anytrue: ([l]) => collection(l!).some(bool),
  setunion: (args) => toSet(args.flatMap(collection)),
  setintersection: ([first, ...rest]) => {
    const others = rest.map(collection);
    return toSet(collection(first!).filter((v) => others.every((o) => o.some((x) => equalValues(x, v) === true))));
  },
  setsubtract: ([a, b]) => {
    const remove = collection(b!);
    return toSet(collection(a!).filter((v) => !remove.some((x) => equalValues(x, v) === true)));
  },
  chunklist: ([l, n]) => {
    const items = list(l!);
    const size = Math.trunc(num(n!));
    if (size <= 0) return [items];
    const out: Value[] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    return out;
  },
  base64encode: ([s]) => Buffer.from(str(s!), 'utf8').toString('base64'),
  base64decode: ([s]) => Buffer.from(str(s!), 'base64').toString('utf8'),
};

/** Function names known to exist in Terraform but read from the world outside the configuration. */
const OUTSIDE = new Set(['file', 'fileexists', 'templatefile', 'filebase64', 'fileset', 'timestamp', 'uuid', 'bcrypt', 'plantimestamp']);

export const KNOWN_FUNCTIONS = new Set(Object.keys(FUNCTIONS));

/** Calls a function. Unknown arguments the function needs make the result unknown; errors become Unknown too. */
export function callFunction(name: string, args: Value[]): Value {
  const bare = name.replace(/^provider::[^:]+::/, '');
  const fn = Object.prototype.hasOwnProperty.call(FUNCTIONS, bare) ? FUNCTIONS[bare] : undefined;
  if (!fn) {
    const unknowns = unknownsIn(args);
    const why = OUTSIDE.has(bare) ? `${bare}() reads outside the configuration` : `function ${bare}() is not evaluated statically`;
    return unknowns.length ? mergeUnknowns([unknown(why), ...unknowns]) : unknown(why);
  }
  try {
    return fn(args);
  } catch (error) {
    if (error instanceof Unknown) return error;
    if (error instanceof FnError) return unknown(`${bare}(): ${error.message}`);
    if (error instanceof RangeError) return unknown(`${bare}(): ${error.message}`);
    throw error;
  }
}
