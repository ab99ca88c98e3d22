import { Parser, Language } from 'web-tree-sitter';
import { readFileSync } from 'node:fs';
await Parser.init();
const lang = await Language.load(readFileSync('node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'));
const p = new Parser();
p.setLanguage(lang);
const src = readFileSync(0, 'utf8');
const tree = p.parse(src);
const show = (n, d = 0) => {
  console.log(
    ' '.repeat(d) +
      (n.isNamed ? n.type : JSON.stringify(n.type)) +
      (n.childCount === 0 ? ' ' + JSON.stringify(n.text) : '') +
      (n.isError || n.isMissing ? ' !!' : '') +
      ` ${n.startPosition.row}:${n.startPosition.column}`,
  );
  for (const c of n.children) show(c, d + 1);
};
show(tree.rootNode);
