export const id = 140;
export const ids = [140];
export const modules = {

/***/ 5140:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  readTerraformSources: () => (/* binding */ readTerraformSources)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/model/types.ts
var types = __webpack_require__(440);
// EXTERNAL MODULE: ./src/parsers/terraform.ts + 4 modules
var terraform = __webpack_require__(1540);
// EXTERNAL MODULE: ./src/parsers/terraform-refs.ts
var terraform_refs = __webpack_require__(7735);
// EXTERNAL MODULE: ./src/parsers/terraform-values.ts
var terraform_values = __webpack_require__(6019);
;// CONCATENATED MODULE: ./src/parsers/hcl/values.ts
/**
 * Values of the static Terraform evaluator: JSON-like values, plus Unknown (with why, and the
 * resource attributes it stands for) and handles on resource and module instances.
 */
/** A value that cannot be known statically; `refs` are the absolute resource traversals it stands for. */
class Unknown {
    reasons;
    refs;
    constructor(reasons, refs = []) {
        this.reasons = reasons;
        this.refs = refs;
    }
    get reason() {
        return [...new Set(this.reasons)].slice(0, 3).join('; ');
    }
}
class InstanceValue {
    instance;
    constructor(instance) {
        this.instance = instance;
    }
}
class ModuleValue {
    module;
    constructor(module) {
        this.module = module;
    }
}
const isObjectValue = (v) => typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof Unknown) &&
    !(v instanceof InstanceValue) &&
    !(v instanceof ModuleValue);
/** A fresh object without a prototype, so `__proto__` keys are plain data. */
const newObject = () => Object.create(null);
function objectFrom(entries) {
    const out = newObject();
    for (const [k, v] of entries)
        out[k] = v;
    return out;
}
const unknown = (reason, refs = []) => new Unknown([reason], refs);
/** Merges unknowns (reasons and refs). */
function mergeUnknowns(list) {
    if (list.length === 1)
        return list[0];
    const reasons = [];
    const refs = [];
    for (const u of list) {
        for (const r of u.reasons)
            if (reasons.length < 8 && !reasons.includes(r))
                reasons.push(r);
        for (const r of u.refs)
            if (refs.length < 256 && !refs.includes(r))
                refs.push(r);
    }
    return new Unknown(reasons, refs);
}
/** Every Unknown inside a value (instance and module handles count as unknown). */
function unknownsIn(value, out = [], depth = 0) {
    if (out.length > 64 || depth > 64)
        return out;
    if (value instanceof Unknown)
        out.push(value);
    else if (value instanceof InstanceValue)
        out.push(unknown(`${value.instance.address} is a whole resource`, [value.instance.address]));
    else if (value instanceof ModuleValue)
        out.push(unknown(`${value.module.address} is a whole module`));
    else if (Array.isArray(value))
        for (const v of value)
            unknownsIn(v, out, depth + 1);
    else if (isObjectValue(value))
        for (const v of Object.values(value))
            unknownsIn(v, out, depth + 1);
    return out;
}
/** The value if it holds no Unknown anywhere, else the merged Unknown. */
function wholly(value) {
    const found = unknownsIn(value);
    return found.length ? mergeUnknowns(found) : value;
}
function typeName(v) {
    if (v === null)
        return 'null';
    if (Array.isArray(v))
        return 'list';
    if (v instanceof Unknown)
        return 'unknown';
    if (v instanceof InstanceValue)
        return 'resource';
    if (v instanceof ModuleValue)
        return 'module';
    return typeof v === 'object' ? 'object' : typeof v;
}
/** Terraform's string conversion of primitives. */
function toStringValue(v) {
    if (typeof v === 'string')
        return v;
    if (typeof v === 'number')
        return String(v);
    if (typeof v === 'boolean')
        return v ? 'true' : 'false';
    if (v instanceof Unknown)
        return v;
    return unknown(`a ${typeName(v)} cannot be used as a string`);
}
function toNumberValue(v) {
    if (typeof v === 'number')
        return v;
    if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(v))
        return Number(v);
    if (v instanceof Unknown)
        return v;
    return unknown(`a ${typeName(v)} is not a number`);
}
function toBoolValue(v) {
    if (typeof v === 'boolean')
        return v;
    if (v === 'true' || v === 'false')
        return v === 'true';
    if (v instanceof Unknown)
        return v;
    return unknown(`a ${typeName(v)} is not a bool`);
}
/** Deep equality for known values (Unknown compares as unknown). */
function equalValues(a, b) {
    if (a instanceof Unknown)
        return a;
    if (b instanceof Unknown)
        return b;
    if (Array.isArray(a) && Array.isArray(b)) {
        if (a.length !== b.length)
            return false;
        for (let i = 0; i < a.length; i++) {
            const e = equalValues(a[i], b[i]);
            if (e !== true)
                return e;
        }
        return true;
    }
    if (isObjectValue(a) && isObjectValue(b)) {
        const ka = Object.keys(a);
        if (ka.length !== Object.keys(b).length)
            return false;
        for (const k of ka) {
            if (!(k in b))
                return false;
            const e = equalValues(a[k], b[k]);
            if (e !== true)
                return e;
        }
        return true;
    }
    if (a instanceof InstanceValue || b instanceof InstanceValue || a instanceof ModuleValue || b instanceof ModuleValue) {
        return unknown('a whole resource or module is compared');
    }
    return a === b;
}
/** Elements of a collection (list/tuple/set values, or map/object values in key order). */
function elementsOf(v) {
    if (Array.isArray(v))
        return v;
    if (isObjectValue(v))
        return Object.keys(v)
            .sort()
            .map((k) => v[k]);
    if (v instanceof Unknown)
        return v;
    return unknown(`a ${typeName(v)} is not a collection`);
}
/** Plain JSON for a known value (for jsonencode and fixtures); undefined when unknown inside. */
function toJson(v) {
    if (v instanceof Unknown || v instanceof InstanceValue || v instanceof ModuleValue)
        return undefined;
    if (Array.isArray(v))
        return v.map(toJson);
    if (isObjectValue(v)) {
        const out = {};
        for (const k of Object.keys(v).sort())
            Object.defineProperty(out, k, { value: toJson(v[k]), enumerable: true, writable: true, configurable: true });
        return out;
    }
    return v;
}
function fromJson(v, depth = 0) {
    if (depth > 128)
        return unknown('JSON nests too deeply');
    if (v === null || typeof v === 'string' || typeof v === 'boolean')
        return v;
    if (typeof v === 'number')
        return v;
    if (Array.isArray(v))
        return v.map((x) => fromJson(x, depth + 1));
    if (typeof v === 'object') {
        const out = newObject();
        for (const [k, x] of Object.entries(v))
            out[k] = fromJson(x, depth + 1);
        return out;
    }
    return null;
}

;// CONCATENATED MODULE: ./src/parsers/hcl/functions.ts
/**
 * Terraform built-in functions the static evaluator knows (the ones HyperPod modules use).
 * Semantics follow the Terraform language documentation of each function; anything else is
 * Unknown with the function's name, never an error. `try` and `can` are in the evaluator (lazy).
 */

class FnError extends Error {
}
const fail = (message) => {
    throw new FnError(message);
};
function str(v) {
    const s = toStringValue(v);
    if (s instanceof Unknown)
        throw s;
    return s;
}
function num(v) {
    const n = toNumberValue(v);
    if (n instanceof Unknown)
        throw n;
    return n;
}
function bool(v) {
    const b = toBoolValue(v);
    if (b instanceof Unknown)
        throw b;
    return b;
}
function list(v) {
    if (v instanceof Unknown)
        throw v;
    if (Array.isArray(v))
        return v;
    return fail(`a ${typeName(v)} is not a list`);
}
function obj(v) {
    if (v instanceof Unknown)
        throw v;
    if (isObjectValue(v))
        return v;
    return fail(`a ${typeName(v)} is not a map or object`);
}
function collection(v) {
    const e = elementsOf(v);
    if (e instanceof Unknown)
        throw e;
    return e;
}
/** Requires the whole value known (no Unknown inside). */
function whole(v) {
    const w = wholly(v);
    if (w instanceof Unknown)
        throw w;
    return w;
}
function distinct(items) {
    const out = [];
    for (const item of items) {
        let seen = false;
        for (const o of out) {
            const eq = equalValues(o, item);
            if (eq instanceof Unknown)
                throw eq;
            if (eq) {
                seen = true;
                break;
            }
        }
        if (!seen)
            out.push(item);
    }
    return out;
}
/** A set: distinct elements; all-string sets in lexical order (Terraform's set ordering). */
function toSet(items) {
    const out = distinct(items.map(whole));
    if (out.every((v) => typeof v === 'string'))
        out.sort();
    return out;
}
function parseIp(text) {
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
        const parts = text.split('.').map(Number);
        if (parts.some((p) => p > 255))
            return undefined;
        return { v6: false, value: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n) };
    }
    if (!text.includes(':'))
        return undefined;
    const [head, tail, extra] = text.split('::');
    if (extra !== undefined)
        return undefined;
    const headGroups = head ? head.split(':') : [];
    const tailGroups = tail !== undefined && tail !== '' ? tail.split(':') : [];
    const missing = 8 - headGroups.length - tailGroups.length;
    if (tail === undefined ? headGroups.length !== 8 : missing < 1)
        return undefined;
    const groups = [...headGroups, ...new Array(tail === undefined ? 0 : missing).fill('0'), ...tailGroups];
    if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g)))
        return undefined;
    return { v6: true, value: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n) };
}
function parsePrefix(text) {
    const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
    const ip = m ? parseIp(m[1]) : undefined;
    if (!m || !ip)
        return fail(`"${text}" is not a CIDR prefix`);
    const bits = Number(m[2]);
    const width = ip.v6 ? 128 : 32;
    if (bits > width)
        fail(`"${text}" has a prefix length over ${width}`);
    const mask = ((1n << BigInt(width)) - 1n) ^ ((1n << BigInt(width - bits)) - 1n);
    return { v6: ip.v6, address: ip.value & mask, bits };
}
function formatIp(v6, value) {
    if (!v6)
        return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
    const groups = [];
    for (let i = 7; i >= 0; i--)
        groups.push(((value >> BigInt(i * 16)) & 0xffffn).toString(16));
    // Longest run of zero groups becomes '::' (RFC 5952).
    let best = -1;
    let bestLen = 0;
    for (let i = 0; i < 8;) {
        if (groups[i] !== '0') {
            i++;
            continue;
        }
        let j = i;
        while (j < 8 && groups[j] === '0')
            j++;
        if (j - i > bestLen && j - i > 1) {
            best = i;
            bestLen = j - i;
        }
        i = j;
    }
    if (best < 0)
        return groups.join(':');
    return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}
