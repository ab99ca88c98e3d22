/**
 * CloudFormation template (YAML or JSON) → model entities.
 *
 * Entity keys are `${file}#${LogicalId}`; `loc` is the logical-ID key, property-level locations sit
 * on values. Values come from the intrinsic evaluator (cfn-intrinsics.ts): what cannot be known
 * statically stays Unknown with a reason. Unknown YAML tags (e.g. `!Tags`) are tolerated and listed
 * as unverified. Resources whose Condition is decidably false are skipped.
 */
import { appendAll } from '../util/arrays.js';
import { implicitMainRouteTable } from '../model/implicit.js';
import type {
  Cluster,
  EksCluster,
  Entity,
  EntityBase,
  EntityType,
  FsxFileSystem,
  IamPolicy,
  IamPrincipal,
  InputError,
  InstanceGroup,
  InternetGateway,
  LinkedValue,
  Loc,
  NatGateway,
  ParsedFile,
  PolicyDocument,
  PolicyStatement,
  Ref,
  RefList,
  Route,
  RouteTable,
  RouteTarget,
  SecurityGroup,
  SgPeer,
  SgRule,
  Subnet,
  Suppression,
  TemplateLinks,
  Unknown,
  Val,
  Vpc,
  VpcConfig,
  VpcEndpoint,
  RawMember,
  RawValue,
} from '../model/types.js';
import { known, unknown } from '../model/types.js';
import { serviceOnlyTrust } from './trust-policy.js';
import { groupAttachments, templateSigns } from './cfn-purpose.js';
import type { ParseOptions } from '../engine/types.js';
import {
  CfnEvaluator,
  IDENTITY_ATTRIBUTES,
  NO_VALUE,
  SymExternal,
  SymRef,
  SymUnknown,
  intrinsicName,
  isSym,
  stableExpr,
  type Sym,
} from './cfn-intrinsics.js';
import {
  getOwn,
  hasOwn,
  isIsoDate,
  isPlainObject,
  isRuleId,
  readYamlInput,
  scalarText,
  setProperty,
  type YamlSource,
} from './yaml-source.js';
import { outlineFromSource } from './cfn-outline.js';

const PROTOCOL_NAMES: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

/** Names (underscores and dashes removed) that mark a HyperPod custom resource (hyperpod-reference.md §3 [HPSETUP-HPC]). */
const INSTANCE_GROUP_NAME = /instancegroup/i;
const CLUSTER_NAME = /hyperpod|clustername/i;

interface ResourceInfo {
  id: string;
  type: string;
  properties: Record<string, unknown>;
  raw: Record<string, unknown>;
  loc: Loc;
  /** Undecided resource condition. */
  condition?: Unknown;
}

export function parseCloudFormation(file: string, text: string, opts: ParseOptions): ParsedFile {
  const parsed: ParsedFile = { file, kind: 'cloudformation', entities: [], errors: [], unverified: [], suppressions: [] };
  return readYamlInput(parsed, text, { limits: opts.limits, cfnTags: true }, 'template', (source) => {
    new TemplateBuilder(file, source, opts, parsed, evaluationBudget(text.length)).build();
    // What the fix layer edits with, so a template with findings is not read again.
    const outline = outlineFromSource(source, text);
    if (outline) parsed.outline = outline;
  });
}

const normalizeName = (name: string): string => name.replace(/[_-]/g, '');
const isClusterNameKey = (key: string): boolean => /clustername$/i.test(normalizeName(key)) && !/eks/i.test(key);

/**
 * Evaluation steps allowed for one template: enough for every value of a large template (a fixed
 * budget turned the last resources of templates over ~5 MB unknown), still linear in its size so
 * chains of references cannot multiply the work.
 */
function evaluationBudget(textLength: number): number {
  return Math.max(200_000, 2 * textLength);
}

class TemplateBuilder {
  private readonly resources = new Map<string, ResourceInfo>();
  private readonly entities = new Map<string, Entity>();
  private readonly extra: Entity[] = [];
  private ev!: CfnEvaluator;
  private resourcesNode: Record<string, unknown> = {};
  private readonly stackLinks: TemplateLinks['stacks'] = [];
  private readonly externalRules: TemplateLinks['externalRules'] = [];

  constructor(
    private readonly file: string,
    private readonly src: YamlSource,
    private readonly opts: ParseOptions,
    private readonly out: ParsedFile,
    private readonly stepBudget: number,
  ) {}

  build(): void {
    const root = this.src.documents[0];
    const rootLoc = this.src.rootLocs[0] ?? this.lineLoc(1);
    if (this.src.documents.length > 1) {
      this.note(rootLoc, 'only the first YAML document of the file is read as a template');
    }
    if (!isPlainObject(root)) {
      this.error(rootLoc, 'template is not a mapping');
      return;
    }
    const resources = getOwn(root, 'Resources');
    if (resources === undefined) {
      this.note(rootLoc, 'template has no Resources section');
      return;
    }
    if (!isPlainObject(resources)) {
      this.error(this.src.locOf(root, 'Resources') ?? rootLoc, 'Resources must be a mapping');
      return;
    }
    this.resourcesNode = resources;
    const section = (name: string): Record<string, unknown> => {
      const value = getOwn(root, name);
      return isPlainObject(value) ? value : {};
    };
    this.ev = new CfnEvaluator({
      parameters: section('Parameters'),
      mappings: section('Mappings'),
      conditions: section('Conditions'),
      resources,
      region: this.opts.region,
      stepBudget: this.stepBudget,
      inputs: this.opts.inputs,
    });
    appendAll(this.out.suppressions, this.suppressions(getOwn(root, 'Metadata'), rootLoc));
    this.noteMacros(root, rootLoc);

    for (const id of Object.keys(resources)) this.collect(id, resources[id]);
    for (const info of this.resources.values()) this.buildEntity(info);
    for (const info of this.resources.values()) this.link(info);
    this.addMainRouteTables();
    this.markAttachments();
    for (const entity of this.entities.values()) this.out.entities.push(entity);
    appendAll(this.out.entities, this.extra);
    this.out.cfn = this.links(section('Parameters'), getOwn(root, 'Outputs'), rootLoc);
    const parameters = section('Parameters');
    const signs = templateSigns(
      root,
      [...this.resources.values()].map((r) => r.type),
      this.opts.inputs?.parameters,
      (name) =>
        name === undefined ? (this.src.keyLocOf(root, 'Description') ?? rootLoc) : (this.src.keyLocOf(parameters, name) ?? rootLoc),
    );
    if (signs.length) this.out.cfn.hyperpodSigns = signs;
    if (this.ev.linkedEntities.size) this.out.cfn.referenced = [...this.ev.linkedEntities].sort();
  }

  /** Security groups attached by resources that are not cluster nodes (read by src/engine/without-cluster.ts). */
  private markAttachments(): void {
    const groups = [...this.entities.values()].filter((e): e is SecurityGroup => e.type === 'SecurityGroup' && e.file === this.file);
    if (groups.length === 0) return;
    const attached = groupAttachments(this.resourcesNode, new Set(groups.map((g) => g.name)));
    for (const group of groups) {
      const list = attached.get(group.name);
      if (list) group.attachedTo = list;
    }
  }

  // ---- cross-file links (src/engine/cfn-link.ts) --------------------------------------------

  private links(parameters: Record<string, unknown>, outputs: unknown, rootLoc: Loc): TemplateLinks {
    const links: TemplateLinks = { parameters: {}, stacks: this.stackLinks, outputs: [], imports: [], externalRules: this.externalRules };
    for (const name of Object.keys(parameters)) {
      setProperty(links.parameters, name, scalarText(getOwn(getOwn(parameters, name), 'Type')) ?? 'String');
    }
    if (isPlainObject(outputs)) {
      for (const name of Object.keys(outputs)) {
        const output = getOwn(outputs, name);
        if (!isPlainObject(output) || !hasOwn(output, 'Value')) continue;
        const condition = getOwn(output, 'Condition');
        if (typeof condition === 'string') {
          const result = this.ev.condition(condition);
          if (result.decided && !result.value) continue;
        }
        const entry: TemplateLinks['outputs'][number] = {
          name,
          value: this.toLinked(getOwn(output, 'Value')),
          loc: this.src.keyLocOf(outputs, name) ?? rootLoc,
        };
        const exportName = getOwn(getOwn(output, 'Export'), 'Name');
        if (exportName !== undefined) {
          // Unknown pseudo parameters (AWS::StackName) are left open as `*` and matched against import names.
          const value = this.ev.resolve(exportName, { iamPattern: true });
          if (typeof value === 'string') entry.exportName = value;
        }
        links.outputs.push(entry);
      }
    }
    links.imports = [...this.ev.importNames].sort();
    return links;
  }

