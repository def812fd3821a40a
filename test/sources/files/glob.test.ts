import { describe, expect, it } from 'vitest';
import { hasGlob, planGlob } from '../../../src/sources/files/glob.js';

describe('planGlob', () => {
  it('splits the base directory from the wildcard part', () => {
    const plan = planGlob('logs/*.log', '/srv');
    expect(plan.base).toBe('/srv/logs');
    expect(plan.depth).toBe(0);
    expect(plan.matches('/srv/logs/app.log')).toBe(true);
    expect(plan.matches('/srv/logs/app.log.1')).toBe(false);
    expect(plan.matches('/srv/logs/sub/app.log')).toBe(false);
    expect(plan.matches('/srv/logsx/app.log')).toBe(false);
  });

  it('lets ** cross directories, including none', () => {
    const plan = planGlob('/data/**/*.gz', '/ignored');
    expect(plan.base).toBe('/data');
    expect(plan.depth).toBeUndefined();
    expect(plan.matches('/data/a.gz')).toBe(true);
    expect(plan.matches('/data/x/y/z/a.log.gz')).toBe(true);
    expect(plan.matches('/data/x/a.log')).toBe(false);
  });

  it('supports ?, classes, negated classes and alternatives', () => {
    const plan = planGlob('/l/{app,web}-[0-9]?.[!t]*', '/');
    expect(plan.matches('/l/app-12.log')).toBe(true);
    expect(plan.matches('/l/web-3x.gz')).toBe(true);
    expect(plan.matches('/l/db-12.log')).toBe(false);
    expect(plan.matches('/l/app-a2.log')).toBe(false);
    expect(plan.matches('/l/app-12.txt')).toBe(false);
  });

  it('counts directory levels for depth and treats regex characters literally', () => {
    const plan = planGlob('/l/*/x+(1).log', '/');
    expect(plan.depth).toBe(1);
    expect(plan.matches('/l/a/x+(1).log')).toBe(true);
    expect(plan.matches('/l/a/xx(1).log')).toBe(false);
  });

  it('survives malformed patterns', () => {
    expect(() => planGlob('/l/{a,b/[x', '/')).not.toThrow();
    expect(planGlob('/l/[x', '/').matches('/l/[x')).toBe(true);
  });

  it('detects wildcards', () => {
    expect(hasGlob('a/b.log')).toBe(false);
    expect(hasGlob('a/*.log')).toBe(true);
    expect(hasGlob('a/{x,y}.log')).toBe(true);
  });
});
