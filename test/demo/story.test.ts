import { describe, expect, it } from 'vitest';
import { STORY_CYCLE_MS, STORY_MARKS, storyAt } from '../../src/sources/demo/story.js';

describe('storyAt', () => {
  it('starts steady, rolls out, rolls back, and loops', () => {
    expect(storyAt(0)).toMatchObject({ phase: 'steady', untrustedShare: 0, revocationPerSecond: 0 });
    expect(storyAt(STORY_MARKS.rolloutStart + 1).phase).toBe('rollout');
    expect(storyAt(STORY_MARKS.rolloutComplete).untrustedShare).toBe(1);
    expect(storyAt(STORY_MARKS.revocationStart).revocationPerSecond).toBeGreaterThan(0);
    expect(storyAt(STORY_MARKS.sniSurgeStart).sniErrorsPerSecond).toBeGreaterThan(storyAt(0).sniErrorsPerSecond);
    expect(storyAt(STORY_MARKS.rollbackStart + 1).phase).toBe('rollback');
    expect(storyAt(STORY_MARKS.rollbackComplete).untrustedShare).toBe(0);
    expect(storyAt(STORY_CYCLE_MS + 30_000)).toEqual({ ...storyAt(30_000), cycleMs: 30_000 });
  });

  it('ramps the untrusted share monotonically during the rollout', () => {
    let previous = 0;
    for (let t = STORY_MARKS.rolloutStart; t <= STORY_MARKS.rolloutComplete; t += 1000) {
      const share = storyAt(t).untrustedShare;
      expect(share).toBeGreaterThanOrEqual(previous);
      previous = share;
    }
  });
});