function cidrsubnet(prefixText, newbits, netnum) {
    const p = parsePrefix(prefixText);
    const width = p.v6 ? 128 : 32;
    if (!Number.isInteger(newbits) || newbits < 0 || p.bits + newbits > width)
        fail(`cannot add ${newbits} bits to /${p.bits}`);
    if (!Number.isInteger(netnum) || netnum < 0 || BigInt(netnum) >= 1n << BigInt(newbits)) {
        fail(`netnum ${netnum} does not fit in ${newbits} bits`);
    }
    const bits = p.bits + newbits;
    const address = p.address | (BigInt(netnum) << BigInt(width - bits));
    return `${formatIp(p.v6, address)}/${bits}`;
}
function cidrhost(prefixText, hostnum) {
    const p = parsePrefix(prefixText);
    const width = p.v6 ? 128 : 32;
    const size = 1n << BigInt(width - p.bits);
    let n = BigInt(Math.trunc(hostnum));
    if (n < 0n)
        n += size;
    if (n < 0n || n >= size)
        fail(`host number ${hostnum} does not fit in /${p.bits}`);
    return formatIp(p.v6, p.address + n);
}
// --- format
function formatVerb(verb, v) {
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
            if (verb === 'v' && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
                return JSON.stringify(toJson(whole(v)));
            return str(v);
        default:
            return fail(`format verb %${verb} is not supported`);
    }
}
function format(spec, args) {
    let next = 0;
    return spec.replace(/%(%|(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d+)?([a-zA-Z]))/g, (match, _all, position, verb) => {
        if (match === '%%')
            return '%';
        const index = position ? Number(position) - 1 : next;
        next = index + 1;
        if (index >= args.length)
            fail('format has more verbs than arguments');
        return formatVerb(verb, args[index]);
    });
}
// --- the table
const FUNCTIONS = {
    merge: (args) => {
        const out = newObject();
        for (const a of args) {
            if (a === null)
                continue;
            for (const [k, v] of Object.entries(obj(a)))
                out[k] = v;
        }
        return out;
    },
    concat: (args) => args.flatMap((a) => list(a)),
    distinct: ([a]) => distinct(list(a)),
    flatten: ([a]) => {
        const out = [];
        const walk = (v, depth) => {
            if (depth > 64)
                fail('flatten nests too deeply');
            if (v instanceof Unknown)
                throw v;
            if (Array.isArray(v))
                for (const x of v)
                    walk(x, depth + 1);
            else
                out.push(v);
        };
        for (const x of list(a))
            walk(x, 0);
        return out;
    },
    length: ([a]) => {
        if (typeof a === 'string')
            return [...a].length;
        if (a instanceof Unknown)
            throw a;
        if (Array.isArray(a))
            return a.length;
        return Object.keys(obj(a)).length;
    },
    lookup: ([m, k, d]) => {
        const o = obj(m);
        const key = str(k);
        if (Object.prototype.hasOwnProperty.call(o, key))
            return o[key];
        if (d !== undefined)
            return d;
        return fail(`lookup: the map has no key "${key}" and no default was given`);
    },
    element: ([l, i]) => {
        const items = list(l);
        if (!items.length)
            fail('element: the list is empty');
        const n = Math.trunc(num(i));
        return items[((n % items.length) + items.length) % items.length];
    },
    index: ([l, v]) => {
        const items = list(l);
        for (let i = 0; i < items.length; i++) {
            const eq = equalValues(items[i], v);
            if (eq instanceof Unknown)
                throw eq;
            if (eq)
                return i;
        }
        return fail('index: the value is not in the list');
    },
    coalesce: (args) => {
        for (const a of args) {
            if (a instanceof Unknown)
                throw a;
            if (a !== null && a !== '')
                return a;
        }
        return fail('coalesce: no non-null, non-empty argument');
    },
    coalescelist: (args) => {
        for (const a of args)
            if (list(a).length)
                return a;
        return fail('coalescelist: every list is empty');
    },
    compact: ([l]) => list(l).filter((v) => {
        if (v instanceof Unknown)
            throw v;
        return v !== null && v !== '';
    }),
    contains: ([l, v]) => {
        for (const item of collection(l)) {
            const eq = equalValues(item, v);
            if (eq instanceof Unknown)
                throw eq;
            if (eq)
                return true;
        }
        return false;
    },
    keys: ([m]) => Object.keys(obj(m)).sort(),
    values: ([m]) => {
        const o = obj(m);
        return Object.keys(o)
            .sort()
            .map((k) => o[k]);
    },
    zipmap: ([k, v]) => {
        const ks = list(k).map(str);
        const vs = list(v);
        if (ks.length !== vs.length)
            fail('zipmap: the lists differ in length');
        return objectFrom(ks.map((key, i) => [key, vs[i]]));
    },
    tolist: ([l]) => collection(l),
    toset: ([l]) => toSet(collection(l)),
    tomap: ([m]) => obj(m),
    tostring: ([v]) => (v === null ? null : str(v)),
    tonumber: ([v]) => (v === null ? null : num(v)),
    tobool: ([v]) => (v === null ? null : bool(v)),
    jsonencode: ([v]) => JSON.stringify(toJson(whole(v)) ?? null),
    jsondecode: ([v]) => {
        try {
            return fromJson(JSON.parse(str(v)));
        }
        catch (error) {
            if (error instanceof Unknown)
                throw error;
            return fail('jsondecode: not valid JSON');
        }
    },
    cidrsubnet: ([p, b, n]) => cidrsubnet(str(p), num(b), num(n)),
    cidrsubnets: ([p, ...bits]) => {
        const prefix = parsePrefix(str(p));
        const width = prefix.v6 ? 128 : 32;
        const out = [];
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
    cidrhost: ([p, h]) => cidrhost(str(p), num(h)),
    cidrnetmask: ([p]) => {
        const prefix = parsePrefix(str(p));
        if (prefix.v6)
            fail('cidrnetmask: IPv6 has no netmask');
        return formatIp(false, (0xffffffffn << BigInt(32 - prefix.bits)) & 0xffffffffn);
    },
    format: ([f, ...rest]) => format(str(f), rest),
    formatlist: ([f, ...rest]) => {
        const lists = rest.filter(Array.isArray);
        const n = lists.length ? lists[0].length : 1;
        return Array.from({ length: n }, (_, i) => format(str(f), rest.map((r) => (Array.isArray(r) ? r[i] : r))));
    },
    join: ([sep, ...lists]) => lists.flatMap((l) => list(l).map(str)).join(str(sep)),
    split: ([sep, s]) => str(s).split(str(sep)),
    upper: ([s]) => str(s).toUpperCase(),
    lower: ([s]) => str(s).toLowerCase(),
    title: ([s]) => str(s).replace(/\b\w/g, (c) => c.toUpperCase()),
    trimspace: ([s]) => str(s).trim(),
    trimprefix: ([s, p]) => (str(s).startsWith(str(p)) ? str(s).slice(str(p).length) : str(s)),
    trimsuffix: ([s, p]) => (str(s).endsWith(str(p)) && str(p) ? str(s).slice(0, -str(p).length) : str(s)),
    startswith: ([s, p]) => str(s).startsWith(str(p)),
    endswith: ([s, p]) => str(s).endsWith(str(p)),
    replace: ([s, from, to]) => {
        const f = str(from);
        if (f.length > 1 && f.startsWith('/') && f.endsWith('/'))
            return fail('replace: regular expressions are not evaluated');
        return str(s).split(f).join(str(to));
    },
    substr: ([s, o, l]) => {
        const chars = [...str(s)];
        let offset = Math.trunc(num(o));
        if (offset < 0)
            offset += chars.length;
        const length = Math.trunc(num(l));
        return chars.slice(offset, length < 0 ? undefined : offset + length).join('');
    },
    min: (args) => Math.min(...args.map(num)),
    max: (args) => Math.max(...args.map(num)),
    abs: ([n]) => Math.abs(num(n)),
    ceil: ([n]) => Math.ceil(num(n)),
    floor: ([n]) => Math.floor(num(n)),
    sum: ([l]) => collection(l).reduce((acc, v) => acc + num(v), 0),
    range: (args) => {
        const n = args.map(num);
        const [start, end, step] = n.length === 1 ? [0, n[0], 1] : [n[0], n[1], n[2] ?? (n[0] <= n[1] ? 1 : -1)];
        if (step === 0 || Math.abs((end - start) / step) > 1024)
            return fail('range: too many elements');
        const out = [];
        for (let i = start; step > 0 ? i < end : i > end; i += step)
            out.push(i);
        return out;
    },
    slice: ([l, s, e]) => list(l).slice(num(s), num(e)),
    reverse: ([l]) => [...list(l)].reverse(),
    sort: ([l]) => list(l).map(str).sort(),
    one: ([l]) => {
        const items = collection(l);
        if (items.length > 1)
            fail('one: more than one element');
        return items.length ? items[0] : null;
    },
    alltrue: ([l]) => collection(l).every(bool),
    anytrue: ([l]) => collection(l).some(bool),
    setunion: (args) => toSet(args.flatMap(collection)),
    setintersection: ([first, ...rest]) => {
        const others = rest.map(collection);
        return toSet(collection(first).filter((v) => others.every((o) => o.some((x) => equalValues(x, v) === true))));
    },
    setsubtract: ([a, b]) => {
        const remove = collection(b);
        return toSet(collection(a).filter((v) => !remove.some((x) => equalValues(x, v) === true)));
    },
    chunklist: ([l, n]) => {
        const items = list(l);
        const size = Math.trunc(num(n));
        if (size <= 0)
            return [items];
        const out = [];
        for (let i = 0; i < items.length; i += size)
            out.push(items.slice(i, i + size));
        return out;
    },
    base64encode: ([s]) => Buffer.from(str(s), 'utf8').toString('base64'),
    base64decode: ([s]) => Buffer.from(str(s), 'base64').toString('utf8'),
};
/** Function names known to exist in Terraform but read from the world outside the configuration. */
const OUTSIDE = new Set(['file', 'fileexists', 'templatefile', 'filebase64', 'fileset', 'timestamp', 'uuid', 'bcrypt', 'plantimestamp']);
const KNOWN_FUNCTIONS = new Set(Object.keys(FUNCTIONS));
/** Calls a function. Unknown arguments the function needs make the result unknown; errors become Unknown too. */
function callFunction(name, args) {
    const bare = name.replace(/^provider::[^:]+::/, '');
    const fn = Object.prototype.hasOwnProperty.call(FUNCTIONS, bare) ? FUNCTIONS[bare] : undefined;
    if (!fn) {
        const unknowns = unknownsIn(args);
        const why = OUTSIDE.has(bare) ? `${bare}() reads outside the configuration` : `function ${bare}() is not evaluated statically`;
        return unknowns.length ? mergeUnknowns([unknown(why), ...unknowns]) : unknown(why);
    }
    try {
        return fn(args);
    }
    catch (error) {
        if (error instanceof Unknown)
            return error;
        if (error instanceof FnError)
            return unknown(`${bare}(): ${error.message}`);
        if (error instanceof RangeError)
            return unknown(`${bare}(): ${error.message}`);
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/parsers/hcl/types.ts

const ANY = { kind: 'any' };
function parseType(expr, depth = 0) {
    if (depth > 32)
        return ANY;
    if (expr.kind === 'variable') {
        if (expr.name === 'string' || expr.name === 'number' || expr.name === 'bool')
            return { kind: expr.name };
        return ANY;
    }
    if (expr.kind !== 'call')
        return ANY;
    const [first] = expr.args;
    switch (expr.name) {
        case 'list':
        case 'set':
        case 'map':
            return { kind: expr.name, element: first ? parseType(first, depth + 1) : ANY };
        case 'tuple':
            return { kind: 'tuple', elements: first?.kind === 'tuple' ? first.items.map((i) => parseType(i, depth + 1)) : [] };
        case 'object': {
            const attributes = new Map();
            if (first?.kind === 'object') {
                for (const item of first.items) {
                    const name = item.bareKey ?? (item.key.kind === 'template' && typeof item.key.parts[0] === 'string' ? item.key.parts[0] : undefined);
                    if (!name)
                        continue;
                    const value = item.value;
                    if (value.kind === 'call' && value.name === 'optional') {
                        attributes.set(name, {
                            type: value.args[0] ? parseType(value.args[0], depth + 1) : ANY,
                            optional: true,
                            default: value.args[1],
                        });
                    }
                    else
                        attributes.set(name, { type: parseType(value, depth + 1), optional: false });
                }
            }
            return { kind: 'object', attributes };
        }
        default:
            return ANY;
    }
}
/** Converts a value to a type; `evalDefault` evaluates an optional attribute's default expression. */
function convert(value, type, evalDefault, depth = 0) {
    if (depth > 32 || value instanceof Unknown || value === null)
        return value;
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
            if (Array.isArray(value))
                return value.map((v) => convert(v, type.element, evalDefault, depth + 1));
            return value;
        case 'tuple':
            if (Array.isArray(value))
                return value.map((v, i) => convert(v, type.elements[i] ?? ANY, evalDefault, depth + 1));
            return value;
        case 'map': {
            if (!isObjectValue(value))
                return value;
            const out = newObject();
            for (const [k, v] of Object.entries(value))
                out[k] = convert(v, type.element, evalDefault, depth + 1);
            return out;
        }
        case 'object': {
            if (!isObjectValue(value))
                return value;
            const out = newObject();
            for (const [k, v] of Object.entries(value)) {
                const attribute = type.attributes.get(k);
                out[k] = attribute ? convert(v, attribute.type, evalDefault, depth + 1) : v;
            }
            for (const [name, attribute] of type.attributes) {
                if (name in out)
                    continue;
                if (attribute.optional)
                    out[name] = attribute.default ? convert(evalDefault(attribute.default), attribute.type, evalDefault, depth + 1) : null;
            }
            return out;
        }
    }
}

;// CONCATENATED MODULE: ./src/parsers/hcl/evaluate.ts
/**
 * Static evaluation of a Terraform configuration: variables, locals, module calls, count and
 * for_each, dynamic blocks, expressions and functions. Whatever depends on the world outside
 * the configuration (IDs known after apply, data sources, unset variables) is Unknown with a
 * reason and, for resource attributes, the traversal it stands for.
 */




function emptyModuleConfig(dir) {
    return {
        dir,
        files: [],
        variables: new Map(),
        locals: new Map(),
        outputs: new Map(),
        resources: new Map(),
        calls: new Map(),
        providers: [],
    };
}
function addFileToModule(config, file, body) {
    config.files.push(file);
    for (const block of body.blocks) {
        const [a, b] = block.labels;
        switch (block.type) {
            case 'variable':
                if (a && !config.variables.has(a))
                    config.variables.set(a, { item: block, file });
                break;
            case 'locals':
                for (const attr of block.body.attributes)
                    if (!config.locals.has(attr.name))
                        config.locals.set(attr.name, { item: attr, file });
                break;
            case 'output':
                if (a && !config.outputs.has(a))
                    config.outputs.set(a, { item: block, file });
                break;
            case 'module':
                if (a && !config.calls.has(a))
                    config.calls.set(a, { item: block, file });
                break;
            case 'provider':
                config.providers.push({ item: block, file });
                break;
            case 'resource':
            case 'data':
                if (a && b) {
                    const mode = block.type === 'data' ? 'data' : 'managed';
                    const key = `${mode === 'data' ? 'data.' : ''}${a}.${b}`;
                    if (!config.resources.has(key))
                        config.resources.set(key, { mode, type: a, name: b, block, file });
                }
                break;
        }
    }
}
const isDirective = (part) => typeof part !== 'string' && (part.kind === 'directive' || part.kind === 'directive-if' || part.kind === 'directive-for');
const attributeOf = (body, name) => body.attributes.find((a) => a.name === name);
const formatKey = (key) => key === undefined ? '' : typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
const META_ATTRIBUTES = new Set(['count', 'for_each', 'provider', 'depends_on', 'lifecycle', 'providers', 'source', 'version']);
const META_BLOCKS = new Set(['lifecycle', 'provisioner', 'connection', 'precondition', 'postcondition', 'timeouts']);
/** Regions whose partition is not `aws` (hyperpod-reference.md is silent; partition names from the AWS ARN format). */
function partitionOf(region) {
    if (region.startsWith('cn-'))
        return 'aws-cn';
    if (region.startsWith('us-gov-'))
        return 'aws-us-gov';
    return 'aws';
}
class Evaluation {
    input;
    problems = [];
    hidden = [];
    unverified = [];
    steps = 0;
    reported = new Set();
    constructor(input) {
        this.input = input;
    }
    note(file, line, reason, resource) {
        const id = `${file}:${line}:${reason}`;
        if (this.reported.has(id))
            return;
        this.reported.add(id);
        this.unverified.push({ file, line, resource, reason });
    }
    root(dir) {
        return new ModuleInstance(this, this.input.modules.get(dir), [], undefined);
    }
    // --- expressions
    evaluate(expr, scope, depth = 0) {
        if (++this.steps > this.input.budget)
            return unknown(`evaluation stopped: the configuration needs more than ${this.input.budget} steps`);
        if (depth > 256)
            return unknown('expression nests too deeply');
        const d = depth + 1;
        switch (expr.kind) {
            case 'literal':
                return expr.value;
            case 'invalid':
                return unknown(`cannot read the expression at line ${expr.range.line}: ${expr.reason}`);
            case 'template':
                return this.template(expr, scope, d);
            case 'tuple':
                return expr.items.map((i) => this.evaluate(i, scope, d));
            case 'object': {
                const out = newObject();
                const unknownKeys = [];
                for (const item of expr.items) {
                    const key = item.bareKey ?? toStringValue(this.evaluate(item.key, scope, d));
                    if (key instanceof Unknown) {
                        unknownKeys.push(key);
                        continue;
                    }
                    out[key] = this.evaluate(item.value, scope, d);
                }
                return unknownKeys.length ? mergeUnknowns(unknownKeys) : out;
            }
            case 'variable':
                return this.variable(expr.name, scope, expr.range);
            case 'traversal':
                return this.traversal(expr, scope, d);
            case 'call':
                return this.call(expr, scope, d);
            case 'conditional': {
                const test = toBoolValue(this.evaluate(expr.test, scope, d));
                if (test instanceof Unknown) {
                    // Both sides the same known value: the result does not depend on the test.
                    const a = this.evaluate(expr.then, scope, d);
                    const b = this.evaluate(expr.otherwise, scope, d);
                    if (equalValues(a, b) === true)
                        return a;
                    return mergeUnknowns([unknown(`the condition at line ${expr.range.line} is not known statically`), ...unknownsIn(test)]);
                }
                return this.evaluate(test ? expr.then : expr.otherwise, scope, d);
            }
            case 'unary': {
                const v = this.evaluate(expr.operand, scope, d);
                if (expr.op === '!') {
                    const b = toBoolValue(v);
                    return b instanceof Unknown ? b : !b;
                }
                const n = toNumberValue(v);
                return n instanceof Unknown ? n : -n;
            }
            case 'binary':
                return this.binary(expr.op, expr, scope, d);
            case 'for':
                return this.forExpr(expr, scope, d);
        }
    }
    template(expr, scope, depth) {
        const only = expr.parts.length === 1 ? expr.parts[0] : undefined;
        if (only !== undefined && typeof only !== 'string' && !isDirective(only)) {
            // "${x}" alone keeps x's type (HCL spec: a template with one interpolation and nothing else).
            return this.evaluate(only, scope, depth);
        }
        const pieces = [];
        const unknowns = [];
        this.templateParts(expr.parts, scope, depth, pieces, unknowns);
        if (unknowns.length)
            return mergeUnknowns(unknowns);
        let text = pieces.join('');
        if (expr.heredocStrip) {
            const lines = text.split('\n');
            const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)[0].length);
            const strip = indents.length ? Math.min(...indents) : 0;
            text = lines.map((l) => l.slice(Math.min(strip, /^[ \t]*/.exec(l)[0].length))).join('\n');
        }
        return text;
    }
    /** Renders template parts into `pieces`; `%{if}` and `%{for}` directives are evaluated (HCL template syntax). */
    templateParts(parts, scope, depth, pieces, unknowns) {
        if (depth > 256) {
            unknowns.push(unknown('template nests too deeply'));
            return;
        }
        for (const part of parts) {
            if (typeof part === 'string')
                pieces.push(part);
            else if (part.kind === 'directive')
                unknowns.push(unknown(`template directive at line ${part.range.line} is not evaluated`));
            else if (part.kind === 'directive-if') {
                const test = toBoolValue(this.evaluate(part.test, scope, depth + 1));
                if (test instanceof Unknown)
                    unknowns.push(unknown(`the %{if} at line ${part.range.line} is not known statically`), ...unknownsIn(test));
                else
                    this.templateParts(test ? part.then : part.otherwise, scope, depth + 1, pieces, unknowns);
            }
            else if (part.kind === 'directive-for') {
                const collection = this.evaluate(part.collection, scope, depth + 1);
                const entries = iterationEntries(collection);
                if (!entries) {
                    unknowns.push(collection instanceof Unknown
                        ? collection
                        : unknown(`the %{for} at line ${part.range.line} iterates over a ${typeName(collection)}`));
                    continue;
                }
                for (const [key, value] of entries) {
                    const vars = new Map(scope.vars);
                    if (part.keyVar)
                        vars.set(part.keyVar, key);
                    vars.set(part.valueVar, value);
                    this.templateParts(part.body, { ...scope, vars }, depth + 1, pieces, unknowns);
                    if (++this.steps > this.input.budget) {
                        unknowns.push(unknown(`evaluation stopped: the configuration needs more than ${this.input.budget} steps`));
                        return;
                    }
                }
            }
            else {
                const s = toStringValue(this.evaluate(part, scope, depth + 1));
                if (s instanceof Unknown)
                    unknowns.push(...unknownsIn(s));
                else
                    pieces.push(s);
            }
        }
    }
    binary(op, expr, scope, depth) {
        const left = this.evaluate(expr.left, scope, depth);
        // && and || short-circuit on a known side (HCL evaluates both, but the result is the same).
        if (op === '&&' || op === '||') {
            const l = toBoolValue(left);
            if (l === false && op === '&&')
                return false;
            if (l === true && op === '||')
                return true;
            const r = toBoolValue(this.evaluate(expr.right, scope, depth));
            if (r === false && op === '&&')
                return false;
            if (r === true && op === '||')
                return true;
            if (l instanceof Unknown || r instanceof Unknown)
                return mergeUnknowns([l, r].filter((x) => x instanceof Unknown));
            return r;
        }
        const right = this.evaluate(expr.right, scope, depth);
        if (op === '==' || op === '!=') {
            const eq = equalValues(left, right);
            if (eq instanceof Unknown)
                return eq;
            return op === '==' ? eq : !eq;
        }
        const a = toNumberValue(left);
        const b = toNumberValue(right);
        if (a instanceof Unknown || b instanceof Unknown)
            return mergeUnknowns([a, b].filter((x) => x instanceof Unknown));
        switch (op) {
            case '+':
                return a + b;
            case '-':
                return a - b;
            case '*':
                return a * b;
            case '/':
                return b === 0 ? unknown(`division by zero at line ${expr.range.line}`) : a / b;
            case '%':
                return b === 0 ? unknown(`division by zero at line ${expr.range.line}`) : a % b;
            case '<':
                return a < b;
            case '<=':
                return a <= b;
            case '>':
                return a > b;
            case '>=':
                return a >= b;
            default:
                return unknown(`operator ${op} is not supported`);
        }
    }
    forExpr(expr, scope, depth) {
        const collection = this.evaluate(expr.collection, scope, depth);
        if (collection instanceof Unknown)
            return collection;
        const entries = iterationEntries(collection);
        if (!entries)
            return unknown(`a for expression at line ${expr.range.line} iterates over a ${typeName(collection)}`);
        const tupleOut = [];
        const objectOut = newObject();
        const unknowns = [];
        for (const [key, value] of entries) {
            const vars = new Map(scope.vars);
            if (expr.keyVar)
                vars.set(expr.keyVar, key);
            vars.set(expr.valueVar, value);
            const inner = { ...scope, vars };
            if (expr.condition) {
                const keep = toBoolValue(this.evaluate(expr.condition, inner, depth));
                if (keep instanceof Unknown) {
                    unknowns.push(keep);
                    continue;
                }
                if (!keep)
                    continue;
            }
            const v = this.evaluate(expr.valueExpr, inner, depth);
            if (!expr.keyExpr) {
                tupleOut.push(v);
                continue;
            }
            const k = toStringValue(this.evaluate(expr.keyExpr, inner, depth));
            if (k instanceof Unknown) {
                unknowns.push(k);
                continue;
            }
            if (expr.grouping) {
                const group = objectOut[k];
                if (Array.isArray(group))
                    group.push(v);
                else
                    objectOut[k] = [v];
            }
            else
                objectOut[k] = v;
        }
        if (unknowns.length)
            return mergeUnknowns(unknowns);
        return expr.keyExpr ? objectOut : tupleOut;
    }
    call(expr, scope, depth) {
        if (expr.name === 'try' || expr.name === 'can') {
            for (const arg of expr.args) {
                const v = this.evaluate(arg, scope, depth);
                const failed = v instanceof Unknown && v.reasons.some((r) => r.startsWith('no attribute') || r.startsWith('no element') || r.includes('():'));
                if (expr.name === 'can')
                    return v instanceof Unknown ? (failed ? false : v) : true;
                if (!failed)
                    return v;
            }
            return expr.name === 'can' ? false : unknown(`try() at line ${expr.range.line}: no argument could be evaluated`);
        }
        let args = expr.args.map((a) => this.evaluate(a, scope, depth));
        if (expr.expandLast && args.length) {
            const last = args[args.length - 1];
            const items = elementsOf(last);
            if (items instanceof Unknown)
                return items;
            args = [...args.slice(0, -1), ...items];
        }
        return callFunction(expr.name, args);
    }
    variable(name, scope, range) {
        if (scope.vars?.has(name))
            return scope.vars.get(name);
        switch (name) {
            case 'count':
                return scope.count === undefined ? unknown('count is used outside a resource with count') : objectFrom([['index', scope.count]]);
            case 'each':
                return scope.each
                    ? objectFrom([
                        ['key', scope.each.key],
                        ['value', scope.each.value],
                    ])
                    : unknown('each is used outside for_each');
            case 'self':
                return scope.self ? new InstanceValue(scope.self) : unknown('self is used outside a provisioner');
            case 'path':
                return objectFrom([
                    ['module', scope.module.config.dir],
                    ['root', scope.module.rootDir()],
                    ['cwd', '.'],
                ]);
            case 'terraform':
                return objectFrom([['workspace', 'default']]);
            default:
                return unknown(`${name} at line ${range.line} is not a known name`);
        }
    }
    /** `var.x`, `local.x`, `module.x.y`, `data.t.n`, `t.n` and generic steps. */
    traversal(expr, scope, depth) {
        const steps = expr.steps;
        let i = 0;
        let current;
        const attrAt = (j) => {
            const s = steps[j];
            return s?.kind === 'attr' ? s.name : undefined;
        };
        const base = expr.base.kind === 'variable' && !scope.vars?.has(expr.base.name) ? expr.base.name : undefined;
        if (base === 'var' && attrAt(0)) {
            current = scope.module.variable(attrAt(0));
            i = 1;
        }
        else if (base === 'local' && attrAt(0)) {
            current = scope.module.local(attrAt(0));
            i = 1;
        }
        else if (base === 'module' && attrAt(0)) {
            current = scope.module.callValue(attrAt(0));
            i = 1;
        }
        else if (base === 'data' && attrAt(0) && attrAt(1)) {
            current = scope.module.resourceValue(`data.${attrAt(0)}.${attrAt(1)}`, expr.range);
            i = 2;
        }
        else if (base && attrAt(0) && /^[a-z0-9]+_[a-z0-9_]+$/i.test(base) && scope.module.config.resources.has(`${base}.${attrAt(0)}`)) {
            current = scope.module.resourceValue(`${base}.${attrAt(0)}`, expr.range);
            i = 1;
        }
        else if (base && attrAt(0) && /^[a-z0-9]+_[a-z0-9_]+$/i.test(base)) {
            return unknown(`${base}.${attrAt(0)} is not declared in ${scope.module.config.dir}`);
        }
        else {
            current = this.evaluate(expr.base, scope, depth);
        }
        for (; i < steps.length; i++) {
            const step = steps[i];
            if (step.kind === 'splat') {
                const rest = steps.slice(i + 1);
                let items;
                if (current === null)
                    items = [];
                else if (Array.isArray(current))
                    items = current;
                else if (current instanceof Unknown)
                    return current;
                else if (isObjectValue(current) && step.full)
                    items = Object.keys(current)
                        .sort()
                        .map((k) => current[k]);
                else
                    items = [current];
                return items.map((item) => this.applySteps(item, rest, scope, depth));
            }
            current = this.applyStep(current, step, scope, depth);
        }
        return current;
    }
    applySteps(value, steps, scope, depth) {
        let current = value;
        for (const step of steps) {
            if (step.kind === 'splat')
                return unknown('nested splat is not evaluated');
            current = this.applyStep(current, step, scope, depth);
        }
        return current;
    }
    applyStep(current, step, scope, depth) {
        if (step.kind === 'attr')
            return getAttribute(current, step.name);
        if (step.kind === 'index') {
            const key = this.evaluate(step.key, scope, depth);
            return getIndex(current, key);
        }
        return current;
    }
}
function getAttribute(current, name) {
    if (current instanceof Unknown) {
        return current.refs.length
            ? new Unknown(current.reasons, current.refs.map((r) => `${r}.${name}`))
            : current;
    }
    if (current instanceof InstanceValue)
        return current.instance.attribute(name);
    if (current instanceof ModuleValue)
        return current.module.output(name);
    if (isObjectValue(current)) {
        if (Object.prototype.hasOwnProperty.call(current, name))
            return current[name];
        return unknown(`no attribute "${name}"`);
    }
    if (current === null)
        return unknown(`no attribute "${name}" on a null value`);
    return unknown(`no attribute "${name}" on a ${typeName(current)}`);
}
function getIndex(current, key) {
    if (key instanceof Unknown)
        return key;
    if (current instanceof Unknown)
        return current.refs.length
            ? new Unknown(current.reasons, current.refs.map((r) => `${r}${formatKey(typeof key === 'number' || typeof key === 'string' ? key : undefined)}`))
            : current;
    if (Array.isArray(current)) {
        const n = toNumberValue(key);
        if (n instanceof Unknown)
            return n;
        if (!Number.isInteger(n) || n < 0 || n >= current.length)
            return unknown(`no element [${n}] in a list of ${current.length}`);
        return current[n];
    }
    if (isObjectValue(current)) {
        const k = toStringValue(key);
        if (k instanceof Unknown)
            return k;
        if (Object.prototype.hasOwnProperty.call(current, k))
            return current[k];
        return unknown(`no element ["${k}"]`);
    }
    return unknown(`cannot index a ${typeName(current)}`);
}
// ---------------------------------------------------------------------------------------------
// Module and resource instances
const moduleAddress = (steps) => steps.map((s) => `module.${s.name}${formatKey(s.key)}`).join('.');
class ModuleInstance {
    evaluation;
    config;
    steps;
    address;
    /** The calling module's scope and the call's block (undefined at the root). */
    caller;
    variables = new Map();
    locals = new Map();
    resourceGroups = new Map();
    callGroups = new Map();
    constructor(evaluation, config, steps, caller) {
        this.evaluation = evaluation;
        this.config = config;
        this.steps = steps;
        this.address = moduleAddress(steps);
        this.caller = caller;
    }
    rootDir() {
        return this.caller ? this.caller.scope.module.rootDir() : this.config.dir;
    }
    scope() {
        return { module: this };
    }
    variable(name) {
        const cached = this.variables.get(name);
        if (cached !== undefined)
            return cached;
        this.variables.set(name, unknown(`var.${name} refers to itself`));
        const value = this.computeVariable(name);
        this.variables.set(name, value);
        return value;
    }
    computeVariable(name) {
        const declaration = this.config.variables.get(name);
        const where = this.address || 'the root module';
        if (!declaration)
            return unknown(`var.${name} is not declared in ${this.config.dir}`);
        const typeAttr = attributeOf(declaration.item.body, 'type');
        const type = typeAttr ? parseType(typeAttr.expr) : { kind: 'any' };
        const defaultAttr = attributeOf(declaration.item.body, 'default');
        const evalDefault = (e) => this.evaluation.evaluate(e, { module: this });
        let value;
        if (this.caller) {
            const given = attributeOf(this.caller.block.body, name);
            if (given)
                value = this.evaluation.evaluate(given.expr, this.caller.scope);
        }
        else {
            const given = this.evaluation.input.rootValues.get(name);
            if (given)
                value = given.value;
        }
        if (value === undefined || (value === null && attributeOf(declaration.item.body, 'nullable')?.expr.kind === 'literal' && defaultAttr)) {
            if (defaultAttr)
                value = this.evaluation.evaluate(defaultAttr.expr, { module: this });
            else
                return unknown(`var.${name} of ${where} has no value (give it with --var, --var-file or a .tfvars file)`);
        }
        return convert(value, type, evalDefault);
    }
    local(name) {
        const cached = this.locals.get(name);
        if (cached === 'pending')
            return unknown(`local.${name} refers to itself`);
        if (cached !== undefined)
            return cached;
        const declaration = this.config.locals.get(name);
        if (!declaration)
            return unknown(`local.${name} is not declared in ${this.config.dir}`);
        this.locals.set(name, 'pending');
        const value = this.evaluation.evaluate(declaration.item.expr, { module: this });
        this.locals.set(name, value);
        return value;
    }
    output(name) {
        const declaration = this.config.outputs.get(name);
        if (!declaration)
            return unknown(`output ${name} is not declared in ${this.config.dir}`);
        const value = attributeOf(declaration.item.body, 'value');
        return value ? this.evaluation.evaluate(value.expr, { module: this }) : null;
    }
    outputNames() {
        return [...this.config.outputs.keys()];
    }
    group(key) {
        let group = this.resourceGroups.get(key);
        if (!group) {
            const decl = this.config.resources.get(key);
            if (!decl)
                return undefined;
            group = new ResourceGroup(this, decl);
            this.resourceGroups.set(key, group);
        }
        return group;
    }
    resourceValue(key, range) {
        const group = this.group(key);
        if (!group)
            return unknown(`${key} at line ${range.line} is not declared in ${this.config.dir}`);
        return group.value();
    }
    callGroup(name) {
        let group = this.callGroups.get(name);
        if (!group) {
            const decl = this.config.calls.get(name);
            if (!decl)
                return undefined;
            group = new CallGroup(this, name, decl);
            this.callGroups.set(name, group);
        }
        return group;
    }
    callValue(name) {
        const group = this.callGroup(name);
        if (!group)
            return unknown(`module.${name} is not declared in ${this.config.dir}`);
        return group.value();
    }
    /** Every resource instance of this module and the modules it calls. */
    *allInstances() {
        for (const key of this.config.resources.keys())
            yield* this.group(key).instances();
        for (const name of this.config.calls.keys()) {
            for (const child of this.callGroup(name).instances())
                yield* child.allInstances();
        }
    }
}
/** Expansion of a block by count / for_each. */
function expand(evaluation, body, scope, what, file, line) {
    const count = attributeOf(body, 'count');
    const forEach = attributeOf(body, 'for_each');
    const max = evaluation.input.maxInstances;
    if (count) {
        const n = toNumberValue(evaluation.evaluate(count.expr, scope));
        if (n instanceof Unknown)
            return unknown(`count of ${what} is not known statically: ${n.reason}`);
        if (!Number.isInteger(n) || n < 0)
            return unknown(`count of ${what} is ${n}, not a whole number`);
        if (n > max)
            return unknown(`count of ${what} is ${n}, over the ${max} instances read per resource`);
        return { keys: Array.from({ length: n }, (_, i) => i) };
    }
    if (forEach) {
        const v = evaluation.evaluate(forEach.expr, scope);
        const each = new Map();
        if (Array.isArray(v)) {
            for (const item of v) {
                const s = toStringValue(item);
                if (s instanceof Unknown)
                    return unknown(`for_each of ${what} has keys not known statically: ${s.reason}`);
                each.set(s, s);
            }
        }
        else if (isObjectValue(v)) {
            for (const k of Object.keys(v))
                each.set(k, v[k]);
        }
        else if (v instanceof Unknown) {
            return unknown(`for_each of ${what} is not known statically: ${v.reason}`);
        }
        else
            return unknown(`for_each of ${what} is a ${typeName(v)}, not a map or set`);
        if (each.size > max)
            return unknown(`for_each of ${what} has ${each.size} keys, over the ${max} instances read per resource`);
        void file;
        void line;
        return { keys: [...each.keys()].sort(), each };
    }
    return { keys: [undefined] };
}
/** `aws`, `aws.west`: the text of a provider reference (a name, or a name and an alias). */
function providerRef(expr) {
    if (expr.kind === 'variable')
        return expr.name;
    if (expr.kind === 'traversal' && expr.base.kind === 'variable' && expr.steps.length === 1 && expr.steps[0].kind === 'attr')
        return `${expr.base.name}.${expr.steps[0].name}`;
    if (expr.kind === 'template' && expr.parts.length === 1 && typeof expr.parts[0] === 'string')
        return expr.parts[0];
    return undefined;
}
/**
 * The root provider configuration a resource uses: its `provider` argument (or the default one of
 * its type's provider), mapped through each module call's `providers = { aws = aws.west }` up to
 * the root. A module that is not handed the provider inherits the caller's default one.
 */
