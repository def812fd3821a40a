/**
 * The installed Ink's identity, for the gates of tlstop's hooks into Ink's internals (the
 * fast output stage, the cell-diff writer): its version and the SHA-256 of its build files.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Version of the Ink that `import 'ink'` loads (its package.json is not exported). */
export function installedInkVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.resolve('ink')), 'utf8')) as {
      name?: string;
      version?: string;
    };
    return pkg.name === 'ink' && pkg.version ? pkg.version : '0';
  } catch {
    return '0';
  }
}

/** URL of a file of Ink's build, beside its entry point (`output.js`, `log-update.js`). */
export function inkBuildUrl(file: string): URL {
  return new URL(`./${file}`, import.meta.resolve('ink'));
}

/** SHA-256 (hex) of a file of Ink's build, or null when it cannot be read. */
export function inkFileFingerprint(file: string): string | null {
  try {
    return createHash('sha256')
      .update(readFileSync(inkBuildUrl(file)))
      .digest('hex');
  } catch {
    return null;
  }
}
