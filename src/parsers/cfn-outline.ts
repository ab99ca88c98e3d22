/**
 * The outline of a template's Resources that the fix layer edits with (fix/types.ts), taken from the
 * scan's own parse so a template with findings is not read a second time. It must equal what the
 * fix layer reads with the `yaml` package (fix/cfn-document.ts; test/fix/outline.test.ts): whenever
 * the plain values cannot tell (a tag, anchor or alias before a mapping, a key that is not a plain
 * string, an empty value, a BOM, more than one document), there is no outline and the fix layer reads
 * the text itself.
 */
import type { OutlineEntry, TemplateOutline } from '../fix/types.js';
import type { Loc } from '../model/types.js';
import { resolvePlain } from './yaml-cst.js';
import { isPlainObject, type YamlSource } from './yaml-source.js';

/** Between a key and its mapping value: the colon, spaces and comments (no tag, anchor or `?`). */
const BETWEEN = /^[ \t]*:[ \t]*(?:#[^\n]*)?(?:\r?\n[ \t]*(?:#[^\n]*)?)*$/;
/** Before the root mapping: blank lines, comments and document starts. */
const BEFORE_ROOT = /^(?:[ \t]*(?:#[^\n]*)?\r?\n|---[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*$/;

class NoOutline extends Error {}
const NO_OUTLINE = new NoOutline();

export function outlineFromSource(source: YamlSource, rawText: string): TemplateOutline | undefined {
  if (rawText.charCodeAt(0) === 0xfeff || source.text !== rawText) return undefined;
  if (source.documents.length !== 1 || source.errors.length) return undefined;
  // A carriage return that does not end a line: the fix layer reads such a file itself.
  if (/\r(?!\n)/.test(rawText)) return undefined;
  const text = source.text;
  const start = (loc: Loc) => source.offsetOf(loc.line, loc.column);
  const end = (loc: Loc) => source.offsetOf(loc.endLine, loc.endColumn);

  /** The entries of a mapping, in document order (the reader records keys in that order; checked). */
  const entries = (map: object): { name: string; key: Loc; value: Loc; item: unknown }[] => {
    const info = source.info(map)!;
    const list: { name: string; key: Loc; value: Loc; item: unknown }[] = [];
    let previous = -1;
    for (const [name, key] of info.keys) {
      const value = info.values.get(name);
      const at = start(key);
      if (!value || at <= previous) throw NO_OUTLINE;
      previous = at;
      list.push({ name, key, value, item: (map as Record<string, unknown>)[name] });
    }
    return list;
  };

  /** The last entry of a mapping (the reader records keys in document order). */
  const lastEntry = (map: object): { name: string; key: Loc; value: Loc; item: unknown } | undefined => {
    const info = source.info(map)!;
    let last: [string, Loc] | undefined;
    for (const pair of info.keys) last = pair;
    if (!last) return undefined;
    const value = info.values.get(last[0]);
    if (!value) throw NO_OUTLINE;
    return { name: last[0], key: last[1], value, item: (map as Record<string, unknown>)[last[0]] };
  };

  /** A key the `yaml` package reads as this same string: quoted, or plain and not a null, bool or number. */
  const checkKey = (name: string, key: Loc): void => {
    const raw = text.slice(start(key), end(key));
    const c = raw[0];
    if (c === '"' || c === "'") return;
    if (name === '' || raw !== name || typeof resolvePlain(raw) !== 'string' || /^[!&*?|>%@`\-[\]{},#]/.test(raw)) throw NO_OUTLINE;
  };

  /** A mapping value written right after its key (no tag, anchor or alias): flow or block. */
  const mapOf = (key: Loc, value: Loc, item: unknown): NonNullable<OutlineEntry['map']> | undefined => {
    if (!isPlainObject(item) || !source.info(item)) return undefined;
    const at = start(value);
    if (!BETWEEN.test(text.slice(end(key), at)) || '!&*'.includes(text[at]!)) throw NO_OUTLINE;
    return { flow: text[at] === '{' };
  };

  const entry = (name: string, key: Loc, value: Loc): OutlineEntry => {
    checkKey(name, key);
    return { name, stringKey: true, keyLine: key.line, keyColumn: key.column, valueEndLine: value.endLine };
  };

  try {
    const root = source.documents[0];
    const rootLoc = source.rootLocs[0];
    if (!isPlainObject(root) || !source.info(root) || !rootLoc) return undefined;
    const rootStart = start(rootLoc);
    if (!BEFORE_ROOT.test(text.slice(0, rootStart)) || '!&*'.includes(text[rootStart]!)) return undefined;
    const resourcesKey = source.info(root)!.keys.get('Resources');
    if (!resourcesKey) return undefined;
    checkKey('Resources', resourcesKey);
    const resourcesValue = source.info(root)!.values.get('Resources')!;
    const resources = root.Resources;
    if (!mapOf(resourcesKey, resourcesValue, resources)) return undefined;
    const outline: TemplateOutline = { resources: [] };
    for (const [index, { name, key, value, item }] of entries(resources as object).entries()) {
      const resource = entry(name, key, value);
      const map = mapOf(key, value, item);
      if (!map) throw NO_OUTLINE;
      resource.map = map;
      // Only the entries the fix layer reads: the first key (first resource), Properties, its last key.
      const inner = source.info(item)!;
      if (index === 0) {
        const first = inner.keys.entries().next().value;
        if (first) {
          checkKey(first[0], first[1]);
          map.firstKeyColumn = first[1].column;
        }
      }
      const propsKey = inner.keys.get('Properties');
      if (propsKey) {
        const props = { key: propsKey, value: inner.values.get('Properties'), item: (item as Record<string, unknown>).Properties };
        if (!props.value) throw NO_OUTLINE;
        const properties = entry('Properties', props.key, props.value);
        const propsMap = mapOf(props.key, props.value, props.item);
        if (propsMap) {
          properties.map = propsMap;
          const last = lastEntry(props.item as object);
          if (last) {
            if (last.item === null || last.item === undefined) throw NO_OUTLINE;
            propsMap.last = entry(last.name, last.key, last.value);
          }
        } else if (props.item === null || props.item === undefined) throw NO_OUTLINE;
        map.properties = properties;
      }
      outline.resources.push(resource);
    }
    return outline;
  } catch (error) {
    if (error instanceof NoOutline) return undefined;
    throw error;
  }
}
