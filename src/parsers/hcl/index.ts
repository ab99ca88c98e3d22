/**
 * Terraform source (.tf, .tfvars, .tfvars.json) → model entities, without a plan.
 *
 * Each root module (a folder of .tf files no local module call points to) is evaluated
 * statically (evaluate.ts), its resource instances are turned into the shape the plan path
 * reads (values with unknown leaves, per-instance expressions with references), and the plan
 * path's entity builders make the model. Verdicts from source and from a plan therefore agree.
 */
import { posix } from 'node:path';
import { known, unknown as unknownVal, type Loc, type ParsedFile, type Val } from '../../model/types.js';
import { modelFromSource } from '../terraform.js';
import { AFTER_APPLY, type ConfigResource, type ModuleStep, type PlanResource } from '../terraform-refs.js';
import { pathText, type Path } from '../terraform-values.js';
import {
  addFileToModule,
  attributeOf,
  emptyModuleConfig,
  Evaluation,
  normalizeDir,
  type ModuleConfig,
  rootProviderKey,
  type ResourceInstance,
} from './evaluate.js';
import { loadHclParser, parseHcl, type Block, type Body, type Range } from './syntax.js';
import { fromJson, InstanceValue, isObjectValue, ModuleValue, Unknown, unknownsIn, wholly, type Value } from './values.js';
import { compareText } from '../../util/compare.js';

export interface SourceFile {
  file: string;
  text: string;
}

export interface TerraformSourceOptions {
  /** Files named by --var-file / var-files, in order (each applies to every root that declares its variables). */
  varFiles?: SourceFile[];
  /** --var name=value, in order. */
  vars?: { name: string; value: string }[];
  region?: string;
  /** Steps of evaluation per root module before the rest becomes unknown. */
  budget?: number;
  /** Instances read per resource or module call (count / for_each). */
  maxInstances?: number;
  /** Root folders whose values come from a scanned plan (plan values win). */
  coveredByPlan?: (rootDir: string, files: string[]) => string | undefined;
}

export interface TerraformSourceResult {
  parsed: ParsedFile[];
  /** Per file: evaluated (part of an evaluated root or module), or skipped with why. */
  files: { file: string; status: 'evaluated' | 'skipped'; note?: string }[];
  /** Files that cannot be read: syntax errors (HP000). */
  errors: { file: string; line: number; column: number; message: string }[];
  /** Module calls whose source is outside the scan (HP090). */
  hidden: { loc: Loc; call: string; source: string }[];
  /**
   * The resource or data block whose header is on `line` of `file`: its header location and where
   * each attribute path is written (for a plan of the same configuration, whose values win).
   */
  declarationAt(file: string, line: number): { header: Loc; attributeLoc(path: Path): Loc | undefined } | undefined;
}

const DEFAULT_BUDGET = 2_000_000;
const DEFAULT_MAX_INSTANCES = 1000;

const locOf = (file: string, r: Range): Loc => ({ file, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn });

const isTfvars = (file: string): boolean => /\.tfvars(\.json)?$/i.test(file);
const autoLoaded = (file: string): boolean => /(^|\/)terraform\.tfvars(\.json)?$/i.test(file) || /\.auto\.tfvars(\.json)?$/i.test(file);

/** Variable values of a .tfvars (HCL, literals and functions only) or .tfvars.json file. */
function readVarFile(
  parser: Awaited<ReturnType<typeof loadHclParser>>,
  source: SourceFile,
  errors: TerraformSourceResult['errors'],
): Map<string, Value> {
  const values = new Map<string, Value>();
  if (/\.json$/i.test(source.file)) {
    try {
      const data: unknown = JSON.parse(source.text);
      if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        errors.push({ file: source.file, line: 1, column: 1, message: `${source.file} is not a JSON object of variable values` });
      } else for (const [k, v] of Object.entries(data as Record<string, unknown>)) values.set(k, fromJson(v));
    } catch (error) {
      errors.push({
        file: source.file,
        line: 1,
        column: 1,
        message: `${source.file} is not valid JSON: ${(error as Error).message}`.slice(0, 300),
      });
    }
    return values;
  }
  const parsed = parseHcl(parser, source.text);
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
  for (const attr of parsed.body.attributes) values.set(attr.name, evaluation.evaluate(attr.expr, scope));
  return values;
}

