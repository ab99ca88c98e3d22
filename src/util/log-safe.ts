/**
 * Printing text that came from the scanned files (file names, resource names, messages) into a CI log.
 *
 * The GitHub Actions runner reads workflow commands from every line a step prints, on stdout and
 * stderr (actions/runner, src/Runner.Worker/ActionCommandManager.cs, TryProcessCommand):
 * - `::name props::data` when the line starts with it after leading white space
 *   (ActionCommand.TryParseV2 calls TrimStart, so indenting a line does not disarm it);
 * - the legacy `##[name props]data` anywhere in the line (ActionCommand.TryParse uses IndexOf).
 * A line break inside such text would start a new line, so one-line texts lose theirs.
 */

/** Line ends a log reader may split on (\r\n, \r, \n, NEL, and the Unicode line and paragraph separators). */
const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/g;

/** `text` as one line: each line break becomes a space. */
export const oneLine = (text: string): string => text.replace(LINE_BREAKS, ' ');

/**
 * Every line of `text` made unable to run a workflow command: a `::` that starts a line (after white
 * space) gets a backslash before it, and `##[` becomes `#\#[`. Plain text and Markdown (where `\:` and
 * `\#` show as `:` and `#`) read the same apart from the backslash.
 */
export function disarmCommands(text: string): string {
  return text
    .split(/(\r\n|[\r\n\u0085\u2028\u2029])/)
    .map((part, i) => (i % 2 ? part : part.replace(/^(\s*)::/, '$1\\::').replace(/##\[/g, '#\\#[')))
    .join('');
}

/**
 * JSON text made unable to run a workflow command: JSON.stringify never starts a line with `::`, and a
 * `##[` can only be inside a string, where `#\u0023[` is the same value.
 */
export const disarmJsonCommands = (json: string): string => json.replace(/##\[/g, '#\\u0023[');

/** One log line from text that may hold file content: line breaks become spaces, commands are disarmed. */
export const logLine = (text: string): string => disarmCommands(oneLine(text));
