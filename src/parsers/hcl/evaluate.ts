/**
 * Static evaluation of a Terraform configuration: variables, locals, module calls, count and
 * for_each, dynamic blocks, expressions and functions. Whatever depends on the world outside
 * the configuration (IDs known after apply, data sources, unset variables) is Unknown with a
 * reason and, for resource attributes, the traversal it stands for.
 */
import { posix } from 'node:path';
import { callFunction } from './functions.js';
import type { Attribute, Block, Body, Expr, Range, TemplatePart } from './syntax.js';
import { convert, parseType } from './types.js';
import {
  elementsOf,
  equalValues,
  InstanceValue,
  isObjectValue,
  mergeUnknowns,
  ModuleValue,
  newObject,
  objectFrom,
  toBoolValue,
  toNumberValue,
  toStringValue,
  typeName,
  Unknown,
  unknown,
  unknownsIn,
  type InstanceHandle,
  type ModuleHandle,
  type ObjectValue,
  type Value,
} from './values.js';

export interface Located<T> {
  item: T;
  file: string;
}

export interface ResourceDecl {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  block: Block;
  file: string;
}

/** The declarations of one directory (one module), merged over its .tf files. */
export interface ModuleConfig {
  dir: string;
  files: string[];
  variables: Map<string, Located<Block>>;
  locals: Map<string, Located<Attribute>>;
  outputs: Map<string, Located<Block>>;
  resources: Map<string, ResourceDecl>;
  calls: Map<string, Located<Block>>;
  providers: Located<Block>[];
}

