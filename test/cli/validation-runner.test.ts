import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validationRunnerFromArgs } from './validation-args.js';
import { writeSignedChain, type SignedChain } from '../../src/digest/chain-writer.js';
import { modifyLogFile } from '../../src/digest/modify-log-file.js';
import type { Verdict } from '../../src/digest/types.js';
import { localValidationArgs } from '../digest/run-validate.js';

let dir: string;
let chain: SignedChain;
let keysPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tlstop-runner-'));
  chain = await writeSignedChain({ dir, hours: 2, logFilesPerHour: 2, sidecars: 'all' });
  keysPath = join(dir, 'keys.json');
  await writeFile(keysPath, chain.publicKeysJson);
  await modifyLogFile(chain, chain.logFiles[0]!);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("validationRunnerFromArgs (the monitor's v key)", () => {
  it('rejects bad validation options at start-up', () => {
    expect(validationRunnerFromArgs(['--trail-arn', 'nope', '--start-time', '2026-11-20'], {})).toBeInstanceOf(Error);
    expect(validationRunnerFromArgs(['--trail-arn', chain.trailArn], {})).toBeInstanceOf(Error);
  });

  it('runs the same validation as `tlstop validate` and reports the tampered file', async () => {
    const runner = validationRunnerFromArgs(localValidationArgs(chain, chain.localDir, keysPath), {});
    if (runner instanceof Error) throw runner;
    expect(runner.describe).toContain(chain.trailArn);
    const verdicts: Verdict[] = [];
    const summary = await runner.start(new AbortController().signal, { onVerdict: (v) => verdicts.push(v) });
    expect(summary.anyInvalid).toBe(true);
    expect(verdicts.filter((v) => !v.valid).map((v) => v.reason)).toEqual(["hash value doesn't match"]);
    expect(summary.digests.invalid).toBe(0);
  });
});
