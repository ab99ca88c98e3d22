/**
 * Generated YAML documents for the differential tests: trees of scalars (plain, quoted, tagged, anchored),
 * mappings and sequences, rendered in varied styles (indent step, flow collections, comments, CRLF,
 * document start, block scalars, tags on their own line).
 */
import fc from 'fast-check';

export type Gen =
  { kind: 'scalar'; text: string } | { kind: 'map'; entries: [string, Gen][] } | { kind: 'seq'; items: Gen[] } | { kind: 'empty' };

const PLAIN_SCALARS = [
  'word',
  'two words',
  'ml.p5.48xlarge',
  '10.0.0.0/16',
  'sts:AssumeRole',
  'a-b_c',
  'x#y',
  'ends.',
  "it's",
  '0',
  '-0',
  '7',
  '+12',
  '007',
  '0123456789012',
  '111122223333',
  '1e3',
  '-1.5',
  '.5',
  '1.',
  '0x1F',
  '0o17',
  '0o8',
  '12345678901234567890',
  '.inf',
  '-.Inf',
  '.nan',
  'true',
  'False',
  'TRUE',
  'yes',
  'no',
  'null',
  'Null',
  '~',
  'on',
  '2024-01-01',
  '1_000',
  '+.inf',
  '0.0',
  'multi\n  line plain',
  '@at',
  '`tick',
  'key:value',
  'a - b',
];
const QUOTED_SCALARS = [
  "'single'",
  "'it''s'",
  "''",
  '"double"',
  '""',
  '"tab\\tand \\"quote\\""',
  '"\\u00e9t\\u00e9"',
  "'007'",
  '"true"',
  '"multi\n  line"',
  "'folded\n\n  text'",
  '"a # not comment"',
  '"slash \\\\ back"',
  '"esc \\\n  aped"',
  '"\\x41\\N\\_"',
];
export const KEYS = [
  'Name',
  'Type',
  'Properties',
  'a',
  'b',
  'c',
  '"quoted key"',
  "'single key'",
  '1',
  '007',
  'true',
  '~',
  'null',
  '0x10',
  'Fn::If',
  'key with spaces',
  '__proto__',
  'constructor',
];
export const TAGS = ['!Ref', '!GetAtt', '!Sub', '!If', '!Equals', '!Join', '!Select', '!Base64', '!Tags', '!if', '!Condition'];

const scalarArb = fc.oneof(
  fc.constantFrom(...PLAIN_SCALARS),
  fc.constantFrom(...QUOTED_SCALARS),
  fc
    .tuple(fc.constantFrom(...TAGS), fc.constantFrom('Vpc', 'Role.Arn', 'a.b.c', '"x.y"', "'${AWS::Region}'", '0', ''))
    .map(([tag, v]) => (v === '' ? tag : `${tag} ${v}`)),
  fc.constantFrom('&anchor value', '&a1 42'),
);

export const treeArb: fc.Arbitrary<Gen> = fc.letrec<{ node: Gen }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarArb.map((text): Gen => ({ kind: 'scalar', text })),
    fc.constant<Gen>({ kind: 'empty' }),
    fc
      .uniqueArray(fc.tuple(fc.constantFrom(...KEYS), tie('node')), { minLength: 1, maxLength: 4, selector: ([k]) => k })
      .map((entries): Gen => ({ kind: 'map', entries })),
    fc.array(tie('node'), { minLength: 1, maxLength: 4 }).map((items): Gen => ({ kind: 'seq', items })),
  ),
})).node;

export interface Style {
  step: number;
  flowAt: number;
  comments: boolean;
  crlf: boolean;
  docStart: boolean;
  seqAtMapIndent: boolean;
  tagOnOwnLine: boolean;
  blockScalars: boolean;
  choice: number[];
}

export const styleArb: fc.Arbitrary<Style> = fc.record({
  step: fc.constantFrom(2, 4),
  flowAt: fc.integer({ min: 1, max: 5 }),
  comments: fc.boolean(),
  crlf: fc.boolean(),
  docStart: fc.boolean(),
  seqAtMapIndent: fc.boolean(),
  tagOnOwnLine: fc.boolean(),
  blockScalars: fc.boolean(),
  choice: fc.array(fc.integer({ min: 0, max: 99 }), { minLength: 8, maxLength: 8 }),
});

const isFlowable = (node: Gen): boolean =>
  node.kind === 'scalar'
    ? !node.text.includes('\n') && !node.text.startsWith('&')
    : node.kind === 'map'
      ? node.entries.every(([, v]) => v.kind !== 'empty' && isFlowable(v))
      : node.kind === 'seq'
        ? node.items.every((v) => v.kind !== 'empty' && isFlowable(v))
        : false;

