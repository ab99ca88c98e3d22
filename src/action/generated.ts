// Files that `paths` names but git does not track: a plan written in the job by
// `terraform show -json`. They are always in scope; their findings count as new when the
// resource's declaration is on lines the change touches, and are placed on those .tf lines.
import { FsFileSource, isCandidate } from '../engine/fs-source.js';
import type { Finding } from '../engine/types.js';
import { blockEndLine, indexTfSources, tfDeclaration } from '../parsers/tf-source.js';
import { appendAll } from '../util/arrays.js';
import { inRanges, type ChangedFile } from './diff.js';
import { git } from './git.js';

/** Candidate files matched by `paths` (relative to cwd) that git does not track. */
export async function untrackedFiles(cwd: string, paths: string[], exclude: string[]): Promise<string[]> {
  const listed = (await new FsFileSource(cwd).list(paths, exclude)).filter(isCandidate);
  if (!listed.length) return [];
  const tracked = new Set<string>();
  try {
    for (let i = 0; i < listed.length; i += 500) {
      const { stdout } = await git(['ls-files', '-z', '--', ...listed.slice(i, i + 500)], cwd);
      // ls-files names files relative to the folder it runs in.
      for (const name of stdout.toString('utf8').split('\0')) if (name) tracked.add(name);
    }
  } catch {
    return [];
  }
  return listed.filter((file) => !tracked.has(file));
}

/**
 * For findings in generated Terraform plans (repository paths): finds the resource's `resource`
 * block in the repository's .tf files, moves the finding there (the plan location goes to
 * `related`) and sets isNew by whether the change touches the block. Findings whose resource
 * is not found stay where they are and count as new. Returns how many were placed.
 */
export async function placeGeneratedFindings(
  findings: Finding[],
  generated: Set<string>,
  repoRoot: string,
  changed: ChangedFile[] | undefined,
): Promise<{ placed: number; unplaced: number }> {
  const inGenerated = findings.filter((f) => generated.has(f.file));
  if (!inGenerated.length) return { placed: 0, unplaced: 0 };
  const source = new FsFileSource(repoRoot);
  const tfFiles = (await source.list(['**/*.tf'], [])).filter((f) => f.endsWith('.tf'));
  const texts: { file: string; text: string }[] = [];
  for (const file of tfFiles) {
    const read = await source.read(file, 4 * 1024 * 1024);
    if ('data' in read) texts.push({ file, text: read.data.toString('utf8') });
  }
  const index = indexTfSources(texts);
  const textOf = new Map(texts.map((t) => [t.file, t.text]));
  const changedByPath = new Map((changed ?? []).map((f) => [f.path, f]));
  let placed = 0;
  for (const finding of inGenerated) {
    const loc = finding.resource ? tfDeclaration(finding.resource, finding.file, index) : undefined;
    if (!loc) {
      finding.isNew = true;
      continue;
    }
    const endLine = blockEndLine(textOf.get(loc.file) ?? '', loc.line);
    const change = changedByPath.get(loc.file);
    // The first changed line of the block carries the comment; the header when the whole file is new.
    let touchedLine: number | undefined;
    if (change && change.status !== 'removed') {
      if (change.status === 'added' || change.hunks === undefined) touchedLine = loc.line;
      else {
        const edited = change.edited ?? change.hunks;
        for (let line = loc.line; line <= endLine && touchedLine === undefined; line++) if (inRanges(edited, line)) touchedLine = line;
      }
    }
    const line = touchedLine ?? loc.line;
    const related = [
      { file: finding.file, line: finding.line, column: finding.column, endLine: finding.endLine, endColumn: finding.endColumn },
    ];
    if (finding.related) appendAll(related, finding.related);
    Object.assign(finding, {
      file: loc.file,
      line,
      column: line === loc.line ? loc.column : 1,
      endLine: line,
      endColumn: line === loc.line ? loc.endColumn : 1,
      related,
      isNew: touchedLine !== undefined,
    });
    placed++;
  }
  return { placed, unplaced: inGenerated.length - placed };
}
