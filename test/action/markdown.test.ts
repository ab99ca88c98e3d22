import { describe, expect, it } from 'vitest';
import { codeSpan, escapeMarkdown, markerValue, truncate } from '../../src/action/markdown.js';

describe('escapeMarkdown', () => {
  it('breaks mentions with a zero-width joiner', () => {
    expect(escapeMarkdown('ping @octocat and @org/team')).toBe('ping @\u200doctocat and @\u200dorg/team');
  });

  it('neutralises links, images, HTML and hidden comments', () => {
    expect(escapeMarkdown('[click](https://evil.example) ![x](http://t.example/p.png)')).toBe(
      '\\[click\\]\\(https:/\u200b/evil.example\\) \\!\\[x\\]\\(http:/\u200b/t.example/p.png\\)',
    );
    expect(escapeMarkdown('<img src=x onerror=alert(1)><!-- hidden --><details>')).toBe(
      '&lt;img src=x onerror=alert\\(1\\)&gt;&lt;\\!-- hidden --&gt;&lt;details&gt;',
    );
    expect(escapeMarkdown('see www.evil.example')).toBe('see www\u200b.evil.example');
  });

  it('keeps tables intact: pipes escaped, newlines and control characters flattened', () => {
    expect(escapeMarkdown('a | b\nc\r\nd\u202eevil')).toBe('a \\| b c d evil');
  });

  it('escapes emphasis and code markers and caps the length', () => {
    expect(escapeMarkdown('*bold* _it_ `code`')).toBe('\\*bold\\* \\_it\\_ \\`code\\`');
    expect(escapeMarkdown('x'.repeat(50), 10)).toBe('xxxxxxxxx…');
  });
});

describe('codeSpan', () => {
  it('uses a fence longer than any backtick run and escapes pipes', () => {
    expect(codeSpan('stacks/a.yaml')).toBe('`stacks/a.yaml`');
    expect(codeSpan('a`b|c')).toBe('``a`b\\|c``');
    expect(codeSpan('`x`')).toBe('`` `x` ``');
    expect(codeSpan('a\nb')).toBe('`a b`');
  });
});

describe('helpers', () => {
  it('truncates by code points and keeps markers free of comment terminators', () => {
    expect(truncate('😀😀😀', 2)).toBe('😀…');
    expect(markerValue('ab-->c d')).toBe('ab-cd');
  });
});
