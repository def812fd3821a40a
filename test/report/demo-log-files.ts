/**
 * The demo story written as log files, the way a report meets real logs: rotated files
 * (consecutive time ranges), files delivered side by side (overlapping ranges), plain
 * or gzip. Lines come from the demo generator, so the story (a ClientCertUntrusted
 * change on BAD_CA_DISTRIBUTION from 0:20 to about 2:15) is in them.
 */
import { writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { DemoGenerator } from '../../src/sources/demo/index.js';
import { w3cHeader } from '../../src/sources/demo/log-formats.js';

/** Epoch ms of story time 0 in these files. */
export const DEMO_FILES_START = Date.UTC(2026, 10, 20, 6, 0, 0);

/** The story's lines per second, by log: CloudFront JSON, CloudFront W3C (data lines), firewall JSON. */
export interface DemoSeconds {
  json: string[][];
  w3c: string[][];
  firewall: string[][];
}

/** The demo's lines for each second of story time up to `seconds`. */
export function demoSeconds(seconds: number, seed = 7): DemoSeconds {
  const generator = new DemoGenerator({ seed, startMs: DEMO_FILES_START });
  const out: DemoSeconds = { json: [], w3c: [], firewall: [] };
  for (let t = 1000; t <= seconds * 1000; t += 1000) {
    const batch = generator.advanceTo(t);
    out.json.push(batch.connectionsJson);
    out.w3c.push(batch.connectionsW3c);
    out.firewall.push(batch.firewall);
  }
  return out;
}

/** Lines of seconds [from, to) of one log, flattened. */
export function linesOf(perSecond: string[][], from: number, to: number): string[] {
  return perSecond.slice(from, to).flat();
}

/** The W3C lines of seconds [from, to) with the header a W3C file starts with. */
export function w3cFileLines(perSecond: string[][], from: number, to: number): string[] {
  return [...w3cHeader(), ...linesOf(perSecond, from, to)];
}

/** Writes lines as a log file, gzip-compressed when the path ends in `.gz`. */
export async function writeLogFile(path: string, lines: string[]): Promise<void> {
  const text = lines.join('\n') + '\n';
  await writeFile(path, path.endsWith('.gz') ? gzipSync(text) : text);
}