/** A --var value: HCL syntax for typed variables (lists, maps, numbers), the raw text for strings. */
function cliValue(parser: Awaited<ReturnType<typeof loadHclParser>>, text: string, type: string | undefined): Value {
  if (type === undefined || type === 'string') return text;
  const parsed = parseHcl(parser, `v = ${text}\n`);
  const attr = parsed.body.attributes[0];
  if (!attr || parsed.problems.length) return text;
  const evaluation = new Evaluation({
    modules: new Map([['.', emptyModuleConfig('.')]]),
    rootValues: new Map(),
    budget: 100_000,
    maxInstances: 1,
  });
  return evaluation.evaluate(attr.expr, { module: evaluation.root('.') });
}

/** Source text of a variable's type (for --var parsing). */
function typeText(block: Block): string | undefined {
  const type = attributeOf(block.body, 'type');
  if (!type) return undefined;
  return type.expr.kind === 'variable' ? type.expr.name : 'complex';
}

// --- instances → plan-shaped resources

function planValue(v: Value, depth = 0): unknown {
  if (depth > 64) return AFTER_APPLY;
  if (v instanceof Unknown || v instanceof InstanceValue || v instanceof ModuleValue) return AFTER_APPLY;
  if (Array.isArray(v)) return v.map((x) => planValue(x, depth + 1));
  if (isObjectValue(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v))
      Object.defineProperty(out, k, { value: planValue(v[k]!, depth + 1), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

/** The configuration expression mirroring a value (what the plan's `configuration` section holds). */
function expressionOf(v: Value, depth = 0): unknown {
  const w = wholly(v);
  if (!(w instanceof Unknown)) return { constant_value: planValue(v) };
  if (depth < 32 && isObjectValue(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v))
      Object.defineProperty(out, k, { value: expressionOf(v[k]!, depth + 1), enumerable: true, writable: true, configurable: true });
    return out;
  }
  if (depth < 32 && Array.isArray(v) && v.some((x) => isObjectValue(x))) return v.map((x) => expressionOf(x, depth + 1));
  const refs = [...new Set(unknownsIn(v).flatMap((u) => u.refs))].sort();
  return refs.length ? { references: refs } : { references: [], unknown_reason: w.reason };
}

function moduleSteps(instance: ResourceInstance): ModuleStep[] {
  return instance.group.module.steps.map((s) => (s.key === undefined ? { name: s.name } : { name: s.name, key: s.key }));
}

/** Locations of attributes and nested blocks, by path text with and without `[0]` steps. */
function recordLocs(resource: Body, file: string): Map<string, Loc> {
  const locs = new Map<string, Loc>();
  const visit = (body: Body, prefix: Path, depth: number): void => {
    if (depth > 16) return;
    for (const attr of body.attributes) locs.set(pathText([...prefix, attr.name]), locOf(file, attr.range));
    const counts = new Map<string, number>();
    for (const block of body.blocks) {
      const type = block.type === 'dynamic' ? block.labels[0] : block.type;
      if (!type) continue;
      const i = counts.get(type) ?? 0;
      counts.set(type, i + 1);
      const path = [...prefix, type, i];
      locs.set(pathText(path), locOf(file, block.range));
      const inner = block.type === 'dynamic' ? block.body.blocks.find((b) => b.type === 'content')?.body : block.body;
      if (inner) visit(inner, path, depth + 1);
    }
  };
  visit(resource, [], 0);
  return locs;
}

/**
 * Locations of one instance's attributes and nested blocks, with `dynamic` blocks expanded: the
 * i-th `egress` value is located at the block that made it (the `content` of a dynamic block).
 */
function instanceLocs(instance: ResourceInstance): Map<string, Loc> {
  const file = instance.decl.file;
  const locs = new Map<string, Loc>();
  const visit = (body: Body, scope: ResourceInstance['scope'], prefix: Path, depth: number): void => {
    if (depth > 16) return;
    for (const attr of body.attributes) locs.set(pathText([...prefix, attr.name]), locOf(file, attr.range));
    const types = new Set(body.blocks.map((b) => (b.type === 'dynamic' ? (b.labels[0] ?? '') : b.type)));
    for (const type of types) {
      if (!type) continue;
      instance.blocks(body, type, scope, depth).forEach((entry, i) => {
        const path = [...prefix, type, i];
        locs.set(pathText(path), locOf(file, entry.block.range));
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
function ambiguousFrom(resource: Body, path: Path): number | undefined {
  let body: Body | undefined = resource;
  for (let i = 0; i < path.length && body; i++) {
    const name = path[i];
    if (typeof name !== 'string' || typeof path[i + 1] !== 'number') return undefined;
    const blocks: Block[] = body.blocks.filter((b) => b.type === name || (b.type === 'dynamic' && b.labels[0] === name));
    if (!blocks.length) return undefined; // an attribute holding a list
    if (blocks.length > 1 || blocks[0]!.type === 'dynamic' || path[i + 1] !== 0) return i;
    body = blocks[0]!.body;
    i++;
  }
  return undefined;
}

function lookupLoc(locs: Map<string, Loc>, path: Path): Loc | undefined {
  for (let n = path.length; n > 0; n--) {
    const prefix = path.slice(0, n);
    const exact = locs.get(pathText(prefix));
    if (exact) return exact;
    // `vpc_config.subnet_ids` is read as `vpc_config[0].subnet_ids` when the block occurs once.
    const withFirst: (string | number)[] = [];
    prefix.forEach((step, i) => {
      withFirst.push(step);
      if (typeof step === 'string' && typeof prefix[i + 1] === 'string') withFirst.push(0);
    });
    const indexed = locs.get(pathText(withFirst));
    if (indexed) return indexed;
  }
  return undefined;
}

function toPlanResource(instance: ResourceInstance): PlanResource {
  const { decl } = instance;
  const values: Record<string, unknown> = {};
  const expressions: Record<string, unknown> = {};
  const set = (name: string, v: Value): void => {
    Object.defineProperty(values, name, { value: planValue(v), enumerable: true, writable: true, configurable: true });
    Object.defineProperty(expressions, name, { value: expressionOf(v), enumerable: true, writable: true, configurable: true });
  };
  const names = new Set<string>();
  for (const attr of decl.block.body.attributes) names.add(attr.name);
  for (const block of decl.block.body.blocks) names.add(block.type === 'dynamic' ? (block.labels[0] ?? '') : block.type);
  for (const name of ['count', 'for_each', 'provider', 'depends_on', 'lifecycle', 'provisioner', 'connection', 'timeouts', ''])
    names.delete(name);
  for (const name of names) set(name, instance.attribute(name));
  if (decl.mode === 'managed') {
    for (const computed of ['id', 'arn']) if (!(computed in values)) values[computed] = AFTER_APPLY;
  } else if (!('id' in values)) values.id = AFTER_APPLY;
  const providerKey = rootProviderKey(instance);
  const config: ConfigResource = {
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
function reachable(modules: Map<string, ModuleConfig>, root: string): Set<string> {
  const seen = new Set<string>([root]);
  const queue = [root];
  while (queue.length) {
    const dir = queue.pop()!;
    for (const call of modules.get(dir)?.calls.values() ?? []) {
      const source = attributeOf(call.item.body, 'source');
      const text = source?.expr.kind === 'template' && typeof source.expr.parts[0] === 'string' ? source.expr.parts[0] : undefined;
      if (!text || !/^\.\.?(\/|$)/.test(text)) continue;
      const target = normalizeDir(posix.join(dir, text));
      if (modules.has(target) && !seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return seen;
}

export async function readTerraformSources(sources: SourceFile[], options: TerraformSourceOptions = {}): Promise<TerraformSourceResult> {
  const parser = await loadHclParser();
  const modules = new Map<string, ModuleConfig>();
  const declarations = new Map<string, { header: Loc; attributeLoc(path: Path): Loc | undefined }>();
  const result: TerraformSourceResult = {
    parsed: [],
    files: [],
    errors: [],
    hidden: [],
    declarationAt: (file, line) => {
      const key = `${file}:${line}`;
      const cached = declarations.get(key);
      if (cached) return cached;
      const decl = [...(modules.get(normalizeDir(posix.dirname(file)))?.resources.values() ?? [])].find(
        (d) => d.file === file && d.block.headerRange.line === line,
      );
      if (!decl) return undefined;
      let locs: Map<string, Loc> | undefined;
      const entry = {
        header: locOf(decl.file, decl.block.headerRange),
        attributeLoc: (path: Path) => {
          const cut = ambiguousFrom(decl.block.body, path);
          return lookupLoc((locs ??= recordLocs(decl.block.body, decl.file)), cut === undefined ? path : path.slice(0, cut));
        },
      };
      declarations.set(key, entry);
      return entry;
    },
  };
  const tfvars = new Map<string, SourceFile[]>();
  for (const source of [...sources].sort((a, b) => compareText(a.file, b.file))) {
    const dir = normalizeDir(posix.dirname(source.file));
    if (isTfvars(source.file)) {
      const list = tfvars.get(dir) ?? [];
      list.push(source);
      tfvars.set(dir, list);
      continue;
    }
    const parsed = parseHcl(parser, source.text);
    for (const problem of parsed.problems.slice(0, 3)) {
      result.errors.push({
        file: source.file,
        line: problem.range.line,
        column: problem.range.column,
        message: `${source.file} has a Terraform syntax error here (${problem.message}); the declarations around it are not read`,
      });
    }
    let config = modules.get(dir);
    if (!config) modules.set(dir, (config = emptyModuleConfig(dir)));
    addFileToModule(config, source.file, parsed.body);
  }

  const targets = new Set<string>();
  for (const config of modules.values()) {
    for (const dir of reachable(modules, config.dir)) if (dir !== config.dir) targets.add(dir);
  }
  const roots = [...modules.keys()].filter((dir) => !targets.has(dir)).sort();
  const evaluatedDirs = new Set<string>();
  const covered = new Map<string, string>();
  const coveredRoots = new Map<string, string>();

  for (const rootDir of roots) {
    const dirs = reachable(modules, rootDir);
    const files = [...dirs].flatMap((d) => modules.get(d)!.files);
    const plan = options.coveredByPlan?.(rootDir, files);
    if (plan) {
      for (const file of files) covered.set(file, plan);
      coveredRoots.set(rootDir, plan);
      continue;
    }
    const rootConfig = modules.get(rootDir)!;
    // Variable precedence (Terraform): defaults < terraform.tfvars(.json) < *.auto.tfvars (lexical) < -var-file / -var.
    const rootValues = new Map<string, { value: Value; from: string }>();
    const auto = (tfvars.get(rootDir) ?? []).filter((f) => autoLoaded(f.file));
    auto.sort((a, b) => {
      const rank = (f: string): number => (/(^|\/)terraform\.tfvars$/i.test(f) ? 0 : /(^|\/)terraform\.tfvars\.json$/i.test(f) ? 1 : 2);
      return rank(a.file) - rank(b.file) || compareText(a.file, b.file);
    });
    for (const source of [...auto, ...(options.varFiles ?? [])]) {
      for (const [name, value] of readVarFile(parser, source, result.errors)) {
        if (rootConfig.variables.has(name)) rootValues.set(name, { value, from: source.file });
      }
    }
    for (const { name, value } of options.vars ?? []) {
      const declaration = rootConfig.variables.get(name);
      if (declaration) rootValues.set(name, { value: cliValue(parser, value, typeText(declaration.item)), from: '--var' });
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
    const providerRegions = new Map<string, Val<string>>();
    for (const { item: block, file } of rootConfig.providers) {
      const name = block.labels[0];
      if (!name) continue;
      const alias = attributeOf(block.body, 'alias');
      const aliasValue = alias ? evaluation.evaluate(alias.expr, root.scope()) : undefined;
      const key = typeof aliasValue === 'string' ? `${name}.${aliasValue}` : name;
      const regionAttr = attributeOf(block.body, 'region');
      if (!regionAttr) continue;
      const region = evaluation.evaluate(regionAttr.expr, root.scope());
      const loc = locOf(file, regionAttr.range);
      providerRegions.set(
        key,
        typeof region === 'string' && region ? known(region, loc) : unknownVal(`provider ${key} region is not known statically`, loc),
      );
    }
    const defaultRegion = providerRegions.get('aws') ?? providerRegions.get('awscc');
    if (defaultRegion?.known) evaluation.input.region = defaultRegion.value;
    else if (defaultRegion && !defaultRegion.known) evaluation.input.region = undefined;

    const resources: PlanResource[] = [];
    const headers = new Map<string, Loc>();
    for (const instance of root.allInstances()) {
      resources.push(toPlanResource(instance));
      headers.set(instance.address, locOf(instance.decl.file, instance.decl.block.headerRange));
    }
    const file = rootConfig.files.find((f) => /(^|\/)main\.tf$/i.test(f)) ?? rootConfig.files[0]!;
    const parsed: ParsedFile = { file, kind: 'terraform-source', entities: [], errors: [], unverified: [], suppressions: [] };
    try {
      modelFromSource(file, { kind: 'terraform-source', resources, providerRegions, locOf: (address) => headers.get(address) }, parsed);
    } catch (error) {
      result.errors.push({
        file,
        line: 1,
        column: 1,
        message: `Terraform configuration in ${rootDir} could not be evaluated: ${(error as Error).message}`.slice(0, 500),
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
    for (const dir of dirs) evaluatedDirs.add(dir);
  }

  for (const config of modules.values()) {
    for (const file of config.files) {
      const plan = covered.get(file);
      if (plan) result.files.push({ file, status: 'skipped', note: `values come from the plan ${plan}` });
      else if (evaluatedDirs.has(config.dir)) result.files.push({ file, status: 'evaluated' });
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
      if (plan && used) result.files.push({ file: source.file, status: 'skipped', note: `values come from the plan ${plan}` });
      else if (used || explicit) result.files.push({ file: source.file, status: 'evaluated' });
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
