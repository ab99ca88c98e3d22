/**
 * Terraform plan JSON (`terraform show -json <planfile>`) → model entities.
 * Format: hyperpod-reference.md §5 [TF-JSON-DOC][TF-JSON-GO]; resource shapes: §4.
 *
 * Pure: no file system. The text is parsed once with JSON.parse; resource locations come from
 * the offsets of their `"address"` keys, found by a regular-expression scan of the text.
 */
import { appendAll } from '../util/arrays.js';
import { implicitMainRouteTable } from '../model/implicit.js';
import type { ParseOptions, TerraformSourceLocs } from '../engine/types.js';
import {
  known,
  unknown,
  type ChangeInfo,
  type Entity,
  type EntityBase,
  type EntityType,
  type InputError,
  type Loc,
  type ParsedFile,
  type Vpc,
  type Val,
} from '../model/types.js';
import { applyAttachment, type AttachContext } from './terraform-attach.js';
import {
  BUILD_ORDER,
  BUILDERS,
  DATA_ENTITY_TYPES,
  ENTITY_TYPES,
  vpcKeysOfDefaultRouteTable,
  type BuildContext,
} from './terraform-entities.js';
import {
  configPathOf,
  indexConfiguration,
  isExpression,
  isObject,
  moduleAddress,
  parseAddress,
  ReferenceResolver,
  type ConfigModule,
  type ModuleStep,
  type PlanResource,
} from './terraform-refs.js';
import { addressOffsets, jsonErrorOffset, lineColumn, lineColumns, scanStructure } from './terraform-text.js';
import { mergeUnknown, ResourceReader } from './terraform-values.js';

/** Plan format majors this parser reads: "0.x" (TF 0.12–1.0) and "1.x" (TF ≥ 1.1) [TF-JSON-DOC]. */
const SUPPORTED_FORMAT_MAJORS = new Set(['0', '1']);

/** Entity types whose physical identity is the ARN (used by ExecutionRole, Orchestrator.Eks.ClusterArn). */
const ARN_IDENTIFIED = new Set<EntityType>(['IamPrincipal', 'IamPolicy', 'EksCluster']);

function cleanJsonMessage(message: string): string {
  return message
    .replace(/, .*is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+.*$/s, '')
    .trim();
}