/** Flow style; `pick` adds tags, line breaks and comments inside the brackets. */
function renderFlow(node: Gen, pick: (n: number) => number, indent: number): string {
  if (node.kind === 'scalar' || node.kind === 'empty') return node.kind === 'scalar' ? node.text : '';
  const tag = pick(4) === 0 ? `${TAGS[pick(TAGS.length)]} ` : '';
  const broken = pick(4) === 0;
  const pad = ' '.repeat(indent + 2);
  const sep = broken ? (pick(2) === 0 ? ', # inside\n' : ',\n') + pad : ', ';
  const parts =
    node.kind === 'map'
      ? node.entries.map(([k, v]) => `${k}: ${renderFlow(v, pick, indent + 2)}`)
      : node.items.map((v) => renderFlow(v, pick, indent + 2));
  const [open, close] = node.kind === 'map' ? ['{', '}'] : ['[', ']'];
  if (!broken) return `${tag}${open}${parts.join(sep)}${close}`;
  return `${tag}${open}\n${pad}${parts.join(sep)}${pick(2) === 0 ? ',' : ''}\n${' '.repeat(indent + pick(2) * 2)}${close}`;
}

/** Renders a generated tree as block YAML in a style; `counter` varies choices along the document. */
export function render(root: Gen, style: Style): string {
  const lines: string[] = [];
  let counter = 0;
  const pick = (n: number) => style.choice[counter++ % style.choice.length]! % n;
  const comment = (indent: number) => {
    if (style.comments && pick(4) === 0) lines.push(`${' '.repeat(indent + pick(3))}# note ${counter}`);
    if (pick(6) === 0) lines.push('');
  };
  const trailing = () => (style.comments && pick(3) === 0 ? ' # trailing' : '');
  const scalarText = (text: string, indent: number) =>
    // Multi-line quoted scalars continue more indented than their parent.
    text.replace(/\n {2}/g, `\n${' '.repeat(indent + 2)}`);

  /** Writes `prefix` + the node (prefix ends where the value starts, e.g. `key:` or `-`). */
  const put = (prefix: string, node: Gen, indent: number, depth: number, inSeq: boolean) => {
    if (node.kind === 'empty') {
      if (inSeq) lines.push(`${prefix} ~`);
      else lines.push(prefix);
      return;
    }
    if (node.kind === 'scalar') {
      if (style.blockScalars && pick(5) === 0 && !node.text.startsWith('!') && !node.text.startsWith('&')) {
        lines.push(`${prefix} ${['|', '>', '|-', '>-', '|+', '>2', '|1-'][pick(7)]}${trailing()}`);
        lines.push(`${' '.repeat(indent + style.step)}first line ${node.text.replace(/\n/g, ' ')}`);
        if (pick(2) === 0) lines.push('');
        lines.push(`${' '.repeat(indent + style.step)}second: line #${counter}`);
        return;
      }
      lines.push(`${prefix} ${scalarText(node.text, indent)}${trailing()}`);
      return;
    }
    if (depth >= style.flowAt && isFlowable(node)) {
      lines.push(`${prefix} ${renderFlow(node, pick, indent)}${trailing()}`);
      return;
    }
    const tag = style.tagOnOwnLine && pick(3) === 0 ? ` ${TAGS[pick(TAGS.length)]}` : '';
    if (node.kind === 'map') {
      if (inSeq && !tag && pick(2) === 0) {
        // Compact mapping: first entry on the dash line.
        const inner = prefix.length + 1;
        node.entries.forEach(([k, v], i) => {
          put(i === 0 ? `${prefix} ${k}:` : `${' '.repeat(inner)}${k}:`, v, inner, depth + 1, false);
          if (i < node.entries.length - 1) comment(inner);
        });
        return;
      }
      lines.push(`${prefix}${tag}${trailing()}`);
      const inner = indent + style.step;
      node.entries.forEach(([k, v]) => {
        comment(inner);
        put(`${' '.repeat(inner)}${k}:`, v, inner, depth + 1, false);
      });
      return;
    }
    if (inSeq && !tag && pick(3) === 0) {
      // Compact nested sequence: `- - item`.
      const inner = prefix.length + 1;
      node.items.forEach((v, i) => put(i === 0 ? `${prefix} -` : `${' '.repeat(inner)}-`, v, inner, depth + 1, true));
      return;
    }
    lines.push(`${prefix}${tag}${trailing()}`);
    const inner = !inSeq && style.seqAtMapIndent ? indent : indent + style.step;
    node.items.forEach((v) => {
      comment(inner);
      put(`${' '.repeat(inner)}-`, v, inner, depth + 1, true);
    });
  };

  if (style.docStart) lines.push('---');
  if (root.kind === 'map') {
    root.entries.forEach(([k, v]) => {
      comment(0);
      put(`${k}:`, v, 0, 1, false);
    });
  } else if (root.kind === 'seq') {
    root.items.forEach((v) => {
      comment(0);
      put('-', v, 0, 1, true);
    });
  } else {
    lines.push(root.kind === 'scalar' ? root.text : '');
  }
  return lines.join(style.crlf ? '\r\n' : '\n') + (style.crlf ? '\r\n' : '\n');
}

export const documentArb = fc.tuple(treeArb, styleArb).map(([tree, style]) => render(tree, style));
