import { appendAll } from '../util/arrays.js';
import AjvModule from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import schema from '../../schema/hyperpod-prereq.schema.json' with { type: 'json' };
import { DEFAULT_LIMITS } from '../engine/types.js';
import type { Limits } from '../engine/types.js';
import type { Loc, Severity } from '../model/types.js';
import { SUPPRESSION_PROBLEM } from '../rules/meta.js';
import { isValidDate } from './dates.js';
import { defaultConfig, errorText, fileError, withEngineIds } from './read.js';
import type { ConfigError, ConfigOverride, IgnoreEntry, ResolvedConfig, RuleSettingPatch } from './types.js';

/** YAML alias expansions allowed while reading the config (billion-laughs guard; ours). */
const MAX_CONFIG_ALIASES = 100;
/** Nesting allowed in the config; real ones need about 6 (ours: keeps the YAML parser off deep recursion). */
const MAX_CONFIG_DEPTH = 32;
/** Leading spaces allowed on a line; block nesting needs at least one per level (ours). */
const MAX_CONFIG_INDENT = 256;

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'notice'];

type Segment = string | number;

const Ajv = AjvModule.default;
// Compiled on first use: a scan without a config file never pays for it (start-up).
let compiledSchema: ValidateFunction | undefined;
const validateSchema = (data: unknown): ValidateFunction => {
  compiledSchema ??= new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, strictRequired: false }).compile(
    schema,
  );
  compiledSchema(data);
  return compiledSchema;
};

/** Parses and validates config text; `file` is the name used in errors and locations. */
export function parseConfig(
  text: string,
  file: string,
  knownRuleIds: readonly string[],
): { config: ResolvedConfig; errors: ConfigError[] } {
  const known = withEngineIds(knownRuleIds);
  const defaults = { ...defaultConfig(known), file };
  const tooDeep = nestingProblem(text, file);
  if (tooDeep) return { config: defaults, errors: [tooDeep] };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const positions = new Positions(doc, text, lineCounter, file);
  if (doc.errors.length > 0) {
    const errors = doc.errors.map((error) => positions.errorAt(error.pos[0], error.pos[1], '', firstLine(error.message)));
    return { config: defaults, errors };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_CONFIG_ALIASES });
  } catch (error) {
    return { config: defaults, errors: [fileError(file, `cannot read config: ${errorText(error)}`)] };
  }
  if (data === null || data === undefined) return { config: defaults, errors: [] };
  if (!isRecord(data)) {
    return { config: defaults, errors: [positions.errorAtPath([], 'key', 'the config must be a mapping of keys (rules, include, ...)')] };
  }
  const errors: ConfigError[] = [];
  const validated = validateSchema(data);
  if (validated.errors?.length) appendAll(errors, schemaErrors(validated.errors, data, positions));
  appendAll(errors, semanticErrors(data, new Set(known), positions));
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return { config: buildConfig(data, file, known, positions), errors };
}