export function emptyModuleConfig(dir: string): ModuleConfig {
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

export function addFileToModule(config: ModuleConfig, file: string, body: Body): void {
  config.files.push(file);
  for (const block of body.blocks) {
    const [a, b] = block.labels;
    switch (block.type) {
      case 'variable':
        if (a && !config.variables.has(a)) config.variables.set(a, { item: block, file });
        break;
      case 'locals':
        for (const attr of block.body.attributes) if (!config.locals.has(attr.name)) config.locals.set(attr.name, { item: attr, file });
        break;
      case 'output':
        if (a && !config.outputs.has(a)) config.outputs.set(a, { item: block, file });
        break;
      case 'module':
        if (a && !config.calls.has(a)) config.calls.set(a, { item: block, file });
        break;
      case 'provider':
        config.providers.push({ item: block, file });
        break;
      case 'resource':
      case 'data':
        if (a && b) {
          const mode = block.type === 'data' ? 'data' : 'managed';
          const key = `${mode === 'data' ? 'data.' : ''}${a}.${b}`;
          if (!config.resources.has(key)) config.resources.set(key, { mode, type: a, name: b, block, file });
        }
        break;
    }
  }
}

const isDirective = (part: TemplatePart): part is Exclude<TemplatePart, string | Expr> =>
  typeof part !== 'string' && (part.kind === 'directive' || part.kind === 'directive-if' || part.kind === 'directive-for');

export const attributeOf = (body: Body, name: string): Attribute | undefined => body.attributes.find((a) => a.name === name);

export type InstanceKey = number | string | undefined;

export const formatKey = (key: InstanceKey): string =>
  key === undefined ? '' : typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;

interface Scope {
  module: ModuleInstance;
  vars?: Map<string, Value>;
  count?: number;
  each?: { key: Value; value: Value };
  self?: ResourceInstance;
}

export interface Problem {
  file: string;
  range: Range;
  message: string;
}

export interface HiddenModule {
  file: string;
  range: Range;
  call: string;
  source: string;
}

export interface EvaluationInput {
  modules: Map<string, ModuleConfig>;
  /** Root variable values (already in precedence order: last wins). */
  rootValues: Map<string, { value: Value; from: string }>;
  /** Region from the scan options, used when no provider sets one. */
  region?: string;
  /** Evaluation steps allowed before the rest becomes Unknown. */
  budget: number;
  maxInstances: number;
}

const META_ATTRIBUTES = new Set(['count', 'for_each', 'provider', 'depends_on', 'lifecycle', 'providers', 'source', 'version']);
const META_BLOCKS = new Set(['lifecycle', 'provisioner', 'connection', 'precondition', 'postcondition', 'timeouts']);

/** Regions whose partition is not `aws` (hyperpod-reference.md is silent; partition names from the AWS ARN format). */
function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export class Evaluation {
  readonly input: EvaluationInput;
  readonly problems: Problem[] = [];
  readonly hidden: HiddenModule[] = [];
  readonly unverified: { file: string; line: number; resource?: string; reason: string }[] = [];
  steps = 0;
  private readonly reported = new Set<string>();

  constructor(input: EvaluationInput) {
    this.input = input;
  }

  note(file: string, line: number, reason: string, resource?: string): void {
    const id = `${file}:${line}:${reason}`;
    if (this.reported.has(id)) return;
    this.reported.add(id);
    this.unverified.push({ file, line, resource, reason });
  }

  root(dir: string): ModuleInstance {
    return new ModuleInstance(this, this.input.modules.get(dir)!, [], undefined);
  }

  // --- expressions

  evaluate(expr: Expr, scope: Scope, depth = 0): Value {
    if (++this.steps > this.input.budget)
      return unknown(`evaluation stopped: the configuration needs more than ${this.input.budget} steps`);
    if (depth > 256) return unknown('expression nests too deeply');
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
        const unknownKeys: Unknown[] = [];
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
          if (equalValues(a, b) === true) return a;
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

  private template(expr: Extract<Expr, { kind: 'template' }>, scope: Scope, depth: number): Value {
    const only = expr.parts.length === 1 ? expr.parts[0]! : undefined;
    if (only !== undefined && typeof only !== 'string' && !isDirective(only)) {
      // "${x}" alone keeps x's type (HCL spec: a template with one interpolation and nothing else).
      return this.evaluate(only, scope, depth);
    }
    const pieces: string[] = [];
    const unknowns: Unknown[] = [];
    this.templateParts(expr.parts, scope, depth, pieces, unknowns);
    if (unknowns.length) return mergeUnknowns(unknowns);
    let text = pieces.join('');
    if (expr.heredocStrip) {
      const lines = text.split('\n');
      const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
      const strip = indents.length ? Math.min(...indents) : 0;
      text = lines.map((l) => l.slice(Math.min(strip, /^[ \t]*/.exec(l)![0].length))).join('\n');
    }
    return text;
  }

  /** Renders template parts into `pieces`; `%{if}` and `%{for}` directives are evaluated (HCL template syntax). */
  private templateParts(parts: TemplatePart[], scope: Scope, depth: number, pieces: string[], unknowns: Unknown[]): void {
    if (depth > 256) {
      unknowns.push(unknown('template nests too deeply'));
      return;
    }
    for (const part of parts) {
      if (typeof part === 'string') pieces.push(part);
      else if (part.kind === 'directive') unknowns.push(unknown(`template directive at line ${part.range.line} is not evaluated`));
      else if (part.kind === 'directive-if') {
        const test = toBoolValue(this.evaluate(part.test, scope, depth + 1));
        if (test instanceof Unknown)
          unknowns.push(unknown(`the %{if} at line ${part.range.line} is not known statically`), ...unknownsIn(test));
        else this.templateParts(test ? part.then : part.otherwise, scope, depth + 1, pieces, unknowns);
      } else if (part.kind === 'directive-for') {
        const collection = this.evaluate(part.collection, scope, depth + 1);
        const entries = iterationEntries(collection);
        if (!entries) {
          unknowns.push(
            collection instanceof Unknown
              ? collection
              : unknown(`the %{for} at line ${part.range.line} iterates over a ${typeName(collection)}`),
          );
          continue;
        }
        for (const [key, value] of entries) {
          const vars = new Map(scope.vars);
          if (part.keyVar) vars.set(part.keyVar, key);
          vars.set(part.valueVar, value);
          this.templateParts(part.body, { ...scope, vars }, depth + 1, pieces, unknowns);
          if (++this.steps > this.input.budget) {
            unknowns.push(unknown(`evaluation stopped: the configuration needs more than ${this.input.budget} steps`));
            return;
          }
        }
      } else {
        const s = toStringValue(this.evaluate(part, scope, depth + 1));
        if (s instanceof Unknown) unknowns.push(...unknownsIn(s));
        else pieces.push(s);
      }
    }
  }

  private binary(op: string, expr: Extract<Expr, { kind: 'binary' }>, scope: Scope, depth: number): Value {
    const left = this.evaluate(expr.left, scope, depth);
    // && and || short-circuit on a known side (HCL evaluates both, but the result is the same).
    if (op === '&&' || op === '||') {
      const l = toBoolValue(left);
      if (l === false && op === '&&') return false;
      if (l === true && op === '||') return true;
      const r = toBoolValue(this.evaluate(expr.right, scope, depth));
      if (r === false && op === '&&') return false;
      if (r === true && op === '||') return true;
      if (l instanceof Unknown || r instanceof Unknown) return mergeUnknowns([l, r].filter((x): x is Unknown => x instanceof Unknown));
      return r;
    }
    const right = this.evaluate(expr.right, scope, depth);
    if (op === '==' || op === '!=') {
      const eq = equalValues(left, right);
      if (eq instanceof Unknown) return eq;
      return op === '==' ? eq : !eq;
    }
    const a = toNumberValue(left);
    const b = toNumberValue(right);
    if (a instanceof Unknown || b instanceof Unknown) return mergeUnknowns([a, b].filter((x): x is Unknown => x instanceof Unknown));
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

  private forExpr(expr: Extract<Expr, { kind: 'for' }>, scope: Scope, depth: number): Value {
    const collection = this.evaluate(expr.collection, scope, depth);
    if (collection instanceof Unknown) return collection;
    const entries = iterationEntries(collection);
    if (!entries) return unknown(`a for expression at line ${expr.range.line} iterates over a ${typeName(collection)}`);
    const tupleOut: Value[] = [];
    const objectOut = newObject();
    const unknowns: Unknown[] = [];
    for (const [key, value] of entries) {
      const vars = new Map(scope.vars);
      if (expr.keyVar) vars.set(expr.keyVar, key);
      vars.set(expr.valueVar, value);
      const inner: Scope = { ...scope, vars };
      if (expr.condition) {
        const keep = toBoolValue(this.evaluate(expr.condition, inner, depth));
        if (keep instanceof Unknown) {
          unknowns.push(keep);
          continue;
        }
        if (!keep) continue;
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
        if (Array.isArray(group)) group.push(v);
        else objectOut[k] = [v];
      } else objectOut[k] = v;
    }
    if (unknowns.length) return mergeUnknowns(unknowns);
    return expr.keyExpr ? objectOut : tupleOut;
  }

  private call(expr: Extract<Expr, { kind: 'call' }>, scope: Scope, depth: number): Value {
    if (expr.name === 'try' || expr.name === 'can') {
      for (const arg of expr.args) {
        const v = this.evaluate(arg, scope, depth);
        const failed =
          v instanceof Unknown && v.reasons.some((r) => r.startsWith('no attribute') || r.startsWith('no element') || r.includes('():'));
        if (expr.name === 'can') return v instanceof Unknown ? (failed ? false : v) : true;
        if (!failed) return v;
      }
      return expr.name === 'can' ? false : unknown(`try() at line ${expr.range.line}: no argument could be evaluated`);
    }
    let args = expr.args.map((a) => this.evaluate(a, scope, depth));
    if (expr.expandLast && args.length) {
      const last = args[args.length - 1]!;
      const items = elementsOf(last);
      if (items instanceof Unknown) return items;
      args = [...args.slice(0, -1), ...items];
    }
    return callFunction(expr.name, args);
  }

  private variable(name: string, scope: Scope, range: Range): Value {
    if (scope.vars?.has(name)) return scope.vars.get(name)!;
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
  private traversal(expr: Extract<Expr, { kind: 'traversal' }>, scope: Scope, depth: number): Value {
    const steps = expr.steps;
    let i = 0;
    let current: Value;
    const attrAt = (j: number): string | undefined => {
      const s = steps[j];
      return s?.kind === 'attr' ? s.name : undefined;
    };
    const base = expr.base.kind === 'variable' && !scope.vars?.has(expr.base.name) ? expr.base.name : undefined;
    if (base === 'var' && attrAt(0)) {
      current = scope.module.variable(attrAt(0)!);
      i = 1;
    } else if (base === 'local' && attrAt(0)) {
      current = scope.module.local(attrAt(0)!);
      i = 1;
    } else if (base === 'module' && attrAt(0)) {
      current = scope.module.callValue(attrAt(0)!);
      i = 1;
    } else if (base === 'data' && attrAt(0) && attrAt(1)) {
      current = scope.module.resourceValue(`data.${attrAt(0)}.${attrAt(1)}`, expr.range);
      i = 2;
    } else if (base && attrAt(0) && /^[a-z0-9]+_[a-z0-9_]+$/i.test(base) && scope.module.config.resources.has(`${base}.${attrAt(0)}`)) {
      current = scope.module.resourceValue(`${base}.${attrAt(0)}`, expr.range);
      i = 1;
    } else if (base && attrAt(0) && /^[a-z0-9]+_[a-z0-9_]+$/i.test(base)) {
      return unknown(`${base}.${attrAt(0)} is not declared in ${scope.module.config.dir}`);
    } else {
      current = this.evaluate(expr.base, scope, depth);
    }
    for (; i < steps.length; i++) {
      const step = steps[i]!;
      if (step.kind === 'splat') {
        const rest = steps.slice(i + 1);
        let items: Value[];
        if (current === null) items = [];
        else if (Array.isArray(current)) items = current;
        else if (current instanceof Unknown) return current;
        else if (isObjectValue(current) && step.full)
          items = Object.keys(current)
            .sort()
            .map((k) => (current as ObjectValue)[k]!);
        else items = [current];
        return items.map((item) => this.applySteps(item, rest, scope, depth));
      }
      current = this.applyStep(current, step, scope, depth);
    }
    return current;
  }

  private applySteps(value: Value, steps: Extract<Expr, { kind: 'traversal' }>['steps'], scope: Scope, depth: number): Value {
    let current = value;
    for (const step of steps) {
      if (step.kind === 'splat') return unknown('nested splat is not evaluated');
      current = this.applyStep(current, step, scope, depth);
    }
    return current;
  }

  private applyStep(current: Value, step: Extract<Expr, { kind: 'traversal' }>['steps'][number], scope: Scope, depth: number): Value {
    if (step.kind === 'attr') return getAttribute(current, step.name);
    if (step.kind === 'index') {
      const key = this.evaluate(step.key, scope, depth);
      return getIndex(current, key);
    }
    return current;
  }
}

export function getAttribute(current: Value, name: string): Value {
  if (current instanceof Unknown) {
    return current.refs.length
      ? new Unknown(
          current.reasons,
          current.refs.map((r) => `${r}.${name}`),
        )
      : current;
  }
  if (current instanceof InstanceValue) return current.instance.attribute(name);
  if (current instanceof ModuleValue) return current.module.output(name);
  if (isObjectValue(current)) {
    if (Object.prototype.hasOwnProperty.call(current, name)) return current[name]!;
    return unknown(`no attribute "${name}"`);
  }
  if (current === null) return unknown(`no attribute "${name}" on a null value`);
  return unknown(`no attribute "${name}" on a ${typeName(current)}`);
}

export function getIndex(current: Value, key: Value): Value {
  if (key instanceof Unknown) return key;
  if (current instanceof Unknown)
    return current.refs.length
      ? new Unknown(
          current.reasons,
          current.refs.map((r) => `${r}${formatKey(typeof key === 'number' || typeof key === 'string' ? key : undefined)}`),
        )
      : current;
  if (Array.isArray(current)) {
    const n = toNumberValue(key);
    if (n instanceof Unknown) return n;
    if (!Number.isInteger(n) || n < 0 || n >= current.length) return unknown(`no element [${n}] in a list of ${current.length}`);
    return current[n]!;
  }
  if (isObjectValue(current)) {
    const k = toStringValue(key);
    if (k instanceof Unknown) return k;
    if (Object.prototype.hasOwnProperty.call(current, k)) return current[k]!;
    return unknown(`no element ["${k}"]`);
  }
  return unknown(`cannot index a ${typeName(current)}`);
}

// ---------------------------------------------------------------------------------------------
// Module and resource instances

export const moduleAddress = (steps: readonly { name: string; key?: number | string }[]): string =>
  steps.map((s) => `module.${s.name}${formatKey(s.key)}`).join('.');

export class ModuleInstance implements ModuleHandle {
  readonly evaluation: Evaluation;
  readonly config: ModuleConfig;
  readonly steps: { name: string; key?: number | string }[];
  readonly address: string;
  /** The calling module's scope and the call's block (undefined at the root). */
  readonly caller?: { scope: Scope; block: Block; file: string };
  private readonly variables = new Map<string, Value>();
  private readonly locals = new Map<string, Value | 'pending'>();
  private readonly resourceGroups = new Map<string, ResourceGroup>();
  private readonly callGroups = new Map<string, CallGroup>();

  constructor(
    evaluation: Evaluation,
    config: ModuleConfig,
    steps: { name: string; key?: number | string }[],
    caller: ModuleInstance['caller'],
  ) {
    this.evaluation = evaluation;
    this.config = config;
    this.steps = steps;
    this.address = moduleAddress(steps);
    this.caller = caller;
  }

  rootDir(): string {
    return this.caller ? this.caller.scope.module.rootDir() : this.config.dir;
  }

  scope(): Scope {
    return { module: this };
  }

  variable(name: string): Value {
    const cached = this.variables.get(name);
    if (cached !== undefined) return cached;
    this.variables.set(name, unknown(`var.${name} refers to itself`));
    const value = this.computeVariable(name);
    this.variables.set(name, value);
    return value;
  }

  private computeVariable(name: string): Value {
    const declaration = this.config.variables.get(name);
    const where = this.address || 'the root module';
    if (!declaration) return unknown(`var.${name} is not declared in ${this.config.dir}`);
    const typeAttr = attributeOf(declaration.item.body, 'type');
    const type = typeAttr ? parseType(typeAttr.expr) : { kind: 'any' as const };
    const defaultAttr = attributeOf(declaration.item.body, 'default');
    const evalDefault = (e: Expr): Value => this.evaluation.evaluate(e, { module: this });
    let value: Value | undefined;
    if (this.caller) {
      const given = attributeOf(this.caller.block.body, name);
      if (given) value = this.evaluation.evaluate(given.expr, this.caller.scope);
    } else {
      const given = this.evaluation.input.rootValues.get(name);
      if (given) value = given.value;
    }
    if (value === undefined || (value === null && attributeOf(declaration.item.body, 'nullable')?.expr.kind === 'literal' && defaultAttr)) {
      if (defaultAttr) value = this.evaluation.evaluate(defaultAttr.expr, { module: this });
      else return unknown(`var.${name} of ${where} has no value (give it with --var, --var-file or a .tfvars file)`);
    }
    return convert(value, type, evalDefault);
  }

  local(name: string): Value {
    const cached = this.locals.get(name);
    if (cached === 'pending') return unknown(`local.${name} refers to itself`);
    if (cached !== undefined) return cached;
    const declaration = this.config.locals.get(name);
    if (!declaration) return unknown(`local.${name} is not declared in ${this.config.dir}`);
    this.locals.set(name, 'pending');
    const value = this.evaluation.evaluate(declaration.item.expr, { module: this });
    this.locals.set(name, value);
    return value;
  }

  output(name: string): Value {
    const declaration = this.config.outputs.get(name);
    if (!declaration) return unknown(`output ${name} is not declared in ${this.config.dir}`);
    const value = attributeOf(declaration.item.body, 'value');
    return value ? this.evaluation.evaluate(value.expr, { module: this }) : null;
  }

  outputNames(): string[] {
    return [...this.config.outputs.keys()];
  }

  group(key: string): ResourceGroup | undefined {
    let group = this.resourceGroups.get(key);
    if (!group) {
      const decl = this.config.resources.get(key);
      if (!decl) return undefined;
      group = new ResourceGroup(this, decl);
      this.resourceGroups.set(key, group);
    }
    return group;
  }

  resourceValue(key: string, range: Range): Value {
    const group = this.group(key);
    if (!group) return unknown(`${key} at line ${range.line} is not declared in ${this.config.dir}`);
    return group.value();
  }

  callGroup(name: string): CallGroup | undefined {
    let group = this.callGroups.get(name);
    if (!group) {
      const decl = this.config.calls.get(name);
      if (!decl) return undefined;
      group = new CallGroup(this, name, decl);
      this.callGroups.set(name, group);
    }
    return group;
  }

  callValue(name: string): Value {
    const group = this.callGroup(name);
    if (!group) return unknown(`module.${name} is not declared in ${this.config.dir}`);
    return group.value();
  }

  /** Every resource instance of this module and the modules it calls. */
  *allInstances(): Generator<ResourceInstance> {
    for (const key of this.config.resources.keys()) yield* this.group(key)!.instances();
    for (const name of this.config.calls.keys()) {
      for (const child of this.callGroup(name)!.instances()) yield* child.allInstances();
    }
  }
}

/** Expansion of a block by count / for_each. */
function expand(
  evaluation: Evaluation,
  body: Body,
  scope: Scope,
  what: string,
  file: string,
  line: number,
): { keys: InstanceKey[]; each?: Map<string, Value> } | Unknown {
  const count = attributeOf(body, 'count');
  const forEach = attributeOf(body, 'for_each');
  const max = evaluation.input.maxInstances;
  if (count) {
    const n = toNumberValue(evaluation.evaluate(count.expr, scope));
    if (n instanceof Unknown) return unknown(`count of ${what} is not known statically: ${n.reason}`);
    if (!Number.isInteger(n) || n < 0) return unknown(`count of ${what} is ${n}, not a whole number`);
    if (n > max) return unknown(`count of ${what} is ${n}, over the ${max} instances read per resource`);
    return { keys: Array.from({ length: n }, (_, i) => i) };
  }
  if (forEach) {
    const v = evaluation.evaluate(forEach.expr, scope);
    const each = new Map<string, Value>();
    if (Array.isArray(v)) {
      for (const item of v) {
        const s = toStringValue(item);
        if (s instanceof Unknown) return unknown(`for_each of ${what} has keys not known statically: ${s.reason}`);
        each.set(s, s);
      }
    } else if (isObjectValue(v)) {
      for (const k of Object.keys(v)) each.set(k, v[k]!);
    } else if (v instanceof Unknown) {
      return unknown(`for_each of ${what} is not known statically: ${v.reason}`);
    } else return unknown(`for_each of ${what} is a ${typeName(v)}, not a map or set`);
    if (each.size > max) return unknown(`for_each of ${what} has ${each.size} keys, over the ${max} instances read per resource`);
    void file;
    void line;
    return { keys: [...each.keys()].sort(), each };
  }
  return { keys: [undefined] };
}

/** `aws`, `aws.west`: the text of a provider reference (a name, or a name and an alias). */
export function providerRef(expr: Expr): string | undefined {
  if (expr.kind === 'variable') return expr.name;
  if (expr.kind === 'traversal' && expr.base.kind === 'variable' && expr.steps.length === 1 && expr.steps[0]!.kind === 'attr')
    return `${expr.base.name}.${expr.steps[0]!.name}`;
  if (expr.kind === 'template' && expr.parts.length === 1 && typeof expr.parts[0] === 'string') return expr.parts[0];
  return undefined;
}

/**
 * The root provider configuration a resource uses: its `provider` argument (or the default one of
 * its type's provider), mapped through each module call's `providers = { aws = aws.west }` up to
 * the root. A module that is not handed the provider inherits the caller's default one.
 */
export function rootProviderKey(instance: ResourceInstance): string {
  const body = instance.decl.block.body;
  const own = attributeOf(body, 'provider');
  let key = (own && providerRef(own.expr)) ?? instance.decl.type.split('_')[0]!;
  for (let module: ModuleInstance | undefined = instance.group.module; module?.caller; module = module.caller.scope.module) {
    const providers = attributeOf(module.caller.block.body, 'providers');
    if (providers?.expr.kind !== 'object') {
      key = key.split('.')[0]!; // an alias not passed in: Terraform requires it to be passed; read the default
      continue;
    }
    const passed = providers.expr.items.find((item) => (item.bareKey ?? providerRef(item.key)) === key);
    const parent = passed ? providerRef(passed.value) : undefined;
    key = parent ?? key.split('.')[0]!;
  }
  return key;
}

export class ResourceGroup {
  readonly module: ModuleInstance;
  readonly decl: ResourceDecl;
  private expanded?: ResourceInstance[] | Unknown;
  private mode?: 'single' | 'count' | 'for_each';

  constructor(module: ModuleInstance, decl: ResourceDecl) {
    this.module = module;
    this.decl = decl;
  }

  get localAddress(): string {
    return `${this.decl.mode === 'data' ? 'data.' : ''}${this.decl.type}.${this.decl.name}`;
  }

  get baseAddress(): string {
    return this.module.address ? `${this.module.address}.${this.localAddress}` : this.localAddress;
  }

  instances(): ResourceInstance[] {
    const e = this.expand();
    return e instanceof Unknown ? [] : e;
  }

  expand(): ResourceInstance[] | Unknown {
    if (this.expanded) return this.expanded;
    this.expanded = unknown(`${this.baseAddress} depends on itself`);
    const body = this.decl.block.body;
    const result = expand(this.module.evaluation, body, this.module.scope(), this.baseAddress, this.decl.file, this.decl.block.range.line);
    if (result instanceof Unknown) {
      this.module.evaluation.note(
        this.decl.file,
        this.decl.block.range.line,
        `${result.reason}; its instances are not checked`,
        this.baseAddress,
      );
      this.expanded = result;
      return result;
    }
    this.mode = attributeOf(body, 'count') ? 'count' : attributeOf(body, 'for_each') ? 'for_each' : 'single';
    this.expanded = result.keys.map((key) => new ResourceInstance(this, key, result.each?.get(String(key))));
    return this.expanded;
  }

  value(): Value {
    const list = this.expand();
    if (list instanceof Unknown) return list;
    if (this.mode === 'single') return new InstanceValue(list[0]!);
    if (this.mode === 'count') return list.map((i) => new InstanceValue(i));
    return objectFrom(list.map((i) => [String(i.key), new InstanceValue(i)]));
  }
}

export class ResourceInstance implements InstanceHandle {
  readonly group: ResourceGroup;
  readonly key: InstanceKey;
  readonly address: string;
  private readonly scopeValue: Scope;
  private readonly attributes = new Map<string, Value>();

  constructor(group: ResourceGroup, key: InstanceKey, eachValue: Value | undefined) {
    this.group = group;
    this.key = key;
    this.address = `${group.baseAddress}${formatKey(key)}`;
    const scope: Scope = { module: group.module };
    if (typeof key === 'number') scope.count = key;
    if (typeof key === 'string') scope.each = { key, value: eachValue ?? key };
    this.scopeValue = scope;
  }

  get scope(): Scope {
    return this.scopeValue;
  }

  get decl(): ResourceDecl {
    return this.group.decl;
  }

  get evaluation(): Evaluation {
    return this.group.module.evaluation;
  }

  /** An attribute as another expression reads it. */
  attribute(name: string): Value {
    const cached = this.attributes.get(name);
    if (cached !== undefined) return cached;
    this.attributes.set(name, unknown(`${this.address}.${name} refers to itself`));
    const value = this.computeAttribute(name);
    this.attributes.set(name, value);
    return value;
  }

  private computeAttribute(name: string): Value {
    const { decl } = this;
    const later = (): Unknown => unknown(`${this.address}.${name} is known only after apply`, [`${this.address}.${name}`]);
    if (decl.mode === 'data') {
      const region = this.evaluation.input.region;
      if (decl.type === 'aws_region' && (name === 'name' || name === 'region' || name === 'id')) {
        return region ?? unknown(`${this.address}.${name}: no provider region is known statically`);
      }
      if (decl.type === 'aws_availability_zones') {
        // The data source's id is the region; which zones it lists depends on the account (zone names map to
        // different zones per account: hyperpod-reference.md, "AZ IDs, not AZ names").
        if (name === 'id') return region ?? unknown(`${this.address}.id: no provider region is known statically`);
        if (name === 'names' || name === 'zone_ids' || name === 'group_names')
          return unknown(
            region
              ? `${this.address}.${name}: the Availability Zones of ${region} are listed by the AWS account at plan time`
              : `${this.address}.${name}: no provider region is known statically, and the zones are listed by the AWS account`,
            [`${this.address}.${name}`],
          );
      }
      if (decl.type === 'aws_partition' && name === 'partition') {
        return region ? partitionOf(region) : unknown(`${this.address}.partition: no provider region is known statically`);
      }
    }
    if (META_ATTRIBUTES.has(name)) return later();
    const attr = attributeOf(decl.block.body, name);
    if (attr) return this.evaluation.evaluate(attr.expr, this.scope);
    const blocks = this.blocks(decl.block.body, name, this.scope, 0);
    if (blocks.length) return blocks.map((b) => b.value);
    if (decl.mode === 'data') return unknown(`${this.address}.${name} is read from the AWS account`, [`${this.address}.${name}`]);
    return later();
  }

  /** Nested blocks of one type, with dynamic blocks expanded. */
  blocks(body: Body, type: string, scope: Scope, depth: number): { value: ObjectValue; block: Block; scope: Scope }[] {
    const out: { value: ObjectValue; block: Block; scope: Scope }[] = [];
    if (depth > 32) return out;
    for (const block of body.blocks) {
      if (block.type === type && !META_BLOCKS.has(type)) {
        out.push({ value: this.blockValue(block.body, scope, depth + 1), block, scope });
      } else if (block.type === 'dynamic' && block.labels[0] === type) {
        const forEach = attributeOf(block.body, 'for_each');
        const iteratorAttr = attributeOf(block.body, 'iterator');
        const iterator = iteratorAttr?.expr.kind === 'variable' ? iteratorAttr.expr.name : type;
        const content = block.body.blocks.find((b) => b.type === 'content');
        if (!forEach || !content) continue;
        const collection = this.evaluation.evaluate(forEach.expr, scope);
        const entries = iterationEntries(collection);
        if (!entries) {
          const why = collection instanceof Unknown ? collection.reason : `it is a ${typeName(collection)}`;
          this.evaluation.note(
            this.decl.file,
            block.range.line,
            `dynamic "${type}" of ${this.address} is not known statically (${why}); those blocks are not checked`,
            this.address,
          );
          continue;
        }
        for (const [key, value] of entries) {
          const vars = new Map(scope.vars);
          vars.set(
            iterator,
            objectFrom([
              ['key', key],
              ['value', value],
            ]),
          );
          const inner: Scope = { ...scope, vars };
          out.push({ value: this.blockValue(content.body, inner, depth + 1), block: content, scope: inner });
        }
      }
    }
    return out;
  }

  blockValue(body: Body, scope: Scope, depth: number): ObjectValue {
    const out = newObject();
    for (const attr of body.attributes) out[attr.name] = this.evaluation.evaluate(attr.expr, scope);
    const types = new Set(body.blocks.map((b) => (b.type === 'dynamic' ? (b.labels[0] ?? '') : b.type)));
    for (const type of types) {
      if (!type || META_BLOCKS.has(type)) continue;
      out[type] = this.blocks(body, type, scope, depth).map((b) => b.value);
    }
    return out;
  }
}

export class CallGroup {
  readonly module: ModuleInstance;
  readonly name: string;
  readonly decl: Located<Block>;
  private expanded?: ModuleInstance[] | Unknown;
  private mode?: 'single' | 'count' | 'for_each';

  constructor(module: ModuleInstance, name: string, decl: Located<Block>) {
    this.module = module;
    this.name = name;
    this.decl = decl;
  }

  private childConfig(): ModuleConfig | Unknown {
    const evaluation = this.module.evaluation;
    const sourceAttr = attributeOf(this.decl.item.body, 'source');
    const source =
      sourceAttr?.expr.kind === 'template' && sourceAttr.expr.parts.length === 1 && typeof sourceAttr.expr.parts[0] === 'string'
        ? sourceAttr.expr.parts[0]
        : undefined;
    const address = this.module.address ? `${this.module.address}.module.${this.name}` : `module.${this.name}`;
    if (source === undefined) return unknown(`${address} has no literal source`);
    if (!/^\.\.?(\/|$)/.test(source)) {
      evaluation.hidden.push({ file: this.decl.file, range: this.decl.item.headerRange, call: address, source });
      return unknown(`${address} comes from ${source}, which is not in the scanned files`);
    }
    const dir = normalizeDir(posix.join(this.module.config.dir, source));
    const config = evaluation.input.modules.get(dir);
    if (!config) {
      evaluation.note(
        this.decl.file,
        this.decl.item.range.line,
        `${address}: its source ${source} (${dir}) has no .tf files in the scan; its resources are not checked`,
        address,
      );
      return unknown(`${address}: ${dir} was not scanned`);
    }
    if (this.module.steps.length >= 16) return unknown(`${address}: modules nest deeper than 16 levels`);
    return config;
  }

  instances(): ModuleInstance[] {
    const e = this.expand();
    return e instanceof Unknown ? [] : e;
  }

  expand(): ModuleInstance[] | Unknown {
    if (this.expanded) return this.expanded;
    const config = this.childConfig();
    if (config instanceof Unknown) return (this.expanded = config);
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
      const scope: Scope = { module: this.module };
      if (typeof key === 'number') scope.count = key;
      if (typeof key === 'string') scope.each = { key, value: result.each?.get(key) ?? key };
      const steps = [...this.module.steps, key === undefined ? { name: this.name } : { name: this.name, key }];
      return new ModuleInstance(this.module.evaluation, config, steps, { scope, block: this.decl.item, file: this.decl.file });
    });
    return this.expanded;
  }

  value(): Value {
    const list = this.expand();
    if (list instanceof Unknown) return list;
    if (this.mode === 'single') return new ModuleValue(list[0]!);
    if (this.mode === 'count') return list.map((m) => new ModuleValue(m));
    return objectFrom(list.map((m) => [String(m.steps[m.steps.length - 1]!.key), new ModuleValue(m)]));
  }
}

export function normalizeDir(dir: string): string {
  const normalized = posix.normalize(dir).replace(/\/+$/, '');
  return normalized === '' ? '.' : normalized;
}

/** What a `for` expression, `%{for}` or `dynamic` block iterates: index and element of a list, or key and value of an object in key order; undefined for anything else. */
function iterationEntries(collection: Value): [Value, Value][] | undefined {
  if (Array.isArray(collection)) return collection.map((v, i) => [i, v]);
  if (isObjectValue(collection))
    return Object.keys(collection)
      .sort()
      .map((k) => [k, collection[k]!]);
  return undefined;
}
