/**
 * Child process for the fast-rotation test: appends `TOTAL` numbered lines to a file as
 * fast as it can, rotating it every `PER_FILE` lines with no pause, the way a busy logger
 * with a small size limit does: numbered copies shift up (`.2` to `.3`, `.1` to `.2`),
 * then the file becomes `.1` by rename-and-create, or, every third rotation, by
 * copytruncate (copy to `.1`, cut the file to nothing, keep writing to the same descriptor).
 * Prints the number of rotations of each kind when done.
 */
import { closeSync, copyFileSync, existsSync, ftruncateSync, openSync, renameSync, writeSync } from 'node:fs';

const [path, totalText, perFileText, perWriteText] = process.argv.slice(2);
if (!path) throw new Error('usage: rotating-writer PATH TOTAL PER_FILE PER_WRITE');
const total = Number(totalText);
const perFile = Number(perFileText);
const perWrite = Number(perWriteText ?? '100');

let fd = openSync(path, 'a');
let kept = 0;
let renames = 0;
let copytruncates = 0;
let inFile = 0;
for (let seq = 0; seq < total;) {
  const n = Math.min(perWrite, total - seq, perFile - inFile);
  let text = '';
  for (let i = 0; i < n; i += 1) text += `seq=${String(seq + i).padStart(7, '0')} tls handshake ok\n`;
  writeSync(fd, text);
  seq += n;
  inFile += n;
  if (inFile === perFile && seq < total) {
    inFile = 0;
    for (let k = kept; k >= 1; k -= 1) if (existsSync(`${path}.${k}`)) renameSync(`${path}.${k}`, `${path}.${k + 1}`);
    kept += 1;
    if ((renames + copytruncates + 1) % 3 === 0) {
      copyFileSync(path, `${path}.1`);
      ftruncateSync(fd, 0);
      copytruncates += 1;
    } else {
      renameSync(path, `${path}.1`);
      closeSync(fd);
      fd = openSync(path, 'a');
      renames += 1;
    }
  }
}
closeSync(fd);
process.stdout.write(JSON.stringify({ renames, copytruncates }) + '\n');
