/**
 * `<Lines>` draws rows through a `<Transform>` over a constant placeholder; the frame must
 * be the one nested `<Text>` rows gave (same characters, same colours, cell by cell),
 * including rows cut to fit and empty rows, in every theme.
 */
import { styledCharsFromTokens, tokenize } from '@alcalzone/ansi-tokenize';
import chalk from 'chalk';
import fc from 'fast-check';
import { Box, Text } from 'ink';
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lines } from '../../src/ui/components/Lines.js';
import { ThemeContext } from '../../src/ui/components/theme-context.js';
import stringWidth from 'string-width';
import { fitLine, lineText, textColumns, type Line } from '../../src/ui/lines.js';
import { builtinThemes, toneColour, type Theme, type Tone } from '../../src/ui/theme.js';

const TONES: Tone[] = [
  'text.primary',
  'text.muted',
  'text.title',
  'status.ok',
  'status.warn',
  'status.error',
  'status.info',
  'focus.title',
  'focus.selection',
  'chart.bar',
  'chart.spark',
  'chart.progress',
  'alert.text',
];

let level: typeof chalk.level;
beforeAll(() => {
  level = chalk.level;
  chalk.level = 3;
});
afterAll(() => {
  chalk.level = level;
});

/**
 * The rows as nested Ink `<Text>`, as `<Lines>` drew them before, except that a row of only
 * empty segments is drawn as an empty row: nested `<Text>` measured it 0 rows high, which
 * pulled the rows below it up by one.
 */
function Reference({ lines, width, theme }: { lines: Line[]; width: number; theme: Theme }) {
  return (
    <Box flexDirection="column" width={width} height={lines.length} overflow="hidden">
      {lines.map((line, r) =>
        lineText(line) === '' ? (
          <Text key={r}> </Text>
        ) : (
          <Text key={r} wrap="truncate-end">
            {line.map((s, i) => (
              <Text
                key={i}
                color={(s.tone ? toneColour(theme, s.tone) : theme.text.primary) ?? undefined}
                bold={s.bold ?? false}
                inverse={s.inverse ?? false}
              >
                {s.text}
              </Text>
            ))}
          </Text>
        ),
      )}
    </Box>
  );
}

function frame(node: React.ReactElement, theme: Theme): string {
  const { lastFrame, unmount } = render(<ThemeContext.Provider value={theme}>{node}</ThemeContext.Provider>);
  const out = lastFrame() ?? '';
  unmount();
  return out;
}

/**
 * Every cell of a frame: its character and the set of styles it is drawn with. (Ink 8's
 * truncation, which the reference's rows go through, writes the same styles with the
 * closing codes in another order, so the bytes of the two frames can differ.)
 */
function cells(frame: string): string[][] {
  return frame.split('\n').map((line) =>
    styledCharsFromTokens(tokenize(line)).map(
      (c) =>
        `${c.value}|${c.styles
          .map((st) => st.code)
          .sort()
          .join(',')}`,
    ),
  );
}

const segment = fc.record(
  {
    text: fc.array(fc.constantFrom('a', 'Z', ' ', '─', '▁', '█', '…', '%', '7'), { maxLength: 12 }).map((c) => c.join('')),
    tone: fc.constantFrom(...TONES),
    bold: fc.boolean(),
    inverse: fc.boolean(),
  },
  { requiredKeys: ['text'] },
);

describe('<Lines>', () => {
  it('draws what nested <Text> rows drew, in every built-in theme', () => {
    const themes = builtinThemes({});
    fc.assert(
      fc.property(
        fc.array(fc.array(segment, { maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 30 }),
        fc.nat(themes.length - 1),
        (raw, width, t) => {
          const lines = raw.map((l) => fitLine(l, width));
          const theme = themes[t]!;
          expect(cells(frame(<Lines lines={lines} width={width} />, theme))).toEqual(
            cells(frame(<Reference lines={lines} width={width} theme={theme} />, theme)),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('cuts a row to the room it is given when the pane is squeezed', () => {
    const theme = builtinThemes({})[0]!;
    const lines: Line[] = [[{ text: 'abcdefghij', tone: 'status.ok' }]];
    const out = frame(
      <Box width={6}>
        <Lines lines={lines} width={10} />
      </Box>,
      theme,
    );
    expect(out.replace(/\x1b\[[0-9;]*m/g, '')).toBe('abcde…');
  });
});

describe('fitLine', () => {
  it('cuts by terminal columns: wide characters count two, combining marks none', () => {
    const wide: Line = [{ text: 'CN=' }, { text: '测试证书签发机构', tone: 'status.error' }];
    const cut = fitLine(wide, 10);
    expect(lineText(cut)).toBe('CN=测试证…');
    expect(textColumns(lineText(cut))).toBeLessThanOrEqual(10);
    expect(fitLine([{ text: 'e\u0301e\u0301e\u0301' }], 3)).toEqual([{ text: 'e\u0301e\u0301e\u0301' }]);
    expect(lineText(fitLine([{ text: '🔥🔥🔥🔥' }], 5))).toBe('🔥🔥…');
  });

  it('takes the one-column fast path only for characters string-width measures as one column', () => {
    const ranges: Array<[number, number]> = [
      [0x20, 0x7e],
      [0xa0, 0xac],
      [0xae, 0x2ff],
      [0x2010, 0x2027],
      [0x2030, 0x205e],
      [0x2190, 0x21ff],
      [0x2500, 0x259f],
    ];
    for (const [from, to] of ranges) {
      for (let c = from; c <= to; c++) expect(stringWidth(String.fromCharCode(c)), `U+${c.toString(16)}`).toBe(1);
    }
  });
});

describe('<Lines> with wide characters from logs', () => {
  it('keeps a row of wide characters inside its pane', () => {
    const theme = builtinThemes({})[0]!;
    const left: Line[] = [[{ text: 'subject 测试证书签发机构测试证书签发机构' }]];
    const right: Line[] = [[{ text: '|right pane' }]];
    const out = frame(
      <Box flexDirection="row">
        <Lines lines={left} width={16} />
        <Lines lines={right} width={11} />
      </Box>,
      theme,
    ).replace(/\x1b\[[0-9;]*m/g, '');
    expect(out).toBe('subject 测试证… |right pane');
  });
});
