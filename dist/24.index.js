export const id = 24;
export const ids = [24,944];
export const modules = {

/***/ 6024:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CFN_LINT_PREFIX: () => (/* reexport safe */ _to_findings_js__WEBPACK_IMPORTED_MODULE_1__.dR),
/* harmony export */   DEFAULT_TIMEOUT_MS: () => (/* reexport safe */ _run_js__WEBPACK_IMPORTED_MODULE_0__.t1),
/* harmony export */   MAX_ARG_CHARS_PER_BATCH: () => (/* reexport safe */ _run_js__WEBPACK_IMPORTED_MODULE_0__.Fx),
/* harmony export */   MAX_FILES_PER_BATCH: () => (/* reexport safe */ _run_js__WEBPACK_IMPORTED_MODULE_0__.Gb),
/* harmony export */   isFindingsExitCode: () => (/* reexport safe */ _to_findings_js__WEBPACK_IMPORTED_MODULE_1__.uj),
/* harmony export */   parseCfnLintOutput: () => (/* reexport safe */ _to_findings_js__WEBPACK_IMPORTED_MODULE_1__.t4),
/* harmony export */   runCfnLint: () => (/* reexport safe */ _run_js__WEBPACK_IMPORTED_MODULE_0__.YC)
/* harmony export */ });
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3944);
/* harmony import */ var _to_findings_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(138);
// cfn-lint integration: run the real tool beside the HyperPod rules and map its results to findings.




/***/ }),

/***/ 3944:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  t1: () => (/* binding */ DEFAULT_TIMEOUT_MS),
  Fx: () => (/* binding */ MAX_ARG_CHARS_PER_BATCH),
  Gb: () => (/* binding */ MAX_FILES_PER_BATCH),
  findReservedArg: () => (/* binding */ findReservedArg),
  YC: () => (/* binding */ runCfnLint)
});

// UNUSED EXPORTS: PASSED_ENV, cfnLintEnvironment, escapeGlob, toBatches

// EXTERNAL MODULE: ./src/util/arrays.ts
var arrays = __webpack_require__(5232);
// EXTERNAL MODULE: ./node_modules/execa/index.js + 131 modules
var execa = __webpack_require__(6993);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/engine/fs-source.ts
var fs_source = __webpack_require__(245);
;// CONCATENATED MODULE: ./src/cfnlint/config-guard.ts
// cfn-lint never reads a configuration the pull request wrote. The action reads the project's
// .cfnlintrc (or the --config-file named in cfn-lint-args) as data, keeps only an allow-list of keys
// that select and tune checks, and hands cfn-lint its own copy with --config-file. With
// --config-file, cfn-lint 1.x reads neither ~/.cfnlintrc nor the project file (cfnlint/config.py,
// ConfigFileArgs.load), so keys that import Python (append_rules), read or write other files
// (templates, custom_rules, override_spec, registry_schemas, output_file...) or change the output
// contract can never reach it, whatever YAML trick (merge keys `<<`, anchors) spells them.