  /** A value as given to another template: comma-joined lists stay lists, resources become entity keys. */
  private toLinked(raw: unknown, depth = 0): LinkedValue {
    const peeled = this.ev.peel(raw);
    if (depth < 8 && intrinsicName(peeled) === 'Fn::Join') {
      const args = getOwn(peeled, 'Fn::Join');
      if (Array.isArray(args) && args.length === 2 && args[0] === ',') {
        const list = this.ev.peel(args[1]);
        if (Array.isArray(list)) {
          const items: LinkedValue[] = [];
          for (const item of list) {
            if (this.ev.peel(item) === NO_VALUE) continue;
            const value = this.toLinked(item, depth + 1);
            if (Array.isArray(value)) appendAll(items, value);
            else items.push(value);
          }
          return items;
        }
        const value = this.toLinked(list, depth + 1);
        if (Array.isArray(value)) return value;
      }
    }
    return this.linkedFrom(this.ev.resolve(peeled), 0);
  }

  private linkedFrom(value: unknown, depth: number): LinkedValue {
    if (value instanceof SymExternal) return { entity: value.entityKey, label: value.entityKey.slice(value.entityKey.indexOf('#') + 1) };
    if (value instanceof SymRef) {
      const ref = this.refFrom(value, this.lineLoc(1));
      return ref.kind === 'entity' ? { entity: ref.key, label: value.logicalId } : { unknown: this.reason(value) };
    }
    if (value instanceof SymUnknown) return { unknown: value.reason };
    if (Array.isArray(value) && depth < 8) return value.filter((v) => v !== NO_VALUE).map((v) => this.linkedFrom(v, depth + 1));
    if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
    return { unknown: value === NO_VALUE || value === null || value === undefined ? 'no value' : 'not a plain value' };
  }