/** Refuses hostile nesting before parsing: flow brackets deeper than allowed, or huge indentation. */
function nestingProblem(text: string, file: string): ConfigError | undefined {
  let depth = 0;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const indent = line.length - line.trimStart().length;
    const at = (column: number, message: string): ConfigError => ({
      file,
      line: index + 1,
      column,
      endLine: index + 1,
      endColumn: column + 1,
      path: '',
      message,
    });
    if (indent > MAX_CONFIG_INDENT) return at(1, `line indented by ${indent} characters, over the ${MAX_CONFIG_INDENT} allowed`);
    for (let column = 0; column < line.length; column++) {
      const char = line[column];
      if (char === '#' && (column === 0 || /\s/.test(line[column - 1]!))) break;
      if (char === '[' || char === '{') depth++;
      else if ((char === ']' || char === '}') && depth > 0) depth--;
      if (depth > MAX_CONFIG_DEPTH) return at(column + 1, `brackets nested deeper than ${MAX_CONFIG_DEPTH} levels`);
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Positions: JSON path -> line/column of the key or value in the YAML source

class Positions {
  constructor(
    private readonly doc: Document,
    private readonly text: string,
    private readonly lines: LineCounter,
    readonly file: string,
  ) {}

  /** The node at `segments`, as key or value; falls back to the deepest node found. */
  node(segments: Segment[], target: 'key' | 'value'): Node | undefined {
    let current: unknown = this.doc.contents;
    let deepest: Node | undefined = isNodeWithRange(current) ? current : undefined;
    for (let i = 0; i < segments.length; i++) {
      if (isAlias(current)) current = current.resolve(this.doc);
      const segment = segments[i];
      const last = i === segments.length - 1;
      if (isMap(current)) {
        const pair = current.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) return deepest;
        const keyNode = isNodeWithRange(pair.key) ? pair.key : deepest;
        const valueNode = isNodeWithRange(pair.value) ? pair.value : keyNode;
        if (last) return target === 'key' ? keyNode : valueNode;
        deepest = valueNode;
        current = pair.value;
      } else if (isSeq(current)) {
        const item = current.items[Number(segment)];
        if (!isNodeWithRange(item)) return deepest;
        if (last) return item;
        deepest = item;
        current = item;
      } else {
        return deepest;
      }
    }
    return deepest;
  }

  loc(segments: Segment[], target: 'key' | 'value'): Loc {
    const node = this.node(segments, target);
    const range = node?.range;
    if (!range) return { file: this.file, line: 1, column: 1, endLine: 1, endColumn: 1 };
    return this.locOf(range[0], range[1]);
  }

  /** Location of source offsets [start, end); trailing blanks and line breaks are left out. */
  locOf(start: number, end: number): Loc {
    let stop = Math.max(start, end);
    while (stop > start + 1 && /\s/.test(this.text[stop - 1] ?? '')) stop--;
    const from = this.lines.linePos(start);
    const to = this.lines.linePos(stop);
    return { file: this.file, line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
  }

  errorAtPath(segments: Segment[], target: 'key' | 'value', message: string): ConfigError {
    const { line, column, endLine, endColumn } = this.loc(segments, target);
    return { file: this.file, line, column, endLine, endColumn, path: dottedPath(segments), message };
  }

  errorAt(start: number, end: number, pathText: string, message: string): ConfigError {
    const { line, column, endLine, endColumn } = this.locOf(start, end);
    return { file: this.file, line, column, endLine, endColumn, path: pathText, message };
  }
}

function isNodeWithRange(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && Array.isArray((value as Node).range);
}

/** `["ignore", 0, "expires"]` -> `ignore[0].expires` */
export function dottedPath(segments: Segment[]): string {
  let text = '';
  for (const segment of segments) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

// ---------------------------------------------------------------------------
// Schema errors -> positioned messages

// Ajv's schemaPath is relative to the referenced definition, so errors are told apart by their parent schema object.
const definitions = schema.definitions;
const PATTERN_MESSAGES = new Map<unknown, string>([
  [definitions.date, 'must be a date in the form YYYY-MM-DD'],
  [definitions.region, 'must be an AWS Region code such as us-east-1'],
  [definitions.ignoreEntry.properties.fingerprint, 'must be a fingerprint of 32 hexadecimal characters'],
  [
    definitions.efaSecurityGroup,
    'must be file#LogicalId, a logical ID or Terraform address, or a security group ID (sg- and 8 or 17 hexadecimal digits)',
  ],
]);

function schemaErrors(ajvErrors: ErrorObject[], data: unknown, positions: Positions): ConfigError[] {
  // anyOf/if report their branches' failures too; keep one message per anyOf, and then-branch errors for if.
  const anyOfs = ajvErrors.filter((e) => e.keyword === 'anyOf');
  const errors: ConfigError[] = [];
  const seen = new Set<string>();
  for (const error of ajvErrors) {
    if (error.keyword === 'if') continue;
    // A non-string rule setting fails both `type` and the else-branch `type`: keep the first.
    if (error.keyword === 'type' && error.parentSchema === definitions.ruleSetting.else) continue;
    const branchOf = (e: ErrorObject) => e.instancePath === error.instancePath && error.schemaPath.startsWith(`${e.schemaPath}/`);
    if (anyOfs.some(branchOf)) continue;
    const segments = pointerSegments(error.instancePath, data);
    const mapped = mapSchemaError(error, segments, positions);
    const id = `${mapped.line}:${mapped.column}:${mapped.message}`;
    if (!seen.has(id)) {
      seen.add(id);
      errors.push(mapped);
    }
  }
  return errors;
}

function mapSchemaError(error: ErrorObject, segments: Segment[], positions: Positions): ConfigError {
  const where = segments.length > 0 ? `${dottedPath(segments)}: ` : '';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const hint = allowed.length > 0 ? `; allowed keys: ${allowed.join(', ')}` : '';
      return positions.errorAtPath([...segments, name], 'key', `${where}unknown key "${name}"${hint}`);
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String).join(', ');
      return positions.errorAtPath(segments, 'value', `${where}${show(error.data)} is not one of ${allowed}`);
    }
    case 'type': {
      const expected =
        error.parentSchema === definitions.ruleSetting
          ? 'off, error, warning, notice, or a mapping with enabled and severity'
          : String(params.type).split(',').map(typeName).join(' or ');
      return positions.errorAtPath(segments, 'value', `${where}must be ${expected}, not ${show(error.data)}`);
    }
    case 'minimum':
      return positions.errorAtPath(segments, 'value', `${where}must be at least ${String(params.limit)}, not ${show(error.data)}`);
    case 'pattern': {
      const message = PATTERN_MESSAGES.get(error.parentSchema) ?? `must match ${String(params.pattern)}`;
      return positions.errorAtPath(segments, 'value', `${where}${show(error.data)} ${message.replace(/^must/, 'is invalid: must')}`);
    }
    case 'required':
      return positions.errorAtPath(segments, 'value', `${where}missing required key "${String(params.missingProperty)}"`);
    case 'anyOf':
      return positions.errorAtPath(segments, 'value', `${where}an ignore entry needs a fingerprint, or a rule and a file`);
    case 'minItems':
      return positions.errorAtPath(segments, 'value', `${where}must list at least ${String(params.limit)} item`);
    case 'minLength':
      return positions.errorAtPath(segments, 'value', `${where}must not be empty`);
    default:
      return positions.errorAtPath(segments, 'value', `${where}${error.message ?? 'is invalid'}`);
  }
}