/** Names cfn-lint 1.x looks for in its working directory, in its order (cfnlint/config.py `_find_config`). */
const PROJECT_CONFIG_NAMES = ['.cfnlintrc', '.cfnlintrc.yaml', '.cfnlintrc.yml'];
/** A config file this large is not a cfn-lint config. */
const MAX_CONFIG_BYTES = 1024 * 1024;
const isString = (v) => typeof v === 'string';
const isScalar = (v) => isString(v) || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
const stringList = (v) => Array.isArray(v) && v.every(isString);
const config_guard_boolean = (v) => typeof v === 'boolean';
const isRecord = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** configure_rules: { RuleId: { option: scalar or list of scalars } } (cfn-lint's config schema). */
const ruleOptions = (v) => isRecord(v) &&
    Object.values(v).every((options) => isRecord(options) && Object.values(options).every((o) => isScalar(o) || (Array.isArray(o) && o.every(isScalar))));
/**
 * The cfn-lint config keys the action passes on, with the shape each must have. They only choose and
 * tune cfn-lint's built-in checks; none names a file, a module or an output.
 */
const HONOURED_KEYS = {
    ignore_checks: stringList,
    include_checks: stringList,
    mandatory_checks: stringList,
    include_experimental: config_guard_boolean,
    configure_rules: ruleOptions,
    regions: stringList,
    ignore_bad_template: config_guard_boolean,
};
class CfnLintConfigError extends Error {
}
/** Index of a `--config-file` option in args and its value, if any (last one wins, as in argparse). */
function findConfigFileArgs(args) {
    const spans = [];
    let value;
    args.forEach((arg, index) => {
        if (arg === '--config-file' && index + 1 < args.length) {
            spans.push([index, 2]);
            value = args[index + 1];
        }
        else if (arg.startsWith('--config-file=')) {
            spans.push([index, 1]);
            value = arg.slice('--config-file='.length);
        }
    });
    return { spans, value };
}
const withoutSpans = (args, spans) => args.filter((_, index) => !spans.some(([start, width]) => index >= start && index < start + width));
/** The text of the config cfn-lint would have used, and how to name it in messages. */
async function findConfig(cwd, explicit) {
    if (explicit !== undefined) {
        // Named by the workflow, so it may live anywhere; its content is still read only as data.
        const file = external_node_path_default().resolve(cwd, explicit);
        let text;
        try {
            const stat = await external_node_fs_.promises.stat(file);
            if (!stat.isFile())
                throw new CfnLintConfigError(`${explicit} is not a regular file`);
            if (stat.size > MAX_CONFIG_BYTES)
                throw new CfnLintConfigError(`${explicit} is over ${MAX_CONFIG_BYTES} bytes`);
            text = await external_node_fs_.promises.readFile(file, 'utf8');
        }
        catch (error) {
            if (error instanceof CfnLintConfigError)
                throw error;
            throw new CfnLintConfigError(`${explicit} cannot be read: ${error.message}`);
        }
        return { text, shown: explicit };
    }
    // Found in the tree, so the pull request may have planted it: read inside the workspace only.
    const source = new fs_source/* FsFileSource */.zL(cwd);
    for (const name of PROJECT_CONFIG_NAMES) {
        try {
            await external_node_fs_.promises.lstat(external_node_path_default().join(cwd, name));
        }
        catch {
            continue;
        }
        const read = await source.read(name, MAX_CONFIG_BYTES);
        if ('refused' in read)
            throw new CfnLintConfigError(`${name} was not read: ${read.refused}`);
        return { text: read.data.toString('utf8'), shown: name };
    }
    return undefined;
}
/** The honoured part of a parsed config, and the keys left out. */
function allowedConfig(config) {
    const kept = {};
    const dropped = [];
    const malformed = [];
    if (!isRecord(config))
        return { kept, dropped, malformed };
    for (const [key, value] of Object.entries(config)) {
        const check = Object.hasOwn(HONOURED_KEYS, key) ? HONOURED_KEYS[key] : undefined;
        if (!check)
            dropped.push(key);
        else if (!check(value))
            malformed.push(key);
        else
            kept[key] = value;
    }
    return { kept, dropped, malformed };
}
/**
 * Writes the action's cfn-lint config: the honoured keys of the config cfn-lint would have used
 * (`--config-file` in args, else a project .cfnlintrc in cwd), or an empty one. The returned
 * arguments always carry `--config-file` pointing at it.
 */
async function guardCfnLintConfig(cwd, args) {
    const explicit = findConfigFileArgs(args);
    const found = await findConfig(cwd, explicit.value);
    let kept = {};
    const notices = [];
    if (found) {
        let config;
        try {
            // cfn-lint's loader applies YAML merge keys; read the file the same way so `<<` keeps working.
            config = (0,dist/* parse */.qg)(found.text, { merge: true, maxAliasCount: 100 });
        }
        catch (error) {
            throw new CfnLintConfigError(`${found.shown} is not valid YAML: ${error.message.split('\n')[0]}`);
        }
        const allowed = allowedConfig(config);
        kept = allowed.kept;
        if (allowed.dropped.length) {
            notices.push(`cfn-lint: ${allowed.dropped.join(', ')} in ${found.shown} ${allowed.dropped.length === 1 ? 'was' : 'were'} ignored; ` +
                `the action passes on only ${Object.keys(HONOURED_KEYS).join(', ')} and never loads code or files that a config names. ` +
                'Pass trusted rule folders with cfn-lint-args "--append-rules DIR" instead.');
        }
        if (allowed.malformed.length) {
            notices.push(`cfn-lint: ${allowed.malformed.join(', ')} in ${found.shown} ignored: not the shape cfn-lint's config schema requires.`);
        }
    }
    const dir = await (0,promises_.mkdtemp)(external_node_path_default().join((0,external_node_os_.tmpdir)(), 'hyperpod-prereq-cfnlint-'));
    const file = external_node_path_default().join(dir, 'cfnlintrc.yaml');
    try {
        await (0,promises_.writeFile)(file, (0,dist/* stringify */.As)(kept), { encoding: 'utf8', mode: 0o600, flag: 'wx' });
    }
    catch (error) {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
        throw error;
    }
    return {
        args: [...withoutSpans(args, explicit.spans), '--config-file', file],
        notices,
        cleanup: () => (0,promises_.rm)(dir, { recursive: true, force: true }),
    };
}

// EXTERNAL MODULE: ./src/cfnlint/to-findings.ts
var to_findings = __webpack_require__(138);
// EXTERNAL MODULE: ./src/util/compare.ts
var compare = __webpack_require__(1251);
;// CONCATENATED MODULE: ./src/cfnlint/run.ts
// Runs the cfn-lint executable with execa: bounded batches, one deadline, process-group kill on expiry.





const DEFAULT_TIMEOUT_MS = 300_000;
/** Batch bounds keep the command line well under Linux's ARG_MAX (2 MiB on x86-64). */
const MAX_FILES_PER_BATCH = 200;
const MAX_ARG_CHARS_PER_BATCH = 100_000;
/** Time between SIGTERM and SIGKILL of the process group. */
const KILL_GRACE_MS = 2_000;
/** Once cfn-lint itself has exited, how long leftover children may keep its output pipes open. */
const ORPHAN_GRACE_MS = 1_000;
const VERSION_TIMEOUT_MS = 60_000;
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;
/** Options the action sets itself; letting cfn-lint-args change them would break the JSON contract. */
const RESERVED_OPTIONS = [
    '-f',
    '--format',
    '--output-file',
    '-t',
    '--template',
    '-v',
    '--version',
    '-l',
    '--list-rules',
    '-L',
    '--list-templates',
    '-h',
    '--help',
    '-u',
    '--update-specs',
    '--update-documentation',
    '--update-iam-policies',
];
/** Returns the first reserved option among the extra arguments, if any. */
function findReservedArg(args) {
    for (const arg of args) {
        if (arg === '--')
            return arg;
        for (const option of RESERVED_OPTIONS) {
            if (arg === option || arg.startsWith(`${option}=`))
                return option;
            // Short options may carry their value glued on (-fjson).
            if (option.length === 2 && arg.startsWith(option) && !arg.startsWith('--'))
                return option;
        }
    }
    return undefined;
}
/** cfn-lint expands glob patterns in template names (glob.glob); escape them as Python's glob.escape does. */
const escapeGlob = (file) => file.replace(/([*?[])/g, '[$1]');
/** Splits file arguments into batches bounded by count and total length. */
function toBatches(files, maxFiles = MAX_FILES_PER_BATCH, maxChars = MAX_ARG_CHARS_PER_BATCH) {
    const batches = [];
    let current = [];
    let chars = 0;
    for (const file of files) {
        const size = file.length + 1;
        if (current.length && (current.length >= maxFiles || chars + size > maxChars)) {
            batches.push(current);
            current = [];
            chars = 0;
        }
        current.push(file);
        chars += size;
    }
    if (current.length)
        batches.push(current);
    return batches;
}
/**
 * Variables cfn-lint is started with, taken from this process: the program search path, the home
 * folder (pyenv and pip user installs live there), locale and temp folder, and what selects a
 * Python installation. GitHub's tokens (INPUT_GITHUB-TOKEN, ACTIONS_*), GITHUB_ENV/GITHUB_OUTPUT
 * paths and AWS credentials are never passed.
 */
const PASSED_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TMPDIR', 'PYENV_ROOT', 'PYENV_VERSION', 'VIRTUAL_ENV'];
function cfnLintEnvironment(source = process.env) {
    const env = {};
    for (const name of PASSED_ENV) {
        const value = source[name];
        if (value !== undefined)
            env[name] = value;
    }
    env.PYTHONIOENCODING = 'utf-8';
    // Python never puts the working folder (the pull request's tree) on its import path.
    env.PYTHONSAFEPATH = '1';
    return env;
}
/** Process groups still running, killed if this process exits first (detached children outlive it otherwise). */
const liveGroups = new Set();
let exitHookInstalled = false;
const killAllOnExit = () => {
    for (const pid of liveGroups)
        killGroup(pid, 'SIGKILL');
};
function killGroup(pid, signal) {
    try {
        process.kill(-pid, signal);
    }
    catch {
        // Group already gone.
    }
}
/** Runs one command in its own process group; on timeout the whole group is terminated, then killed. */
async function runProcess(executable, args, cwd, timeoutMs) {
    const budget = Math.max(1, Math.floor(timeoutMs));
    const subprocess = (0,execa/* execa */.Ho)(executable, args, {
        cwd,
        reject: false,
        detached: true,
        stdin: 'ignore',
        stripFinalNewline: false,
        maxBuffer: MAX_OUTPUT_BYTES,
        timeout: budget,
        killSignal: 'SIGTERM',
        forceKillAfterDelay: KILL_GRACE_MS,
        // Nothing from the runner's environment but what starts Python: no token, no AWS credentials.
        extendEnv: false,
        env: cfnLintEnvironment(),
    });
    const pid = subprocess.pid;
    let timedOut = false;
    let graceTimer;
    const deadline = setTimeout(() => {
        timedOut = true;
        if (pid === undefined)
            return;
        killGroup(pid, 'SIGTERM');
        graceTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
    }, budget);
    let orphanTimer;
    // Leftover children holding stdout open would keep the run waiting until the deadline.
    subprocess.once('exit', () => {
        if (pid !== undefined)
            orphanTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), ORPHAN_GRACE_MS);
    });
    if (pid !== undefined) {
        liveGroups.add(pid);
        if (!exitHookInstalled) {
            process.once('exit', killAllOnExit);
            exitHookInstalled = true;
        }
    }
    let abnormal = true;
    try {
        const result = await subprocess;
        timedOut ||= Boolean(result.timedOut);
        abnormal = result.failed && !(result.exitCode !== undefined && (0,to_findings/* isFindingsExitCode */.uj)(result.exitCode));
        const cause = result.cause;
        const spawnError = result.failed && result.exitCode === undefined && !result.signal && cause && typeof cause === 'object' && 'code' in cause
            ? String(cause.code)
            : undefined;
        return {
            stdout: typeof result.stdout === 'string' ? result.stdout : '',
            stderr: typeof result.stderr === 'string' ? result.stderr : '',
            exitCode: result.exitCode,
            signal: result.signal,
            timedOut,
            spawnError,
            outputTooLarge: Boolean(result.isMaxBuffer),
            errorMessage: result.failed ? result.shortMessage : undefined,
        };
    }
    finally {
        clearTimeout(deadline);
        if (graceTimer)
            clearTimeout(graceTimer);
        if (orphanTimer)
            clearTimeout(orphanTimer);
        if (pid !== undefined) {
            // Leave nothing behind: children of a timed-out, killed or crashed run go with the group.
            if (timedOut || abnormal)
                killGroup(pid, 'SIGKILL');
            liveGroups.delete(pid);
        }
    }
}
const lastLine = (text) => {
    const lines = text.trim().split(/\r?\n/);
    const line = lines[lines.length - 1]?.trim() ?? '';
    return line.length > 300 ? `${line.slice(0, 300)}\u2026` : line;
};
const describeExit = (outcome) => {
    const detail = lastLine(outcome.stderr);
    const how = outcome.signal ? `was killed by ${outcome.signal}` : `exited with code ${outcome.exitCode}`;
    return detail ? `${how}: ${detail}` : how;
};
/** Executable missing: spawn says ENOENT, or a shell/pyenv shim answers 127 ("command not found"). */
const isMissing = (outcome) => outcome.spawnError === 'ENOENT' || outcome.exitCode === 127;
const timeoutText = (timeoutMs) => `cfn-lint timed out after ${Math.round(timeoutMs / 1000)} s`;
/** Runs cfn-lint on the templates and maps its results; never throws: every problem becomes `failure`. */
async function runCfnLint(options) {
    try {
        return await lintAll(options);
    }
    catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { findings: [], notices: [], rules: [], failure: `cfn-lint could not be run: ${message}` };
    }
}
async function lintAll(options) {
    const executable = options.executable ?? 'cfn-lint';
    const timeoutMs = options.timeoutMs && options.timeoutMs > 0 ? options.timeoutMs : DEFAULT_TIMEOUT_MS;
    const extraArgs = options.args ?? [];
    const result = { findings: [], notices: [], rules: [] };
    if (options.files.length === 0 && options.mode === 'auto')
        return result;
    const reserved = findReservedArg(extraArgs);
    if (reserved) {
        result.failure = `cfn-lint-args must not contain ${reserved}: the action sets it itself`;
        return result;
    }
    const startedAt = Date.now();
    const versionRun = await runProcess(executable, ['--version'], options.cwd, Math.min(VERSION_TIMEOUT_MS, timeoutMs));
    if (isMissing(versionRun)) {
        if (options.mode === 'required') {
            result.failure = `cfn-lint is required but the executable "${executable}" was not found on PATH`;
        }
        else {
            result.notices.push(`cfn-lint was not run: the executable "${executable}" was not found on PATH (install it with "pip install cfn-lint", or set cfn-lint to off).`);
        }
        return result;
    }
    if (versionRun.timedOut) {
        result.failure = timeoutText(Math.min(VERSION_TIMEOUT_MS, timeoutMs));
        return result;
    }
    if (versionRun.spawnError || versionRun.exitCode !== 0) {
        result.failure = versionRun.spawnError
            ? `cfn-lint could not be started (${versionRun.spawnError}): ${versionRun.errorMessage ?? executable}`
            : `"cfn-lint --version" ${describeExit(versionRun)}`;
        return result;
    }
    const versionText = `${versionRun.stdout}\n${versionRun.stderr}`;
    result.version = /\b(\d+\.\d+\.\d+[\w.+-]*)/.exec(versionText)?.[1] ?? (lastLine(versionRun.stdout) || undefined);
    let guarded;
    try {
        guarded = await guardCfnLintConfig(options.cwd, extraArgs);
    }
    catch (error) {
        if (!(error instanceof CfnLintConfigError))
            throw error;
        result.failure = `cfn-lint configuration: ${error.message}`;
        return result;
    }
    result.notices.push(...guarded.notices);
    try {
        await lintBatches({ ...options, executable, timeoutMs }, guarded.args, startedAt + timeoutMs, result);
    }
    finally {
        await guarded.cleanup();
    }
    return result;
}
/** Runs the batches one after another until all are done, one fails, or the deadline passes. */
async function lintBatches(options, cfnLintArgs, deadline, result) {
    const { executable, timeoutMs } = options;
    const remaining = () => deadline - Date.now();
    const total = options.files.length;
    const batches = toBatches(options.files.map(escapeGlob));
    const rules = new Map();
    const dropped = [];
    let linted = 0;
    for (const batch of batches) {
        const left = remaining();
        if (left <= 0) {
            result.failure = `${timeoutText(timeoutMs)} (${total - linted} of ${total} templates not checked)`;
            break;
        }
        const outcome = await runProcess(executable, [...cfnLintArgs, '--format', 'json', '--', ...batch], options.cwd, left);
        const failure = batchFailure(outcome, timeoutMs);
        if (failure) {
            const notChecked = total - linted;
            result.failure = notChecked < total ? `${failure} (${notChecked} of ${total} templates not checked)` : failure;
            break;
        }
        try {
            const parsed = (0,to_findings/* parseCfnLintOutput */.t4)(outcome.stdout, outcome.exitCode ?? 0, options.cwd, {
                sageMakerClusters: options.sageMakerClusters,
            });
            (0,arrays/* appendAll */.u)(result.findings, parsed.findings);
            (0,arrays/* appendAll */.u)(dropped, parsed.droppedInstanceTypes);
            for (const rule of parsed.rules)
                if (!rules.has(rule.id))
                    rules.set(rule.id, rule);
        }
        catch (error) {
            if (!(error instanceof to_findings/* CfnLintOutputError */.u0))
                throw error;
            result.failure = `cfn-lint gave no usable result: ${error.message}`;
            break;
        }
        linted += batch.length;
    }
    result.rules = [...rules.values()].sort((a, b) => (0,compare/* compareText */.n)(a.id, b.id));
    if (dropped.length > 0) {
        const types = [...new Set(dropped)].sort();
        result.notices.push(`cfn-lint E3030 dropped ${dropped.length} time${dropped.length === 1 ? '' : 's'} on AWS::SageMaker::Cluster instance types that the ` +
            `SageMaker API model accepts (its InstanceType enum is older; HP007 checks the type): ${types.slice(0, 5).join(', ')}` +
            `${types.length > 5 ? `, and ${types.length - 5} more` : ''}.`);
    }
}
function batchFailure(outcome, timeoutMs) {
    if (outcome.timedOut)
        return timeoutText(timeoutMs);
    if (outcome.spawnError)
        return `cfn-lint could not be started (${outcome.spawnError})`;
    if (outcome.outputTooLarge)
        return `cfn-lint printed more than ${MAX_OUTPUT_BYTES / (1024 * 1024)} MiB of output`;
    if (outcome.signal)
        return `cfn-lint ${describeExit(outcome)}`;
    if (outcome.exitCode === undefined || !(0,to_findings/* isFindingsExitCode */.uj)(outcome.exitCode))
        return `cfn-lint ${describeExit(outcome)}`;
    return undefined;
}


