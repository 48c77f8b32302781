/**
 * Checks the range values the post-renderer writes into the injection template (lib/quote/literal.ts quotes them
 * for each layer they pass through: a Go-template string literal, the inner YAML of `data.config`, the outer
 * YAML stream).
 *
 * Range values computed by the pipeline are canonical by construction (`rangeValues`); text a caller gives (a KRM
 * function's resolver, an overlay's values) comes through {@link checkRangeValue}, which accepts only the canonical
 * form the post-renderer can write safely: `*`, the empty string, or comma-separated CIDRs whose
 * address is in canonical text form (dotted decimal without leading zeros; RFC 5952 lower-case IPv6) with no
 * host bits set. Anything else (quotes, brackets, spaces, newlines, template delimiters) is refused.
 */
import { RenderInjectorError } from '../errors.js';
import { canonicalCidrProblem } from '../cidr/canonical.js';
import type { RangeValue } from '../ranges/index.js';

/**
 * Checks a final range value for `-i`/`-x`: `*`, empty, or comma-separated canonical CIDRs without spaces.
 * Throws `E_CIDR` naming the first bad item, or `E_RANGE_LIST` for a malformed list.
 *
 * @param value the comma-joined value, e.g. `10.0.0.0/8,172.30.0.0/16`
 * @param option which option it came from (`includeIPRanges` or `excludeIPRanges`), used in the error place
 * @returns the same value, proven safe to write into a Go-template string and a YAML scalar
 * @example
 * ```ts
 * checkRangeValue('10.0.0.0/8,fd00::/8', 'includeIPRanges'); // '10.0.0.0/8,fd00::/8'
 * checkRangeValue('10.0.0.1/8', 'includeIPRanges');          // throws E_CIDR (host bits set)
 * ```
 */
export function checkRangeValue(value: string, option: string): RangeValue {
  const place = { path: option };
  if (typeof value !== 'string') {
    throw new RenderInjectorError('E_RANGE_LIST', `${option} must be a string, got ${typeof value}`, {
      place,
      hint: 'pass the ranges comma-joined, e.g. "10.0.0.0/8,172.16.0.0/12"',
    });
  }
  if (value === '' || value === '*') return value as RangeValue;
  const items = value.split(',');
  for (const item of items) {
    if (item === '*') {
      throw new RenderInjectorError('E_RANGE_LIST', `${option} ${JSON.stringify(value)} mixes "*" with ranges`, {
        place,
        hint: 'use "*" alone to capture everything, or list ranges without "*"',
      });
    }
    if (item === '') {
      throw new RenderInjectorError('E_RANGE_LIST', `${option} ${JSON.stringify(value)} has an empty item`, {
        place,
        hint: 'remove the extra comma',
      });
    }
    const problem = canonicalCidrProblem(item);
    if (problem !== undefined) {
      throw new RenderInjectorError('E_CIDR', `${option} item ${JSON.stringify(item)} ${problem}`, {
        place,
        hint: 'give canonical CIDRs such as 10.0.0.0/8 or fd00::/8, comma-separated, without spaces or quotes',
      });
    }
  }
  return value as RangeValue;
}

/**
 * The include (and maybe exclude) value a patch writes, each passed through {@link checkRangeValue} or made by
 * `rangeValues` from the CIDR engine's output.
 *
 * @example
 * ```ts
 * const r: CheckedRanges = checkPatchRanges({ includeIPRanges: '10.0.0.0/8' });
 * ```
 */
export interface CheckedRanges {
  includeIPRanges: RangeValue;
  excludeIPRanges?: RangeValue;
}

/**
 * Checks the range values a caller gives (see {@link checkRangeValue}): the include always, the exclude when
 * there is one.
 *
 * @example
 * ```ts
 * checkPatchRanges({ includeIPRanges: '10.0.0.0/8', excludeIPRanges: '' }); // the same values, checked
 * checkPatchRanges({ includeIPRanges: '10.0.0.1/8' });                      // throws E_CIDR
 * ```
 */
export function checkPatchRanges(ranges: { includeIPRanges: string; excludeIPRanges?: string | undefined }): CheckedRanges {
  const checked: CheckedRanges = { includeIPRanges: checkRangeValue(ranges.includeIPRanges, 'includeIPRanges') };
  if (ranges.excludeIPRanges !== undefined) checked.excludeIPRanges = checkRangeValue(ranges.excludeIPRanges, 'excludeIPRanges');
  return checked;
}
