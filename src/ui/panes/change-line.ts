/**
 * The header's change line: the most important current change, in one row at every
 * width. The distribution ID, the code and the onset always stay whole; the rest (the
 * name people know the distribution by, the top attribute, what the rate was, how many
 * more changes there are) is shortened, then left out, in that order, until the row fits.
 */
import type { Change, ChangesView } from '../../aggregation/types.js';
import { attributeText, changeCode, changeLevel, changeWhere, elideMiddle, type AttributeForm } from '../change-text.js';
import { fmtClock, fmtCount, safe } from '../format.js';
import { fitLine, lineColumns, seg, type Line } from '../lines.js';
import { knownName } from './changes.js';

/** Inputs of the change line. */
export interface ChangeLineInput {
  changes: ChangesView;
  /** Names from --resolve-names (alias or comment), by distribution ID; they win over the SNI. */
  names?: Readonly<Record<string, string>>;
  width: number;
}

interface Shape {
  /** Say which key filters to the change (the first thing to go). */
  hint?: boolean;
  /** Show the rate now (the last thing to go before the line is cut). */
  level: boolean;
  name: number;
  was: boolean;
  more: boolean;
  attribute: AttributeForm | null;
  attributeColumns: number;
}

// From the richest row to the barest: each step shortens or drops one optional part.
const SHAPES: readonly Shape[] = [
  { hint: true, level: true, name: 40, was: true, more: true, attribute: 'long', attributeColumns: 60 },
  { level: true, name: 40, was: true, more: true, attribute: 'long', attributeColumns: 60 },
  { level: true, name: 40, was: true, more: true, attribute: 'shares', attributeColumns: 60 },
  { level: true, name: 24, was: true, more: true, attribute: 'shares', attributeColumns: 40 },
  { level: true, name: 24, was: true, more: false, attribute: 'shares', attributeColumns: 32 },
  { level: true, name: 16, was: true, more: false, attribute: 'value', attributeColumns: 40 },
  { level: true, name: 16, was: false, more: false, attribute: 'value', attributeColumns: 32 },
  { level: true, name: 0, was: false, more: false, attribute: 'value', attributeColumns: 32 },
];
/** The attribute value is cut down to this before the rate now goes... */
const COMFORTABLE_ATTRIBUTE_COLUMNS = 16;
/** ...and down to this before the attribute goes. */
const MIN_ATTRIBUTE_COLUMNS = 10;

/** The change line. */
export function changeLine(input: ChangeLineInput): Line {
  const { changes: view, width } = input;
  const ongoing = view.changes.filter((c) => c.end === null);
  const top = ongoing[0];
  if (top === undefined) return fitLine(quietLine(view), width);
  const name = nameOf(top, view, input.names);
  const more = ongoing.length - 1;
  for (const shape of SHAPES) {
    const line = compose(top, name, more, shape);
    if (lineColumns(line) <= width) return line;
  }
  // The barest shape with the attribute value cut to what is left (with the rate now while
  // the value keeps some room, else without the rate), else without the attribute; what is
  // still too long is cut at the end.
  const bare = SHAPES[SHAPES.length - 1]!;
  const attribute = top.attributes[0];
  for (const level of [true, false]) {
    const without = compose(top, name, more, { ...bare, level, attribute: null });
    if (attribute === undefined) {
      if (lineColumns(without) <= width || !level) return fitLine(without, width);
      continue;
    }
    const room = width - lineColumns(without) - ' · '.length - attributeText(attribute, 0, 'value').length;
    if (room >= (level ? COMFORTABLE_ATTRIBUTE_COLUMNS : MIN_ATTRIBUTE_COLUMNS)) {
      return compose(top, name, more, { ...bare, level, attributeColumns: room });
    }
  }
  const withLevel = compose(top, name, more, { ...bare, attribute: null });
  if (lineColumns(withLevel) <= width) return withLevel;
  return fitLine(compose(top, name, more, { ...bare, attribute: null, level: false }), width);
}

function compose(c: Change, name: string | null, more: number, shape: Shape): Line {
  const line: Line = [seg('▲ ', 'status.error', { bold: true }), seg(changeWhere(c, 40), 'status.error', { bold: true })];
  if (name !== null && shape.name > 0) line.push(seg(` (${elideMiddle(name, shape.name)})`, 'text.muted'));
  line.push(seg(` ${changeCode(c, 40)}`, 'status.error', { bold: true }));
  if (shape.level) line.push(seg(` ${changeLevel(c, c.after)}`));
  line.push(seg(` since ${fmtClock(c.onset)}Z`, 'status.error', { bold: true }));
  if (shape.was) line.push(seg(` (was ${changeLevel(c, c.before)})`, 'text.muted'));
  const attribute = c.attributes[0];
  if (attribute !== undefined && shape.attribute !== null)
    line.push(seg(` · ${attributeText(attribute, shape.attributeColumns, shape.attribute)}`));
  if (shape.more && more > 0) line.push(seg(`  +${more} more`, 'text.muted'));
  if (shape.hint === true) line.push(seg('  (c: filter to it)', 'text.muted'));
  return line;
}

/** The name a distribution is known by: the resolved one, else the SNI most seen. */
function nameOf(c: Change, view: ChangesView, names: Readonly<Record<string, string>> | undefined): string | null {
  if (c.distributionId === null) return null;
  const name = knownName(c.distributionId, view, names);
  return name === undefined ? null : safe(name, 200);
}

/** No ongoing change: say so, with what was analysed and what could not be. */
function quietLine(view: ChangesView): Line {
  const line: Line = [];
  if (view.analysedUntilMs === null) line.push(seg('changes: waiting for traffic', 'text.muted'));
  else {
    const ended = view.changes.find((c) => c.end !== null);
    line.push(seg('no change in progress', 'status.ok'));
    if (ended !== undefined)
      line.push(seg(` · last: ${changeWhere(ended, 30)} ${changeCode(ended, 30)} ended ${fmtClock(ended.end!)}Z`, 'text.muted'));
  }
  if (view.lateEvents > 0)
    line.push(seg(`  ${fmtCount(view.lateEvents)} events >${view.lagSeconds}s out of order not analysed`, 'status.warn'));
  return line;
}
