/**
 * Report inputs whose files are not in time order, written from the demo story: the
 * cases of the input-order test and of measure-input-order.ts. Each case names the
 * `--file` arguments as a user would give them.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { w3cHeader } from '../../src/sources/demo/log-formats.js';
import { demoSeconds, linesOf, w3cFileLines, writeLogFile } from './demo-log-files.js';

/** Story seconds written: the ClientCertUntrusted change runs from 0:20 to about 2:15. */
export const STORY_SECONDS = 175;

export interface InputOrderCase {
  name: string;
  /** `--file` arguments, in the order given. */
  files: string[];
}

export async function writeInputOrderCases(dir: string): Promise<InputOrderCase[]> {
  const s = demoSeconds(STORY_SECONDS);
  const cases: InputOrderCase[] = [];
  const at = async (sub: string, files: Array<[string, string[]]>): Promise<string> => {
    const base = join(dir, sub);
    await mkdir(base, { recursive: true });
    for (const [name, lines] of files) await writeLogFile(join(base, name), lines);
    return base;
  };

  const single = await at('single', [['cf.log', linesOf(s.json, 0, STORY_SECONDS)]]);
  cases.push({ name: 'one time-ordered file', files: [join(single, 'cf.log')] });

  // logrotate's names: cf.log is the newest; a glob or a directory lists it first.
  const rotated = await at('rotated', [
    ['cf.log.2.gz', linesOf(s.json, 0, 60)],
    ['cf.log.1', linesOf(s.json, 60, 120)],
    ['cf.log', linesOf(s.json, 120, STORY_SECONDS)],
  ]);
  cases.push({
    name: 'rotated, oldest first (cf.log.2.gz cf.log.1 cf.log)',
    files: ['cf.log.2.gz', 'cf.log.1', 'cf.log'].map((f) => join(rotated, f)),
  });
  cases.push({ name: 'rotated, as a glob (cf.log*)', files: [join(rotated, 'cf.log*')] });
  cases.push({ name: 'rotated, as a directory', files: [rotated] });

  // Files delivered side by side: each covers the whole span (per edge, per log).
  const even = (lines: string[]) => lines.filter((_, i) => i % 2 === 0);
  const odd = (lines: string[]) => lines.filter((_, i) => i % 2 === 1);
  const all = linesOf(s.json, 0, STORY_SECONDS);
  const delivered = await at('delivered', [
    ['edge-a.log.gz', even(all)],
    ['edge-b.log', odd(all)],
  ]);
  cases.push({ name: 'overlapping, two edges (directory)', files: [delivered] });

  // The same three logs as one file in time order (the parser tells them apart per line): what a report should find.
  const interleaved: string[] = [];
  for (let i = 0; i < STORY_SECONDS; i++) interleaved.push(...s.json[i]!, ...s.w3c[i]!, ...s.firewall[i]!);
  const together = await at('together', [['all.log', [...w3cHeader(), ...interleaved]]]);
  cases.push({ name: 'JSON + W3C + firewall, one time-ordered file', files: [join(together, 'all.log')] });

  const mixed = await at('mixed', [
    ['connections.jsonl', linesOf(s.json, 0, STORY_SECONDS)],
    ['connections.w3c.log', w3cFileLines(s.w3c, 0, STORY_SECONDS)],
    ['firewall.log.gz', linesOf(s.firewall, 0, STORY_SECONDS)],
  ]);
  cases.push({ name: 'overlapping, JSON + W3C + firewall (directory)', files: [mixed] });
  return cases;
}
