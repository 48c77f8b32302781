/**
 * Range lists as Istio's `includeIPRanges`/`excludeIPRanges` take them, and the effective captured set.
 */
import { RenderInjectorError, type ErrorPlace, type Warning } from '../errors.js';
import { ALL_IPV4, ALL_IPV6, SIZE4, SIZE6 } from './block.js';
import { subtractCidrs } from './algebra.js';
import { formatCidr } from './format.js';
import { cidrError, tryParseCidr } from './parse.js';
import type { Cidr, Cidr4, Cidr6, RangeList } from './types.js';

const HINT_LIST = 'write "*" alone for everything, "" for nothing, or comma-separated CIDRs such as 10.0.0.0/8,fd00::/8';

/** One parsed entry with its 1-based item number and its text as written. */
interface Entry {
  item: number;
  text: string;
  cidr: Cidr;
}

/** The end (exclusive) of a block, as a number for IPv4 or a bigint for IPv6. */
const endOf = (c: Cidr): number | bigint => (c.family === 4 ? c.first + SIZE4[c.prefix]! : c.first + SIZE6[c.prefix]!);

/** Warns once for every entry that lies inside (or repeats) an entry that comes before it in address order. */
function overlapWarnings(entries: readonly Entry[], place: ErrorPlace | undefined): Warning[] {
  const order = entries.slice().sort((x, y) => {
    if (x.cidr.family !== y.cidr.family) return x.cidr.family - y.cidr.family;
    if (x.cidr.first !== y.cidr.first) return x.cidr.first < y.cidr.first ? -1 : 1;
    return x.cidr.prefix - y.cidr.prefix || x.item - y.item;
  });
  const found: { item: number; message: string }[] = [];
  let cover: Entry | undefined;
  for (const e of order) {
    if (cover && cover.cidr.family === e.cidr.family && e.cidr.first < endOf(cover.cidr)) {
      // Equal blocks sort by item number, so the later item is the one reported.
      const what = cover.cidr.prefix === e.cidr.prefix ? 'repeats' : 'lies inside';
      found.push({
        item: e.item,
        message: `item ${e.item} ${JSON.stringify(e.text)} ${what} item ${cover.item} ${JSON.stringify(cover.text)} (${formatCidr(cover.cidr)})`,
      });
      continue;
    }
    cover = e;
  }
  found.sort((x, y) => x.item - y.item);
  return found.map(({ message }) => ({ code: 'W_OVERLAP', message, ...(place ? { place } : {}) }));
}

/**
 * Parses a range list: `"*"` alone is every address of both families; `""` (or `[]`, or blank strings) is
 * valid and empty, capturing nothing; otherwise comma-separated CIDRs, each trimmed of surrounding spaces. An
 * array is read as its strings joined by commas (so a repeated command-line option adds items), except that a
 * blank string in it adds nothing. Items are numbered from 1 across the whole list.
 *
 * Warnings: `W_HOST_BITS` (an entry such as `10.0.0.1/24`, read as `10.0.0.0/24`), `W_OVERLAP` (an entry inside or
 * equal to another), `W_WHOLE_SPACE` (`0.0.0.0/0` or `::/0`, all of one family).
 *
 * @param value The list as a string, or several strings (e.g. a repeated `--include`).
 * @param place Where the list came from, attached to errors and warnings.
 * @throws RenderInjectorError `E_RANGE_LIST` for `*` beside other items or an empty item; `E_CIDR` for a bad entry.
 *
 * @example
 * ```ts
 * parseRangeList('*'); // { all: true, cidrs: [ALL_IPV4, ALL_IPV6], warnings: [] }
 * parseRangeList('10.0.0.0/8, 172.16.0.0/12').cidrs.length; // 2
 * parseRangeList('*,10.0.0.0/8'); // throws E_RANGE_LIST
 * ```
 */
export function parseRangeList(value: string | readonly string[], place?: ErrorPlace): RangeList {
  const texts: string[] = [];
  for (const chunk of typeof value === 'string' ? [value] : value) {
    if (chunk.trim() !== '') texts.push(...chunk.split(',').map((t) => t.trim()));
  }
  const at = place ? { place } : {};
  const star = texts.indexOf('*');
  if (star >= 0 && texts.length > 1) {
    const other = star === 0 ? 1 : 0;
    throw new RenderInjectorError(
      'E_RANGE_LIST',
      `range list ${JSON.stringify(texts.join(','))} has "*" (item ${star + 1}) beside item ${other + 1} ${JSON.stringify(texts[other])}; "*" must be alone`,
      { ...at, hint: 'use "*" alone to capture everything, or list the ranges without it' },
    );
  }
  if (star === 0) return { all: true, cidrs: [ALL_IPV4, ALL_IPV6], warnings: [] };
  const entries: Entry[] = [];
  const warnings: Warning[] = [];
  for (const [i, text] of texts.entries()) {
    const item = i + 1;
    if (text === '') {
      throw new RenderInjectorError(
        'E_RANGE_LIST',
        `range list ${JSON.stringify(texts.join(','))} has an empty item ${item} (a doubled, leading or trailing comma)`,
        { ...at, hint: HINT_LIST },
      );
    }
    const r = tryParseCidr(text);
    if ('why' in r) throw cidrError(text, r, place, ` (item ${item} of the range list)`);
    entries.push({ item, text, cidr: r.cidr });
    if (r.hostBitsSet) {
      warnings.push({
        code: 'W_HOST_BITS',
        message: `item ${item} ${JSON.stringify(text)} has host bits set; it is read as ${formatCidr(r.cidr)}`,
        ...at,
      });
    }
    if (r.cidr.prefix === 0) {
      warnings.push({
        code: 'W_WHOLE_SPACE',
        message: `item ${item} ${JSON.stringify(text)} covers every IPv${r.cidr.family} address`,
        ...at,
      });
    }
  }
  return { all: false, cidrs: entries.map((e) => e.cidr), warnings: warnings.concat(overlapWarnings(entries, place)) };
}

/**
 * The set a sidecar captures: the merged includes minus the merged excludes, per family (`all` stands for every
 * address of both families), in canonical order.
 *
 * @example
 * ```ts
 * const r = effectiveRanges(parseRangeList('*'), parseRangeList('10.0.0.0/8'));
 * r.ipv4.map(formatCidr); // ['0.0.0.0/5', '8.0.0.0/7', '11.0.0.0/8', ...]
 * r.ipv6.map(formatCidr); // ['::/0']
 * ```
 */
export function effectiveRanges(include: RangeList, exclude: RangeList): { ipv4: Cidr4[]; ipv6: Cidr6[] } {
  const inc = include.all ? [ALL_IPV4, ALL_IPV6] : include.cidrs;
  const exc = exclude.all ? [ALL_IPV4, ALL_IPV6] : exclude.cidrs;
  const ipv4: Cidr4[] = [];
  const ipv6: Cidr6[] = [];
  for (const c of subtractCidrs(inc, exc)) {
    if (c.family === 4) ipv4.push(c);
    else ipv6.push(c);
  }
  return { ipv4, ipv6 };
}
