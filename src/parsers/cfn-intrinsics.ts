/**
 * CloudFormation intrinsic functions and conditions, evaluated statically
 * (rules.md "Effective values"; "Unknown is not wrong": what cannot be known stays symbolic).
 *
 * `resolve` returns plain data when a value is fully known, otherwise a symbol:
 * - `SymRef`: a reference to a resource of the template (`Ref`, `Fn::GetAtt`), value known only
 *   after deployment;
 * - `SymUnknown`: anything else that cannot be known, with a reason and a stable expression text
 *   (two identical expressions compare equal, e.g. the same `Fn::If` on both sides of a rule);
 * - `NO_VALUE`: `AWS::NoValue`, the property or item is removed.
 * Plain parts of the input keep their identity, so position information stays attached.
 */
import type { LinkedValue, StackInputs } from '../model/types.js';
import { getOwn, hasOwn, isPlainObject, scalarText, setProperty } from './yaml-source.js';

export class SymRef {
  constructor(
    readonly logicalId: string,
    readonly attribute: string | undefined,
    readonly expr: string,
    /** The long-form intrinsic as written (plain data). */
    readonly raw: unknown,
  ) {}
}

export class SymUnknown {
  constructor(
    readonly reason: string,
    readonly expr: string,
    readonly raw: unknown,
  ) {}
}

/** A resource of another scanned template (passed in by a parent stack, a child's output or an export): known after deployment. */
export class SymExternal extends SymUnknown {
  constructor(
    readonly entityKey: string,
    reason: string,
    raw: unknown,
  ) {
    super(reason, `entity:${entityKey}`, raw);
  }
}

class NoValue {
  readonly noValue = true;
}
export const NO_VALUE = new NoValue();

export type Sym = SymRef | SymUnknown;
export const isSym = (value: unknown): value is Sym => value instanceof SymRef || value instanceof SymUnknown;

/** Undecidable condition. */
export interface UndecidedCondition {
  decided: false;
  reason: string;
}
export type ConditionResult = { decided: true; value: boolean } | UndecidedCondition;

export interface TemplateContext {
  parameters: Record<string, unknown>;
  mappings: Record<string, unknown>;
  conditions: Record<string, unknown>;
  resources: Record<string, unknown>;
  /** Deployment region, when known (CLI --region / config). */
  region?: string;
  /** Evaluation steps allowed for the whole template (default MAX_STEPS). */
  stepBudget?: number;
  /** Values from linked files (parent stack, child outputs, exports, parameter files). */
  inputs?: StackInputs;
}

export interface ResolveOptions {
  /**
   * IAM resource patterns: an unknown pseudo parameter (account, region, partition) inside
   * `Fn::Sub`/`Fn::Join` becomes `*`, giving an ARN pattern that matches every value it can take.
   * Other unknown parts keep the whole value unknown.
   */
  iamPattern?: boolean;
}

const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

/**
 * Fn::GetAtt attributes that return a property as written in the template.
 * CloudFormation resource reference pages for AWS::EC2::VPC / Subnet / SecurityGroup ("Return values").
 */
const PASS_THROUGH_ATTRIBUTES: Record<string, Record<string, string>> = {
  'AWS::EC2::VPC': { CidrBlock: 'CidrBlock' },
  'AWS::EC2::Subnet': {
    CidrBlock: 'CidrBlock',
    AvailabilityZone: 'AvailabilityZone',
    AvailabilityZoneId: 'AvailabilityZoneId',
    VpcId: 'VpcId',
  },
  'AWS::EC2::SecurityGroup': { VpcId: 'VpcId' },
};

/** Attributes of `Fn::GetAtt` that identify the resource itself (so the value is a reference to it). */
export const IDENTITY_ATTRIBUTES: Record<string, string[]> = {
  'AWS::EC2::VPC': ['VpcId'],
  'AWS::EC2::Subnet': ['SubnetId'],
  'AWS::EC2::SecurityGroup': ['GroupId', 'Id'],
  'AWS::EC2::RouteTable': ['RouteTableId'],
  'AWS::EC2::NatGateway': ['NatGatewayId'],
  'AWS::EC2::InternetGateway': ['InternetGatewayId'],
  'AWS::EC2::VPCEndpoint': ['Id'],
  'AWS::EKS::Cluster': ['Arn'],
  'AWS::FSx::FileSystem': ['FileSystemId'],
  'AWS::IAM::Role': ['Arn', 'RoleId'],
  'AWS::IAM::User': ['Arn'],
  'AWS::IAM::ManagedPolicy': ['PolicyArn'],
  'AWS::SageMaker::Cluster': ['ClusterArn'],
};

