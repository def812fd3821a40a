import { describe, expect, it } from 'vitest';
import { displayName, type DistributionName } from '../../src/events/distribution-name.js';
import { sanitizeForTerminal } from '../../src/text/sanitize.js';

function name(parts: Partial<DistributionName>): DistributionName {
  return { aliases: [], comment: '', domainName: 'd111111abcdef8.cloudfront.net', ...parts };
}

describe('displayName', () => {
  it('is the first alias when there is one', () => {
    expect(displayName(name({ aliases: ['shop.example.com', 'www.example.com'], comment: 'shop, production' }))).toBe('shop.example.com');
  });

  it('is the comment when there is no alias', () => {
    expect(displayName(name({ comment: 'partner API (mTLS)' }))).toBe('partner API (mTLS)');
  });

  it('is nothing without aliases and comment, and for an unknown distribution', () => {
    expect(displayName(name({}))).toBeUndefined();
    expect(displayName(undefined)).toBeUndefined();
  });

  it('skips blank aliases and a blank comment, and trims the one it picks', () => {
    expect(displayName(name({ aliases: ['', '  '], comment: '  api  ' }))).toBe('api');
    expect(displayName(name({ aliases: [' ', ' b.example.com '] }))).toBe('b.example.com');
    expect(displayName(name({ aliases: ['\t'], comment: ' \n ' }))).toBeUndefined();
  });

  it('never shows the domain name: that is what CloudFront made up, not a name people know', () => {
    expect(displayName(name({ domainName: 'd2.cloudfront.net' }))).toBeUndefined();
  });

  it('returns hostile text raw; the display sanitises it', () => {
    const hostile = 'evil\u001b]0;owned\u0007\u202e.example.com';
    const shown = displayName(name({ aliases: [hostile] }));
    expect(shown).toBe(hostile);
    expect(sanitizeForTerminal(shown!)).not.toMatch(/[\u001b\u0007\u202e]/);
  });
});