export function parseTerraformPlan(file: string, text: string, opts: ParseOptions): ParsedFile {
  const result: ParsedFile = { file, kind: 'terraform-plan', entities: [], errors: [], unverified: [], suppressions: [] };
  try {
    readPlan(file, text, opts, result);
  } catch (error) {
    result.entities = [];
    result.errors.push({
      file,
      line: 1,
      column: 1,
      message: `Could not read the Terraform plan: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500),
    });
  }
  return result;
}

/** Resource instances evaluated from Terraform source, read by the same entity builders as a plan. */
export interface SourceConfiguration {
  kind: 'terraform-source';
  resources: PlanResource[];
  locOf(address: string): Loc | undefined;
  /** Provider configuration key (`aws`, `aws.west`) → region. */
  providerRegions: Map<string, Val<string>>;
}

/** Builds model entities from evaluated Terraform source resources (see parsers/hcl/). */
export function modelFromSource(file: string, source: SourceConfiguration, result: ParsedFile): void {
  new PlanReader(file, '', { format_version: '1.2' }, [], result, source).read();
}

function errorAt(file: string, text: string, offset: number, message: string): InputError {
  const { line, column } = lineColumn(text, offset);
  return { file, line, column, message };
}

function readPlan(file: string, text: string, opts: ParseOptions, result: ParsedFile): void {
  let plan: unknown;
  try {
    plan = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof RangeError) {
      const scan = scanStructure(text, opts.limits.maxDepth);
      result.errors.push(
        errorAt(file, text, scan.tooDeepAt ?? 0, `Terraform plan nests too deeply to read (limit maxDepth ${opts.limits.maxDepth})`),
      );
      return;
    }
    result.errors.push(
      errorAt(file, text, jsonErrorOffset(text, message), `Terraform plan is not valid JSON: ${cleanJsonMessage(message)}`),
    );
    return;
  }
  const scan = scanStructure(text, opts.limits.maxDepth);
  if (scan.tooDeepAt !== undefined) {
    result.errors.push(
      errorAt(file, text, scan.tooDeepAt, `Terraform plan nests deeper than ${opts.limits.maxDepth} levels (limit maxDepth)`),
    );
    return;
  }
  const keyOffset = (key: string): number => scan.topLevelKeys.find((k) => k.key === key)?.offset ?? 0;
  if (!isObject(plan)) {
    result.errors.push(errorAt(file, text, 0, 'Terraform plan is not a JSON object'));
    return;
  }
  const version = plan.format_version;
  if (typeof version !== 'string' || !/^\d+\.\d+/.test(version)) {
    result.errors.push(errorAt(file, text, keyOffset('format_version'), 'Terraform plan has no valid format_version'));
    return;
  }
  const major = version.split('.')[0]!;
  if (!SUPPORTED_FORMAT_MAJORS.has(major)) {
    result.errors.push(
      errorAt(
        file,
        text,
        keyOffset('format_version'),
        `Terraform plan format_version "${version}" is not supported (this tool reads 0.x and 1.x)`,
      ),
    );
    return;
  }
  new PlanReader(file, text, plan, scan.topLevelKeys, result, undefined, opts.terraformSource).read();
}

class PlanReader {
  private readonly resources: PlanResource[] = [];
  private readonly byAddress = new Map<string, PlanResource>();
  private readonly changes = new Map<string, ChangeInfo>();
  private readonly prior = new Map<string, Record<string, unknown>>();
  private readonly locs = new Map<string, Loc>();
  private readonly typeByKey = new Map<string, EntityType>();
  private readonly entities = new Map<string, Entity>();
  private readonly mainRouteTables = new Map<string, string>();
  private readonly implicitMainRouteTables = new Set<string>();
  private readonly resolver: ReferenceResolver;
  private readonly readers = new Map<PlanResource, ResourceReader>();
  private readonly byBase = new Map<string, PlanResource[]>();
  /** Resources the model does not read, made on demand when a reference names them. */
  private readonly lazy = new Map<string, (() => PlanResource)[]>();
  private readonly lazyAddresses = new Set<string>();
  private readonly moduleCache = new Map<string, ModuleStep[]>();
  private readonly seenModules = new Set<ModuleStep[]>();
  private readonly moduleAddressCache = new Map<ModuleStep[], string>();
  private readonly seenModuleKeys = new Set<string>();
  private readonly moduleKeys = new Map<string, (number | string | undefined)[]>();
  private readonly config: Map<string, ConfigModule>;
  private readonly providerRegions = new Map<string, Val<string>>();
  private dataRegion?: string;
  private readonly source?: SourceConfiguration;
  private readonly sourceLocs?: TerraformSourceLocs;

  private readonly file: string;
  private readonly text: string;
  private readonly plan: Record<string, unknown>;
  private readonly topLevelKeys: { key: string; offset: number }[];
  private readonly result: ParsedFile;

  constructor(
    file: string,
    text: string,
    plan: Record<string, unknown>,
    topLevelKeys: { key: string; offset: number }[],
    result: ParsedFile,
    source?: SourceConfiguration,
    sourceLocs?: TerraformSourceLocs,
  ) {
    this.source = source;
    this.sourceLocs = sourceLocs;
    this.file = file;
    this.text = text;
    this.plan = plan;
    this.topLevelKeys = topLevelKeys;
    this.result = result;
    const configuration = isObject(plan.configuration) ? plan.configuration : undefined;
    this.config = indexConfiguration(configuration?.root_module);
    this.resolver = new ReferenceResolver({
      config: this.config,
      variables: isObject(plan.variables) ? plan.variables : {},
      byBase: { get: (base) => this.instancesOf(base) },
      moduleKeys: this.moduleKeys,
      mainRouteTables: this.mainRouteTables,
    });
    if (!configuration && !source) {
      result.unverified.push({
        file,
        reason: 'The plan has no "configuration" section: links between resources created by this plan cannot be followed',
      });
    }
    if (plan.errored === true) {
      result.unverified.push({ file, reason: 'Terraform reported errors while planning: the plan may be incomplete' });
    } else if (plan.complete === false) {
      result.unverified.push({ file, reason: 'The plan is not complete (deferred changes): later plans may add resources' });
    }
  }

  read(): void {
    if (this.source) {
      for (const r of this.source.resources) this.add(r);
      for (const [key, region] of this.source.providerRegions) this.providerRegions.set(key, region);
      const fileRegion = this.providerRegions.get('aws') ?? this.providerRegions.get('awscc');
      if (fileRegion?.known) this.result.region = fileRegion.value;
      this.indexResources();
      this.buildEntities();
      this.result.entities = [...this.entities.values()];
      return;
    }
    this.collectChanges();
    this.walkValues(isObject(this.plan.planned_values) ? this.plan.planned_values.root_module : undefined, 'planned', 0);
    const prior = isObject(this.plan.prior_state) && isObject(this.plan.prior_state.values) ? this.plan.prior_state.values : undefined;
    this.walkValues(prior?.root_module, 'prior', 0);
    this.indexResources();
    this.computeLocations();
    this.computeRegions();
    this.buildEntities();
    this.result.entities = [...this.entities.values()];
  }

  /** Types the model reads; other resources are indexed lazily, only for references. */
  private static relevant(mode: string, type: string): boolean {
    if (mode === 'data') return type in DATA_ENTITY_TYPES || type === 'aws_region';
    return type in ENTITY_TYPES || ENTITY_LINKED_TYPES.has(type);
  }

  private moduleOf(address: string, moduleAddr: unknown): ModuleStep[] {
    const cacheKey = typeof moduleAddr === 'string' ? moduleAddr : undefined;
    if (cacheKey !== undefined) {
      const cached = this.moduleCache.get(cacheKey);
      if (cached) return cached;
      const steps = parseAddress(`${cacheKey}.x.y`)?.module ?? parseAddress(address)?.module ?? [];
      this.moduleCache.set(cacheKey, steps);
      return steps;
    }
    return parseAddress(address)?.module ?? [];
  }

  /** `resource_changes[]`: actions and after ⊕ after_unknown. */
  private collectChanges(): void {
    const list = Array.isArray(this.plan.resource_changes) ? this.plan.resource_changes : [];
    for (const rc of list) {
      if (!isObject(rc) || typeof rc.address !== 'string' || rc.deposed !== undefined) continue;
      if (typeof rc.type !== 'string' || typeof rc.name !== 'string') continue;
      const change = isObject(rc.change) ? rc.change : {};
      const actions = Array.isArray(change.actions) ? (change.actions as unknown[]) : [];
      // A resource only deleted (or forgotten) does not exist after apply.
      if (!actions.some((a) => a === 'create' || a === 'update' || a === 'no-op' || a === 'read')) continue;
      const mode = rc.mode === 'data' ? 'data' : 'managed';
      const module = this.moduleOf(rc.address, rc.module_address);
      if (!PlanReader.relevant(mode, rc.type)) {
        this.lazyIndex(rc, mode, module, change);
        continue;
      }
      const values = mergeUnknown(change.after, change.after_unknown);
      const resource: PlanResource = {
        address: rc.address,
        mode,
        type: rc.type,
        name: rc.name,
        index: typeof rc.index === 'number' || typeof rc.index === 'string' ? rc.index : parseAddress(rc.address)?.index,
        module,
        values: isObject(values) ? values : {},
        actions: actions.filter((a): a is string => typeof a === 'string'),
      };
      const info: ChangeInfo = { actions: resource.actions!, before: change.before, after: change.after };
      if (Array.isArray(change.replace_paths)) info.replacePaths = change.replace_paths as (string | number)[][];
      if (typeof rc.action_reason === 'string') info.actionReason = rc.action_reason;
      this.changes.set(rc.address, info);
      this.add(resource);
    }
  }

  /** Remembers a resource the model does not read; it becomes a PlanResource if a reference needs it. */
  private lazyIndex(rc: Record<string, unknown>, mode: 'managed' | 'data', module: ModuleStep[], change: Record<string, unknown>): void {
    const address = rc.address as string;
    if (mode === 'data') {
      // Data sources can appear both in resource_changes (deferred reads) and in prior state.
      if (this.lazyAddresses.has(address)) return;
      this.lazyAddresses.add(address);
    }
    let prefix = this.moduleAddressCache.get(module);
    if (prefix === undefined) this.moduleAddressCache.set(module, (prefix = moduleAddress(module)));
    const base = `${prefix}|${mode === 'data' ? 'data.' : ''}${rc.type as string}.${rc.name as string}`;
    const make = (): PlanResource => {
      const values = mergeUnknown(change.after, change.after_unknown);
      const index = typeof rc.index === 'number' || typeof rc.index === 'string' ? rc.index : parseAddress(address)?.index;
      const r: PlanResource = {
        address,
        mode,
        type: rc.type as string,
        name: rc.name as string,
        index,
        module,
        values: isObject(values) ? values : {},
      };
      r.config = this.config.get(configPathOf(module))?.resources.get(`${mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`);
      return r;
    };
    const list = this.lazy.get(base);
    if (list) list.push(make);
    else this.lazy.set(base, [make]);
    if (module.length) this.noteModuleKeys(module);
  }

  private add(resource: PlanResource): void {
    if (this.byAddress.has(resource.address)) return;
    this.byAddress.set(resource.address, resource);
    this.resources.push(resource);
  }

  /** `planned_values` / `prior_state` module trees. */
  private walkValues(module: unknown, source: 'planned' | 'prior', depth: number): void {
    if (!isObject(module) || depth > 64) return;
    for (const r of Array.isArray(module.resources) ? module.resources : []) {
      if (!isObject(r) || typeof r.address !== 'string' || typeof r.type !== 'string' || typeof r.name !== 'string') continue;
      if (r.deposed_key !== undefined) continue;
      const values = isObject(r.values) ? r.values : {};
      const mode = r.mode === 'data' ? 'data' : 'managed';
      const relevant = PlanReader.relevant(mode, r.type);
      if (source === 'prior' && relevant) this.prior.set(r.address, values);
      // Managed resources come from resource_changes; prior state adds data sources read at plan time.
      if (source === 'prior' && mode === 'managed') continue;
      // With resource_changes present, managed resources come from there (deleted ones are left out).
      if (source === 'planned' && mode === 'managed' && Array.isArray(this.plan.resource_changes)) continue;
      if (this.byAddress.has(r.address)) continue;
      const steps = this.moduleOf(r.address, module.address);
      if (!relevant) {
        this.lazyIndex(r, mode, steps, { after: values });
        continue;
      }
      this.add({
        address: r.address,
        mode,
        type: r.type,
        name: r.name,
        index: typeof r.index === 'number' || typeof r.index === 'string' ? r.index : parseAddress(r.address)?.index,
        module: steps,
        values,
      });
    }
    for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) {
      this.walkValues(child, source, depth + 1);
    }
  }

  /** Records the module instances of a resource (for `module.x.output` without an instance key). */
  private noteModuleKeys(module: ModuleStep[]): void {
    if (!module.length || this.seenModules.has(module)) return;
    this.seenModules.add(module);
    for (let i = 0; i < module.length; i++) {
      const parent = moduleAddress(module.slice(0, i));
      const step = module[i]!;
      const id = `${parent}|${step.name}|${JSON.stringify(step.key ?? null)}`;
      if (this.seenModuleKeys.has(id)) continue;
      this.seenModuleKeys.add(id);
      const keyList = this.moduleKeys.get(`${parent}|${step.name}`);
      if (keyList) keyList.push(step.key);
      else this.moduleKeys.set(`${parent}|${step.name}`, [step.key]);
    }
  }

  private indexResources(): void {
    const byEntityKey = new Map<string, PlanResource>();
    for (const r of this.resources) {
      const local = `${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`;
      if (!this.source) r.config = this.config.get(configPathOf(r.module))?.resources.get(local);
      const base = `${moduleAddress(r.module)}|${local}`;
      const list = this.byBase.get(base);
      if (list) list.push(r);
      else this.byBase.set(base, [r]);
      this.noteModuleKeys(r.module);
      const type = r.mode === 'data' ? DATA_ENTITY_TYPES[r.type] : ENTITY_TYPES[r.type];
      if (type) {
        r.entityType = type;
        r.entityKey = `${this.file}#${r.address}`;
        this.typeByKey.set(r.entityKey, type);
        byEntityKey.set(r.entityKey, r);
      }
    }
    // The main route table of a VPC: aws_default_route_table when one manages it, else an implicit
    // entity (a new VPC's holds only the local route; an existing VPC's routes are not in the plan,
    // which consumers tell by the VPC's change actions).
    for (const r of this.resources) {
      if (r.type !== 'aws_default_route_table' || !r.entityKey) continue;
      for (const vpcKey of vpcKeysOfDefaultRouteTable(r, this.resolver)) {
        const vpc = byEntityKey.get(vpcKey);
        if (vpc) this.mainRouteTables.set(vpc.address, r.entityKey);
      }
    }
    for (const r of this.resources) {
      if (r.type !== 'aws_vpc' || r.mode !== 'managed') continue;
      if (this.mainRouteTables.has(r.address)) continue;
      const key = `${this.file}#${r.address}.main_route_table_id`;
      this.mainRouteTables.set(r.address, key);
      this.implicitMainRouteTables.add(key);
      this.typeByKey.set(key, 'RouteTable');
    }
  }

  private instancesOf(base: string): PlanResource[] | undefined {
    const makers = this.lazy.get(base);
    if (makers) {
      this.lazy.delete(base);
      const list = this.byBase.get(base) ?? [];
      appendAll(
        list,
        makers.map((make) => make()),
      );
      this.byBase.set(base, list);
    }
    return this.byBase.get(base);
  }

  /** Section spans from the top-level key offsets. */
  private span(key: string): { start: number; end: number } | undefined {
    const sorted = [...this.topLevelKeys].sort((a, b) => a.offset - b.offset);
    const i = sorted.findIndex((k) => k.key === key);
    if (i < 0) return undefined;
    return { start: sorted[i]!.offset, end: sorted[i + 1]?.offset ?? this.text.length };
  }

  private computeLocations(): void {
    const addresses = new Set<string>();
    for (const r of this.resources) if (r.entityKey || ENTITY_LINKED_TYPES.has(r.type)) addresses.add(r.address);
    const sections = ['resource_changes', 'planned_values', 'prior_state']
      .map((key) => this.span(key))
      .filter((s): s is { start: number; end: number } => s !== undefined)
      .map((s) => addressOffsets(this.text, s.start, s.end, addresses));
    const wanted: { address: string; start: number; end: number }[] = [];
    for (const address of addresses) {
      const found = sections.map((s) => s.get(address)).find((o) => o !== undefined);
      if (found) wanted.push({ address, ...found });
    }
    const positions = lineColumns(
      this.text,
      wanted.flatMap((w) => [w.start, w.end]),
    );
    wanted.forEach((w, i) => {
      const from = positions[2 * i]!;
      const to = positions[2 * i + 1]!;
      this.locs.set(w.address, { file: this.file, line: from.line, column: from.column, endLine: to.line, endColumn: to.column });
    });
  }

  private locOf(r: PlanResource): Loc {
    const declared = this.sourceLocs?.resourceLoc(r.address);
    if (declared) return declared;
    return this.locs.get(r.address) ?? this.source?.locOf(r.address) ?? { file: this.file, line: 1, column: 1, endLine: 1, endColumn: 1 };
  }

  /** Provider regions (`provider_config.<key>.expressions.region`) and data.aws_region. */
  private computeRegions(): void {
    const configuration = isObject(this.plan.configuration) ? this.plan.configuration : {};
    const providers = isObject(configuration.provider_config) ? configuration.provider_config : {};
    for (const [key, provider] of Object.entries(providers)) {
      if (!isObject(provider) || !isObject(provider.expressions)) continue;
      const expression = provider.expressions.region;
      if (!isExpression(expression)) continue;
      const module: ModuleStep[] =
        typeof provider.module_address === 'string' ? (parseAddress(`${provider.module_address}.x.y`)?.module ?? []) : [];
      const resolution = this.resolver.resolveExpression(expression, module);
      const literals = resolution.literals;
      this.providerRegions.set(
        key,
        literals.length === 1 && !resolution.unresolved.length
          ? known(literals[0]!)
          : unknown(`provider ${key} region is not known statically`),
      );
    }
    const regions = new Set<string>();
    for (const r of this.resources) {
      if (r.mode !== 'data' || r.type !== 'aws_region') continue;
      const name = typeof r.values.region === 'string' ? r.values.region : r.values.name;
      if (typeof name === 'string' && name) regions.add(name);
    }
    if (regions.size === 1) this.dataRegion = [...regions][0];
    const fileRegion = this.providerRegions.get('aws') ?? this.providerRegions.get('awscc');
    if (fileRegion?.known) this.result.region = fileRegion.value;
    else if (this.dataRegion) this.result.region = this.dataRegion;
  }

  private regionOf(r: PlanResource, loc: Loc): Val<string> | undefined {
    const key = r.config?.providerKey;
    const fallback = r.type.startsWith('awscc_') ? 'awscc' : 'aws';
    const candidates = [key, key?.includes(':') ? key.slice(key.indexOf(':') + 1) : undefined, fallback];
    for (const candidate of candidates) {
      const region = candidate ? this.providerRegions.get(candidate) : undefined;
      if (region) return region.known ? known(region.value, loc) : unknown(region.reason, loc);
    }
    return this.dataRegion ? known(this.dataRegion, loc) : undefined;
  }

  private physicalId(r: PlanResource, type: EntityType): string | undefined {
    const field = ARN_IDENTIFIED.has(type) ? 'arn' : 'id';
    const current = r.values[field];
    if (typeof current === 'string' && current) return current;
    const replaced = r.actions?.includes('create') ?? false;
    const prior = this.prior.get(r.address)?.[field];
    return !replaced && typeof prior === 'string' && prior ? prior : undefined;
  }

  private physicalIdOfKey(key: string): string | undefined {
    const r = this.byAddress.get(key.slice(this.file.length + 1));
    return r?.entityType ? this.physicalId(r, r.entityType) : undefined;
  }

  private reader(r: PlanResource): ResourceReader {
    let reader = this.readers.get(r);
    if (!reader) {
      const sourceLocs = this.sourceLocs;
      if (sourceLocs && !r.attributeLoc) r.attributeLoc = (path) => sourceLocs.attributeLoc(r.address, path);
      reader = new ResourceReader(r, this.locOf(r), {
        resolver: this.resolver,
        typeOfKey: (key) => this.typeByKey.get(key),
        typeOfResource: (type) => ENTITY_TYPES[type],
        physicalIdOfKey: (key) => this.physicalIdOfKey(key),
      });
      this.readers.set(r, reader);
    }
    return reader;
  }

  private base(r: PlanResource): Omit<EntityBase, 'type'> {
    const loc = this.locOf(r);
    const base: Omit<EntityBase, 'type'> = {
      key: r.entityKey ?? `${this.file}#${r.address}`,
      name: r.address,
      file: this.file,
      sourceKind: this.source?.kind ?? 'terraform-plan',
      loc,
    };
    const physicalId = r.entityType ? this.physicalId(r, r.entityType) : undefined;
    if (physicalId) base.physicalId = physicalId;
    // IAM is global: its entities carry no region.
    const region = r.entityType === 'IamPrincipal' || r.entityType === 'IamPolicy' ? undefined : this.regionOf(r, loc);
    if (region) base.region = region;
    const change = this.changes.get(r.address);
    if (change && r.mode === 'managed') base.change = change;
    return base;
  }

  private buildEntities(): void {
    const ctx: AttachContext = {
      file: this.file,
      resolver: this.resolver,
      typeOfKey: (key) => this.typeByKey.get(key),
      typeOfResource: (type) => ENTITY_TYPES[type],
      physicalIdOfKey: (key) => this.physicalIdOfKey(key),
      reader: (r) => this.reader(r),
      base: (r) => this.base(r),
      entities: this.entities,
      byPhysicalId: new Map(),
      principalsByName: new Map(),
      implicitMainRouteTables: this.implicitMainRouteTables,
      unverified: (item) => this.result.unverified.push({ file: this.file, ...item }),
    };
    const buildContext: BuildContext = ctx;
    for (const type of BUILD_ORDER) {
      for (const r of this.resources) {
        if (r.entityType !== type) continue;
        const entity = BUILDERS[type]!(r, buildContext);
        this.entities.set(entity.key, entity);
        if (type === 'Vpc' && this.implicitMainRouteTables.has(this.mainRouteTables.get(r.address) ?? '')) {
          const key = this.mainRouteTables.get(r.address)!;
          const table = implicitMainRouteTable(entity as Vpc, key, `${r.address}.main_route_table_id`);
          const tableId = r.values.main_route_table_id;
          if (typeof tableId === 'string' && tableId && !r.actions?.includes('create')) table.physicalId = tableId;
          this.entities.set(key, table);
        }
      }
    }
    for (const entity of this.entities.values()) {
      if (entity.physicalId && !ctx.byPhysicalId.has(entity.physicalId)) ctx.byPhysicalId.set(entity.physicalId, entity);
      if (entity.type === 'IamPrincipal') {
        const r = this.byAddress.get(entity.name);
        const name = r?.values.name;
        if (typeof name === 'string' && name) ctx.principalsByName.set(`${entity.principalKind}:${name}`, entity);
      }
    }
    for (const r of this.resources) {
      if (!r.entityType && r.mode === 'managed') applyAttachment(r, ctx);
    }
    // Managed policies listed on a role or user.
    for (const entity of this.entities.values()) {
      if (entity.type !== 'IamPrincipal') continue;
      for (const ref of entity.managedPolicies) {
        const policy = ref.kind === 'entity' ? this.entities.get(ref.key) : ref.kind === 'id' ? ctx.byPhysicalId.get(ref.id) : undefined;
        if (policy?.type === 'IamPolicy' && !policy.attachedTo.some((a) => a.kind === 'entity' && a.key === entity.key)) {
          policy.attachedTo.push({ kind: 'entity', key: entity.key, loc: entity.loc });
        }
      }
    }
    // An implicit main table replaced by aws_main_route_table_association and left empty is gone.
    for (const key of this.implicitMainRouteTables) {
      const table = this.entities.get(key);
      if (table?.type === 'RouteTable' && !table.main && !table.routes.length) this.entities.delete(key);
    }
  }
}

/** Standalone resources whose location matters for the entities they modify. */
const ENTITY_LINKED_TYPES = new Set<string>([
  'aws_security_group_rule',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
  'awscc_ec2_security_group_ingress',
  'awscc_ec2_security_group_egress',
  'aws_route',
  'awscc_ec2_route',
  'aws_route_table_association',
  'awscc_ec2_subnet_route_table_association',
  'aws_main_route_table_association',
  'aws_vpc_endpoint_route_table_association',
  'aws_vpc_endpoint_subnet_association',
  'aws_vpc_ipv4_cidr_block_association',
  'aws_vpc_ipv6_cidr_block_association',
  'awscc_ec2_vpc_cidr_block',
  'aws_internet_gateway_attachment',
  'awscc_ec2_vpc_gateway_attachment',
  'aws_iam_role_policy',
  'aws_iam_user_policy',
  'aws_iam_role_policy_attachment',
  'aws_iam_user_policy_attachment',
  'aws_iam_policy_attachment',
]);