const MAX_STEPS = 200_000;
const MAX_NESTING = 64;

/** JSON text with sorted keys: the stable identity of an expression. */
export function stableExpr(value: unknown): string {
  const seen = new Set<unknown>();
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return '[cycle]';
    seen.add(v);
    let out: unknown;
    if (Array.isArray(v)) out = v.map(walk);
    else {
      const sorted: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) setProperty(sorted, key, walk((v as Record<string, unknown>)[key]));
      out = sorted;
    }
    seen.delete(v);
    return out;
  };
  return JSON.stringify(walk(value)) ?? 'undefined';
}

/** Name of the intrinsic function when `value` is one (`Ref` or `Fn::*`, single key). */
export function intrinsicName(value: unknown): string | undefined {
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0]!;
  return key === 'Ref' || key.startsWith('Fn::') ? key : undefined;
}

/** A comparable identity of a resolved value (for Fn::If branches that agree). */
function identityOf(value: unknown, typeOf: (id: string) => string | undefined): string {
  if (value instanceof SymRef) {
    const itself = value.attribute === undefined || IDENTITY_ATTRIBUTES[typeOf(value.logicalId) ?? '']?.includes(value.attribute);
    return `ref:${value.logicalId}${itself ? '' : `.${value.attribute}`}`;
  }
  if (value instanceof SymUnknown) return `unknown:${value.expr}`;
  if (value === NO_VALUE) return 'novalue';
  if (value === null || typeof value !== 'object') return `v:${JSON.stringify(value)}`;
  if (Array.isArray(value)) return `[${value.map((v) => identityOf(v, typeOf)).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${identityOf((value as Record<string, unknown>)[k], typeOf)}`)
    .join(',')}}`;
}

export class CfnEvaluator {
  private readonly conditionCache = new Map<string, ConditionResult>();
  private readonly conditionsInProgress = new Set<string>();
  private readonly attributesInProgress = new Set<string>();
  private steps = 0;
  private nesting = 0;
  private options: ResolveOptions = {};
  /** Export names this template imports with a literal name (for cross-file linking). */
  readonly importNames = new Set<string>();
  /** Entity keys of other templates' resources read through linked values (parameters, stack outputs, imports). */
  readonly linkedEntities = new Set<string>();

  constructor(readonly ctx: TemplateContext) {}

  /** A linked value as the evaluator's data: resources of other templates become SymExternal. */
  fromLinked(value: LinkedValue, raw: unknown, source: string): unknown {
    if (Array.isArray(value)) return value.map((item) => this.fromLinked(item, raw, source));
    if (value !== null && typeof value === 'object') {
      if ('entity' in value) {
        this.linkedEntities.add(value.entity);
        return new SymExternal(value.entity, `${value.label} (${source}) is known only after deployment`, raw);
      }
      return this.unknown(`${value.unknown} (${source})`, raw);
    }
    return value;
  }

  isResource(name: string): boolean {
    return hasOwn(this.ctx.resources, name);
  }

  resourceType(name: string): string | undefined {
    const type = getOwn(getOwn(this.ctx.resources, name), 'Type');
    return typeof type === 'string' ? type : undefined;
  }

  /** Evaluates a value as far as it can be known. */
  resolve(raw: unknown, options: ResolveOptions = {}): unknown {
    const previous = this.options;
    this.options = options;
    try {
      return this.evaluate(raw);
    } finally {
      this.options = previous;
    }
  }

  /** Strips decidable `Fn::If` wrappers and `AWS::NoValue`, keeping the raw (positioned) branch. */
  peel(raw: unknown): unknown {
    let current = raw;
    for (let i = 0; i < MAX_NESTING; i++) {
      const name = intrinsicName(current);
      if (name === 'Ref' && getOwn(current, 'Ref') === 'AWS::NoValue') return NO_VALUE;
      if (name !== 'Fn::If') return current;
      const args = getOwn(current, 'Fn::If');
      if (!Array.isArray(args) || args.length !== 3 || typeof args[0] !== 'string') return current;
      const result = this.condition(args[0]);
      if (!result.decided) {
        // Both branches the same expression: either one.
        if (stableExpr(args[1]) === stableExpr(args[2])) {
          current = args[1];
          continue;
        }
        return current;
      }
      current = result.value ? args[1] : args[2];
    }
    return current;
  }

  /** Evaluates a named condition of the Conditions section. */
  condition(name: string): ConditionResult {
    const cached = this.conditionCache.get(name);
    if (cached) return cached;
    if (!hasOwn(this.ctx.conditions, name)) {
      return { decided: false, reason: `condition ${name} is not defined` };
    }
    if (this.conditionsInProgress.has(name)) {
      return { decided: false, reason: `condition ${name} refers to itself` };
    }
    this.conditionsInProgress.add(name);
    let result: ConditionResult;
    try {
      result = this.conditionExpr(getOwn(this.ctx.conditions, name));
    } finally {
      this.conditionsInProgress.delete(name);
    }
    this.conditionCache.set(name, result);
    return result;
  }

  /** Evaluates a condition expression (Fn::Equals/And/Or/Not, {Condition: name}). */
  conditionExpr(raw: unknown): ConditionResult {
    if (typeof raw === 'boolean') return { decided: true, value: raw };
    if (raw === 'true' || raw === 'false') return { decided: true, value: raw === 'true' };
    if (isPlainObject(raw) && Object.keys(raw).length === 1 && hasOwn(raw, 'Condition')) {
      const name = raw.Condition;
      return typeof name === 'string' ? this.condition(name) : { decided: false, reason: 'invalid Condition' };
    }
    const name = intrinsicName(raw);
    const args = name ? getOwn(raw, name) : undefined;
    const undecided = (reason: string): ConditionResult => ({ decided: false, reason });
    switch (name) {
      case 'Fn::Equals': {
        if (!Array.isArray(args) || args.length !== 2) return undecided('Fn::Equals needs two values');
        const a = this.resolve(args[0]);
        const b = this.resolve(args[1]);
        if (isSym(a)) return undecided(this.reasonOf(a));
        if (isSym(b)) return undecided(this.reasonOf(b));
        const ta = scalarText(a);
        const tb = scalarText(b);
        if (ta !== undefined && tb !== undefined) return { decided: true, value: ta === tb };
        return { decided: true, value: stableExpr(a) === stableExpr(b) };
      }
      case 'Fn::And':
      case 'Fn::Or': {
        if (!Array.isArray(args) || args.length === 0) return undecided(`${name} needs conditions`);
        const isAnd = name === 'Fn::And';
        let firstUndecided: UndecidedCondition | undefined;
        for (const item of args) {
          const r = this.conditionExpr(item);
          if (!r.decided) firstUndecided ??= r;
          else if (r.value !== isAnd) return { decided: true, value: !isAnd };
        }
        return firstUndecided ?? { decided: true, value: isAnd };
      }
      case 'Fn::Not': {
        const inner = Array.isArray(args) && args.length === 1 ? args[0] : undefined;
        if (inner === undefined) return undecided('Fn::Not needs one condition');
        const r = this.conditionExpr(inner);
        return r.decided ? { decided: true, value: !r.value } : r;
      }
      default: {
        const value = this.resolve(raw);
        if (typeof value === 'boolean') return { decided: true, value };
        if (value === 'true' || value === 'false') return { decided: true, value: value === 'true' };
        return undecided(isSym(value) ? this.reasonOf(value) : 'condition is not a boolean');
      }
    }
  }

  reasonOf(sym: Sym): string {
    return sym instanceof SymUnknown
      ? sym.reason
      : `${sym.attribute ? `${sym.logicalId}.${sym.attribute}` : sym.logicalId} is known only after deployment`;
  }

  private unknown(reason: string, raw: unknown): SymUnknown {
    return new SymUnknown(reason, stableExpr(raw), raw);
  }

  private evaluate(raw: unknown): unknown {
    if (++this.steps > (this.ctx.stepBudget ?? MAX_STEPS)) return this.unknown('template too large to evaluate', raw);
    if (raw === null || typeof raw !== 'object') return raw;
    if (this.nesting > MAX_NESTING) return this.unknown('expression nested too deeply', raw);
    this.nesting++;
    try {
      if (Array.isArray(raw)) {
        let changed = false;
        const out: unknown[] = [];
        for (const item of raw) {
          const value = this.evaluate(item);
          if (value !== item) changed = true;
          if (value !== NO_VALUE) out.push(value);
        }
        return changed ? out : raw;
      }
      const name = intrinsicName(raw);
      if (name) return this.intrinsic(name, (raw as Record<string, unknown>)[name], raw);
      let changed = false;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(raw)) {
        const item = (raw as Record<string, unknown>)[key];
        const value = this.evaluate(item);
        if (value !== item) changed = true;
        if (value !== NO_VALUE) setProperty(out, key, value);
      }
      return changed ? out : raw;
    } finally {
      this.nesting--;
    }
  }

  private intrinsic(name: string, args: unknown, raw: unknown): unknown {
    switch (name) {
      case 'Ref':
        return typeof args === 'string' ? this.ref(args, raw) : this.unknown('Ref needs a name', raw);
      case 'Fn::GetAtt':
        return this.getAtt(args, raw);
      case 'Fn::Sub':
        return this.sub(args, raw);
      case 'Fn::Join':
        return this.join(args, raw);
      case 'Fn::Select':
        return this.select(args, raw);
      case 'Fn::Split':
        return this.split(args, raw);
      case 'Fn::Cidr':
        return this.cidr(args, raw);
      case 'Fn::If':
        return this.fnIf(args, raw);
      case 'Fn::FindInMap':
        return this.findInMap(args, raw);
      case 'Fn::Length': {
        const list = this.evaluate(args);
        return Array.isArray(list) ? list.length : this.unknown(this.reasonFor(list, 'Fn::Length'), raw);
      }
      case 'Fn::GetAZs':
        return this.unknown(
          `Availability Zone names${this.ctx.region ? ` of ${this.ctx.region}` : ''} are not known offline (Fn::GetAZs)`,
          raw,
        );
      case 'Fn::Equals':
      case 'Fn::And':
      case 'Fn::Or':
      case 'Fn::Not': {
        const r = this.conditionExpr(raw);
        return r.decided ? r.value : this.unknown(r.reason, raw);
      }
      case 'Fn::ImportValue': {
        const name = this.evaluate(args);
        if (typeof name !== 'string') return this.unknown('Fn::ImportValue reads another stack output at deployment', raw);
        this.importNames.add(name);
        const imports = this.ctx.inputs?.imports;
        if (imports && hasOwn(imports, name)) return this.fromLinked(imports[name]!, raw, `export ${name}`);
        return this.unknown(`Fn::ImportValue ${name}: no scanned template exports ${name}`, raw);
      }
      default:
        return this.unknown(`${name} is evaluated at deployment`, raw);
    }
  }

  private reasonFor(value: unknown, what: string): string {
    return isSym(value) ? this.reasonOf(value) : `${what} has an invalid argument`;
  }

  private ref(name: string, raw: unknown): unknown {
    if (PSEUDO_PARAMETERS.has(name)) return this.pseudo(name, raw);
    if (hasOwn(this.ctx.parameters, name)) return this.parameter(name, raw);
    if (this.isResource(name)) return new SymRef(name, undefined, stableExpr(raw), raw);
    return this.unknown(`Ref to ${name}, which is not a parameter or resource of the template`, raw);
  }

  private pseudo(name: string, raw: unknown): unknown {
    const region = this.ctx.region;
    switch (name) {
      case 'AWS::NoValue':
        return NO_VALUE;
      case 'AWS::Region':
        return region ?? this.unknown('AWS::Region is not known (no region given)', raw);
      case 'AWS::Partition': {
        const partition = region ? partitionOf(region) : undefined;
        return partition ?? this.unknown('AWS::Partition is not known (no region given)', raw);
      }
      case 'AWS::URLSuffix': {
        const partition = region ? partitionOf(region) : undefined;
        if (partition === 'aws' || partition === 'aws-us-gov') return 'amazonaws.com';
        if (partition === 'aws-cn') return 'amazonaws.com.cn';
        return this.unknown('AWS::URLSuffix is not known (no region given)', raw);
      }
      default:
        return this.unknown(`${name} is known only at deployment`, raw);
    }
  }

  private parameter(name: string, raw: unknown): unknown {
    const declaration = getOwn(this.ctx.parameters, name);
    const type = scalarText(getOwn(declaration, 'Type')) ?? 'String';
    const given = this.ctx.inputs?.parameters;
    if (given && hasOwn(given, name)) {
      const value = this.fromLinked(given[name]!, raw, this.ctx.inputs?.parameterSources?.[name] ?? 'linked file');
      if (type === 'CommaDelimitedList' || type.startsWith('List<')) {
        if (typeof value === 'string') return value === '' ? [] : value.split(',').map((v) => v.trim());
        return Array.isArray(value) || isSym(value) ? (value instanceof SymExternal ? [value] : value) : [value];
      }
      return value;
    }
    if (type.startsWith('AWS::SSM::Parameter::Value')) {
      return this.unknown(`parameter ${name} is read from SSM Parameter Store at deployment`, raw);
    }
    if (!hasOwn(declaration, 'Default')) return this.unknown(`parameter ${name} has no default`, raw);
    const value = getOwn(declaration, 'Default');
    if (type === 'CommaDelimitedList' || type.startsWith('List<')) {
      if (Array.isArray(value)) return value;
      const text = scalarText(value);
      if (text === undefined) return this.unknown(`parameter ${name} has an invalid default`, raw);
      return text === '' ? [] : text.split(',').map((s) => s.trim());
    }
    if (value !== null && typeof value === 'object') {
      return this.unknown(`parameter ${name} has an invalid default`, raw);
    }
    return value;
  }

  private getAtt(args: unknown, raw: unknown): unknown {
    let resource: unknown;
    let attribute: unknown;
    if (Array.isArray(args) && args.length === 2) {
      resource = args[0];
      attribute = this.evaluate(args[1]);
    } else if (typeof args === 'string') {
      const dot = args.indexOf('.');
      resource = dot === -1 ? args : args.slice(0, dot);
      attribute = dot === -1 ? undefined : args.slice(dot + 1);
    }
    if (typeof resource !== 'string' || typeof attribute !== 'string') {
      return this.unknown('Fn::GetAtt needs a resource and an attribute name', raw);
    }
    if (!this.isResource(resource)) {
      return this.unknown(`Fn::GetAtt on ${resource}, which is not a resource of the template`, raw);
    }
    const type = this.resourceType(resource) ?? '';
    if (type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) {
      const outputs = this.ctx.inputs?.stackOutputs;
      const key = `${resource}.${attribute.slice('Outputs.'.length)}`;
      if (outputs && hasOwn(outputs, key)) return this.fromLinked(outputs[key]!, raw, `output of nested stack ${resource}`);
    }
    const property = PASS_THROUGH_ATTRIBUTES[type]?.[attribute];
    const key = `${resource}.${attribute}`;
    if (property && !this.attributesInProgress.has(key)) {
      const properties = getOwn(getOwn(this.ctx.resources, resource), 'Properties');
      if (hasOwn(properties, property)) {
        this.attributesInProgress.add(key);
        try {
          const value = this.evaluate(getOwn(properties, property));
          if (value !== NO_VALUE) return value;
        } finally {
          this.attributesInProgress.delete(key);
        }
      }
    }
    return new SymRef(resource, attribute, stableExpr({ 'Fn::GetAtt': [resource, attribute] }), raw);
  }

  /** Text of a part of Fn::Sub/Fn::Join, or a symbol when not known. */
  private textPart(value: unknown): string | Sym {
    if (isSym(value)) {
      const pseudo = value instanceof SymUnknown ? getOwn(value.raw, 'Ref') : undefined;
      return this.options.iamPattern && typeof pseudo === 'string' && PSEUDO_PARAMETERS.has(pseudo) ? '*' : value;
    }
    const text = scalarText(value);
    if (text !== undefined) return text;
    return new SymUnknown('value is not a string', stableExpr(value), value);
  }

  private sub(args: unknown, raw: unknown): unknown {
    let template: unknown;
    let variables: unknown = {};
    if (typeof args === 'string') template = args;
    else if (Array.isArray(args) && args.length === 2) [template, variables] = args;
    if (typeof template !== 'string' || !isPlainObject(variables)) {
      return this.unknown('Fn::Sub needs a string (and a variable map)', raw);
    }
    let out = '';
    let firstUnknown: Sym | undefined;
    const pattern = /\$\{([^}]*)\}/g;
    let last = 0;
    for (let match = pattern.exec(template); match; match = pattern.exec(template)) {
      out += template.slice(last, match.index);
      last = match.index + match[0].length;
      const name = match[1]!.trim();
      if (name.startsWith('!')) {
        out += `\${${match[1]!.slice(1)}}`;
        continue;
      }
      let value: unknown;
      if (hasOwn(variables, name)) value = this.evaluate(variables[name]);
      else if (name.includes('.') && !PSEUDO_PARAMETERS.has(name)) {
        const dot = name.indexOf('.');
        value = this.getAtt([name.slice(0, dot), name.slice(dot + 1)], { 'Fn::GetAtt': [name.slice(0, dot), name.slice(dot + 1)] });
      } else value = this.ref(name, { Ref: name });
      const part = this.textPart(value);
      if (typeof part === 'string') out += part;
      else firstUnknown ??= part;
    }
    out += template.slice(last);
    if (firstUnknown) return this.unknown(this.reasonOf(firstUnknown), raw);
    return out;
  }

  private join(args: unknown, raw: unknown): unknown {
    if (!Array.isArray(args) || args.length !== 2) return this.unknown('Fn::Join needs a delimiter and a list', raw);
    const delimiter = this.evaluate(args[0]);
    const list = this.evaluate(args[1]);
    if (typeof delimiter !== 'string') return this.unknown(this.reasonFor(delimiter, 'Fn::Join delimiter'), raw);
    if (!Array.isArray(list)) return this.unknown(this.reasonFor(list, 'Fn::Join list'), raw);
    const parts: string[] = [];
    for (const item of list) {
      const part = this.textPart(item);
      if (typeof part !== 'string') return this.unknown(this.reasonOf(part), raw);
      parts.push(part);
    }
    return parts.join(delimiter);
  }

  private select(args: unknown, raw: unknown): unknown {
    if (!Array.isArray(args) || args.length !== 2) return this.unknown('Fn::Select needs an index and a list', raw);
    const index = this.evaluate(args[0]);
    const list = this.evaluate(args[1]);
    const i = typeof index === 'number' ? index : typeof index === 'string' && /^\d+$/.test(index) ? Number(index) : NaN;
    if (!Number.isInteger(i)) return this.unknown(this.reasonFor(index, 'Fn::Select index'), raw);
    if (!Array.isArray(list)) return this.unknown(this.reasonFor(list, 'Fn::Select list'), raw);
    if (i < 0 || i >= list.length) return this.unknown(`Fn::Select index ${i} is out of range (${list.length} items)`, raw);
    const item = list[i];
    if (item instanceof SymUnknown) return this.unknown(item.reason, raw);
    return item;
  }

  private split(args: unknown, raw: unknown): unknown {
    if (!Array.isArray(args) || args.length !== 2) return this.unknown('Fn::Split needs a delimiter and a string', raw);
    const delimiter = this.evaluate(args[0]);
    const source = this.evaluate(args[1]);
    if (typeof delimiter !== 'string' || delimiter === '') return this.unknown(this.reasonFor(delimiter, 'Fn::Split delimiter'), raw);
    // A linked list (a comma-joined output of another template) is already split.
    if (Array.isArray(source) && delimiter === ',') return source;
    if (typeof source !== 'string') return this.unknown(this.reasonFor(source, 'Fn::Split string'), raw);
    return source.split(delimiter);
  }

  private cidr(args: unknown, raw: unknown): unknown {
    if (!Array.isArray(args) || args.length !== 3) return this.unknown('Fn::Cidr needs a block, a count and a size', raw);
    const [block, count, bits] = args.map((a) => this.evaluate(a));
    if (isSym(block)) return this.unknown(this.reasonOf(block), raw);
    if (isSym(count)) return this.unknown(this.reasonOf(count), raw);
    if (isSym(bits)) return this.unknown(this.reasonOf(bits), raw);
    const result = cidrSubnets(String(block), Number(count), Number(bits));
    return typeof result === 'string' ? this.unknown(result, raw) : result;
  }

  private fnIf(args: unknown, raw: unknown): unknown {
    if (!Array.isArray(args) || args.length !== 3 || typeof args[0] !== 'string') {
      return this.unknown('Fn::If needs a condition name and two values', raw);
    }
    const result = this.condition(args[0]);
    if (result.decided) return this.evaluate(result.value ? args[1] : args[2]);
    const whenTrue = this.evaluate(args[1]);
    const whenFalse = this.evaluate(args[2]);
    const typeOf = (id: string) => this.resourceType(id);
    if (identityOf(whenTrue, typeOf) === identityOf(whenFalse, typeOf)) return whenTrue;
    return this.unknown(`depends on condition ${args[0]} (${result.reason})`, raw);
  }

  private findInMap(args: unknown, raw: unknown): unknown {
    if (!Array.isArray(args) || args.length < 3) return this.unknown('Fn::FindInMap needs a map and two keys', raw);
    const [map, top, second] = args.slice(0, 3).map((a) => this.evaluate(a));
    for (const part of [map, top, second]) if (isSym(part)) return this.unknown(this.reasonOf(part), raw);
    const names = [map, top, second].map(scalarText);
    if (names.some((n) => n === undefined)) return this.unknown('Fn::FindInMap keys must be strings', raw);
    const [m, t, s] = names as string[];
    const mapping = getOwn(this.ctx.mappings, m!);
    const level = getOwn(mapping, t!);
    if (!hasOwn(level, s!)) {
      if (args.length === 4 && isPlainObject(args[3]) && hasOwn(args[3], 'DefaultValue')) {
        return this.evaluate(args[3].DefaultValue);
      }
      return this.unknown(`Fn::FindInMap: ${m}/${t}/${s} is not in Mappings`, raw);
    }
    return this.evaluate(getOwn(level, s!));
  }
}

/** AWS partition of a region name, when it follows a known pattern. */
export function partitionOf(region: string): string | undefined {
  if (/^cn-[a-z]+-\d+$/.test(region)) return 'aws-cn';
  if (/^us-gov-[a-z]+-\d+$/.test(region)) return 'aws-us-gov';
  if (/^(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d+$/.test(region)) return 'aws';
  return undefined;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
}

/** RFC 5952 text: lower case, longest run (≥ 2) of zero groups compressed. */
function formatIpv6(value: bigint): string {
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/**
 * Fn::Cidr: `count` consecutive blocks of `cidrBits` host bits each, from the start of `block`.
 * Returns the blocks, or a reason why the arguments are invalid.
 * (CloudFormation Fn::Cidr reference: count 1–256, cidrBits is the number of subnet host bits.)
 */
export function cidrSubnets(block: string, count: number, cidrBits: number): string[] | string {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(block.trim());
  if (!match) return `Fn::Cidr block "${block}" is not a CIDR`;
  const isV6 = match[1]!.includes(':');
  const width = isV6 ? 128 : 32;
  const address = isV6 ? parseIpv6(match[1]!) : parseIpv4(match[1]!);
  const prefix = Number(match[2]);
  if (address === undefined || prefix > width) return `Fn::Cidr block "${block}" is not a CIDR`;
  if (!Number.isInteger(count) || count < 1 || count > 256) return `Fn::Cidr count ${count} must be 1 to 256`;
  const newPrefix = width - cidrBits;
  if (!Number.isInteger(cidrBits) || cidrBits < 0 || newPrefix < prefix) {
    return `Fn::Cidr size ${cidrBits} does not fit in /${prefix}`;
  }
  if (BigInt(count) > 1n << BigInt(newPrefix - prefix)) {
    return `Fn::Cidr cannot make ${count} /${newPrefix} blocks in /${prefix}`;
  }
  const hostMask = (1n << BigInt(width - prefix)) - 1n;
  const base = address & ~hostMask & ((1n << BigInt(width)) - 1n);
  const step = 1n << BigInt(cidrBits);
  const out: string[] = [];
  for (let i = 0n; i < BigInt(count); i++) {
    const value = base + i * step;
    out.push(`${isV6 ? formatIpv6(value) : formatIpv4(value)}/${newPrefix}`);
  }
  return out;
}
