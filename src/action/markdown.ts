// Escaping of untrusted text (file names, resource names, messages quoting template values)
// for GitHub Markdown: no mentions, links, images, HTML, hidden text or broken tables.

const ZWJ = '\u200d';
const ZWSP = '\u200b';

/** Shortens text to `max` characters (code points), marking the cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/**
 * Plain text for Markdown: one line, HTML specials as entities, Markdown punctuation
 * backslash-escaped, mentions and bare URLs broken with zero-width characters.
 */
export function escapeMarkdown(text: string, max = 500): string {
  const oneLine = truncate(
    String(text)
      .replace(/[\r\n\t]+/g, ' ')
      // Other control characters and bidi overrides can hide text.
      .replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, ' '),
    max,
  );
  return oneLine
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\\`*_{}[\]()#+!|~]/g, (c) => `\\${c}`)
    .replace(/@/g, `@${ZWJ}`)
    .replace(/:\/\//g, `:/${ZWSP}/`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWSP}.`);
}

/** Bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069): they can reorder what a reader sees. */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * Inline code for a file name or identifier: a backtick fence longer than any run inside,
 * pipes escaped for tables. Code spans render no mentions, links or HTML, but the raw body still
 * holds the text: an HTML comment opener or closer is broken with a zero-width space (so a name
 * cannot forge one of the action's markers), and bidi controls are shown as their code points.
 */
export function codeSpan(text: string, max = 200): string {
  const value = truncate(
    String(text)
      .replace(/[\r\n\t\u0000-\u001f\u007f]+/g, ' ')
      .replace(BIDI, (c) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase()}>`),
    max,
  )
    .replace(/<!/g, `<${ZWSP}!`)
    .replace(/--(?=>)/g, `--${ZWSP}`)
    .replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = value.startsWith('`') || value.endsWith('`') || value === '' ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

/** Text safe inside an HTML comment marker: no `--` or `>`. */
export function markerValue(text: string): string {
  return text.replace(/[^A-Za-z0-9_.:=/-]/g, '').replace(/-{2,}/g, '-');
}
