export const id = 794;
export const ids = [794];
export const modules = {

/***/ 2794:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   toJsonReport: () => (/* binding */ toJsonReport)
/* harmony export */ });
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1013);

/**
 * The fix: its text, and the suggested change when there is one: `replacement` (a local edit: the text that replaces
 * `range`, whole lines; columns are 1-based, the end column exclusive) or `snippet` (lines to add elsewhere).
 */
function fixJson(f) {
    const s = f.suggestion;
    if (!f.fix && !s)
        return null;
    const lastLine = s?.edit?.original.split('\n').pop() ?? '';
    return {
        text: f.fix ?? null,
        ...(s ? { description: s.description } : {}),
        ...(s?.edit
            ? {
                replacement: {
                    file: s.edit.file,
                    range: { startLine: s.edit.startLine, startColumn: 1, endLine: s.edit.endLine, endColumn: Array.from(lastLine).length + 1 },
                    text: s.edit.replacement,
                },
            }
            : {}),
        ...(s?.snippet ? { snippet: s.snippet } : {}),
    };
}
const findingJson = (f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    message: f.message,
    resource: f.resource ?? null,
    fix: fixJson(f),
    fingerprint: f.fingerprint,
    docs: (0,_version_js__WEBPACK_IMPORTED_MODULE_0__/* .docsUrl */ .fs)(f.docs) ?? null,
    ...(f.related?.length ? { related: f.related } : {}),
    ...(f.isNew !== undefined ? { isNew: f.isNew } : {}),
    ...(f.suppressedBy ? { suppressedBy: f.suppressedBy } : {}),
});
/** The JSON report: findings, scanned files with their kind, what could not be verified, and counts. */
function toJsonReport(result) {
    return {
        tool: { name: _version_js__WEBPACK_IMPORTED_MODULE_0__/* .TOOL_NAME */ .lH, version: _version_js__WEBPACK_IMPORTED_MODULE_0__/* .TOOL_VERSION */ .wr, ...(Object.keys(result.tools).length ? { external: result.tools } : {}) },
        summary: result.summary,
        findings: result.findings.map(findingJson),
        suppressed: result.suppressed.map(findingJson),
        files: result.files.map((f) => ({ file: f.file, kind: f.kind, ...(f.note ? { note: f.note } : {}) })),
        unverified: result.unverified,
        demand: result.demand,
        notices: result.notices,
        checkedWithoutCluster: result.checkedWithoutCluster ?? [],
        ...(result.account ? { account: { degraded: result.account.degraded } } : {}),
    };
}


/***/ })

};