/***/ }),

/***/ 138:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   dR: () => (/* binding */ CFN_LINT_PREFIX),
/* harmony export */   t4: () => (/* binding */ parseCfnLintOutput),
/* harmony export */   u0: () => (/* binding */ CfnLintOutputError),
/* harmony export */   uj: () => (/* binding */ isFindingsExitCode)
/* harmony export */ });
/* unused harmony exports EXIT_BITS, isStaleInstanceTypeEnum, relativeToCwd */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _data_sagemaker_api_model_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9909);
/* harmony import */ var _util_compare_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1251);
// Turns cfn-lint's `--format json` output into the project's findings (pure; no process code here).



/** Prefix of every cfn-lint rule ID in our findings, e.g. `cfn-lint/E3012`. */
const CFN_LINT_PREFIX = 'cfn-lint/';
/** Exit code bits of cfn-lint (cfn-lint README "Exit Codes"; verified with cfn-lint 1.51). */
const EXIT_BITS = { error: 2, warning: 4, informational: 8 };
const FINDING_BITS = EXIT_BITS.error | EXIT_BITS.warning | EXIT_BITS.informational;
/** True when an exit code only says which levels of findings were reported (0 = none). */
const isFindingsExitCode = (code) => Number.isInteger(code) && code >= 0 && (code & ~FINDING_BITS) === 0;
const GROUP_LISTS = new Set(['InstanceGroups', 'RestrictedInstanceGroups']);
const ENUM_VALUE = /^'([^']+)' is not one of \[/;
/**
 * cfn-lint's AWS::SageMaker::Cluster schema carries an InstanceType enum older than the SageMaker API (cfn-lint
 * 1.51.0: 123 values; botocore 1.43.107 ClusterInstanceType: 209), so it raises E3030 on valid types such as
 * ml.g4dn.xlarge. Returns the instance type when `item` is such an E3030 on an instance group of a SageMaker
 * cluster and the API model (src/data/sagemaker-api-model.json) accepts the value; HP007 checks the type instead.
 */