function rootProviderKey(instance) {
    const body = instance.decl.block.body;
    const own = attributeOf(body, 'provider');
    let key = (own && providerRef(own.expr)) ?? instance.decl.type.split('_')[0];
    for (let module = instance.group.module; module?.caller; module = module.caller.scope.module) {
        const providers = attributeOf(module.caller.block.body, 'providers');
        if (providers?.expr.kind !== 'object') {
            key = key.split('.')[0]; // an alias not passed in: Terraform requires it to be passed; read the default
            continue;
        }
        const passed = providers.expr.items.find((item) => (item.bareKey ?? providerRef(item.key)) === key);
        const parent = passed ? providerRef(passed.value) : undefined;
        key = parent ?? key.split('.')[0];
    }
    return key;
}
class ResourceGroup {
    module;
    decl;
    expanded;
    mode;
    constructor(module, decl) {
        this.module = module;
        this.decl = decl;
    }
    get localAddress() {
        return `${this.decl.mode === 'data' ? 'data.' : ''}${this.decl.type}.${this.decl.name}`;
    }
    get baseAddress() {
        return this.module.address ? `${this.module.address}.${this.localAddress}` : this.localAddress;
    }
    instances() {
        const e = this.expand();
        return e instanceof Unknown ? [] : e;
    }
    expand() {
        if (this.expanded)
            return this.expanded;
        this.expanded = unknown(`${this.baseAddress} depends on itself`);
        const body = this.decl.block.body;
        const result = expand(this.module.evaluation, body, this.module.scope(), this.baseAddress, this.decl.file, this.decl.block.range.line);
        if (result instanceof Unknown) {
            this.module.evaluation.note(this.decl.file, this.decl.block.range.line, `${result.reason}; its instances are not checked`, this.baseAddress);
            this.expanded = result;
            return result;
        }
        this.mode = attributeOf(body, 'count') ? 'count' : attributeOf(body, 'for_each') ? 'for_each' : 'single';
        this.expanded = result.keys.map((key) => new ResourceInstance(this, key, result.each?.get(String(key))));
        return this.expanded;
    }
    value() {
        const list = this.expand();
        if (list instanceof Unknown)
            return list;
        if (this.mode === 'single')
            return new InstanceValue(list[0]);
        if (this.mode === 'count')
            return list.map((i) => new InstanceValue(i));
        return objectFrom(list.map((i) => [String(i.key), new InstanceValue(i)]));
    }
}
class ResourceInstance {
    group;
    key;
    address;
    scopeValue;
    attributes = new Map();
    constructor(group, key, eachValue) {
        this.group = group;
        this.key = key;
        this.address = `${group.baseAddress}${formatKey(key)}`;
        const scope = { module: group.module };
        if (typeof key === 'number')
            scope.count = key;
        if (typeof key === 'string')
            scope.each = { key, value: eachValue ?? key };
        this.scopeValue = scope;
    }
    get scope() {
        return this.scopeValue;
    }
    get decl() {
        return this.group.decl;
    }
    get evaluation() {
        return this.group.module.evaluation;
    }
    /** An attribute as another expression reads it. */
    attribute(name) {
        const cached = this.attributes.get(name);
        if (cached !== undefined)
            return cached;
        this.attributes.set(name, unknown(`${this.address}.${name} refers to itself`));
        const value = this.computeAttribute(name);
        this.attributes.set(name, value);
        return value;
    }
    computeAttribute(name) {
        const { decl } = this;
        const later = () => unknown(`${this.address}.${name} is known only after apply`, [`${this.address}.${name}`]);
        if (decl.mode === 'data') {
            const region = this.evaluation.input.region;
            if (decl.type === 'aws_region' && (name === 'name' || name === 'region' || name === 'id')) {
                return region ?? unknown(`${this.address}.${name}: no provider region is known statically`);
            }
            if (decl.type === 'aws_availability_zones') {
                // The data source's id is the region; which zones it lists depends on the account (zone names map to
                // different zones per account: hyperpod-reference.md, "AZ IDs, not AZ names").
                if (name === 'id')
                    return region ?? unknown(`${this.address}.id: no provider region is known statically`);
                if (name === 'names' || name === 'zone_ids' || name === 'group_names')
                    return unknown(region
                        ? `${this.address}.${name}: the Availability Zones of ${region} are listed by the AWS account at plan time`
                        : `${this.address}.${name}: no provider region is known statically, and the zones are listed by the AWS account`, [`${this.address}.${name}`]);
            }
            if (decl.type === 'aws_partition' && name === 'partition') {
                return region ? partitionOf(region) : unknown(`${this.address}.partition: no provider region is known statically`);
            }
        }
        if (META_ATTRIBUTES.has(name))
            return later();
        const attr = attributeOf(decl.block.body, name);
        if (attr)
            return this.evaluation.evaluate(attr.expr, this.scope);
        const blocks = this.blocks(decl.block.body, name, this.scope, 0);
        if (blocks.length)
            return blocks.map((b) => b.value);
        if (decl.mode === 'data')
            return unknown(`${this.address}.${name} is read from the AWS account`, [`${this.address}.${name}`]);
        return later();
    }
    /** Nested blocks of one type, with dynamic blocks expanded. */
    blocks(body, type, scope, depth) {
        const out = [];
        if (depth > 32)
            return out;
        for (const block of body.blocks) {
            if (block.type === type && !META_BLOCKS.has(type)) {
                out.push({ value: this.blockValue(block.body, scope, depth + 1), block, scope });
            }
            else if (block.type === 'dynamic' && block.labels[0] === type) {
                const forEach = attributeOf(block.body, 'for_each');
                const iteratorAttr = attributeOf(block.body, 'iterator');
                const iterator = iteratorAttr?.expr.kind === 'variable' ? iteratorAttr.expr.name : type;
                const content = block.body.blocks.find((b) => b.type === 'content');
                if (!forEach || !content)
                    continue;
                const collection = this.evaluation.evaluate(forEach.expr, scope);
                const entries = iterationEntries(collection);
                if (!entries) {
                    const why = collection instanceof Unknown ? collection.reason : `it is a ${typeName(collection)}`;
                    this.evaluation.note(this.decl.file, block.range.line, `dynamic "${type}" of ${this.address} is not known statically (${why}); those blocks are not checked`, this.address);
                    continue;
                }
                for (const [key, value] of entries) {
                    const vars = new Map(scope.vars);
                    vars.set(iterator, objectFrom([
                        ['key', key],
                        ['value', value],
                    ]));
                    const inner = { ...scope, vars };
                    out.push({ value: this.blockValue(content.body, inner, depth + 1), block: content, scope: inner });
                }
            }
        }
        return out;
    }
    blockValue(body, scope, depth) {
        const out = newObject();
        for (const attr of body.attributes)
            out[attr.name] = this.evaluation.evaluate(attr.expr, scope);
        const types = new Set(body.blocks.map((b) => (b.type === 'dynamic' ? (b.labels[0] ?? '') : b.type)));
        for (const type of types) {
            if (!type || META_BLOCKS.has(type))
                continue;
            out[type] = this.blocks(body, type, scope, depth).map((b) => b.value);
        }
        return out;
    }
}
class CallGroup {
    module;
    name;
    decl;
    expanded;
    mode;
    constructor(module, name, decl) {
        this.module = module;
        this.name = name;
        this.decl = decl;
    }
    childConfig() {
        const evaluation = this.module.evaluation;
        const sourceAttr = attributeOf(this.decl.item.body, 'source');
        const source = sourceAttr?.expr.kind === 'template' && sourceAttr.expr.parts.length === 1 && typeof sourceAttr.expr.parts[0] === 'string'
            ? sourceAttr.expr.parts[0]
            : undefined;
        const address = this.module.address ? `${this.module.address}.module.${this.name}` : `module.${this.name}`;
        if (source === undefined)
            return unknown(`${address} has no literal source`);
        if (!/^\.\.?(\/|$)/.test(source)) {
            evaluation.hidden.push({ file: this.decl.file, range: this.decl.item.headerRange, call: address, source });
            return unknown(`${address} comes from ${source}, which is not in the scanned files`);
        }
        const dir = normalizeDir(external_node_path_.posix.join(this.module.config.dir, source));
        const config = evaluation.input.modules.get(dir);
        if (!config) {
            evaluation.note(this.decl.file, this.decl.item.range.line, `${address}: its source ${source} (${dir}) has no .tf files in the scan; its resources are not checked`, address);
            return unknown(`${address}: ${dir} was not scanned`);
        }
        if (this.module.steps.length >= 16)
            return unknown(`${address}: modules nest deeper than 16 levels`);
        return config;
    }
    instances() {
        const e = this.expand();
        return e instanceof Unknown ? [] : e;
    }
    expand() {
        if (this.expanded)
            return this.expanded;
        const config = this.childConfig();
        if (config instanceof Unknown)
            return (this.expanded = config);
        this.expanded = unknown(`module.${this.name} depends on itself`);
        const body = this.decl.item.body;
        const address = this.module.address ? `${this.module.address}.module.${this.name}` : `module.${this.name}`;
        const result = expand(this.module.evaluation, body, this.module.scope(), address, this.decl.file, this.decl.item.range.line);
        if (result instanceof Unknown) {
            this.module.evaluation.note(this.decl.file, this.decl.item.range.line, `${result.reason}; its resources are not checked`, address);
            return (this.expanded = result);
        }
        this.mode = attributeOf(body, 'count') ? 'count' : attributeOf(body, 'for_each') ? 'for_each' : 'single';
        this.expanded = result.keys.map((key) => {
            const scope = { module: this.module };
            if (typeof key === 'number')
                scope.count = key;
            if (typeof key === 'string')
                scope.each = { key, value: result.each?.get(key) ?? key };
            const steps = [...this.module.steps, key === undefined ? { name: this.name } : { name: this.name, key }];
            return new ModuleInstance(this.module.evaluation, config, steps, { scope, block: this.decl.item, file: this.decl.file });
        });
        return this.expanded;
    }
    value() {
        const list = this.expand();
        if (list instanceof Unknown)
            return list;
        if (this.mode === 'single')
            return new ModuleValue(list[0]);
        if (this.mode === 'count')
            return list.map((m) => new ModuleValue(m));
        return objectFrom(list.map((m) => [String(m.steps[m.steps.length - 1].key), new ModuleValue(m)]));
    }
}
function normalizeDir(dir) {
    const normalized = external_node_path_.posix.normalize(dir).replace(/\/+$/, '');
    return normalized === '' ? '.' : normalized;
}
/** What a `for` expression, `%{for}` or `dynamic` block iterates: index and element of a list, or key and value of an object in key order; undefined for anything else. */
function iterationEntries(collection) {
    if (Array.isArray(collection))
        return collection.map((v, i) => [i, v]);
    if (isObjectValue(collection))
        return Object.keys(collection)
            .sort()
            .map((k) => [k, collection[k]]);
    return undefined;
}