  /** TemplateURL / Location as text; parts not known statically become `*`. */
  private locationText(raw: unknown): string | undefined {
    const value = this.ev.resolve(raw);
    if (typeof value === 'string') return value;
    const peeled = this.ev.peel(raw);
    const name = intrinsicName(peeled);
    const args = name ? getOwn(peeled, name) : undefined;
    if (name === 'Fn::Sub') {
      const template = Array.isArray(args) ? args[0] : args;
      if (typeof template === 'string') return template.replace(/\$\{[^}]*\}/g, '*');
    }
    if (name === 'Fn::Join' && Array.isArray(args) && typeof args[0] === 'string' && Array.isArray(args[1])) {
      return args[1]
        .map((part) => {
          const text = this.ev.resolve(part);
          return typeof text === 'string' ? text : '*';
        })
        .join(args[0]);
    }
    return undefined;
  }

  // ---- helpers -------------------------------------------------------------------------------

  private key(id: string): string {
    return `${this.file}#${id}`;
  }

  private lineLoc(line: number): Loc {
    return { file: this.file, line, column: 1, endLine: line, endColumn: 1 };
  }

  private error(loc: Loc, message: string): void {
    const error: InputError = { file: this.file, line: loc.line, column: loc.column, message };
    this.out.errors.push(error);
  }

  private note(loc: Loc | undefined, reason: string, resource?: string): void {
    this.out.unverified.push({ file: this.file, line: loc?.line, resource, reason });
  }

  private base<T extends EntityType>(info: ResourceInfo, type: T): EntityBase & { type: T } {
    const entity: EntityBase & { type: T } = {
      key: this.key(info.id),
      type,
      name: info.id,
      file: this.file,
      sourceKind: 'cloudformation',
      loc: info.loc,
    };
    if (this.opts.region) entity.region = known(this.opts.region);
    const suppressions = this.suppressions(getOwn(info.raw, 'Metadata'), info.loc, info.id);
    if (suppressions.length > 0) entity.suppressions = suppressions;
    return entity;
  }

  /** `Metadata: { hyperpod-prereq: { ignore: [ {id, reason, expires} ] } }`. */
  private suppressions(metadata: unknown, fallback: Loc, resource?: string): Suppression[] {
    const section = getOwn(metadata, 'hyperpod-prereq');
    if (section === undefined) return [];
    const list = getOwn(section, 'ignore');
    const listLoc = this.src.locOf(section, 'ignore') ?? this.src.locOf(metadata, 'hyperpod-prereq') ?? fallback;
    if (!Array.isArray(list)) {
      this.note(listLoc, 'hyperpod-prereq metadata needs an `ignore` list; suppressions ignored', resource);
      return [];
    }
    const result: Suppression[] = [];
    list.forEach((entry, index) => {
      const loc = this.src.locOf(list, index) ?? listLoc;
      const id = typeof entry === 'string' ? entry : getOwn(entry, 'id');
      if (!isRuleId(id)) {
        this.note(loc, `suppression without a valid rule ID (e.g. HP030): ${JSON.stringify(id ?? null)}`, resource);
        return;
      }
      const suppression: Suppression = { ruleId: id, loc };
      const reason = getOwn(entry, 'reason');
      if (typeof reason === 'string') suppression.reason = reason;
      const expires = scalarText(getOwn(entry, 'expires'));
      if (expires !== undefined) {
        if (isIsoDate(expires)) suppression.expires = expires;
        else this.note(loc, `suppression of ${id}: expires "${expires}" is not a YYYY-MM-DD date; ignored`, resource);
      }
      if (suppression.expires !== undefined || expires === undefined) result.push(suppression);
    });
    return result;
  }

  private reason(value: Sym): string {
    return this.ev.reasonOf(value);
  }

  /** A property of a resource's properties (or of any object), after removing decidable Fn::If / NoValue. */
  private prop(obj: unknown, name: string): { raw: unknown; loc: Loc; keyLoc: Loc } | undefined {
    if (!hasOwn(obj, name)) return undefined;
    const raw = this.ev.peel(getOwn(obj, name));
    if (raw === NO_VALUE || raw === null) return undefined;
    const loc = this.src.locOf(obj, name) ?? this.lineLoc(1);
    return { raw, loc, keyLoc: this.src.keyLocOf(obj, name) ?? loc };
  }

  private str(raw: unknown, loc: Loc): Val<string> {
    const value = this.ev.resolve(raw);
    if (isSym(value)) return unknown(this.reason(value), loc);
    const text = scalarText(value);
    return text !== undefined ? known(text, loc) : unknown('not a string value', loc);
  }

  private strProp(obj: unknown, name: string, absent: () => Val<string>): Val<string> {
    const p = this.prop(obj, name);
    return p ? this.str(p.raw, p.loc) : absent();
  }

  private num(raw: unknown, loc: Loc): Val<number> {
    const value = this.ev.resolve(raw);
    if (isSym(value)) return unknown(this.reason(value), loc);
    if (typeof value === 'number' && Number.isFinite(value)) return known(value, loc);
    if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return known(Number(value), loc);
    return unknown('not a number', loc);
  }

  private bool(raw: unknown, loc: Loc): Val<boolean> {
    const value = this.ev.resolve(raw);
    if (isSym(value)) return unknown(this.reason(value), loc);
    if (typeof value === 'boolean') return known(value, loc);
    if (value === 'true' || value === 'false') return known(value === 'true', loc);
    return unknown('not a boolean value', loc);
  }

  /** A reference from an evaluated value. */
  private refFrom(value: unknown, loc: Loc): Ref {
    if (value instanceof SymExternal) return { kind: 'entity', key: value.entityKey, loc };
    if (value instanceof SymRef) {
      const type = this.ev.resourceType(value.logicalId) ?? '';
      if (value.attribute === undefined || IDENTITY_ATTRIBUTES[type]?.includes(value.attribute)) {
        return { kind: 'entity', key: this.key(value.logicalId), loc };
      }
      return { kind: 'unknown', reason: this.reason(value), loc, expr: value.expr };
    }
    if (value instanceof SymUnknown) return { kind: 'unknown', reason: value.reason, loc, expr: value.expr };
    const text = scalarText(value);
    if (text !== undefined && text.trim() !== '') return { kind: 'id', id: text.trim(), loc };
    return { kind: 'unknown', reason: value === undefined ? 'not set' : 'empty or invalid ID', loc };
  }

  private ref(raw: unknown, loc: Loc): Ref {
    return this.refFrom(this.ev.resolve(raw), loc);
  }

  /** A list of references; `loc` is the list's location, items keep their own. */
  private refList(raw: unknown, loc: Loc): RefList {
    const peeled = this.ev.peel(raw);
    if (peeled === NO_VALUE) return { known: true, items: [], loc };
    if (Array.isArray(peeled)) {
      const items: Ref[] = [];
      for (let i = 0; i < peeled.length; i++) {
        const itemLoc = this.src.locOf(peeled, i) ?? loc;
        const item = this.ev.peel(peeled[i]);
        if (item === NO_VALUE) continue;
        const value = this.ev.resolve(item);
        if (Array.isArray(value)) {
          // A list parameter spliced into a list is invalid in CloudFormation; keep the values anyway.
          for (const v of value) items.push(this.refFrom(v, itemLoc));
        } else items.push(this.refFrom(value, itemLoc));
      }
      return { known: true, items, loc };
    }
    const value = this.ev.resolve(peeled);
    if (Array.isArray(value)) return { known: true, items: value.map((v) => this.refFrom(v, loc)), loc };
    if (isSym(value)) return unknown(this.reason(value), loc);
    if (typeof value === 'string' && value.includes(',')) {
      return { known: true, items: value.split(',').map((v) => this.refFrom(v, loc)), loc };
    }
    return unknown('not a list', loc);
  }

  private refListProp(obj: unknown, name: string, absent: () => RefList): RefList {
    const p = this.prop(obj, name);
    return p ? this.refList(p.raw, p.keyLoc) : absent();
  }

  /** An evaluated value with no unknown part, or undefined. */
  private plainIfKnown(value: unknown, depth = 0): unknown {
    if (isSym(value) || depth > 32) return undefined;
    if (Array.isArray(value)) {
      const items = value.filter((v) => v !== NO_VALUE).map((v) => this.plainIfKnown(v, depth + 1));
      return items.includes(undefined) ? undefined : items;
    }
    if (isPlainObject(value)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(value)) {
        if (value[k] === NO_VALUE) continue;
        const v = this.plainIfKnown(value[k], depth + 1);
        if (v === undefined) return undefined;
        setProperty(out, k, v);
      }
      return out;
    }
    return value;
  }

  /** Plain data for the model: symbols become their long-form expression as written. */
  private plain(value: unknown): unknown {
    if (isSym(value)) return value.raw;
    if (value === NO_VALUE) return null;
    if (Array.isArray(value)) return value.filter((v) => v !== NO_VALUE).map((v) => this.plain(v));
    if (isPlainObject(value)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(value)) {
        if (value[k] === NO_VALUE) continue;
        setProperty(out, k, this.plain(value[k]));
      }
      return out;
    }
    return value;
  }

  private entity<T extends EntityType>(ref: Ref | undefined, type: T): Extract<Entity, { type: T }> | undefined {
    if (!ref || ref.kind !== 'entity') return undefined;
    const entity = this.entities.get(ref.key);
    return entity && entity.type === type ? (entity as Extract<Entity, { type: T }>) : undefined;
  }

  /** Template macros other than AWS's own transforms rewrite the template before deployment. */
  private noteMacros(root: Record<string, unknown>, rootLoc: Loc): void {
    const transform = getOwn(root, 'Transform');
    const names = (Array.isArray(transform) ? transform : [transform]).filter((t): t is string => typeof t === 'string');
    for (const name of names) {
      if (name.startsWith('AWS::')) continue;
      this.note(
        this.src.locOf(root, 'Transform') ?? rootLoc,
        `template uses macro ${name}: the deployed template may differ from the one checked`,
      );
    }
  }

  // ---- first pass ----------------------------------------------------------------------------

  private collect(id: string, raw: unknown): void {
    const loc = this.src.keyLocOf(this.resourcesNode, id) ?? this.lineLoc(1);
    if (id.startsWith('Fn::ForEach::')) {
      this.note(loc, `${id} is expanded at deployment (AWS::LanguageExtensions); the resources it creates are not checked`);
      return;
    }
    if (!isPlainObject(raw)) {
      this.note(loc, `resource ${id} is not a mapping; skipped`, id);
      return;
    }
    const type = getOwn(raw, 'Type');
    if (typeof type !== 'string') {
      this.note(loc, `resource ${id} has no Type; skipped`, id);
      return;
    }
    const info: ResourceInfo = { id, type, properties: {}, raw, loc };
    const condition = getOwn(raw, 'Condition');
    if (typeof condition === 'string') {
      const result = this.ev.condition(condition);
      if (result.decided && !result.value) return;
      if (!result.decided) {
        info.condition = unknown(`resource exists only when condition ${condition} holds (${result.reason})`, loc);
      }
    }
    const properties = getOwn(raw, 'Properties');
    if (properties !== undefined && !isPlainObject(properties)) {
      this.note(this.src.locOf(raw, 'Properties') ?? loc, `Properties of ${id} is not a mapping; skipped`, id);
      return;
    }
    info.properties = properties ?? {};
    this.resources.set(id, info);
  }

  private buildEntity(info: ResourceInfo): void {
    let entity: Entity | undefined;
    switch (info.type) {
      case 'AWS::EC2::VPC':
        entity = this.vpc(info);
        break;
      case 'AWS::EC2::Subnet':
        entity = this.subnet(info);
        break;
      case 'AWS::EC2::SecurityGroup':
        entity = this.securityGroup(info);
        break;
      case 'AWS::EC2::RouteTable':
        entity = {
          ...this.base(info, 'RouteTable'),
          vpc: this.ref(getOwn(info.properties, 'VpcId'), this.prop(info.properties, 'VpcId')?.loc ?? info.loc),
          main: false,
          routes: [],
          subnets: [],
        } satisfies RouteTable;
        break;
      case 'AWS::EC2::VPCEndpoint':
        entity = this.vpcEndpoint(info);
        break;
      case 'AWS::EC2::NatGateway': {
        const p = this.prop(info.properties, 'SubnetId');
        entity = {
          ...this.base(info, 'NatGateway'),
          subnet: p ? this.ref(p.raw, p.loc) : { kind: 'unknown', reason: 'NAT gateway without SubnetId', loc: info.loc },
        } satisfies NatGateway;
        break;
      }
      case 'AWS::EC2::InternetGateway':
        entity = { ...this.base(info, 'InternetGateway') } satisfies InternetGateway;
        break;
      case 'AWS::EKS::Cluster':
        entity = this.eksCluster(info);
        break;
      case 'AWS::FSx::FileSystem':
        entity = this.fsx(info);
        break;
      case 'AWS::IAM::Role':
      case 'AWS::IAM::User':
        entity = this.principal(info, info.type === 'AWS::IAM::Role' ? 'role' : 'user');
        break;
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::ManagedPolicy':
      case 'AWS::IAM::RolePolicy':
      case 'AWS::IAM::UserPolicy':
        entity = this.policy(info);
        break;
      case 'AWS::SageMaker::Cluster':
        entity = this.cluster(info);
        break;
      case 'AWS::CloudFormation::Stack':
      case 'AWS::Serverless::Application':
        entity = this.nestedStack(info);
        break;
      default:
        if (info.type === 'AWS::CloudFormation::CustomResource' || info.type.startsWith('Custom::')) {
          entity = this.customCluster(info);
        }
    }
    if (entity) this.entities.set(entity.key, entity);
  }

  private vpc(info: ResourceInfo): Vpc {
    const props = info.properties;
    const cidr = this.prop(props, 'CidrBlock');
    return {
      ...this.base(info, 'Vpc'),
      cidrBlocks: [cidr ? this.str(cidr.raw, cidr.loc) : unknown('VPC CIDR is allocated from an IPAM pool', info.loc)],
      ipv6: known(false),
    };
  }

  /** Presence of an IPv6 setting: true, false, or unknown when an undecided Fn::If may remove it. */
  private ipv6Setting(props: Record<string, unknown>, name: string, kind: 'value' | 'list' | 'flag'): Val<boolean> | undefined {
    const p = this.prop(props, name);
    if (!p) return undefined;
    if (intrinsicName(p.raw) === 'Fn::If') {
      const value = this.ev.resolve(p.raw);
      if (isSym(value)) return unknown(this.reason(value), p.loc);
    }
    if (kind === 'flag') return this.bool(p.raw, p.loc);
    if (kind === 'list') {
      const value = this.ev.resolve(p.raw);
      if (Array.isArray(value)) return known(value.length > 0, p.loc);
      if (isSym(value)) return unknown(this.reason(value), p.loc);
      return known(true, p.loc);
    }
    return known(true, p.loc);
  }

  private subnet(info: ResourceInfo): Subnet {
    const props = info.properties;
    const cidr = this.prop(props, 'CidrBlock');
    const ipv6Native = this.ipv6Setting(props, 'Ipv6Native', 'flag');
    let cidrVal: Val<string>;
    if (cidr) cidrVal = this.str(cidr.raw, cidr.loc);
    else if (ipv6Native?.known && ipv6Native.value) cidrVal = unknown('IPv6-only subnet has no IPv4 CIDR', info.loc);
    else if (hasOwn(props, 'Ipv4IpamPoolId')) cidrVal = unknown('subnet CIDR is allocated from an IPAM pool', info.loc);
    else cidrVal = unknown('subnet has no CidrBlock', info.loc);
    const settings = [
      this.ipv6Setting(props, 'Ipv6CidrBlock', 'value'),
      this.ipv6Setting(props, 'Ipv6CidrBlocks', 'list'),
      ipv6Native,
      this.ipv6Setting(props, 'AssignIpv6AddressOnCreation', 'flag'),
      this.ipv6Setting(props, 'Ipv6IpamPoolId', 'value'),
    ].filter((s): s is Val<boolean> => s !== undefined);
    const ipv6 = settings.find((s) => s.known && s.value) ?? settings.find((s) => !s.known) ?? known(false);
    const mapPublic = this.prop(props, 'MapPublicIpOnLaunch');
    const subnet: Subnet = {
      ...this.base(info, 'Subnet'),
      vpc: this.ref(getOwn(props, 'VpcId'), this.prop(props, 'VpcId')?.loc ?? info.loc),
      cidr: cidrVal,
      az: this.strProp(props, 'AvailabilityZone', () =>
        unknown(hasOwn(props, 'AvailabilityZoneId') ? 'AvailabilityZoneId is set instead' : 'no AvailabilityZone: AWS picks one', info.loc),
      ),
      azId: this.strProp(props, 'AvailabilityZoneId', () =>
        unknown('AvailabilityZoneId is not set (zone ID is known after deployment)', info.loc),
      ),
      ipv6,
      mapPublicIp: mapPublic ? this.bool(mapPublic.raw, mapPublic.loc) : known(false),
    };
    if (cidr) subnet.cidrLoc = cidr.loc;
    if (!cidrVal.known && cidr) this.note(cidr.loc, `CidrBlock of subnet ${info.id}: ${cidrVal.reason}`, info.id);
    return subnet;
  }

  private protocol(obj: unknown, loc: Loc): Val<string> {
    const p = this.prop(obj, 'IpProtocol');
    if (!p) return unknown('IpProtocol is not set', loc);
    const value = this.str(p.raw, p.loc);
    if (!value.known) return value;
    const text = value.value.trim().toLowerCase();
    return known(PROTOCOL_NAMES[text] ?? text, p.loc);
  }

  private port(obj: unknown, name: string): Val<number> | undefined {
    const p = this.prop(obj, name);
    return p ? this.num(p.raw, p.loc) : undefined;
  }

  /** Peer of a rule; `owner` is the group the rule belongs to (for self references). */
  private peer(obj: unknown, direction: 'ingress' | 'egress', owner: { key?: string; expr?: string }): SgPeer {
    const sgKey = direction === 'ingress' ? 'SourceSecurityGroupId' : 'DestinationSecurityGroupId';
    const prefixKey = direction === 'ingress' ? 'SourcePrefixListId' : 'DestinationPrefixListId';
    const sg = this.prop(obj, sgKey);
    if (sg) {
      if (owner.expr !== undefined && stableExpr(sg.raw) === owner.expr) return { kind: 'self' };
      const ref = this.ref(sg.raw, sg.loc);
      if (owner.key !== undefined && ref.kind === 'entity' && ref.key === owner.key) return { kind: 'self' };
      return { kind: 'sg', ref };
    }
    for (const [name, kind] of [
      ['CidrIp', 'cidr'],
      ['CidrIpv6', 'cidr6'],
      [prefixKey, 'prefixList'],
    ] as const) {
      const p = this.prop(obj, name);
      if (!p) continue;
      const value = this.str(p.raw, p.loc);
      if (!value.known) return { kind: 'unknown', reason: `${name}: ${value.reason}` };
      return kind === 'prefixList' ? { kind, id: value.value } : { kind, cidr: value.value.trim() };
    }
    if (direction === 'ingress' && this.prop(obj, 'SourceSecurityGroupName')) {
      return { kind: 'unknown', reason: 'peer given by group name (default VPC)' };
    }
    return { kind: 'unknown', reason: 'rule has no peer' };
  }

  private rule(obj: unknown, direction: 'ingress' | 'egress', loc: Loc, owner: { key?: string; expr?: string }): SgRule {
    const rule: SgRule = {
      direction,
      protocol: this.protocol(obj, loc),
      fromPort: this.port(obj, 'FromPort'),
      toPort: this.port(obj, 'ToPort'),
      peer: this.peer(obj, direction, owner),
      loc,
    };
    return rule;
  }

  /** Inline rules; `complete` is false when some cannot be read. */
  private inlineRules(
    info: ResourceInfo,
    name: string,
    direction: 'ingress' | 'egress',
  ): { rules: SgRule[]; present: boolean; complete: boolean } {
    const p = this.prop(info.properties, name);
    if (!p) return { rules: [], present: false, complete: true };
    if (!Array.isArray(p.raw)) {
      const value = this.ev.resolve(p.raw);
      this.note(p.loc, `${name} of ${info.id} cannot be read statically: ${isSym(value) ? this.reason(value) : 'not a list'}`, info.id);
      return { rules: [], present: true, complete: false };
    }
    const rules: SgRule[] = [];
    let complete = true;
    let count = 0;
    p.raw.forEach((item, index) => {
      const itemLoc = this.src.locOf(p.raw, index) ?? p.loc;
      const peeled = this.ev.peel(item);
      if (peeled === NO_VALUE) return;
      count++;
      if (!isPlainObject(peeled) || intrinsicName(peeled)) {
        complete = false;
        this.note(itemLoc, `a rule in ${name} of ${info.id} cannot be read statically`, info.id);
        return;
      }
      rules.push(this.rule(peeled, direction, this.src.locOf(peeled) ?? itemLoc, { key: this.key(info.id) }));
    });
    return { rules, present: count > 0 || !complete, complete };
  }

  private securityGroup(info: ResourceInfo): SecurityGroup {
    const props = info.properties;
    const ingress = this.inlineRules(info, 'SecurityGroupIngress', 'ingress');
    const egress = this.inlineRules(info, 'SecurityGroupEgress', 'egress');
    const vpc = this.prop(props, 'VpcId');
    return {
      ...this.base(info, 'SecurityGroup'),
      vpc: vpc
        ? this.ref(vpc.raw, vpc.loc)
        : { kind: 'unknown', reason: 'no VpcId: the group is created in the default VPC', loc: info.loc },
      ingress: ingress.rules,
      egress: egress.rules,
      // hyperpod-reference.md §R9 [CFN-SG]: no inline egress keeps AWS's default allow-all egress.
      implicitAllowAllEgress: !egress.present,
      rulesComplete: ingress.complete && egress.complete,
      ...this.groupLabels(props),
    };
  }

  /** GroupDescription, GroupName and tags, where known statically. */
  private groupLabels(props: Record<string, unknown>): Pick<SecurityGroup, 'labels'> {
    const labels: NonNullable<SecurityGroup['labels']> = [];
    for (const field of ['GroupDescription', 'GroupName']) {
      const p = this.prop(props, field);
      const value = p ? this.str(p.raw, p.loc) : undefined;
      if (value?.known && value.value.trim()) labels.push({ field, text: value.value, loc: p!.loc });
    }
    const tags = this.prop(props, 'Tags');
    const list = tags ? this.ev.peel(tags.raw) : undefined;
    if (Array.isArray(list)) {
      list.forEach((item, index) => {
        const key = this.ev.resolve(getOwn(this.ev.peel(item), 'Key'));
        const value = this.ev.resolve(getOwn(this.ev.peel(item), 'Value'));
        if (typeof key === 'string' && typeof value === 'string' && value.trim()) {
          labels.push({ field: `tag ${key}`, text: value, loc: this.src.locOf(list, index) ?? tags!.loc });
        }
      });
    }
    return labels.length ? { labels } : {};
  }

  private vpcEndpoint(info: ResourceInfo): VpcEndpoint {
    const props = info.properties;
    const endpoint: VpcEndpoint = {
      ...this.base(info, 'VpcEndpoint'),
      vpc: this.ref(getOwn(props, 'VpcId'), this.prop(props, 'VpcId')?.loc ?? info.loc),
      serviceName: this.strProp(props, 'ServiceName', () => unknown('no ServiceName', info.loc)),
      // Default type is Gateway: hyperpod-reference.md §4.4 [AWSCC-VPCE].
      endpointType: this.strProp(props, 'VpcEndpointType', () => known('Gateway')),
      routeTables: this.refListProp(props, 'RouteTableIds', () => ({ known: true, items: [] })),
      subnets: this.refListProp(props, 'SubnetIds', () => ({ known: true, items: [] })),
    };
    const service = this.prop(props, 'ServiceName');
    if (service && !endpoint.serviceName.known) {
      // Pseudo parameters left open as `*`: `com.amazonaws.${AWS::Region}.s3` is S3 in whatever region the stack is in.
      const pattern = this.ev.resolve(service.raw, { iamPattern: true });
      if (typeof pattern === 'string') endpoint.servicePattern = pattern;
    }
    const policy = this.prop(props, 'PolicyDocument');
    if (policy) {
      let raw = policy.raw;
      if (typeof raw === 'string') {
        try {
          raw = JSON.parse(raw);
        } catch {
          // kept as written
        }
      }
      const value = this.ev.resolve(raw);
      // At the PolicyDocument key: a block mapping's own location is its first inner key (Version).
      endpoint.policy = isSym(value) ? unknown(this.reason(value), policy.keyLoc) : known(this.plain(value), policy.keyLoc);
    }
    return endpoint;
  }

  private eksCluster(info: ResourceInfo): EksCluster {
    const props = info.properties;
    const network = this.prop(props, 'KubernetesNetworkConfig');
    const family = network ? this.prop(network.raw, 'IpFamily') : undefined;
    const vpcConfig = this.prop(props, 'ResourcesVpcConfig');
    return {
      ...this.base(info, 'EksCluster'),
      // IpFamily defaults to ipv4: hyperpod-reference.md §4.2 [EKS-KNC].
      ipFamily: family ? this.str(family.raw, family.loc) : known('ipv4'),
      ipFamilyExplicit: family !== undefined,
      arn: unknown(`the ARN of EKS cluster ${info.id} is assigned at deployment`, info.loc),
      subnets: vpcConfig
        ? this.refListProp(vpcConfig.raw, 'SubnetIds', () => unknown('ResourcesVpcConfig has no SubnetIds', vpcConfig.loc))
        : unknown('no ResourcesVpcConfig', info.loc),
    };
  }

  private fsx(info: ResourceInfo): FsxFileSystem {
    const props = info.properties;
    return {
      ...this.base(info, 'FsxFileSystem'),
      fileSystemType: this.strProp(props, 'FileSystemType', () => unknown('no FileSystemType', info.loc)),
      subnets: this.refListProp(props, 'SubnetIds', () => unknown('no SubnetIds', info.loc)),
      securityGroups: this.refListProp(props, 'SecurityGroupIds', () => ({ known: true, items: [] })),
      dnsName: unknown(`the DNS name of ${info.id} is assigned at deployment`, info.loc),
    };
  }

  /** A string or list of strings (IAM Action/Resource). */
  private stringList(raw: unknown, loc: Loc, iamPattern: boolean): Val<string[]> {
    const value = this.ev.resolve(raw, { iamPattern });
    if (isSym(value)) return unknown(this.reason(value), loc);
    const items = Array.isArray(value) ? value : [value];
    const out: string[] = [];
    for (const item of items) {
      if (isSym(item)) return unknown(this.reason(item), loc);
      const text = scalarText(item);
      if (text === undefined) return unknown('not a string', loc);
      out.push(text);
    }
    return known(out, loc);
  }

  private policyDocument(raw: unknown, loc: Loc): PolicyDocument {
    let doc = this.ev.peel(raw);
    if (typeof doc === 'string') {
      try {
        doc = JSON.parse(doc);
      } catch {
        return { statements: unknown('policy document is not valid JSON', loc), loc };
      }
    }
    if (!isPlainObject(doc) || intrinsicName(doc)) {
      const value = this.ev.resolve(doc);
      return { statements: unknown(isSym(value) ? this.reason(value) : 'policy document is not a mapping', loc), loc };
    }
    const statementProp = this.prop(doc, 'Statement');
    if (!statementProp) return { statements: [], loc };
    const list = Array.isArray(statementProp.raw) ? statementProp.raw : [statementProp.raw];
    const statements: PolicyStatement[] = [];
    for (let i = 0; i < list.length; i++) {
      const st = this.ev.peel(list[i]);
      const stLoc =
        this.src.locOf(st) ?? (Array.isArray(statementProp.raw) ? this.src.locOf(statementProp.raw, i) : undefined) ?? statementProp.loc;
      if (st === NO_VALUE) continue;
      if (!isPlainObject(st) || intrinsicName(st)) {
        const value = this.ev.resolve(st);
        return { statements: unknown(isSym(value) ? this.reason(value) : 'statement is not a mapping', stLoc), loc };
      }
      const listProp = (name: string, iam: boolean): Val<string[]> | undefined => {
        const p = this.prop(st, name);
        return p ? this.stringList(p.raw, p.loc, iam) : undefined;
      };
      const statement: PolicyStatement = {
        effect: this.strProp(st, 'Effect', () => unknown('statement has no Effect', stLoc)),
        actions: listProp('Action', false) ?? known([], stLoc),
        resources:
          listProp('Resource', true) ?? (this.prop(st, 'NotResource') ? unknown('statement uses NotResource', stLoc) : known([], stLoc)),
        loc: stLoc,
      };
      const notActions = listProp('NotAction', false);
      if (notActions) statement.notActions = notActions;
      statements.push(statement);
    }
    return { statements, loc };
  }

  private principal(info: ResourceInfo, principalKind: 'role' | 'user'): IamPrincipal {
    const props = info.properties;
    const principal: IamPrincipal = {
      ...this.base(info, 'IamPrincipal'),
      principalKind,
      tags: known({}),
      inlinePolicies: [],
      managedPolicies: [],
    };
    const tags = this.prop(props, 'Tags');
    if (tags) {
      principal.tagsLoc = tags.loc;
      principal.tags = this.tags(tags.raw, tags.loc);
    }
    const policies = this.prop(props, 'Policies');
    if (policies) {
      if (Array.isArray(policies.raw)) {
        policies.raw.forEach((item, index) => {
          const itemLoc = this.src.locOf(policies.raw, index) ?? policies.loc;
          const peeled = this.ev.peel(item);
          if (peeled === NO_VALUE) return;
          const doc = this.prop(peeled, 'PolicyDocument');
          principal.inlinePolicies.push(
            doc
              ? this.policyDocument(doc.raw, doc.loc)
              : { statements: unknown('inline policy cannot be read statically', itemLoc), loc: itemLoc },
          );
        });
      } else {
        principal.inlinePolicies.push({ statements: unknown('Policies cannot be read statically', policies.loc), loc: policies.loc });
      }
    }
    const trust = this.prop(props, 'AssumeRolePolicyDocument');
    if (trust && principalKind === 'role') {
      const services = serviceOnlyTrust(this.plainIfKnown(this.ev.resolve(trust.raw)));
      if (services) principal.trustedServicesOnly = services;
    }
    const managed = this.prop(props, 'ManagedPolicyArns');
    if (managed) {
      const list = this.refList(managed.raw, managed.keyLoc);
      principal.managedPolicies = list.known
        ? list.items
        : [{ kind: 'unknown', reason: list.reason, loc: managed.loc, expr: stableExpr(managed.raw) }];
    }
    return principal;
  }

  private tags(raw: unknown, loc: Loc): Val<Record<string, Val<string>>> {
    const peeled = this.ev.peel(raw);
    if (!Array.isArray(peeled)) {
      const value = this.ev.resolve(peeled);
      return unknown(isSym(value) ? this.reason(value) : 'Tags is not a list', loc);
    }
    const out: Record<string, Val<string>> = {};
    for (let i = 0; i < peeled.length; i++) {
      const itemLoc = this.src.locOf(peeled, i) ?? loc;
      const tag = this.ev.peel(peeled[i]);
      if (tag === NO_VALUE) continue;
      if (!isPlainObject(tag) || intrinsicName(tag)) return unknown('a tag cannot be read statically', itemLoc);
      const keyProp = this.prop(tag, 'Key');
      const name = keyProp ? this.str(keyProp.raw, keyProp.loc) : unknown('tag without Key', itemLoc);
      if (!name.known) return unknown(`a tag key cannot be read statically: ${name.reason}`, itemLoc);
      const valueProp = this.prop(tag, 'Value');
      setProperty(out, name.value, valueProp ? this.str(valueProp.raw, valueProp.loc) : known('', itemLoc));
    }
    return known(out, loc);
  }

  private policy(info: ResourceInfo): IamPolicy {
    const props = info.properties;
    const doc = this.prop(props, 'PolicyDocument');
    const attachedTo: Ref[] = [];
    for (const name of ['Roles', 'Users']) {
      const list = this.refListProp(props, name, () => ({ known: true, items: [] }));
      if (list.known) appendAll(attachedTo, list.items);
      else attachedTo.push({ kind: 'unknown', reason: list.reason, loc: list.loc });
    }
    for (const name of ['RoleName', 'UserName']) {
      const p = this.prop(props, name);
      if (p) attachedTo.push(this.ref(p.raw, p.loc));
    }
    return {
      ...this.base(info, 'IamPolicy'),
      document: doc ? this.policyDocument(doc.raw, doc.loc) : { statements: unknown('no PolicyDocument', info.loc), loc: info.loc },
      attachedTo,
    };
  }

  private vpcConfig(p: { raw: unknown; loc: Loc; keyLoc: Loc }, resource: string, label: string): VpcConfig {
    const config: VpcConfig = { loc: p.keyLoc };
    if (!isPlainObject(p.raw) || intrinsicName(p.raw)) {
      const value = this.ev.resolve(p.raw);
      const reason = isSym(value) ? this.reason(value) : `${label} is not a mapping`;
      config.subnets = unknown(reason, p.loc);
      config.securityGroups = unknown(reason, p.loc);
      this.note(p.loc, `${label} of ${resource} cannot be read statically: ${reason}`, resource);
      return config;
    }
    for (const [name, field] of [
      ['Subnets', 'subnets'],
      ['SecurityGroupIds', 'securityGroups'],
    ] as const) {
      const item = this.prop(p.raw, name);
      if (!item) continue;
      const list = this.refList(item.raw, item.keyLoc);
      config[field] = list;
      if (!list.known) this.note(item.loc, `${label}.${name} of ${resource}: ${list.reason}`, resource);
      else {
        for (const ref of list.items) {
          if (ref.kind === 'unknown') this.note(ref.loc ?? item.loc, `${label}.${name} of ${resource}: ${ref.reason}`, resource);
        }
      }
    }
    return config;
  }

  private instanceGroup(obj: Record<string, unknown>, loc: Loc, resource: string): InstanceGroup {
    const name = this.strProp(obj, 'InstanceGroupName', () => unknown('no InstanceGroupName', loc));
    const label = name.known ? `instance group ${name.value} of ${resource}` : `an instance group of ${resource}`;
    const group: InstanceGroup = {
      name,
      loc,
      instanceTypes: [],
      instanceCount: unknown('no InstanceCount', loc),
      fsxMounts: [],
    };
    const type = this.prop(obj, 'InstanceType');
    if (type) {
      group.instanceTypes = [this.str(type.raw, type.loc)];
      group.instanceTypeLoc = type.loc;
    } else {
      const requirements = this.prop(obj, 'InstanceRequirements');
      const types = requirements ? this.prop(requirements.raw, 'InstanceTypes') : undefined;
      if (types) {
        group.instanceTypeLoc = types.loc;
        if (Array.isArray(types.raw)) {
          types.raw.forEach((item, index) => {
            const peeled = this.ev.peel(item);
            if (peeled !== NO_VALUE) group.instanceTypes.push(this.str(peeled, this.src.locOf(types.raw, index) ?? types.loc));
          });
        } else {
          const value = this.ev.resolve(types.raw);
          if (Array.isArray(value)) group.instanceTypes = value.map((v) => this.str(v, types.loc));
          else group.instanceTypes = [unknown(isSym(value) ? this.reason(value) : 'InstanceTypes is not a list', types.loc)];
        }
      }
    }
    for (const t of group.instanceTypes) if (!t.known) this.note(t.loc, `instance type of ${label}: ${t.reason}`, resource);
    const count = this.prop(obj, 'InstanceCount');
    if (count) {
      group.instanceCount = this.num(count.raw, count.loc);
      group.instanceCountLoc = count.loc;
      if (!group.instanceCount.known) this.note(count.loc, `InstanceCount of ${label}: ${group.instanceCount.reason}`, resource);
    }
    const override = this.prop(obj, 'OverrideVpcConfig');
    if (override) group.overrideVpcConfig = this.vpcConfig(override, resource, 'OverrideVpcConfig');
    const lifeCycle = this.prop(obj, 'LifeCycleConfig');
    const uri = lifeCycle ? this.prop(lifeCycle.raw, 'SourceS3Uri') : undefined;
    if (uri) group.lifeCycleSourceS3Uri = this.str(uri.raw, uri.loc);
    const role = this.prop(obj, 'ExecutionRole');
    if (role) group.executionRole = this.ref(role.raw, role.loc);
    const network = this.prop(obj, 'NetworkInterface');
    const interfaceType = network ? this.prop(network.raw, 'InterfaceType') : undefined;
    if (interfaceType) group.interfaceType = this.str(interfaceType.raw, interfaceType.loc);
    const storage = this.prop(obj, 'InstanceStorageConfigs');
    if (storage && Array.isArray(storage.raw)) {
      for (const item of storage.raw) {
        const fsx = this.prop(this.ev.peel(item), 'FsxLustreConfig');
        const dns = fsx ? this.prop(fsx.raw, 'DnsName') : undefined;
        if (dns) group.fsxMounts.push(this.str(dns.raw, dns.loc));
      }
    }
    return group;
  }

  private cluster(info: ResourceInfo): Cluster {
    const props = info.properties;
    const cluster: Cluster = {
      ...this.base(info, 'Cluster'),
      clusterName: this.strProp(props, 'ClusterName', () => unknown('ClusterName is not set: CloudFormation generates one', info.loc)),
      orchestrator: known('slurm'),
      instanceGroups: [],
      isUpdate: false,
    };
    const orchestrator = this.prop(props, 'Orchestrator');
    if (orchestrator) {
      cluster.orchestratorLoc = orchestrator.keyLoc;
      if (!isPlainObject(orchestrator.raw) || intrinsicName(orchestrator.raw)) {
        const value = this.ev.resolve(orchestrator.raw);
        cluster.orchestrator = unknown(isSym(value) ? this.reason(value) : 'Orchestrator is not a mapping', orchestrator.loc);
      } else {
        // Orchestrator: EKS when Orchestrator.Eks is set, otherwise Slurm (rules.md).
        const eks = this.prop(orchestrator.raw, 'Eks');
        const eksArgs = eks && intrinsicName(eks.raw) === 'Fn::If' ? getOwn(eks.raw, 'Fn::If') : undefined;
        const eksBranches = Array.isArray(eksArgs) ? eksArgs.slice(1, 3).map((b) => this.ev.peel(b) !== NO_VALUE) : [];
        if (eksBranches.includes(true) && eksBranches.includes(false)) {
          const condition = Array.isArray(eksArgs) ? String(eksArgs[0]) : '';
          cluster.orchestrator = unknown(`Orchestrator.Eks depends on condition ${condition}, which cannot be decided`, eks!.loc);
        } else if (eks && !(eksBranches.length > 0 && !eksBranches.includes(true))) {
          cluster.orchestrator = known('eks', orchestrator.keyLoc);
          const arn = this.prop(eks.raw, 'ClusterArn');
          if (arn) {
            const value = this.ev.resolve(arn.raw);
            cluster.eksCluster = this.refFrom(value, arn.loc);
            const text = isSym(value) ? undefined : scalarText(value);
            cluster.eksClusterArn =
              text !== undefined ? known(text, arn.loc) : unknown(isSym(value) ? this.reason(value) : 'not a string value', arn.loc);
          }
        } else cluster.orchestrator = known('slurm', orchestrator.keyLoc);
      }
    }
    const vpc = this.prop(props, 'VpcConfig');
    if (vpc) cluster.vpcConfig = this.vpcConfig(vpc, info.id, 'VpcConfig');
    const list: InstanceGroup[] = [];
    for (const key of ['InstanceGroups', 'RestrictedInstanceGroups']) {
      const groups = this.prop(props, key);
      if (!groups) continue;
      if (Array.isArray(groups.raw)) {
        groups.raw.forEach((item, index) => {
          const itemLoc = this.src.locOf(groups.raw, index) ?? groups.loc;
          const peeled = this.ev.peel(item);
          if (peeled === NO_VALUE) return;
          if (!isPlainObject(peeled) || intrinsicName(peeled)) {
            this.note(itemLoc, `an instance group of ${info.id} cannot be read statically; not checked`, info.id);
            return;
          }
          list.push(this.instanceGroup(peeled, this.src.locOf(peeled) ?? itemLoc, info.id));
        });
      } else {
        const value = this.ev.resolve(groups.raw);
        const reason = isSym(value) ? this.reason(value) : `${key} is not a list`;
        cluster.instanceGroups = unknown(reason, groups.loc);
        cluster.notVisible = `instance groups of ${info.id} are not statically visible: ${reason}`;
        this.note(groups.loc, cluster.notVisible, info.id);
        break;
      }
    }
    if (cluster.notVisible === undefined) cluster.instanceGroups = list;
    // HP008 checks the properties as written against the AWS::SageMaker::Cluster resource schema.
    cluster.request = { schema: 'cloudformation', shape: 'AWS::SageMaker::Cluster', body: this.rawProps(props, info.loc, 0) };
    const fsx = [...this.referencedResources(props)].filter((id) => this.resources.get(id)?.type === 'AWS::FSx::FileSystem');
    if (fsx.length > 0) cluster.fsxFileSystems = fsx.map((id) => ({ kind: 'entity', key: this.key(id) }));
    return cluster;
  }

  /**
   * Resource properties as written, with the location of every key (HP008). Decidable `Fn::If` and
   * `AWS::NoValue` are removed; other intrinsics are evaluated (a parameter default, `Fn::Sub` of
   * known values) and become `unknown` with the evaluator's reason when they cannot be known.
   */
  private rawProps(raw: unknown, loc: Loc, depth: number): RawValue {
    const peeled = this.ev.peel(raw);
    if (depth > 32) return { kind: 'unknown', loc, reason: 'nested too deeply to check' };
    if (intrinsicName(peeled)) return this.rawResolved(this.ev.resolve(peeled), loc, depth);
    if (Array.isArray(peeled)) {
      const items: RawValue[] = [];
      peeled.forEach((item, i) => {
        if (this.ev.peel(item) !== NO_VALUE) items.push(this.rawProps(item, this.src.locOf(peeled, i) ?? loc, depth + 1));
      });
      return { kind: 'list', loc, items };
    }
    if (isPlainObject(peeled)) {
      const members: RawMember[] = [];
      for (const key of Object.keys(peeled)) {
        const child = peeled[key];
        if (this.ev.peel(child) === NO_VALUE) continue;
        const keyLoc = this.src.keyLocOf(peeled, key) ?? loc;
        members.push({ key, keyLoc, value: this.rawProps(child, this.src.locOf(peeled, key) ?? keyLoc, depth + 1) });
      }
      return { kind: 'object', loc, members };
    }
    if (typeof peeled === 'string' || typeof peeled === 'number' || typeof peeled === 'boolean' || peeled === null)
      return { kind: 'scalar', loc, value: peeled };
    return { kind: 'unknown', loc, reason: 'not a template value' };
  }

  /** An evaluated value (no source positions of its own): everything at `loc`. */
  private rawResolved(value: unknown, loc: Loc, depth: number): RawValue {
    // A resource's ID or attribute (here or in a linked template), alone or in Fn::Sub/Fn::Join, is filled in by
    // CloudFormation at deployment: not a value the author can get wrong, so not listed as unverified.
    if (isSym(value)) {
      const reason = this.reason(value);
      const quiet = value instanceof SymRef || value instanceof SymExternal || reason.endsWith('is known only after deployment');
      return quiet ? { kind: 'unknown', loc, reason, quiet } : { kind: 'unknown', loc, reason };
    }
    if (depth > 32) return { kind: 'unknown', loc, reason: 'nested too deeply to check' };
    if (Array.isArray(value))
      return { kind: 'list', loc, items: value.filter((v) => v !== NO_VALUE).map((v) => this.rawResolved(v, loc, depth + 1)) };
    if (isPlainObject(value)) {
      if (intrinsicName(value)) return { kind: 'unknown', loc, reason: `${intrinsicName(value)} cannot be evaluated statically` };
      const members: RawMember[] = Object.keys(value)
        .filter((k) => value[k] !== NO_VALUE)
        .map((key) => ({ key, keyLoc: loc, value: this.rawResolved(value[key], loc, depth + 1) }));
      return { kind: 'object', loc, members };
    }
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null)
      return { kind: 'scalar', loc, value };
    return { kind: 'unknown', loc, reason: 'not a template value' };
  }

  /** Resource logical IDs referenced anywhere in a value (Ref, Fn::GetAtt, Fn::Sub variables). */
  private referencedResources(raw: unknown): Set<string> {
    const found = new Set<string>();
    const visit = (v: unknown, depth: number): void => {
      if (depth > 100 || v === null || typeof v !== 'object') return;
      if (Array.isArray(v)) {
        for (const item of v) visit(item, depth + 1);
        return;
      }
      const name = intrinsicName(v);
      const args = name ? getOwn(v, name) : undefined;
      if (name === 'Ref' && typeof args === 'string' && this.resources.has(args)) found.add(args);
      if (name === 'Fn::GetAtt') {
        const target = Array.isArray(args) ? args[0] : typeof args === 'string' ? args.split('.')[0] : undefined;
        if (typeof target === 'string' && this.resources.has(target)) found.add(target);
      }
      if (name === 'Fn::Sub') {
        const template = Array.isArray(args) ? args[0] : args;
        if (typeof template === 'string') {
          for (const match of template.matchAll(/\$\{([^!}][^}]*)\}/g)) {
            const id = match[1]!.trim().split('.')[0]!;
            if (this.resources.has(id)) found.add(id);
          }
        }
      }
      for (const key of Object.keys(v)) visit((v as Record<string, unknown>)[key], depth + 1);
    };
    visit(raw, 0);
    return found;
  }

  /**
   * HP090: a custom resource that creates a HyperPod cluster out of sight. The console templates
   * pass instance groups as JSON strings, either as the custom resource's properties or as
   * environment variables of the Lambda function behind its ServiceToken (hyperpod-reference.md §3 [HPSETUP-HPC]).
   */
  private customCluster(info: ResourceInfo): Cluster | undefined {
    const props = info.properties;
    const names: string[] = [];
    const sources: unknown[] = [props];
    const token = this.ev.resolve(getOwn(props, 'ServiceToken'));
    if (token instanceof SymRef && /^AWS::(Lambda|Serverless)::Function$/.test(this.ev.resourceType(token.logicalId) ?? '')) {
      sources.push(this.resources.get(token.logicalId)?.properties);
    }
    const collect = (v: unknown, depth: number): void => {
      if (depth > 50 || v === null || typeof v !== 'object') return;
      if (Array.isArray(v)) return v.forEach((item) => collect(item, depth + 1));
      const ref = getOwn(v, 'Ref');
      if (typeof ref === 'string' && hasOwn(this.ev.ctx.parameters, ref)) names.push(ref);
      for (const key of Object.keys(v)) {
        names.push(key);
        collect((v as Record<string, unknown>)[key], depth + 1);
      }
    };
    sources.forEach((source) => collect(source, 0));
    const normalized = names.map(normalizeName);
    const mentionsGroups = normalized.some((n) => INSTANCE_GROUP_NAME.test(n));
    const mentionsCluster = normalized.some((n) => CLUSTER_NAME.test(n));
    const carriesGroupJson = sources.some((source) =>
      JSON.stringify(this.plain(this.ev.resolve(source)) ?? null).includes('InstanceGroupName'),
    );
    if (!(mentionsGroups && (mentionsCluster || carriesGroupJson))) return undefined;
    // Cluster name: a property of the custom resource, else an environment variable of its function.
    const variables = getOwn(getOwn(sources[1], 'Environment'), 'Variables');
    const nameHolder = [props, variables].find((holder) => isPlainObject(holder) && Object.keys(holder).some(isClusterNameKey));
    const nameKey = nameHolder ? Object.keys(nameHolder).find(isClusterNameKey) : undefined;
    const reason = `cluster is created by custom resource ${info.id} (${info.type}); its instance groups are not statically visible`;
    const cluster: Cluster = {
      ...this.base(info, 'Cluster'),
      clusterName:
        nameHolder && nameKey
          ? this.strProp(nameHolder, nameKey, () => unknown('no cluster name', info.loc))
          : unknown('no cluster name', info.loc),
      orchestrator: unknown('the orchestrator is passed to a custom resource', info.loc),
      instanceGroups: unknown(reason, info.loc),
      isUpdate: false,
      notVisible: reason,
    };
    this.note(info.loc, reason, info.id);
    return cluster;
  }

  /**
   * FN-2 (docs/real-world.md): a nested stack is not followed, so say so. When its parameters look like
   * HyperPod cluster settings (an instance group, type or count next to a HyperPod sign), the cluster it
   * creates is recorded as not visible (HP090), as for custom resources (hyperpod-reference.md §3 [HPSETUP-HPC]).
   */
  private nestedStack(info: ResourceInfo): Cluster | undefined {
    const props = info.properties;
    const locationKey = info.type === 'AWS::CloudFormation::Stack' ? 'TemplateURL' : 'Location';
    const location = this.ev.resolve(getOwn(props, locationKey));
    const applicationId = isPlainObject(location) ? this.ev.resolve(getOwn(location, 'ApplicationId')) : undefined;
    const where =
      typeof location === 'string'
        ? `${locationKey} ${location}`
        : typeof applicationId === 'string'
          ? `application ${applicationId}`
          : `${locationKey} not known statically`;
    const params = this.prop(props, 'Parameters');
    const paramsRaw = params && isPlainObject(params.raw) && !intrinsicName(params.raw) ? params.raw : {};
    const given: Record<string, LinkedValue> = {};
    for (const key of Object.keys(paramsRaw)) setProperty(given, key, this.toLinked(getOwn(paramsRaw, key)));
    this.stackLinks.push({ id: info.id, location: this.locationText(getOwn(props, locationKey)), loc: info.loc, parameters: given });
    // The template is scanned and linked (src/engine/cfn-link.ts): its resources and cluster are checked there.
    if (this.opts.inputs?.linkedStacks?.includes(info.id)) return undefined;
    const keys = Object.keys(paramsRaw).map(normalizeName);
    const values = Object.keys(paramsRaw).map((key) => this.plain(this.ev.resolve(getOwn(paramsRaw, key))));
    const setsInstances = keys.some((key) => /instancegroup|instancetype|instancecount/i.test(key));
    const hyperPodSign =
      keys.some((key) => /hyperpod/i.test(key)) ||
      /hyperpod/i.test(where) ||
      // HyperPod instance types are ml.* (hyperpod-reference.md §2 [BOTO]); EKS or EC2 node types are not.
      values.some((value) => typeof value === 'string' && /^ml\.[a-z0-9-]+\.[a-z0-9]+$/i.test(value.trim())) ||
      JSON.stringify(values).includes('InstanceGroupName');
    if (!(setsInstances && hyperPodSign)) {
      this.note(info.loc, `resources of nested stack ${info.id} (${where}) are not in this template; scan that template too`, info.id);
      return undefined;
    }
    const reason = `the cluster is defined in nested stack ${info.id} (${where}); scan that template too`;
    const nameKey = Object.keys(paramsRaw).find(isClusterNameKey);
    const cluster: Cluster = {
      ...this.base(info, 'Cluster'),
      clusterName: nameKey
        ? this.strProp(paramsRaw, nameKey, () => unknown('no cluster name', info.loc))
        : unknown('no cluster name', info.loc),
      orchestrator: unknown(`the orchestrator is set in the template of nested stack ${info.id}`, info.loc),
      instanceGroups: unknown(reason, info.loc),
      isUpdate: false,
      notVisible: reason,
    };
    this.note(info.loc, reason, info.id);
    return cluster;
  }

  // ---- second pass: resources that modify others --------------------------------------------

  private link(info: ResourceInfo): void {
    const props = info.properties;
    switch (info.type) {
      case 'AWS::EC2::SecurityGroupIngress':
      case 'AWS::EC2::SecurityGroupEgress':
        this.standaloneRule(info, info.type.endsWith('Ingress') ? 'ingress' : 'egress');
        break;
      case 'AWS::EC2::Route':
        this.route(info);
        break;
      case 'AWS::EC2::SubnetRouteTableAssociation': {
        const subnetProp = this.prop(props, 'SubnetId');
        const tableProp = this.prop(props, 'RouteTableId');
        if (!subnetProp || !tableProp) return;
        const subnetRef = this.ref(subnetProp.raw, subnetProp.loc);
        const tableRef = this.ref(tableProp.raw, tableProp.loc);
        const subnet = this.entity(subnetRef, 'Subnet');
        const table = this.entity(tableRef, 'RouteTable');
        if (subnet) {
          if (subnet.routeTable) this.note(info.loc, `subnet ${subnet.name} has more than one route table association`, info.id);
          else subnet.routeTable = tableRef;
        }
        if (table) table.subnets.push(subnetRef);
        if (!subnet && !table) this.note(info.loc, `route table association ${info.id} links resources outside this template`, info.id);
        break;
      }
      case 'AWS::EC2::VPCCidrBlock': {
        const vpcProp = this.prop(props, 'VpcId');
        const vpc = vpcProp ? this.entity(this.ref(vpcProp.raw, vpcProp.loc), 'Vpc') : undefined;
        if (!vpc) return;
        const cidr = this.prop(props, 'CidrBlock');
        if (cidr) {
          const value = this.str(cidr.raw, cidr.loc);
          vpc.cidrBlocks.push(info.condition && value.known ? unknown(info.condition.reason, cidr.loc) : value);
        }
        const amazonProvided = this.prop(props, 'AmazonProvidedIpv6CidrBlock');
        const v6 = [amazonProvided, ...['Ipv6CidrBlock', 'Ipv6Pool', 'Ipv6IpamPoolId'].map((n) => this.prop(props, n))].find(
          (p) => p !== undefined,
        );
        if (v6) {
          // AmazonProvidedIpv6CidrBlock is a flag; the other properties give a block by being set.
          const flag = v6 === amazonProvided ? this.bool(v6.raw, v6.loc) : known(true, v6.loc);
          if (vpc.ipv6.known && vpc.ipv6.value) {
            // Already IPv6.
          } else if (!flag.known) vpc.ipv6 = flag;
          else if (flag.value) vpc.ipv6 = info.condition ? unknown(info.condition.reason, v6.loc) : flag;
        }
        break;
      }
      case 'AWS::EC2::SubnetCidrBlock': {
        // Adds an IPv6 block to an existing subnet.
        const subnetProp = this.prop(props, 'SubnetId');
        const subnet = subnetProp ? this.entity(this.ref(subnetProp.raw, subnetProp.loc), 'Subnet') : undefined;
        const block = this.prop(props, 'Ipv6CidrBlock') ?? this.prop(props, 'Ipv6IpamPoolId');
        if (!subnet || !block || (subnet.ipv6.known && subnet.ipv6.value)) return;
        subnet.ipv6 = info.condition ? unknown(info.condition.reason, block.loc) : known(true, block.loc);
        break;
      }
      case 'AWS::EC2::VPCGatewayAttachment': {
        const gatewayProp = this.prop(props, 'InternetGatewayId');
        const vpcProp = this.prop(props, 'VpcId');
        const gateway = gatewayProp ? this.entity(this.ref(gatewayProp.raw, gatewayProp.loc), 'InternetGateway') : undefined;
        if (gateway && vpcProp) gateway.vpc = this.ref(vpcProp.raw, vpcProp.loc);
        break;
      }
      case 'AWS::IAM::Role':
      case 'AWS::IAM::User': {
        const principal = this.entities.get(this.key(info.id));
        if (principal?.type !== 'IamPrincipal') return;
        for (const ref of principal.managedPolicies) {
          const policy = this.entity(ref, 'IamPolicy');
          if (policy && !policy.attachedTo.some((r) => r.kind === 'entity' && r.key === principal.key)) {
            policy.attachedTo.push({ kind: 'entity', key: principal.key, loc: ref.loc });
          }
        }
        break;
      }
    }
  }

  private standaloneRule(info: ResourceInfo, direction: 'ingress' | 'egress'): void {
    const props = info.properties;
    if (!hasOwn(props, 'GroupId')) {
      this.note(info.loc, `${info.id} names its group by GroupName (default VPC); not checked`, info.id);
      return;
    }
    const groupRaw = getOwn(props, 'GroupId');
    const groupExpr = stableExpr(groupRaw);
    const peeled = this.ev.peel(groupRaw);
    // Candidate owners: one group, or each branch of an undecided Fn::If.
    let candidates: unknown[] = [peeled];
    let condition: Val<boolean> | undefined = info.condition;
    if (intrinsicName(peeled) === 'Fn::If') {
      const args = getOwn(peeled, 'Fn::If');
      if (Array.isArray(args) && args.length === 3) {
        candidates = [this.ev.peel(args[1]), this.ev.peel(args[2])];
        condition = unknown(`GroupId of ${info.id} depends on condition ${String(args[0])}`, info.loc);
      }
    }
    for (const candidate of candidates) {
      const ref = this.ref(candidate, info.loc);
      const group = this.entity(ref, 'SecurityGroup');
      if (!group && ref.kind === 'entity' && !ref.key.startsWith(`${this.file}#`)) {
        // The group is in another scanned template (given by a parent stack, an output or an export).
        const rule = this.rule(props, direction, info.loc, { key: ref.key, expr: groupExpr });
        rule.resourceName = info.id;
        if (condition) rule.condition = condition;
        this.externalRules.push({ groupKey: ref.key, rule });
        continue;
      }
      if (!group) {
        if (candidate !== NO_VALUE) {
          const what = ref.kind === 'id' ? ref.id : ref.kind === 'unknown' ? ref.reason : ref.key;
          this.note(info.loc, `${info.id} adds a rule to a security group outside this template (${what}); not checked here`, info.id);
        }
        continue;
      }
      const rule = this.rule(props, direction, info.loc, { key: group.key, expr: groupExpr });
      // Same expression as the candidate itself (e.g. GroupId: !If [C, !Ref A, X], peer: !Ref A).
      if (
        rule.peer.kind === 'sg' &&
        stableExpr(this.ev.peel(getOwn(props, direction === 'ingress' ? 'SourceSecurityGroupId' : 'DestinationSecurityGroupId'))) ===
          stableExpr(candidate)
      ) {
        rule.peer = { kind: 'self' };
      }
      rule.resourceName = info.id;
      if (condition) rule.condition = condition;
      (direction === 'ingress' ? group.ingress : group.egress).push(rule);
    }
  }

  private route(info: ResourceInfo): void {
    const props = info.properties;
    const tableProp = this.prop(props, 'RouteTableId');
    const table = tableProp ? this.entity(this.ref(tableProp.raw, tableProp.loc), 'RouteTable') : undefined;
    if (!table) {
      this.note(info.loc, `route ${info.id} belongs to a route table outside this template; not checked here`, info.id);
      return;
    }
    const destinationProp =
      this.prop(props, 'DestinationCidrBlock') ??
      this.prop(props, 'DestinationIpv6CidrBlock') ??
      this.prop(props, 'DestinationPrefixListId');
    const route: Route = {
      destination: destinationProp ? this.str(destinationProp.raw, destinationProp.loc) : unknown('route has no destination', info.loc),
      target: this.routeTarget(props),
      loc: info.loc,
    };
    table.routes.push(route);
  }

  private routeTarget(props: Record<string, unknown>): RouteTarget {
    const nat = this.prop(props, 'NatGatewayId');
    if (nat) return { kind: 'nat', ref: this.ref(nat.raw, nat.loc) };
    const gateway = this.prop(props, 'GatewayId');
    if (gateway) {
      const value = this.ev.resolve(gateway.raw);
      const ref = this.refFrom(value, gateway.loc);
      if (value instanceof SymRef) {
        const type = this.ev.resourceType(value.logicalId);
        if (type === 'AWS::EC2::InternetGateway') return { kind: 'igw', ref };
        if (type === 'AWS::EC2::VPNGateway') return { kind: 'other', what: 'virtual private gateway' };
        return { kind: 'unknown', reason: `GatewayId refers to ${value.logicalId} (${type ?? 'unknown type'})` };
      }
      if (ref.kind === 'id') {
        if (ref.id.startsWith('igw-')) return { kind: 'igw', ref };
        if (ref.id.startsWith('vgw-')) return { kind: 'other', what: 'virtual private gateway' };
        if (ref.id === 'local') return { kind: 'other', what: 'local' };
        return { kind: 'unknown', reason: `GatewayId ${ref.id} is not an internet gateway ID` };
      }
      return { kind: 'unknown', reason: ref.kind === 'unknown' ? ref.reason : 'GatewayId cannot be resolved' };
    }
    const endpoint = this.prop(props, 'VpcEndpointId');
    if (endpoint) return { kind: 'vpce', ref: this.ref(endpoint.raw, endpoint.loc) };
    const others: [string, string][] = [
      ['TransitGatewayId', 'transit gateway'],
      ['EgressOnlyInternetGatewayId', 'egress-only internet gateway'],
      ['InstanceId', 'instance'],
      ['NetworkInterfaceId', 'network interface'],
      ['VpcPeeringConnectionId', 'VPC peering connection'],
      ['CarrierGatewayId', 'carrier gateway'],
      ['LocalGatewayId', 'local gateway'],
      ['CoreNetworkArn', 'core network'],
    ];
    for (const [name, what] of others) if (this.prop(props, name)) return { kind: 'other', what };
    return { kind: 'unknown', reason: 'route has no target' };
  }

  /** Every VPC has a main route table; CloudFormation cannot add routes to it. */
  private addMainRouteTables(): void {
    for (const entity of this.entities.values()) {
      if (entity.type !== 'Vpc') continue;
      const name = `${entity.name}/main-route-table`;
      this.extra.push(implicitMainRouteTable(entity, this.key(name), name));
    }
  }
}