function isStaleInstanceTypeEnum(item, cwd, options) {
    if (!isRecord(item) || !isRecord(item.Rule) || item.Rule.Id !== 'E3030' || typeof item.Filename !== 'string')
        return undefined;
    const location = isRecord(item.Location) ? item.Location : {};
    const p = Array.isArray(location.Path) ? location.Path : [];
    if (p.length !== 6 || p[0] !== 'Resources' || typeof p[1] !== 'string' || p[2] !== 'Properties')
        return undefined;
    if (typeof p[3] !== 'string' || !GROUP_LISTS.has(p[3]) || typeof p[4] !== 'number' || p[5] !== 'InstanceType')
        return undefined;
    if (!options.sageMakerClusters?.has(`${relativeToCwd(cwd, item.Filename)}#${p[1]}`))
        return undefined;
    const value = typeof item.Message === 'string' ? ENUM_VALUE.exec(item.Message)?.[1] : undefined;
    return value !== undefined && _data_sagemaker_api_model_js__WEBPACK_IMPORTED_MODULE_1__/* .CLUSTER_INSTANCE_TYPES */ .pZ.includes(value) ? value : undefined;
}
/** The output could not be trusted; the whole batch is a tool failure. */
class CfnLintOutputError extends Error {
}
const LEVEL_SEVERITY = { error: 'error', warning: 'warning', informational: 'notice' };
const PREFIX_LEVEL = { E: 'error', W: 'warning', I: 'informational' };
const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const positiveInt = (value) => typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : undefined;
const kebab = (text) => text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
/** Relative to cwd with forward slashes, whatever form cfn-lint echoed. */
const relativeToCwd = (cwd, file) => {
    const relative = node_path__WEBPACK_IMPORTED_MODULE_0___default().relative(cwd, node_path__WEBPACK_IMPORTED_MODULE_0___default().resolve(cwd, file));
    return relative.split((node_path__WEBPACK_IMPORTED_MODULE_0___default().sep)).join('/');
};
/**
 * Parses and maps one batch's stdout.
 * Throws CfnLintOutputError when the text is not cfn-lint's JSON, when a result has no file
 * (cfn-lint's own configuration errors, e.g. E0003), or when the exit code announces a level
 * of finding that the output does not contain.
 */
