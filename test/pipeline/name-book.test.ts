import { describe, expect, it } from 'vitest';
import { NameBook } from '../../src/pipeline/name-book.js';

describe('NameBook', () => {
  it('keeps the first alias, else the comment, by ID; tells its listeners; a hostile ID is a plain key', () => {
    const book = new NameBook();
    const before = book.getSnapshot();
    expect(before['E1']).toBeUndefined();
    let heard = 0;
    const stop = book.subscribe(() => heard++);
    book.set(
      new Map([
        ['E1', { aliases: [' ', 'shop.example.com'], comment: 'shop', domainName: 'd1.cloudfront.net' }],
        ['E2', { aliases: [], comment: 'partner API', domainName: 'd2.cloudfront.net' }],
        ['E3', { aliases: [], comment: '', domainName: 'd3.cloudfront.net' }],
        ['__proto__', { aliases: ['evil.example.com'], comment: '', domainName: 'd4.cloudfront.net' }],
      ]),
    );
    const names = book.getSnapshot();
    expect(names).not.toBe(before);
    expect({ ...names }).toEqual({ E1: 'shop.example.com', E2: 'partner API', ['__proto__']: 'evil.example.com' });
    expect(Object.hasOwn(names, '__proto__')).toBe(true);
    expect(heard).toBe(1);
    stop();
    book.set(new Map());
    expect(heard).toBe(1);
  });
});