/** JSON pointer -> segments; array indexes become numbers. */
function pointerSegments(pointer: string, data: unknown): Segment[] {
  if (pointer === '') return [];
  const segments: Segment[] = [];
  let current: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      segments.push(Number(key));
      current = current[Number(key)];
    } else {
      segments.push(key);
      current = isRecord(current) ? current[key] : undefined;
    }
  }
  return segments;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const TYPE_NAMES: Record<string, string> = {
  array: 'a list',
  object: 'a mapping',
  boolean: 'true or false',
  integer: 'a whole number',
  number: 'a number',
  string: 'a string',
};

function typeName(type: string): string {
  return TYPE_NAMES[type] ?? type;
}

// ---------------------------------------------------------------------------
// Checks the schema cannot express: rule IDs and calendar dates

function semanticErrors(data: Record<string, unknown>, known: Set<string>, positions: Positions): ConfigError[] {
  const errors: ConfigError[] = [];
  const checkRuleKeys = (rules: unknown, at: Segment[]) => {
    if (!isRecord(rules)) return;
    for (const id of Object.keys(rules)) {
      if (!known.has(id)) errors.push(positions.errorAtPath([...at, id], 'key', `${dottedPath(at)}: ${unknownRuleText(id, known)}`));
    }
  };
  checkRuleKeys(data.rules, ['rules']);
  if (Array.isArray(data.overrides)) {
    data.overrides.forEach((entry, index) => {
      if (isRecord(entry)) checkRuleKeys(entry.rules, ['overrides', index, 'rules']);
    });
  }
  if (Array.isArray(data.ignore)) {
    data.ignore.forEach((entry, index) => {
      if (!isRecord(entry)) return;
      const at: Segment[] = ['ignore', index];
      if (typeof entry.rule === 'string') {
        if (!known.has(entry.rule)) {
          errors.push(
            positions.errorAtPath([...at, 'rule'], 'value', `${dottedPath([...at, 'rule'])}: ${unknownRuleText(entry.rule, known)}`),
          );
        } else if (entry.rule === SUPPRESSION_PROBLEM.id) {
          errors.push(
            positions.errorAtPath(
              [...at, 'rule'],
              'value',
              `${dottedPath([...at, 'rule'])}: ${SUPPRESSION_PROBLEM.id} cannot be suppressed; turn it off with rules: { ${SUPPRESSION_PROBLEM.id}: off }`,
            ),
          );
        }
      }
      if (typeof entry.expires === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(entry.expires) && !isValidDate(entry.expires)) {
        errors.push(
          positions.errorAtPath(
            [...at, 'expires'],
            'value',
            `${dottedPath([...at, 'expires'])}: "${entry.expires}" is not a calendar date`,
          ),
        );
      }
    });
  }
  return errors;
}

function unknownRuleText(id: string, known: Set<string>): string {
  const upper = id.toUpperCase();
  const hint = upper !== id && known.has(upper) ? `; did you mean "${upper}"?` : '';
  return `unknown rule ID "${id}"${hint}`;
}

// ---------------------------------------------------------------------------
// Build the resolved config from whatever parts are valid (errors are already reported)

