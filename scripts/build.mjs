// Builds the two committed bundles with @vercel/ncc: the action (dist/index.js) and the CLI
// (dist/cli/index.js). Each bundle is one ESM file that also serves as its own parse worker; the
// Terraform source reader's parser (web-tree-sitter, unbundled, and the grammar wasm) is copied beside each bundle.
// `node scripts/build.mjs --out DIR` builds elsewhere (the staleness test compares with dist/).
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const outIndex = process.argv.indexOf('--out');
const root = outIndex > 0 ? process.argv[outIndex + 1] : 'dist';
const ncc = 'node_modules/@vercel/ncc/dist/ncc/cli.js';
const BESIDE_FILES = [
  'node_modules/web-tree-sitter/web-tree-sitter.js',
  'node_modules/web-tree-sitter/web-tree-sitter.wasm',
  'node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm',
];
const bundles = [
  { entry: 'src/action/index.ts', out: root, license: 'licenses.txt' },
  { entry: 'src/cli/index.ts', out: path.join(root, 'cli') },
];
rmSync(root, { recursive: true, force: true });
for (const { entry, out, license } of bundles) {
  const args = [ncc, 'build', entry, '-o', out, '--target', 'es2022', '-q'];
  if (license) args.push('--license', license);
  execFileSync(process.execPath, args, { stdio: 'inherit' });
  // The Terraform source reader loads these beside the bundle (src/parsers/hcl/syntax.ts).
  for (const file of BESIDE_FILES) copyFileSync(file, path.join(out, path.basename(file)));
}
const cli = path.join(root, 'cli', 'index.js');
const text = readFileSync(cli, 'utf8');
if (!text.startsWith('#!')) writeFileSync(cli, '#!/usr/bin/env node\n' + text);
chmodSync(cli, 0o755);
