export const id = 6;
export const ids = [6];
export const modules = {

/***/ 3006:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  parseConfig: () => (/* binding */ parseConfig)
});

// UNUSED EXPORTS: dottedPath

// EXTERNAL MODULE: ./src/util/arrays.ts
var arrays = __webpack_require__(5232);
// EXTERNAL MODULE: ./node_modules/ajv/dist/ajv.js
var ajv = __webpack_require__(2463);
var ajv_default = /*#__PURE__*/__webpack_require__.n(ajv);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./schema/hyperpod-prereq.schema.json
const hyperpod_prereq_schema_namespaceObject = /*#__PURE__*/JSON.parse('{"$schema":"http://json-schema.org/draft-07/schema#","title":"hyperpod-prereq configuration (.hyperpod-prereq.yml)","description":"Rule settings, file selection, headroom, region, suppressions and safety limits for hyperpod-prereq. See docs/configuration.md.","type":"object","additionalProperties":false,"properties":{"rules":{"$ref":"#/definitions/ruleSettings"},"include":{"description":"Files, folders or globs to scan, relative to the working directory. Default: the whole tree.","$ref":"#/definitions/globList"},"exclude":{"description":"Globs of files never scanned.","$ref":"#/definitions/globList"},"headroom":{"$ref":"#/definitions/headroom"},"region":{"$ref":"#/definitions/region"},"requireSuppressionReason":{"description":"When true, a suppression without a reason does not suppress and is reported as HP091. Default false.","type":"boolean"},"ignore":{"description":"Repository-level suppressions, by fingerprint or by rule + file (+ resource).","type":"array","items":{"$ref":"#/definitions/ignoreEntry"}},"overrides":{"description":"Per-path settings for monorepos. Every entry whose `files` globs match a finding\'s file applies; later entries win.","type":"array","items":{"$ref":"#/definitions/override"}},"limits":{"$ref":"#/definitions/limits"},"efaSecurityGroups":{"description":"Security groups meant for EFA nodes that no scanned cluster uses (the cluster is deployed from elsewhere): HP010-HP012 check them anyway. Each entry is file#LogicalId (or file#Terraform address), a logical ID or address in any scanned file, or a security group ID (sg-...). See docs/cross-file.md.","type":"array","items":{"$ref":"#/definitions/efaSecurityGroup"}}},"definitions":{"severity":{"enum":["error","warning","notice"]},"ruleSetting":{"description":"off, a severity (turns the rule on with that severity), or {enabled, severity}.","type":["string","object"],"if":{"type":"string"},"then":{"enum":["off","error","warning","notice"]},"else":{"type":"object","additionalProperties":false,"properties":{"enabled":{"type":"boolean"},"severity":{"$ref":"#/definitions/severity"}}}},"ruleSettings":{"description":"Settings keyed by rule ID (e.g. HP012).","type":"object","additionalProperties":{"$ref":"#/definitions/ruleSetting"}},"globList":{"type":"array","items":{"type":"string","minLength":1}},"headroom":{"description":"Growth room every instance group needs in its subnet, as a fraction (0.5 = +50%). Default 0.5.","type":"number","minimum":0},"region":{"description":"Default AWS Region, e.g. us-east-1.","type":"string","pattern":"^[a-z]{2}(-[a-z]+)+-[0-9]+$"},"efaSecurityGroup":{"type":"string","minLength":1,"pattern":"^(sg-[0-9a-f]{8}([0-9a-f]{9})?|[^#\\\\s]+#[^#\\\\s]+|(?!sg-)[A-Za-z0-9_.\\\\[\\\\]\\"-]+)$"},"date":{"type":"string","pattern":"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},"ignoreEntry":{"type":"object","additionalProperties":false,"properties":{"fingerprint":{"description":"A finding\'s fingerprint (32 hex characters), as printed in JSON/SARIF output.","type":"string","pattern":"^[0-9a-fA-F]{32}$"},"rule":{"description":"Rule ID, e.g. HP012.","type":"string"},"file":{"description":"Glob of the file the finding is in.","type":"string","minLength":1},"resource":{"description":"Resource name or glob (CloudFormation logical ID, Terraform address, cluster or instance-group name).","type":"string","minLength":1},"reason":{"type":"string"},"expires":{"description":"Last day the entry applies (YYYY-MM-DD).","$ref":"#/definitions/date"}},"anyOf":[{"required":["fingerprint"]},{"required":["rule","file"]}]},"override":{"type":"object","additionalProperties":false,"required":["files"],"properties":{"files":{"description":"Globs matched against a finding\'s file.","type":"array","minItems":1,"items":{"type":"string","minLength":1}},"rules":{"$ref":"#/definitions/ruleSettings"},"region":{"$ref":"#/definitions/region"},"headroom":{"$ref":"#/definitions/headroom"}}},"limits":{"description":"Safety limits; each one hit becomes an HP000 finding.","type":"object","additionalProperties":false,"properties":{"maxTemplateBytes":{"type":"integer","minimum":1},"maxPlanBytes":{"type":"integer","minimum":1},"maxAliasCount":{"type":"integer","minimum":0},"maxDepth":{"type":"integer","minimum":1},"maxDocuments":{"type":"integer","minimum":1},"maxFiles":{"type":"integer","minimum":1},"maxRunMs":{"type":"integer","minimum":1}}}}}');
// EXTERNAL MODULE: ./src/engine/types.ts
var types = __webpack_require__(3171);
// EXTERNAL MODULE: ./src/rules/meta.ts
var meta = __webpack_require__(9354);
// EXTERNAL MODULE: ./src/config/dates.ts
var dates = __webpack_require__(1003);
// EXTERNAL MODULE: ./src/config/read.ts
var read = __webpack_require__(2000);
;// CONCATENATED MODULE: ./src/config/load.ts