function parseCfnLintOutput(stdout, exitCode, cwd, options = {}) {
    let data;
    try {
        data = JSON.parse(stdout);
    }
    catch {
        const excerpt = stdout.trim().slice(0, 200);
        throw new CfnLintOutputError(`its output is not valid JSON (exit code ${exitCode}): ${excerpt ? JSON.stringify(excerpt) : 'empty output'}`);
    }
    if (!Array.isArray(data))
        throw new CfnLintOutputError(`its JSON output is not a list of results (exit code ${exitCode})`);
    const findings = [];
    const rules = new Map();
    const levelsSeen = new Set();
    const droppedInstanceTypes = [];
    data.forEach((item, index) => {
        const { finding, rule, level } = mapResult(item, index, cwd);
        levelsSeen.add(level);
        const stale = isStaleInstanceTypeEnum(item, cwd, options);
        if (stale !== undefined) {
            droppedInstanceTypes.push(stale);
            return;
        }
        findings.push(finding);
        if (!rules.has(rule.id))
            rules.set(rule.id, rule);
    });
    for (const level of Object.keys(EXIT_BITS)) {
        if (exitCode & EXIT_BITS[level] && !levelsSeen.has(level)) {
            throw new CfnLintOutputError(`exit code ${exitCode} announces ${level} findings that its output does not contain`);
        }
    }
    return { findings, rules: [...rules.values()].sort((a, b) => (0,_util_compare_js__WEBPACK_IMPORTED_MODULE_2__/* .compareText */ .n)(a.id, b.id)), droppedInstanceTypes };
}
function mapResult(item, index, cwd) {
    const where = `result #${index + 1}`;
    if (!isRecord(item) || !isRecord(item.Rule))
        throw new CfnLintOutputError(`${where} of its JSON output has no Rule`);
    const rule = item.Rule;
    const id = typeof rule.Id === 'string' ? rule.Id.trim() : '';
    if (!/^[A-Z]\d+$/.test(id))
        throw new CfnLintOutputError(`${where} has an unexpected rule ID ${JSON.stringify(rule.Id)}`);
    const message = typeof item.Message === 'string' ? item.Message : '';
    // Results without a file are about cfn-lint's own run (bad arguments, unreadable paths): a tool failure.
    if (typeof item.Filename !== 'string' || item.Filename === '') {
        throw new CfnLintOutputError(`it reported ${id} without a file: ${message || 'no message'}`);
    }
    const levelText = typeof item.Level === 'string' ? item.Level.toLowerCase() : '';
    const level = Object.hasOwn(LEVEL_SEVERITY, levelText) ? levelText : PREFIX_LEVEL[id.charAt(0)];
    if (!level)
        throw new CfnLintOutputError(`${where} (${id}) has an unknown level ${JSON.stringify(item.Level)}`);
    // cfn-lint JSON locations are 1-based; End is the position after the last character (as in SARIF).
    const location = isRecord(item.Location) ? item.Location : {};
    const start = isRecord(location.Start) ? location.Start : {};
    const end = isRecord(location.End) ? location.End : {};
    const line = positiveInt(start.LineNumber) ?? 1;
    const column = positiveInt(start.ColumnNumber) ?? 1;
    let endLine = positiveInt(end.LineNumber) ?? line;
    let endColumn = positiveInt(end.ColumnNumber) ?? column;
    if (endLine < line || (endLine === line && endColumn < column)) {
        endLine = line;
        endColumn = column;
    }
    const pathParts = Array.isArray(location.Path) ? location.Path : [];
    const resource = pathParts[0] === 'Resources' && typeof pathParts[1] === 'string' ? pathParts[1] : undefined;
    const source = typeof rule.Source === 'string' && /^https?:\/\//.test(rule.Source) ? rule.Source : undefined;
    const ruleId = `${CFN_LINT_PREFIX}${id}`;
    const finding = {
        ruleId,
        severity: LEVEL_SEVERITY[level],
        file: relativeToCwd(cwd, item.Filename),
        line,
        column,
        endLine,
        endColumn,
        message: message || (typeof rule.ShortDescription === 'string' ? rule.ShortDescription : id),
        ...(resource !== undefined ? { resource } : {}),
        fingerprint: '',
        ...(source ? { docs: source } : {}),
    };
    const title = typeof rule.ShortDescription === 'string' && rule.ShortDescription ? rule.ShortDescription : id;
    const meta = {
        id: ruleId,
        name: kebab(title) || id.toLowerCase(),
        title,
        defaultSeverity: LEVEL_SEVERITY[PREFIX_LEVEL[id.charAt(0)] ?? level],
        description: typeof rule.Description === 'string' && rule.Description ? rule.Description : title,
        docs: source ?? 'https://github.com/aws-cloudformation/cfn-lint/blob/main/docs/rules.md',
    };
    return { finding, rule: meta, level };
}


/***/ })

};
