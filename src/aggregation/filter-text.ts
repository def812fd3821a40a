/**
 * A filter in words, one function for every place that writes one: the header (`dist
 * E1,E2 · status Failed · text "api"`), exports (`distributions E1, E2; status Failed;
 * text "api"`) and the report (`distributions: E1, E2`). Each place is a form: the part
 * names, the separators, and how a value is escaped and cut.
 */
import { sanitizeForTerminal } from '../text/sanitize.js';
import type { Filter } from './types.js';

/** A part of a filter. */
export type FilterPart = keyof Filter;

/** How one place writes a filter. */
export interface FilterTextForm {
  /** The word before each list part's values. */
  names: Record<Exclude<FilterPart, 'text'>, string>;
  /** Between the values of one part. */
  list: string;
  /** Between parts. */
  parts: string;
  /** What a filter that narrows nothing reads as. */
  none: string;
  /** One value as written (escaped and cut, or as it is). */
  value(value: string, part: FilterPart): string;
}

const SCREEN_WIDTHS: Record<FilterPart, number> = { distributions: 20, tenants: 20, statuses: 32, text: 40 };

/** The header's form: short names, values escaped and cut to fit the row. */
export const FILTER_ON_SCREEN: FilterTextForm = {
  names: { distributions: 'dist', tenants: 'tenant', statuses: 'status' },
  list: ',',
  parts: ' · ',
  none: 'none',
  value: (value, part) => sanitizeForTerminal(value, SCREEN_WIDTHS[part]),
};

/** An export's form (its text is escaped as a whole where it is written). */
export const FILTER_IN_EXPORT: FilterTextForm = {
  names: { distributions: 'distributions', tenants: 'tenants', statuses: 'status' },
  list: ', ',
  parts: '; ',
  none: '',
  value: (value) => value,
};

/** The text report's form (the report narrows by distribution only). */
export const FILTER_IN_REPORT: FilterTextForm = {
  names: { distributions: 'distributions:', tenants: 'tenants:', statuses: 'status:' },
  list: ', ',
  parts: '; ',
  none: '',
  value: (value) => sanitizeForTerminal(value, 40),
};

/** `filter` written in `form`. */
export function filterText(filter: Filter, form: FilterTextForm): string {
  const parts: string[] = [];
  for (const part of ['distributions', 'tenants', 'statuses'] as const) {
    const values = filter[part];
    if (values.length > 0) parts.push(`${form.names[part]} ${values.map((v) => form.value(v, part)).join(form.list)}`);
  }
  if (filter.text !== '') parts.push(`text "${form.value(filter.text, 'text')}"`);
  return parts.length > 0 ? parts.join(form.parts) : form.none;
}
