/**
 * Shape of the sample lines kept for every parser (the lnav habit: a format comes with
 * examples, and one table-driven test proves they still parse as documented).
 */
import type { LineParserOptions, ParseOutcome } from '../../../src/parsers/index.js';

/** One sample line and the outcome a line parser must produce for it. */
export interface ParserSample {
  /** Unique, says what the sample shows. */
  name: string;
  /** Options for createLineParser; absent means auto-detection. */
  options?: LineParserOptions;
  /** Lines fed to the same parser first (headers, earlier records); their outcomes are not checked. */
  before?: readonly string[];
  line: string;
  /** Expected outcome; events are compared ignoring properties that are undefined. */
  expected: ParseOutcome;
}
