// Settings for stage tests, made the one way the library makes them: values defaulted by the schema, ranges
// combined from the values' own lists by the CIDR engine, then the boundary (initializeSettings) as for a
// caller's input, so the values are checked against the schema first.
import { Value } from '@sinclair/typebox/value';
import { combineRanges, type RangesResult } from '../../lib/ranges/index.js';
import { ValuesSchema, type Values } from '../../lib/values/schema.js';
import { initializeSettings, type CaptureSettings, type Settings } from '../../lib/values/settings.js';
import { validateValues } from '../../lib/values/validate.js';

/** The merged lists a caller of the public API could hand over in a `Resolution` (comma-joined, canonical). */
export interface GivenRanges {
  includeIPRanges: string;
  excludeIPRanges: string;
}

/** A ranges result as a caller would build it by hand: the lists as given, split by family. */
function rangesOf(given: GivenRanges): RangesResult {
  const split = (list: string) => {
    const items = list === '' || list === '*' ? [] : list.split(',');
    return { ipv4: items.filter((c) => !c.includes(':')), ipv6: items.filter((c) => c.includes(':')) };
  };
  const include = split(given.includeIPRanges);
  const exclude = split(given.excludeIPRanges);
  return { all: given.includeIPRanges === '*', ...include, include, exclude, ranges: [], excluded: [], included: [], warnings: [] };
}

/**
 * Settings from a partial values tree. The ranges are the values' own lists combined by the CIDR engine, or, when
 * `given`, those lists as a caller built them (checked by the boundary, not merged).
 */
export function settingsFrom(partial: Record<string, unknown>, given?: GivenRanges): Settings {
  const values = Value.Default(ValuesSchema, structuredClone(partial)) as Values;
  const [error] = validateValues(values);
  if (error) throw error;
  const proxy = values.global.proxy;
  const ranges = given
    ? rangesOf(given)
    : combineRanges({
        include: [{ value: proxy.includeIPRanges, origin: 'values', place: { path: 'global.proxy.includeIPRanges' } }],
        exclude: [{ value: proxy.excludeIPRanges, origin: 'values', place: { path: 'global.proxy.excludeIPRanges' } }],
      });
  return initializeSettings({ values, origins: new Map(), ranges, includeGiven: true, excludeGiven: true }, 'caller');
}

/** The capture settings of a partial values tree (see {@link settingsFrom}). */
export function captureFrom(partial: Record<string, unknown>): CaptureSettings {
  return settingsFrom(partial).capture;
}