// EXTERNAL MODULE: ./src/parsers/hcl/syntax.ts + 1 modules
var syntax = __webpack_require__(4570);
// EXTERNAL MODULE: ./src/util/compare.ts
var compare = __webpack_require__(1251);
;// CONCATENATED MODULE: ./src/parsers/hcl/index.ts
/**
 * Terraform source (.tf, .tfvars, .tfvars.json) \u2192 model entities, without a plan.
 *
 * Each root module (a folder of .tf files no local module call points to) is evaluated
 * statically (evaluate.ts), its resource instances are turned into the shape the plan path
 * reads (values with unknown leaves, per-instance expressions with references), and the plan
 * path's entity builders make the model. Verdicts from source and from a plan therefore agree.
 */









const DEFAULT_BUDGET = 2_000_000;
const DEFAULT_MAX_INSTANCES = 1000;
const locOf = (file, r) => ({ file, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn });
const isTfvars = (file) => /\.tfvars(\.json)?$/i.test(file);
const autoLoaded = (file) => /(^|\/)terraform\.tfvars(\.json)?$/i.test(file) || /\.auto\.tfvars(\.json)?$/i.test(file);
/** Variable values of a .tfvars (HCL, literals and functions only) or .tfvars.json file. */
function readVarFile(parser, source, errors) {
    const values = new Map();
    if (/\.json$/i.test(source.file)) {
        try {
            const data = JSON.parse(source.text);
            if (typeof data !== 'object' || data === null || Array.isArray(data)) {
                errors.push({ file: source.file, line: 1, column: 1, message: `${source.file} is not a JSON object of variable values` });
            }
            else
                for (const [k, v] of Object.entries(data))
                    values.set(k, fromJson(v));
        }
        catch (error) {
            errors.push({
                file: source.file,
                line: 1,
                column: 1,
                message: `${source.file} is not valid JSON: ${error.message}`.slice(0, 300),
            });
        }
        return values;
    }
    const parsed = (0,syntax/* parseHcl */.z4)(parser, source.text);
    for (const problem of parsed.problems.slice(0, 1)) {
        errors.push({
            file: source.file,
            line: problem.range.line,
            column: problem.range.column,
            message: `${source.file} has a syntax error here; values after it may be missing`,
        });
    }
    const evaluation = new Evaluation({
        modules: new Map([['.', emptyModuleConfig('.')]]),
        rootValues: new Map(),
        budget: 100_000,
        maxInstances: 1,
    });
    const scope = { module: evaluation.root('.') };
    for (const attr of parsed.body.attributes)
        values.set(attr.name, evaluation.evaluate(attr.expr, scope));
    return values;
}
/** A --var value: HCL syntax for typed variables (lists, maps, numbers), the raw text for strings. */
function cliValue(parser, text, type) {
    if (type === undefined || type === 'string')
        return text;
    const parsed = (0,syntax/* parseHcl */.z4)(parser, `v = ${text}\n`);
    const attr = parsed.body.attributes[0];
    if (!attr || parsed.problems.length)
        return text;
    const evaluation = new Evaluation({
        modules: new Map([['.', emptyModuleConfig('.')]]),
        rootValues: new Map(),
        budget: 100_000,
        maxInstances: 1,
    });
    return evaluation.evaluate(attr.expr, { module: evaluation.root('.') });
}
/** Source text of a variable's type (for --var parsing). */
function typeText(block) {
    const type = attributeOf(block.body, 'type');
    if (!type)
        return undefined;
    return type.expr.kind === 'variable' ? type.expr.name : 'complex';
}
// --- instances \u2192 plan-shaped resources
function planValue(v, depth = 0) {
    if (depth > 64)
        return terraform_refs/* AFTER_APPLY */.Wn;
    if (v instanceof Unknown || v instanceof InstanceValue || v instanceof ModuleValue)
        return terraform_refs/* AFTER_APPLY */.Wn;
    if (Array.isArray(v))
        return v.map((x) => planValue(x, depth + 1));
    if (isObjectValue(v)) {
        const out = {};
        for (const k of Object.keys(v))
            Object.defineProperty(out, k, { value: planValue(v[k], depth + 1), enumerable: true, writable: true, configurable: true });
        return out;
    }
    return v;
}
/** The configuration expression mirroring a value (what the plan's `configuration` section holds). */
function expressionOf(v, depth = 0) {
    const w = wholly(v);
    if (!(w instanceof Unknown))
        return { constant_value: planValue(v) };
    if (depth < 32 && isObjectValue(v)) {
        const out = {};
        for (const k of Object.keys(v))
            Object.defineProperty(out, k, { value: expressionOf(v[k], depth + 1), enumerable: true, writable: true, configurable: true });
        return out;
    }
    if (depth < 32 && Array.isArray(v) && v.some((x) => isObjectValue(x)))
        return v.map((x) => expressionOf(x, depth + 1));
    const refs = [...new Set(unknownsIn(v).flatMap((u) => u.refs))].sort();
    return refs.length ? { references: refs } : { references: [], unknown_reason: w.reason };
}
function moduleSteps(instance) {
    return instance.group.module.steps.map((s) => (s.key === undefined ? { name: s.name } : { name: s.name, key: s.key }));
}
/** Locations of attributes and nested blocks, by path text with and without `[0]` steps. */
function recordLocs(resource, file) {
    const locs = new Map();
    const visit = (body, prefix, depth) => {
        if (depth > 16)
            return;
        for (const attr of body.attributes)
            locs.set((0,terraform_values/* pathText */.LF)([...prefix, attr.name]), locOf(file, attr.range));
        const counts = new Map();
        for (const block of body.blocks) {
            const type = block.type === 'dynamic' ? block.labels[0] : block.type;
            if (!type)
                continue;
            const i = counts.get(type) ?? 0;
            counts.set(type, i + 1);
            const path = [...prefix, type, i];
            locs.set((0,terraform_values/* pathText */.LF)(path), locOf(file, block.range));
            const inner = block.type === 'dynamic' ? block.body.blocks.find((b) => b.type === 'content')?.body : block.body;
            if (inner)
                visit(inner, path, depth + 1);
        }
    };
    visit(resource, [], 0);
    return locs;
}
/**
 * Locations of one instance's attributes and nested blocks, with `dynamic` blocks expanded: the
 * i-th `egress` value is located at the block that made it (the `content` of a dynamic block).
 */
