// The outline of a template's Resources read with the `yaml` package (JSON is YAML): for texts the scan
// gave no outline of (parsers/cfn-outline.ts gives the same outline from the scan's own parse).
import { LineCounter, isMap, isScalar, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import type { OutlineEntry, TemplateOutline } from './types.js';

/** `\s` at an offset (as the scan's reader trims its locations). */
const isSpaceAt = (text: string, index: number): boolean => /\s/.test(text[index] ?? '');

export function outlineFromDocument(text: string): TemplateOutline | undefined {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false, strict: false, prettyErrors: false });
  if (doc.errors.length || !isMap(doc.contents)) return undefined;
  const resources = doc.contents.get('Resources', true);
  if (!isMap(resources)) return undefined;

  /** Line of the last character of [start, end) that is not white space (the start's line when there is none). */
  const endLine = (start: number, end: number): number => {
    let last = Math.max(start, end - 1);
    while (last > start && isSpaceAt(text, last)) last--;
    return counter.linePos(last).line;
  };
  const entry = (pair: Pair, withMap = true): OutlineEntry => {
    const key = isScalar(pair.key) ? pair.key : undefined;
    const value = pair.value as Node | null;
    const out: OutlineEntry = { name: key ? String(key.value) : '', stringKey: typeof key?.value === 'string' };
    if (key?.range) {
      const pos = counter.linePos(key.range[0]);
      out.keyLine = pos.line;
      out.keyColumn = pos.col;
    }
    if (value?.range) out.valueEndLine = endLine(value.range[0], value.range[1]);
    if (withMap && isMap(value)) out.map = { flow: Boolean(value.flow) };
    return out;
  };
  const firstKeyColumn = (map: YAMLMap): number | undefined => {
    const key = map.items[0]?.key;
    return isScalar(key) && key.range ? counter.linePos(key.range[0]).col : undefined;
  };

  const outline: TemplateOutline = { resources: [] };
  for (const [index, pair] of resources.items.entries()) {
    const resource = entry(pair);
    if (resource.map) {
      const map = pair.value as YAMLMap;
      if (index === 0) {
        const column = firstKeyColumn(map);
        if (column !== undefined) resource.map.firstKeyColumn = column;
      }
      const props = map.items.find((p) => isScalar(p.key) && p.key.value === 'Properties');
      if (props) {
        const properties = entry(props as Pair);
        if (properties.map) {
          const items = (props.value as YAMLMap).items;
          if (items.length) properties.map.last = entry(items[items.length - 1] as Pair, false);
        }
        resource.map.properties = properties;
      }
    }
    outline.resources.push(resource);
  }
  return outline;
}
