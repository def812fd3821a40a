import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateDigestChain } from '../../src/digest/validate-chain.js';
import type { Verdict } from '../../src/digest/types.js';
import { FilePublicKeys, LocalDigestStore } from '../../src/digest-io/index.js';
import { writeDemoChain } from '../../src/sources/demo/demo-chain.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('the demo digest chain', () => {
  it('validates from its local copy with exactly one tampered log file found', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tlstop-demo-chain-'));
    dirs.push(dir);
    const nowMs = Date.parse('2026-11-24T07:42:10Z');
    const chain = await writeDemoChain({ dir, nowMs, seed: 4 });
    expect(chain.digests).toBe(4);
    expect(chain.logFiles).toBe(12);
    expect(Date.parse(chain.endTime)).toBeLessThan(nowMs);
    expect(chain.localDir.startsWith(dir)).toBe(true);

    const keys = new FilePublicKeys(chain.publicKeysPath);
    await keys.load();
    const verdicts: Verdict[] = [];
    const summary = await validateDigestChain(
      {
        trailArn: chain.trailArn,
        start: new Date(chain.startTime),
        end: new Date(chain.endTime),
        bucket: chain.bucket,
        prefix: chain.prefix,
        store: new LocalDigestStore(chain.localDir, chain.bucket),
        publicKeys: keys,
      },
      { onVerdict: (verdict) => verdicts.push(verdict) },
      new AbortController().signal,
    );
    const invalid = verdicts.filter((verdict) => !verdict.valid);
    expect(invalid).toEqual([{ kind: 'log', uri: chain.tamperedUri, valid: false, reason: "hash value doesn't match" }]);
    expect(summary.digests).toEqual({ valid: 4, invalid: 0 });
    expect(summary.logFiles).toEqual({ valid: 11, invalid: 1 });
    expect(summary.anyInvalid).toBe(true);
  });
});