function instanceLocs(instance) {
    const file = instance.decl.file;
    const locs = new Map();
    const visit = (body, scope, prefix, depth) => {
        if (depth > 16)
            return;
        for (const attr of body.attributes)
            locs.set((0,terraform_values/* pathText */.LF)([...prefix, attr.name]), locOf(file, attr.range));
        const types = new Set(body.blocks.map((b) => (b.type === 'dynamic' ? (b.labels[0] ?? '') : b.type)));
        for (const type of types) {
            if (!type)
                continue;
            instance.blocks(body, type, scope, depth).forEach((entry, i) => {
                const path = [...prefix, type, i];
                locs.set((0,terraform_values/* pathText */.LF)(path), locOf(file, entry.block.range));
                visit(entry.block.body, entry.scope, path, depth + 1);
            });
        }
    };
    visit(instance.decl.block.body, instance.scope, [], 0);
    return locs;
}
/**
 * For a plan's value at `path`: the index from which the source cannot say which block it is (the
 * plan orders set blocks its own way, and `dynamic` makes blocks the source does not list).
 */
function ambiguousFrom(resource, path) {
    let body = resource;
    for (let i = 0; i < path.length && body; i++) {
        const name = path[i];
        if (typeof name !== 'string' || typeof path[i + 1] !== 'number')
            return undefined;
        const blocks = body.blocks.filter((b) => b.type === name || (b.type === 'dynamic' && b.labels[0] === name));
        if (!blocks.length)
            return undefined; // an attribute holding a list
        if (blocks.length > 1 || blocks[0].type === 'dynamic' || path[i + 1] !== 0)
            return i;
        body = blocks[0].body;
        i++;
    }
    return undefined;
}
function lookupLoc(locs, path) {
    for (let n = path.length; n > 0; n--) {
        const prefix = path.slice(0, n);
        const exact = locs.get((0,terraform_values/* pathText */.LF)(prefix));
        if (exact)
            return exact;
        // `vpc_config.subnet_ids` is read as `vpc_config[0].subnet_ids` when the block occurs once.
        const withFirst = [];
        prefix.forEach((step, i) => {
            withFirst.push(step);
            if (typeof step === 'string' && typeof prefix[i + 1] === 'string')
                withFirst.push(0);
        });
        const indexed = locs.get((0,terraform_values/* pathText */.LF)(withFirst));
        if (indexed)
            return indexed;
    }
    return undefined;
}
function toPlanResource(instance) {
    const { decl } = instance;
    const values = {};
    const expressions = {};
    const set = (name, v) => {
        Object.defineProperty(values, name, { value: planValue(v), enumerable: true, writable: true, configurable: true });
        Object.defineProperty(expressions, name, { value: expressionOf(v), enumerable: true, writable: true, configurable: true });
    };
    const names = new Set();
    for (const attr of decl.block.body.attributes)
        names.add(attr.name);
    for (const block of decl.block.body.blocks)
        names.add(block.type === 'dynamic' ? (block.labels[0] ?? '') : block.type);
    for (const name of ['count', 'for_each', 'provider', 'depends_on', 'lifecycle', 'provisioner', 'connection', 'timeouts', ''])
        names.delete(name);
    for (const name of names)
        set(name, instance.attribute(name));
    if (decl.mode === 'managed') {
        for (const computed of ['id', 'arn'])
            if (!(computed in values))
                values[computed] = terraform_refs/* AFTER_APPLY */.Wn;
    }
    else if (!('id' in values))
        values.id = terraform_refs/* AFTER_APPLY */.Wn;
    const providerKey = rootProviderKey(instance);
    const config = {
        address: instance.address,
        mode: decl.mode,
        type: decl.type,
        name: decl.name,
        expressions,
        providerKey,
        absolute: true,
    };
    const locs = instanceLocs(instance);
    return {
        address: instance.address,
        mode: decl.mode,
        type: decl.type,
        name: decl.name,
        index: instance.key,
        module: moduleSteps(instance),
        values,
        config,
        attributeLoc: (path) => lookupLoc(locs, path),
    };
}
/** Directories a module reaches through local module calls (itself included). */
function reachable(modules, root) {
    const seen = new Set([root]);
    const queue = [root];
    while (queue.length) {
        const dir = queue.pop();
        for (const call of modules.get(dir)?.calls.values() ?? []) {
            const source = attributeOf(call.item.body, 'source');
            const text = source?.expr.kind === 'template' && typeof source.expr.parts[0] === 'string' ? source.expr.parts[0] : undefined;
            if (!text || !/^\.\.?(\/|$)/.test(text))
                continue;
            const target = normalizeDir(external_node_path_.posix.join(dir, text));
            if (modules.has(target) && !seen.has(target)) {
                seen.add(target);
                queue.push(target);
            }
        }
    }
    return seen;
}
async function readTerraformSources(sources, options = {}) {
    const parser = await (0,syntax/* loadHclParser */.pV)();
    const modules = new Map();
    const declarations = new Map();
    const result = {
        parsed: [],
        files: [],
        errors: [],
        hidden: [],
        declarationAt: (file, line) => {
            const key = `${file}:${line}`;
            const cached = declarations.get(key);
            if (cached)
                return cached;
            const decl = [...(modules.get(normalizeDir(external_node_path_.posix.dirname(file)))?.resources.values() ?? [])].find((d) => d.file === file && d.block.headerRange.line === line);
            if (!decl)
                return undefined;
            let locs;
            const entry = {
                header: locOf(decl.file, decl.block.headerRange),
                attributeLoc: (path) => {
                    const cut = ambiguousFrom(decl.block.body, path);
                    return lookupLoc((locs ??= recordLocs(decl.block.body, decl.file)), cut === undefined ? path : path.slice(0, cut));
                },
            };
            declarations.set(key, entry);
            return entry;
        },
    };
    const tfvars = new Map();
    for (const source of [...sources].sort((a, b) => (0,compare/* compareText */.n)(a.file, b.file))) {
        const dir = normalizeDir(external_node_path_.posix.dirname(source.file));
        if (isTfvars(source.file)) {
            const list = tfvars.get(dir) ?? [];
            list.push(source);
            tfvars.set(dir, list);
            continue;
        }
        const parsed = (0,syntax/* parseHcl */.z4)(parser, source.text);
        for (const problem of parsed.problems.slice(0, 3)) {
            result.errors.push({
                file: source.file,
                line: problem.range.line,
                column: problem.range.column,
                message: `${source.file} has a Terraform syntax error here (${problem.message}); the declarations around it are not read`,
            });
        }
        let config = modules.get(dir);
        if (!config)
            modules.set(dir, (config = emptyModuleConfig(dir)));
        addFileToModule(config, source.file, parsed.body);
    }
    const targets = new Set();
    for (const config of modules.values()) {
        for (const dir of reachable(modules, config.dir))
            if (dir !== config.dir)
                targets.add(dir);
    }
    const roots = [...modules.keys()].filter((dir) => !targets.has(dir)).sort();
    const evaluatedDirs = new Set();
    const covered = new Map();
    const coveredRoots = new Map();
    for (const rootDir of roots) {
        const dirs = reachable(modules, rootDir);
        const files = [...dirs].flatMap((d) => modules.get(d).files);
        const plan = options.coveredByPlan?.(rootDir, files);
        if (plan) {
            for (const file of files)
                covered.set(file, plan);
            coveredRoots.set(rootDir, plan);
            continue;
        }
        const rootConfig = modules.get(rootDir);
        // Variable precedence (Terraform): defaults < terraform.tfvars(.json) < *.auto.tfvars (lexical) < -var-file / -var.
        const rootValues = new Map();
        const auto = (tfvars.get(rootDir) ?? []).filter((f) => autoLoaded(f.file));
        auto.sort((a, b) => {
            const rank = (f) => (/(^|\/)terraform\.tfvars$/i.test(f) ? 0 : /(^|\/)terraform\.tfvars\.json$/i.test(f) ? 1 : 2);
            return rank(a.file) - rank(b.file) || (0,compare/* compareText */.n)(a.file, b.file);
        });
        for (const source of [...auto, ...(options.varFiles ?? [])]) {
            for (const [name, value] of readVarFile(parser, source, result.errors)) {
                if (rootConfig.variables.has(name))
                    rootValues.set(name, { value, from: source.file });
            }
        }
        for (const { name, value } of options.vars ?? []) {
            const declaration = rootConfig.variables.get(name);
            if (declaration)
                rootValues.set(name, { value: cliValue(parser, value, typeText(declaration.item)), from: '--var' });
        }
        const evaluation = new Evaluation({
            modules,
            rootValues,
            region: options.region,
            budget: options.budget ?? DEFAULT_BUDGET,
            maxInstances: options.maxInstances ?? DEFAULT_MAX_INSTANCES,
        });
        const root = evaluation.root(rootDir);
        // Provider regions (the root's provider blocks; child modules inherit them).
        const providerRegions = new Map();
        for (const { item: block, file } of rootConfig.providers) {
            const name = block.labels[0];
            if (!name)
                continue;
            const alias = attributeOf(block.body, 'alias');
            const aliasValue = alias ? evaluation.evaluate(alias.expr, root.scope()) : undefined;
            const key = typeof aliasValue === 'string' ? `${name}.${aliasValue}` : name;
            const regionAttr = attributeOf(block.body, 'region');
            if (!regionAttr)
                continue;
            const region = evaluation.evaluate(regionAttr.expr, root.scope());
            const loc = locOf(file, regionAttr.range);
            providerRegions.set(key, typeof region === 'string' && region ? (0,types/* known */.e)(region, loc) : (0,types/* unknown */.L)(`provider ${key} region is not known statically`, loc));
        }
        const defaultRegion = providerRegions.get('aws') ?? providerRegions.get('awscc');
        if (defaultRegion?.known)
            evaluation.input.region = defaultRegion.value;
        else if (defaultRegion && !defaultRegion.known)
            evaluation.input.region = undefined;
        const resources = [];
        const headers = new Map();
        for (const instance of root.allInstances()) {
            resources.push(toPlanResource(instance));
            headers.set(instance.address, locOf(instance.decl.file, instance.decl.block.headerRange));
        }
        const file = rootConfig.files.find((f) => /(^|\/)main\.tf$/i.test(f)) ?? rootConfig.files[0];
        const parsed = { file, kind: 'terraform-source', entities: [], errors: [], unverified: [], suppressions: [] };
        try {
            (0,terraform/* modelFromSource */.l)(file, { kind: 'terraform-source', resources, providerRegions, locOf: (address) => headers.get(address) }, parsed);
        }
        catch (error) {
            result.errors.push({
                file,
                line: 1,
                column: 1,
                message: `Terraform configuration in ${rootDir} could not be evaluated: ${error.message}`.slice(0, 500),
            });
            continue;
        }
        for (const item of evaluation.unverified)
            parsed.unverified.push({ file: item.file, line: item.line, resource: item.resource, reason: item.reason });
        if (evaluation.steps > evaluation.input.budget) {
            parsed.unverified.push({
                file,
                reason: `The configuration in ${rootDir} needs more than ${evaluation.input.budget} evaluation steps; the rest is unknown`,
            });
        }
        for (const hidden of evaluation.hidden) {
            if (!result.hidden.some((h) => h.loc.file === hidden.file && h.loc.line === hidden.range.line)) {
                result.hidden.push({ loc: locOf(hidden.file, hidden.range), call: hidden.call, source: hidden.source });
            }
        }
        result.parsed.push(parsed);
        for (const dir of dirs)
            evaluatedDirs.add(dir);
    }
    for (const config of modules.values()) {
        for (const file of config.files) {
            const plan = covered.get(file);
            if (plan)
                result.files.push({ file, status: 'skipped', note: `values come from the plan ${plan}` });
            else if (evaluatedDirs.has(config.dir))
                result.files.push({ file, status: 'evaluated' });
            else {
                // Only module directories that call each other in a cycle have no root above them.
                const note = 'its module is reached only through a cycle of local module calls, so no root module evaluates it';
                result.files.push({ file, status: 'skipped', note });
                result.parsed.push({
                    file,
                    kind: 'terraform-source',
                    entities: [],
                    errors: [],
                    unverified: [{ file, line: 1, reason: `${file} was not evaluated: ${note}; its resources are not checked` }],
                    suppressions: [],
                });
            }
        }
    }
    for (const [dir, list] of tfvars) {
        for (const source of list) {
            const used = roots.includes(dir) && autoLoaded(source.file);
            const explicit = (options.varFiles ?? []).some((f) => f.file === source.file);
            const plan = coveredRoots.get(dir);
            if (plan && used)
                result.files.push({ file: source.file, status: 'skipped', note: `values come from the plan ${plan}` });
            else if (used || explicit)
                result.files.push({ file: source.file, status: 'evaluated' });
            else
                result.files.push({
                    file: source.file,
                    status: 'skipped',
                    note: 'variable file not loaded automatically: pass it with --var-file (action input var-files)',
                });
        }
    }
    return result;
}


/***/ })

};
