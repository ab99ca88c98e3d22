export const id = 643;
export const ids = [643];
export const modules = {

/***/ 5881:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   toSarif: () => (/* binding */ toSarif)
/* harmony export */ });
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1013);

const LEVEL = { error: 'error', warning: 'warning', notice: 'note' };
/** SARIF 2.1.0 with one run, ready for github/codeql-action/upload-sarif. */
function toSarif(result, opts = {}) {
    const rules = [];
    const ruleIndex = new Map();
    const addRule = (descriptor) => {
        ruleIndex.set(descriptor.id, rules.length);
        rules.push(descriptor);
    };
    for (const meta of result.rules) {
        const helpUri = (0,_version_js__WEBPACK_IMPORTED_MODULE_0__/* .docsUrl */ .fs)(meta.docs);
        addRule({
            id: meta.id,
            name: toPascal(meta.name),
            shortDescription: { text: meta.title },
            fullDescription: { text: meta.description },
            help: { text: `${meta.description}\nDocs: ${helpUri}`, markdown: `${meta.description}\n\n[Rule documentation](${helpUri})` },
            helpUri,
            defaultConfiguration: { level: LEVEL[meta.defaultSeverity] },
            properties: { tags: ['hyperpod', 'iac'] },
        });
    }
    const all = [...result.findings, ...result.suppressed];
    for (const f of all) {
        if (ruleIndex.has(f.ruleId))
            continue;
        const helpUri = (0,_version_js__WEBPACK_IMPORTED_MODULE_0__/* .docsUrl */ .fs)(f.docs);
        addRule({
            id: f.ruleId,
            name: toPascal(f.ruleId.replace(/[^A-Za-z0-9]+/g, '-')),
            shortDescription: { text: f.ruleId },
            fullDescription: { text: `${f.ruleId} (external tool rule)` },
            help: { text: helpUri ? `See ${helpUri}` : f.ruleId },
            ...(helpUri ? { helpUri } : {}),
            properties: { tags: ['iac'] },
        });
    }
    const toResult = (f) => ({
        ruleId: f.ruleId,
        ruleIndex: ruleIndex.get(f.ruleId),
        level: LEVEL[f.severity],
        message: { text: f.fix ? `${f.message} Fix: ${f.fix}` : f.message },
        locations: [
            {
                physicalLocation: {
                    artifactLocation: { uri: encodeUri(f.file), uriBaseId: '%SRCROOT%' },
                    region: {
                        startLine: Math.max(1, f.line),
                        startColumn: Math.max(1, f.column),
                        endLine: Math.max(f.line, f.endLine, 1),
                        ...(f.endLine > f.line || f.endColumn > f.column ? { endColumn: Math.max(1, f.endColumn) } : {}),
                    },
                },
                ...(f.resource ? { logicalLocations: [{ name: f.resource, kind: 'resource' }] } : {}),
            },
        ],
        partialFingerprints: { 'hyperpodPrereqFingerprint/v1': f.fingerprint },
        ...(f.suggestion?.edit ? { fixes: [sarifFix(f.suggestion.description, f.suggestion.edit)] } : {}),
        ...(f.suppressedBy
            ? {
                suppressions: [
                    { kind: f.suppressedBy.source === 'inline' ? 'inSource' : 'external', justification: f.suppressedBy.reason ?? '' },
                ],
            }
            : {}),
    });
    return {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [
            {
                tool: {
                    driver: {
                        name: _version_js__WEBPACK_IMPORTED_MODULE_0__/* .TOOL_NAME */ .lH,
                        version: opts.toolVersion ?? _version_js__WEBPACK_IMPORTED_MODULE_0__/* .TOOL_VERSION */ .wr,
                        semanticVersion: opts.toolVersion ?? _version_js__WEBPACK_IMPORTED_MODULE_0__/* .TOOL_VERSION */ .wr,
                        informationUri: 'https://github.com/hyperpod-prereq/hyperpod-prereq-action',
                        rules,
                    },
                },
                automationDetails: { id: `${opts.category ?? _version_js__WEBPACK_IMPORTED_MODULE_0__/* .TOOL_NAME */ .lH}/` },
                columnKind: 'unicodeCodePoints',
                results: all.filter((f) => f.file !== '.').map(toResult),
            },
        ],
    };
}
/**
 * A SARIF fix (\u00a73.55): one artifactChange replacing the edited lines. The deleted region runs from column 1 of the
 * first line to the end of the last (the line ending stays), columns in Unicode code points like the run's columnKind.
 */
function sarifFix(description, edit) {
    const last = edit.original.split('\n').pop() ?? '';
    return {
        description: { text: description },
        artifactChanges: [
            {
                artifactLocation: { uri: encodeUri(edit.file), uriBaseId: '%SRCROOT%' },
                replacements: [
                    {
                        deletedRegion: { startLine: edit.startLine, startColumn: 1, endLine: edit.endLine, endColumn: Array.from(last).length + 1 },
                        insertedContent: { text: edit.replacement },
                    },
                ],
            },
        ],
    };
}
const toPascal = (name) => name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');
const encodeUri = (file) => file.split('/').map(encodeURIComponent).join('/');


/***/ })

};
