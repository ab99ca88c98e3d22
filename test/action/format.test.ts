import { describe, expect, it } from 'vitest';
import { withoutClusterMarkdown } from '../../src/action/format.js';

describe('withoutClusterMarkdown', () => {
  it('is absent when no group was checked without its cluster', () => {
    expect(withoutClusterMarkdown()).toBeUndefined();
    expect(withoutClusterMarkdown([])).toBeUndefined();
  });

  it('groups by template, quotes the pull request’s names as code spans, and ends the sentence', () => {
    const line = withoutClusterMarkdown([
      { file: 'net/sg.yaml', resource: 'EfaGroup' },
      { file: 'net/sg.yaml', resource: 'Other`Group' },
      { file: 'a|b.yaml', resource: '[x](https://evil)' },
    ]);
    expect(line).toBe(
      'Checked without their cluster (no scanned cluster uses these security groups): ' +
        '`net/sg.yaml` (`EfaGroup`, ``Other`Group``), `a\\|b.yaml` (`[x](https://evil)`).',
    );
  });

  it('lists at most 50 groups and says more were left out', () => {
    const list = Array.from({ length: 51 }, (_, i) => ({ file: `sg-${String(i).padStart(2, '0')}.yaml`, resource: 'Group' }));
    const line = withoutClusterMarkdown(list)!;
    expect(line.match(/`Group`/g)).toHaveLength(50);
    expect(line).toContain('`sg-49.yaml`');
    expect(line).not.toContain('sg-50.yaml');
    expect(line.endsWith('(`Group`), ….')).toBe(true);
    expect(withoutClusterMarkdown(list.slice(0, 50))!.endsWith('(`Group`).')).toBe(true);
  });
});