function buildConfig(data: Record<string, unknown>, file: string, known: string[], positions: Positions): ResolvedConfig {
  const knownSet = new Set(known);
  const config: ResolvedConfig = { ...defaultConfig(known), file };
  config.rules = ruleSettings(data.rules, knownSet);
  config.include = globList(data.include);
  config.exclude = globList(data.exclude);
  if (isHeadroom(data.headroom)) config.headroom = data.headroom;
  if (isRegion(data.region)) config.region = data.region;
  if (typeof data.requireSuppressionReason === 'boolean') config.requireSuppressionReason = data.requireSuppressionReason;
  if (Array.isArray(data.ignore)) {
    data.ignore.forEach((entry, index) => {
      const built = ignoreEntry(entry, knownSet, positions.loc(['ignore', index], 'value'));
      if (built) config.ignore.push(built);
    });
  }
  if (Array.isArray(data.overrides)) {
    data.overrides.forEach((entry, index) => {
      if (!isRecord(entry)) return;
      const files = globList(entry.files);
      if (files.length === 0) return;
      const override: ConfigOverride = {
        files,
        rules: ruleSettings(entry.rules, knownSet),
        loc: positions.loc(['overrides', index], 'value'),
      };
      if (isRegion(entry.region)) override.region = entry.region;
      if (isHeadroom(entry.headroom)) override.headroom = entry.headroom;
      config.overrides.push(override);
    });
  }
  config.limits = limits(data.limits);
  if (Array.isArray(data.efaSecurityGroups)) {
    const pattern = new RegExp(definitions.efaSecurityGroup.pattern, 'u');
    data.efaSecurityGroups.forEach((entry, index) => {
      if (typeof entry === 'string' && pattern.test(entry)) {
        config.efaSecurityGroups.push({ name: entry, loc: positions.loc(['efaSecurityGroups', index], 'value') });
      }
    });
  }
  config.keyLocs = Object.fromEntries(Object.keys(data).map((key) => [key, positions.loc([key], 'key')]));
  return config;
}

function ruleSettings(value: unknown, known: Set<string>): Record<string, RuleSettingPatch> {
  const settings: Record<string, RuleSettingPatch> = {};
  if (!isRecord(value)) return settings;
  for (const [id, setting] of Object.entries(value)) {
    if (!known.has(id)) continue;
    const patch = ruleSettingPatch(setting);
    if (patch) settings[id] = patch;
  }
  return settings;
}

/** `off` disables; a severity enables with that severity; a mapping sets only the fields it has. */
function ruleSettingPatch(setting: unknown): RuleSettingPatch | undefined {
  if (setting === 'off') return { enabled: false };
  if (isSeverity(setting)) return { enabled: true, severity: setting };
  if (!isRecord(setting)) return undefined;
  const keys = Object.keys(setting);
  if (keys.some((key) => key !== 'enabled' && key !== 'severity')) return undefined;
  if (setting.enabled !== undefined && typeof setting.enabled !== 'boolean') return undefined;
  if (setting.severity !== undefined && !isSeverity(setting.severity)) return undefined;
  const patch: RuleSettingPatch = {};
  if (typeof setting.enabled === 'boolean') patch.enabled = setting.enabled;
  if (isSeverity(setting.severity)) patch.severity = setting.severity;
  return patch;
}

function ignoreEntry(value: unknown, known: Set<string>, loc: Loc): IgnoreEntry | undefined {
  if (!isRecord(value)) return undefined;
  const allowed = new Set(['fingerprint', 'rule', 'file', 'resource', 'reason', 'expires']);
  if (Object.keys(value).some((key) => !allowed.has(key))) return undefined;
  const text = (key: string): string | undefined => {
    const field = value[key];
    return typeof field === 'string' && field !== '' ? field : undefined;
  };
  const entry: IgnoreEntry = { loc };
  const fingerprint = text('fingerprint');
  if (fingerprint !== undefined) {
    if (!/^[0-9a-fA-F]{32}$/.test(fingerprint)) return undefined;
    entry.fingerprint = fingerprint.toLowerCase();
  }
  const rule = text('rule');
  if (rule !== undefined) {
    if (!known.has(rule) || rule === SUPPRESSION_PROBLEM.id) return undefined;
    entry.rule = rule;
  }
  entry.file = text('file');
  entry.resource = text('resource');
  if (entry.fingerprint === undefined && (entry.rule === undefined || entry.file === undefined)) return undefined;
  if (value.reason !== undefined && typeof value.reason !== 'string') return undefined;
  if (typeof value.reason === 'string' && value.reason.trim() !== '') entry.reason = value.reason.trim();
  if (value.expires !== undefined) {
    if (typeof value.expires !== 'string' || !isValidDate(value.expires)) return undefined;
    entry.expires = value.expires;
  }
  if (entry.file === undefined) delete entry.file;
  if (entry.resource === undefined) delete entry.resource;
  return entry;
}

function limits(value: unknown): Limits {
  const result: Limits = { ...DEFAULT_LIMITS };
  if (!isRecord(value)) return result;
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof Limits)[]) {
    const field = value[key];
    const minimum = key === 'maxAliasCount' ? 0 : 1;
    if (typeof field === 'number' && Number.isInteger(field) && field >= minimum) result[key] = field;
  }
  return result;
}

function globList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item !== '') : [];
}

function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

function isHeadroom(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isRegion(value: unknown): value is string {
  return typeof value === 'string' && /^[a-z]{2}(-[a-z]+)+-[0-9]+$/.test(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------
// Small helpers

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
