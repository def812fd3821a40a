/**
 * Renders pane lines (segments with semantic tones) as one row each, memoised per row.
 *
 * A row is an Ink `<Transform>` over a constant run of spaces as wide as the pane, whose
 * transform returns the row's styled text. Ink lays out and measures only the constant
 * placeholder, so a changing row never dirties the layout, and Ink's text-measurement
 * caches (module-level Maps that Ink 6.8 never evicts, ink#986) see one string per pane
 * width instead of one per distinct row ever shown. The styling is what Ink's `<Text>`
 * applies (colour, then bold, then inverse, through the same chalk).
 */
import chalk, { type ForegroundColorName } from 'chalk';
import { Box, Transform } from 'ink';
import { memo } from 'react';
import { fitLine, type Line } from '../lines.js';
import { toneColour, type Colour, type Theme } from '../theme.js';
import { useTheme } from './theme-context.js';

function sameLine(a: Line, b: Line): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.text !== y.text || x.tone !== y.tone || x.bold !== y.bold || x.inverse !== y.inverse) return false;
  }
  return true;
}

/** A segment styled as Ink's `<Text color bold inverse>` styles it (themes hold named or hex colours). */
export function paint(text: string, colour: Colour, bold: boolean, inverse: boolean): string {
  let s = text;
  if (colour) s = colour.startsWith('#') ? chalk.hex(colour)(s) : chalk[colour as ForegroundColorName](s);
  if (bold) s = chalk.bold(s);
  if (inverse) s = chalk.inverse(s);
  return s;
}

/** The styled text of a line. */
export function paintLine(line: Line, theme: Theme): string {
  let out = '';
  for (const s of line) out += paint(s.text, s.tone ? toneColour(theme, s.tone) : theme.text.primary, s.bold ?? false, s.inverse ?? false);
  return out;
}

const placeholders = new Map<number, string>();
function placeholder(width: number): string {
  let p = placeholders.get(width);
  if (p === undefined) {
    p = ' '.repeat(width);
    if (placeholders.size > 64) placeholders.clear();
    placeholders.set(width, p);
  }
  return p;
}

const Row = memo(
  function Row({ line, theme, width }: { line: Line; theme: Theme; width: number }) {
    const columns = Math.max(1, width);
    // Ink clips only the placeholder, never what the transform returns: the row itself
    // must fit, in terminal columns (log text can hold wide characters).
    const styled = paintLine(fitLine(line, columns), theme);
    // Ink hands the transform the placeholder after clipping: narrower means the pane was
    // squeezed, and the row is cut to the room left.
    const transform = (shown: string) => (shown.length >= columns ? styled : paintLine(fitLine(line, shown.length), theme));
    return <Transform transform={transform}>{placeholder(columns)}</Transform>;
  },
  (a, b) => a.theme === b.theme && a.width === b.width && sameLine(a.line, b.line),
);

/** A fixed block of lines, `width` columns wide, exactly `lines.length` rows high. */
export function Lines({ lines, width }: { lines: Line[]; width: number }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" width={width} height={lines.length} overflow="hidden">
      {lines.map((line, i) => (
        <Row key={i} line={line} theme={theme} width={width} />
      ))}
    </Box>
  );
}
