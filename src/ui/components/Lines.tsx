/** Renders pane lines (segments with semantic tones) as one Ink `<Text>` per row, memoised per row. */
import { Box, Text } from 'ink';
import { memo } from 'react';
import type { Line } from '../lines.js';
import { toneColour, type Theme } from '../theme.js';
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

const Row = memo(
  function Row({ line, theme }: { line: Line; theme: Theme }) {
    if (line.length === 0) return <Text> </Text>;
    return (
      <Text wrap="truncate-end">
        {line.map((s, i) => {
          const colour = s.tone ? toneColour(theme, s.tone) : theme.text.primary;
          return (
            <Text key={i} color={colour ?? undefined} bold={s.bold ?? false} inverse={s.inverse ?? false}>
              {s.text}
            </Text>
          );
        })}
      </Text>
    );
  },
  (a, b) => a.theme === b.theme && sameLine(a.line, b.line),
);

/** A fixed block of lines, `width` columns wide, exactly `lines.length` rows high. */
export function Lines({ lines, width }: { lines: Line[]; width: number }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" width={width} height={lines.length} overflow="hidden">
      {lines.map((line, i) => (
        <Row key={i} line={line} theme={theme} />
      ))}
    </Box>
  );
}