/** YAML alias expansions allowed while reading the config (billion-laughs guard; ours). */
const MAX_CONFIG_ALIASES = 100;
/** Nesting allowed in the config; real ones need about 6 (ours: keeps the YAML parser off deep recursion). */
const MAX_CONFIG_DEPTH = 32;
/** Leading spaces allowed on a line; block nesting needs at least one per level (ours). */
const MAX_CONFIG_INDENT = 256;
const SEVERITIES = ['error', 'warning', 'notice'];
const Ajv = (ajv_default())["default"];
// Compiled on first use: a scan without a config file never pays for it (start-up).
let compiledSchema;
const validateSchema = (data) => {
    compiledSchema ??= new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, strictRequired: false }).compile(hyperpod_prereq_schema_namespaceObject);
    compiledSchema(data);
    return compiledSchema;
};
/** Parses and validates config text; `file` is the name used in errors and locations. */
function parseConfig(text, file, knownRuleIds) {
    const known = (0,read/* withEngineIds */.vY)(knownRuleIds);
    const defaults = { ...(0,read/* defaultConfig */.sb)(known), file };
    const tooDeep = nestingProblem(text, file);
    if (tooDeep)
        return { config: defaults, errors: [tooDeep] };
    const lineCounter = new dist/* LineCounter */.HN();
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    const positions = new Positions(doc, text, lineCounter, file);
    if (doc.errors.length > 0) {
        const errors = doc.errors.map((error) => positions.errorAt(error.pos[0], error.pos[1], '', firstLine(error.message)));
        return { config: defaults, errors };
    }
    let data;
    try {
        data = doc.toJS({ maxAliasCount: MAX_CONFIG_ALIASES });
    }
    catch (error) {
        return { config: defaults, errors: [(0,read/* fileError */.zS)(file, `cannot read config: ${(0,read/* errorText */.kc)(error)}`)] };
    }
    if (data === null || data === undefined)
        return { config: defaults, errors: [] };
    if (!isRecord(data)) {
        return { config: defaults, errors: [positions.errorAtPath([], 'key', 'the config must be a mapping of keys (rules, include, ...)')] };
    }
    const errors = [];
    const validated = validateSchema(data);
    if (validated.errors?.length)
        (0,arrays/* appendAll */.u)(errors, schemaErrors(validated.errors, data, positions));
    (0,arrays/* appendAll */.u)(errors, semanticErrors(data, new Set(known), positions));
    errors.sort((a, b) => a.line - b.line || a.column - b.column);
    return { config: buildConfig(data, file, known, positions), errors };
}
/** Refuses hostile nesting before parsing: flow brackets deeper than allowed, or huge indentation. */
function nestingProblem(text, file) {
    let depth = 0;
    const lines = text.split('\n');
    for (let index = 0; index < lines.length; index++) {
        const line = lines[index];
        const indent = line.length - line.trimStart().length;
        const at = (column, message) => ({
            file,
            line: index + 1,
            column,
            endLine: index + 1,
            endColumn: column + 1,
            path: '',
            message,
        });
        if (indent > MAX_CONFIG_INDENT)
            return at(1, `line indented by ${indent} characters, over the ${MAX_CONFIG_INDENT} allowed`);
        for (let column = 0; column < line.length; column++) {
            const char = line[column];
            if (char === '#' && (column === 0 || /\s/.test(line[column - 1])))
                break;
            if (char === '[' || char === '{')
                depth++;
            else if ((char === ']' || char === '}') && depth > 0)
                depth--;
            if (depth > MAX_CONFIG_DEPTH)
                return at(column + 1, `brackets nested deeper than ${MAX_CONFIG_DEPTH} levels`);
        }
    }
    return undefined;
}
// ---------------------------------------------------------------------------
// Positions: JSON path -> line/column of the key or value in the YAML source
class Positions {
    doc;
    text;
    lines;
    file;
    constructor(doc, text, lines, file) {
        this.doc = doc;
        this.text = text;
        this.lines = lines;
        this.file = file;
    }
    /** The node at `segments`, as key or value; falls back to the deepest node found. */
    node(segments, target) {
        let current = this.doc.contents;
        let deepest = isNodeWithRange(current) ? current : undefined;
        for (let i = 0; i < segments.length; i++) {
            if ((0,dist/* isAlias */.Vj)(current))
                current = current.resolve(this.doc);
            const segment = segments[i];
            const last = i === segments.length - 1;
            if ((0,dist/* isMap */.jh)(current)) {
                const pair = current.items.find((item) => (0,dist/* isScalar */.jn)(item.key) && String(item.key.value) === String(segment));
                if (!pair)
                    return deepest;
                const keyNode = isNodeWithRange(pair.key) ? pair.key : deepest;
                const valueNode = isNodeWithRange(pair.value) ? pair.value : keyNode;
                if (last)
                    return target === 'key' ? keyNode : valueNode;
                deepest = valueNode;
                current = pair.value;
            }
            else if ((0,dist/* isSeq */.oP)(current)) {
                const item = current.items[Number(segment)];
                if (!isNodeWithRange(item))
                    return deepest;
                if (last)
                    return item;
                deepest = item;
                current = item;
            }
            else {
                return deepest;
            }
        }
        return deepest;
    }
    loc(segments, target) {
        const node = this.node(segments, target);
        const range = node?.range;
        if (!range)
            return { file: this.file, line: 1, column: 1, endLine: 1, endColumn: 1 };
        return this.locOf(range[0], range[1]);
    }
    /** Location of source offsets [start, end); trailing blanks and line breaks are left out. */
    locOf(start, end) {
        let stop = Math.max(start, end);
        while (stop > start + 1 && /\s/.test(this.text[stop - 1] ?? ''))
            stop--;
        const from = this.lines.linePos(start);
        const to = this.lines.linePos(stop);
        return { file: this.file, line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
    }
    errorAtPath(segments, target, message) {
        const { line, column, endLine, endColumn } = this.loc(segments, target);
        return { file: this.file, line, column, endLine, endColumn, path: dottedPath(segments), message };
    }
    errorAt(start, end, pathText, message) {
        const { line, column, endLine, endColumn } = this.locOf(start, end);
        return { file: this.file, line, column, endLine, endColumn, path: pathText, message };
    }
}
function isNodeWithRange(value) {
    return typeof value === 'object' && value !== null && Array.isArray(value.range);
}
/** `["ignore", 0, "expires"]` -> `ignore[0].expires` */
function dottedPath(segments) {
    let text = '';
    for (const segment of segments) {
        if (typeof segment === 'number')
            text += `[${segment}]`;
        else
            text += text === '' ? segment : `.${segment}`;
    }
    return text;
}
// ---------------------------------------------------------------------------
// Schema errors -> positioned messages
// Ajv's schemaPath is relative to the referenced definition, so errors are told apart by their parent schema object.
const definitions = hyperpod_prereq_schema_namespaceObject.definitions;
const PATTERN_MESSAGES = new Map([
    [definitions.date, 'must be a date in the form YYYY-MM-DD'],
    [definitions.region, 'must be an AWS Region code such as us-east-1'],
    [definitions.ignoreEntry.properties.fingerprint, 'must be a fingerprint of 32 hexadecimal characters'],
    [
        definitions.efaSecurityGroup,
        'must be file#LogicalId, a logical ID or Terraform address, or a security group ID (sg- and 8 or 17 hexadecimal digits)',
    ],
]);
function schemaErrors(ajvErrors, data, positions) {
    // anyOf/if report their branches' failures too; keep one message per anyOf, and then-branch errors for if.
    const anyOfs = ajvErrors.filter((e) => e.keyword === 'anyOf');
    const errors = [];
    const seen = new Set();
    for (const error of ajvErrors) {
        if (error.keyword === 'if')
            continue;
        // A non-string rule setting fails both `type` and the else-branch `type`: keep the first.
        if (error.keyword === 'type' && error.parentSchema === definitions.ruleSetting.else)
            continue;
        const branchOf = (e) => e.instancePath === error.instancePath && error.schemaPath.startsWith(`${e.schemaPath}/`);
        if (anyOfs.some(branchOf))
            continue;
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
function mapSchemaError(error, segments, positions) {
    const where = segments.length > 0 ? `${dottedPath(segments)}: ` : '';
    const params = error.params;
    switch (error.keyword) {
        case 'additionalProperties': {
            const name = String(params.additionalProperty);
            const allowed = Object.keys(error.parentSchema?.properties ?? {});
            const hint = allowed.length > 0 ? `; allowed keys: ${allowed.join(', ')}` : '';
            return positions.errorAtPath([...segments, name], 'key', `${where}unknown key "${name}"${hint}`);
        }
        case 'enum': {
            const allowed = params.allowedValues.map(String).join(', ');
            return positions.errorAtPath(segments, 'value', `${where}${show(error.data)} is not one of ${allowed}`);
        }
        case 'type': {
            const expected = error.parentSchema === definitions.ruleSetting
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
function pointerSegments(pointer, data) {
    if (pointer === '')
        return [];
    const segments = [];
    let current = data;
    for (const raw of pointer.slice(1).split('/')) {
        const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
        if (Array.isArray(current)) {
            segments.push(Number(key));
            current = current[Number(key)];
        }
        else {
            segments.push(key);
            current = isRecord(current) ? current[key] : undefined;
        }
    }
    return segments;
}
function show(value) {
    if (value === null || value === undefined)
        return 'empty';
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'object')
        return 'a mapping';
    const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
const TYPE_NAMES = {
    array: 'a list',
    object: 'a mapping',
    boolean: 'true or false',
    integer: 'a whole number',
    number: 'a number',
    string: 'a string',
};
function typeName(type) {
    return TYPE_NAMES[type] ?? type;
}
// ---------------------------------------------------------------------------
// Checks the schema cannot express: rule IDs and calendar dates
function semanticErrors(data, known, positions) {
    const errors = [];
    const checkRuleKeys = (rules, at) => {
        if (!isRecord(rules))
            return;
        for (const id of Object.keys(rules)) {
            if (!known.has(id))
                errors.push(positions.errorAtPath([...at, id], 'key', `${dottedPath(at)}: ${unknownRuleText(id, known)}`));
        }
    };
    checkRuleKeys(data.rules, ['rules']);
    if (Array.isArray(data.overrides)) {
        data.overrides.forEach((entry, index) => {
            if (isRecord(entry))
                checkRuleKeys(entry.rules, ['overrides', index, 'rules']);
        });
    }
    if (Array.isArray(data.ignore)) {
        data.ignore.forEach((entry, index) => {
            if (!isRecord(entry))
                return;
            const at = ['ignore', index];
            if (typeof entry.rule === 'string') {
                if (!known.has(entry.rule)) {
                    errors.push(positions.errorAtPath([...at, 'rule'], 'value', `${dottedPath([...at, 'rule'])}: ${unknownRuleText(entry.rule, known)}`));
                }
                else if (entry.rule === meta/* SUPPRESSION_PROBLEM */.qo.id) {
                    errors.push(positions.errorAtPath([...at, 'rule'], 'value', `${dottedPath([...at, 'rule'])}: ${meta/* SUPPRESSION_PROBLEM */.qo.id} cannot be suppressed; turn it off with rules: { ${meta/* SUPPRESSION_PROBLEM */.qo.id}: off }`));
                }
            }
            if (typeof entry.expires === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(entry.expires) && !(0,dates/* isValidDate */.vd)(entry.expires)) {
                errors.push(positions.errorAtPath([...at, 'expires'], 'value', `${dottedPath([...at, 'expires'])}: "${entry.expires}" is not a calendar date`));
            }
        });
    }
    return errors;
}
function unknownRuleText(id, known) {
    const upper = id.toUpperCase();
    const hint = upper !== id && known.has(upper) ? `; did you mean "${upper}"?` : '';
    return `unknown rule ID "${id}"${hint}`;
}
// ---------------------------------------------------------------------------
// Build the resolved config from whatever parts are valid (errors are already reported)
function buildConfig(data, file, known, positions) {
    const knownSet = new Set(known);
    const config = { ...(0,read/* defaultConfig */.sb)(known), file };
    config.rules = ruleSettings(data.rules, knownSet);
    config.include = globList(data.include);
    config.exclude = globList(data.exclude);
    if (isHeadroom(data.headroom))
        config.headroom = data.headroom;
    if (isRegion(data.region))
        config.region = data.region;
    if (typeof data.requireSuppressionReason === 'boolean')
        config.requireSuppressionReason = data.requireSuppressionReason;
    if (Array.isArray(data.ignore)) {
        data.ignore.forEach((entry, index) => {
            const built = ignoreEntry(entry, knownSet, positions.loc(['ignore', index], 'value'));
            if (built)
                config.ignore.push(built);
        });
    }
    if (Array.isArray(data.overrides)) {
        data.overrides.forEach((entry, index) => {
            if (!isRecord(entry))
                return;
            const files = globList(entry.files);
            if (files.length === 0)
                return;
            const override = {
                files,
                rules: ruleSettings(entry.rules, knownSet),
                loc: positions.loc(['overrides', index], 'value'),
            };
            if (isRegion(entry.region))
                override.region = entry.region;
            if (isHeadroom(entry.headroom))
                override.headroom = entry.headroom;
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
function ruleSettings(value, known) {
    const settings = {};
    if (!isRecord(value))
        return settings;
    for (const [id, setting] of Object.entries(value)) {
        if (!known.has(id))
            continue;
        const patch = ruleSettingPatch(setting);
        if (patch)
            settings[id] = patch;
    }
    return settings;
}
/** `off` disables; a severity enables with that severity; a mapping sets only the fields it has. */
function ruleSettingPatch(setting) {
    if (setting === 'off')
        return { enabled: false };
    if (isSeverity(setting))
        return { enabled: true, severity: setting };
    if (!isRecord(setting))
        return undefined;
    const keys = Object.keys(setting);
    if (keys.some((key) => key !== 'enabled' && key !== 'severity'))
        return undefined;
    if (setting.enabled !== undefined && typeof setting.enabled !== 'boolean')
        return undefined;
    if (setting.severity !== undefined && !isSeverity(setting.severity))
        return undefined;
    const patch = {};
    if (typeof setting.enabled === 'boolean')
        patch.enabled = setting.enabled;
    if (isSeverity(setting.severity))
        patch.severity = setting.severity;
    return patch;
}
function ignoreEntry(value, known, loc) {
    if (!isRecord(value))
        return undefined;
    const allowed = new Set(['fingerprint', 'rule', 'file', 'resource', 'reason', 'expires']);
    if (Object.keys(value).some((key) => !allowed.has(key)))
        return undefined;
    const text = (key) => {
        const field = value[key];
        return typeof field === 'string' && field !== '' ? field : undefined;
    };
    const entry = { loc };
    const fingerprint = text('fingerprint');
    if (fingerprint !== undefined) {
        if (!/^[0-9a-fA-F]{32}$/.test(fingerprint))
            return undefined;
        entry.fingerprint = fingerprint.toLowerCase();
    }
    const rule = text('rule');
    if (rule !== undefined) {
        if (!known.has(rule) || rule === meta/* SUPPRESSION_PROBLEM */.qo.id)
            return undefined;
        entry.rule = rule;
    }
    entry.file = text('file');
    entry.resource = text('resource');
    if (entry.fingerprint === undefined && (entry.rule === undefined || entry.file === undefined))
        return undefined;
    if (value.reason !== undefined && typeof value.reason !== 'string')
        return undefined;
    if (typeof value.reason === 'string' && value.reason.trim() !== '')
        entry.reason = value.reason.trim();
    if (value.expires !== undefined) {
        if (typeof value.expires !== 'string' || !(0,dates/* isValidDate */.vd)(value.expires))
            return undefined;
        entry.expires = value.expires;
    }
    if (entry.file === undefined)
        delete entry.file;
    if (entry.resource === undefined)
        delete entry.resource;
    return entry;
}
function limits(value) {
    const result = { ...types/* DEFAULT_LIMITS */.d };
    if (!isRecord(value))
        return result;
    for (const key of Object.keys(types/* DEFAULT_LIMITS */.d)) {
        const field = value[key];
        const minimum = key === 'maxAliasCount' ? 0 : 1;
        if (typeof field === 'number' && Number.isInteger(field) && field >= minimum)
            result[key] = field;
    }
    return result;
}
function globList(value) {
    return Array.isArray(value) ? value.filter((item) => typeof item === 'string' && item !== '') : [];
}
function isSeverity(value) {
    return typeof value === 'string' && SEVERITIES.includes(value);
}
function isHeadroom(value) {
    return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
function isRegion(value) {
    return typeof value === 'string' && /^[a-z]{2}(-[a-z]+)+-[0-9]+$/.test(value);
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
// ---------------------------------------------------------------------------
// Small helpers
function firstLine(text) {
    return text.split('\n')[0].trim();
}


/***/ })

};
