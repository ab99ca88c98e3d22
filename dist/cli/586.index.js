export const id = 586;
export const ids = [586];
export const modules = {

/***/ 4586:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   outlineFromDocument: () => (/* binding */ outlineFromDocument)
/* harmony export */ });
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);
// The outline of a template's Resources read with the `yaml` package (JSON is YAML): for texts the scan
// gave no outline of (parsers/cfn-outline.ts gives the same outline from the scan's own parse).

/** `\s` at an offset (as the scan's reader trims its locations). */
const isSpaceAt = (text, index) => /\s/.test(text[index] ?? '');
function outlineFromDocument(text) {
    const counter = new yaml__WEBPACK_IMPORTED_MODULE_0__/* .LineCounter */ .HN();
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parseDocument */ .Tp)(text, { lineCounter: counter, uniqueKeys: false, strict: false, prettyErrors: false });
    if (doc.errors.length || !(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(doc.contents))
        return undefined;
    const resources = doc.contents.get('Resources', true);
    if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(resources))
        return undefined;
    /** Line of the last character of [start, end) that is not white space (the start's line when there is none). */
    const endLine = (start, end) => {
        let last = Math.max(start, end - 1);
        while (last > start && isSpaceAt(text, last))
            last--;
        return counter.linePos(last).line;
    };
    const entry = (pair, withMap = true) => {
        const key = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(pair.key) ? pair.key : undefined;
        const value = pair.value;
        const out = { name: key ? String(key.value) : '', stringKey: typeof key?.value === 'string' };
        if (key?.range) {
            const pos = counter.linePos(key.range[0]);
            out.keyLine = pos.line;
            out.keyColumn = pos.col;
        }
        if (value?.range)
            out.valueEndLine = endLine(value.range[0], value.range[1]);
        if (withMap && (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(value))
            out.map = { flow: Boolean(value.flow) };
        return out;
    };
    const firstKeyColumn = (map) => {
        const key = map.items[0]?.key;
        return (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(key) && key.range ? counter.linePos(key.range[0]).col : undefined;
    };
    const outline = { resources: [] };
    for (const [index, pair] of resources.items.entries()) {
        const resource = entry(pair);
        if (resource.map) {
            const map = pair.value;
            if (index === 0) {
                const column = firstKeyColumn(map);
                if (column !== undefined)
                    resource.map.firstKeyColumn = column;
            }
            const props = map.items.find((p) => (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(p.key) && p.key.value === 'Properties');
            if (props) {
                const properties = entry(props);
                if (properties.map) {
                    const items = props.value.items;
                    if (items.length)
                        properties.map.last = entry(items[items.length - 1], false);
                }
                resource.map.properties = properties;
            }
        }
        outline.resources.push(resource);
    }
    return outline;
}


/***/ })

};
