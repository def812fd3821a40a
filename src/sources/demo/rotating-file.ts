/**
 * An append-only log file that rotates like logrotate's default: once it passes a size,
 * it is renamed to `<name>.1` (replacing the previous generation) and a new file is
 * created in its place. Bounded on disk: at most two generations.
 */
import { appendFile, rename, writeFile } from 'node:fs/promises';

/** Where a RotatingFile writes, when it rotates, and what a new file starts with. */
export interface RotatingFileOptions {
  path: string;
  /** Rotate once the current file holds at least this many bytes. */
  rotateBytes: number;
  /** Lines every new file starts with (a W3C header). */
  header?: readonly string[];
}

/** Appends lines to a file and rotates it by rename-and-create. */
export class RotatingFile {
  readonly path: string;
  /** How many times the file was rotated. */
  rotations = 0;
  private readonly rotateBytes: number;
  private readonly header: readonly string[];
  private bytes = 0;
  private needsHeader = true;

  constructor(options: RotatingFileOptions) {
    this.path = options.path;
    this.rotateBytes = options.rotateBytes;
    this.header = options.header ?? [];
  }

  /** The path the previous generation is renamed to. */
  get rotatedPath(): string {
    return `${this.path}.1`;
  }

  /** Creates the file empty (truncating what was there). */
  async create(): Promise<void> {
    await writeFile(this.path, '');
    this.bytes = 0;
    this.needsHeader = true;
  }

  /** Appends whole lines (each gets a trailing newline), then rotates when the file is full. */
  async append(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    const all = this.needsHeader ? [...this.header, ...lines] : lines;
    const chunk = Buffer.from(all.join('\n') + '\n', 'utf8');
    await appendFile(this.path, chunk);
    this.needsHeader = false;
    this.bytes += chunk.length;
    if (this.bytes >= this.rotateBytes) await this.rotate();
  }

  /** Renames the file to `<path>.1` and creates a new one in its place (starting with the header). */
  async rotate(): Promise<void> {
    await rename(this.path, this.rotatedPath);
    this.rotations += 1;
    const header = this.header.length > 0 ? this.header.join('\n') + '\n' : '';
    await writeFile(this.path, header);
    this.bytes = Buffer.byteLength(header);
    this.needsHeader = false;
  }
}
