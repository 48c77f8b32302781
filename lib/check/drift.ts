/**
 * The drift check: compare the ranges an injector ConfigMap holds (in a live `kubectl get` output or a rendered
 * install) with the wanted ones, as sets per address family after canonicalising, so that order, overlap or
 * host-bit spelling is never drift.
 */
import { isMap, parseDocument } from 'yaml';
import { RenderInjectorError, type Warning } from '../errors.js';
import { formatCidr, mergeCidrs, overlapsEach, parseRangeList, subtractCidrs, type Cidr } from '../cidr/index.js';
import type { EffectiveRange } from '../ranges/index.js';
import { composeStream } from '../postrender/stream.js';
import { findInjectorConfigMaps, selectInjectors, type InjectorConfigMap, type InjectorShape } from '../postrender/injectors.js';
import { readValuesRanges } from '../postrender/values-json.js';
import { findRangeArguments } from '../postrender/template.js';

/**
 * One wanted range list, with where each of its ranges came from.
 *
 * @example
 * ```ts
 * import type { WantedList } from 'render-injector';
 * const w: WantedList = { value: '10.0.0.0/8', sources: [{ cidr: '10.0.0.0/8', family: 4, sources: ['--include'] }] };
 * ```
 */
export interface WantedList {
  /** The value as Istio takes it: `*`, empty, or comma-separated CIDRs. */
  value: string;
  /** Ranges carrying the sources (e.g. `RangesResult.included`); a missing range is attributed to those it overlaps. */
  sources: readonly EffectiveRange[];
}

/**
 * What the ConfigMap should hold, per shape: the 2018 template's `-i`/`-x` defaults, or the values JSON.
 * An `exclude` left out is not compared (the post-renderer leaves an install's exclude alone unless one is given).
 *
 * @example
 * ```ts
 * import { resolveValues, wantedRanges, type WantedRanges } from 'render-injector';
 * const wanted: WantedRanges = wantedRanges(resolveValues({ provider: 'iks' }));
 * wanted.values.include.value; // '172.21.0.0/16,172.30.0.0/16'
 * ```
 */
export interface WantedRanges {
  template: { include: WantedList; exclude?: WantedList };
  values: { include: WantedList; exclude?: WantedList };
}

/**
 * A missing range and the sources that asked for it.
 *
 * @example
 * ```ts
 * import type { MissingRange } from 'render-injector';
 * const m: MissingRange = { cidr: '10.0.0.0/8', sources: ['--include'] };
 * ```
 */
export interface MissingRange {
  cidr: string;
  sources: string[];
}

/**
 * The difference of one family: ranges wanted but not held, and held but not wanted (canonical blocks).
 *
 * @example
 * ```ts
 * import type { FamilyDrift } from 'render-injector';
 * const d: FamilyDrift = { missing: [{ cidr: '10.0.0.0/8', sources: ['--include'] }], extra: [] };
 * ```
 */
export interface FamilyDrift {
  missing: MissingRange[];
  extra: string[];
}

/**
 * The comparison of one list (`includeIPRanges` or `excludeIPRanges`).
 *
 * @example
 * ```ts
 * import type { ListDrift } from 'render-injector';
 * const none = { missing: [], extra: [] };
 * const l: ListDrift = { key: 'includeIPRanges', wanted: '*', found: '*', inSync: true, ipv4: none, ipv6: none };
 * ```
 */
export interface ListDrift {
  key: 'includeIPRanges' | 'excludeIPRanges';
  /** The wanted value. */
  wanted: string;
  /** The value the ConfigMap holds. */
  found: string;
  inSync: boolean;
  ipv4: FamilyDrift;
  ipv6: FamilyDrift;
}

/**
 * The comparison of one injector ConfigMap.
 *
 * @example
 * ```ts
 * import type { ConfigMapDrift } from 'render-injector';
 * const c: ConfigMapDrift = { name: 'istio-sidecar-injector', document: 1, path: 'data.values', shape: 'values', inSync: true, lists: [], unchecked: [] };
 * ```
 */
export interface ConfigMapDrift {
  name: string;
  document: number;
  /** Where the ranges are, e.g. `data.values` or `items[0].data.config`. */
  path: string;
  shape: InjectorShape;
  inSync: boolean;
  lists: ListDrift[];
  /** The keys not compared (an exclude no option asked for). */
  unchecked: Array<'excludeIPRanges'>;
}

/**
 * What `checkDrift` found.
 *
 * @example
 * ```ts
 * import { checkDrift, type DriftReport } from 'render-injector';
 * declare const liveYaml: string; // kubectl get cm istio-sidecar-injector -n istio-system -o yaml
 * const { inSync, configMaps }: DriftReport = checkDrift(liveYaml, { provider: 'iks' });
 * ```
 */
export interface DriftReport {
  inSync: boolean;
  configMaps: ConfigMapDrift[];
  warnings: Warning[];
}

/**
 * Options of `checkDrift`.
 *
 * @example
 * ```ts
 * import type { CompareOptions } from 'render-injector';
 * const o: CompareOptions = { revision: 'canary', source: 'live.yaml' };
 * ```
 */
export interface CompareOptions {
  /** Compare `istio-sidecar-injector-<revision>`; needed when the stream holds several. */
  revision?: string;
  /** The stream's name for error places (default `-`). */
  source?: string;
}

/** Decodes a range argument literal of the 2018 template: YAML '…'/"…" or Go "…"/`…`. */
function decodeLiteral(literal: string, where: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1);
  if (literal.startsWith("'")) return literal.slice(1, -1).replace(/''/g, "'");
  try {
    return JSON.parse(literal) as string;
  } catch {
    throw new RenderInjectorError('E_STREAM', `${where}: cannot read the range argument ${literal}`, {
      hint: 'the range defaults must be plain quoted strings',
    });
  }
}

/** The `-i`/`-x` defaults of a 2018 template ConfigMap. */
function templateRanges(injector: InjectorConfigMap, where: string, warnings: Warning[]): { include?: string; exclude?: string } {
  const inner = parseDocument(injector.node.value as string, { uniqueKeys: false });
  const template: unknown = isMap(inner.contents) ? inner.contents.get('template') : undefined;
  if (inner.errors.length > 0 || typeof template !== 'string') {
    throw new RenderInjectorError('E_STREAM', `${where}: the injector config is not YAML with a string "template"`, {
      hint: 'data.config must be YAML with "policy" and "template" keys',
    });
  }
  const text = template;
  const out: { include?: string; exclude?: string } = {};
  for (const [key, option] of [['include', 'includeIPRanges'], ['exclude', 'excludeIPRanges']] as const) {
    const found = findRangeArguments(text, option, '').map((e) => decodeLiteral(text.slice(e.start, e.end), where));
    if (found.length === 0) continue;
    if (new Set(found).size > 1) {
      warnings.push({ code: 'W_TEMPLATE_DISAGREES', message: `${where}: the template holds ${option} twice with different values (${found.join(' and ')}); compared the first` });
    }
    out[key] = found[0] as string;
  }
  return out;
}

/** Parses a found or wanted value; a bad found value is bad input (`E_STREAM`). */
function parseValue(value: string, what: string): Cidr[] {
  try {
    const list = parseRangeList(value);
    return mergeCidrs(list.cidrs);
  } catch (e) {
    throw new RenderInjectorError('E_STREAM', `${what} ${JSON.stringify(value)} is not a range list: ${(e as Error).message}`, {
      hint: 'fix the value in the ConfigMap (comma-separated CIDRs, "*" or empty), then check again',
    });
  }
}

/** Compares one list per family. */
function compareList(key: ListDrift['key'], wanted: WantedList, found: string, where: string): ListDrift {
  const want = parseValue(wanted.value, `the wanted ${key}`);
  const have = parseValue(found, `${where}: ${key}`);
  const missing = subtractCidrs(want, have);
  const extra = subtractCidrs(have, want);
  const sourceBlocks = wanted.sources.map((r) => parseRangeList(r.cidr).cidrs[0] as Cidr);
  const hits = sourceBlocks.map((_, i) => overlapsEach([sourceBlocks[i] as Cidr], missing));
  const missingOf = (family: 4 | 6): MissingRange[] =>
    missing.flatMap((c, k) =>
      c.family !== family ? [] : [{ cidr: formatCidr(c), sources: [...new Set(wanted.sources.flatMap((r, i) => (hits[i]![k] ? r.sources : [])))] }],
    );
  const extraOf = (family: 4 | 6): string[] => extra.filter((c) => c.family === family).map(formatCidr);
  return {
    key,
    wanted: wanted.value,
    found,
    inSync: missing.length === 0 && extra.length === 0,
    ipv4: { missing: missingOf(4), extra: extraOf(4) },
    ipv6: { missing: missingOf(6), extra: extraOf(6) },
  };
}

/**
 * Compares the injector ConfigMap of a stream (one document, a `List`, or a whole install) with the wanted
 * ranges, in whichever shape it has. Throws `E_STREAM` for a stream that is not YAML, that holds no injector
 * ConfigMap, that holds several and no `revision` picks one, or whose ranges cannot be read.
 *
 * @example
 * ```ts
 * // the API's checkDrift computes `wanted` from options and calls this
 * declare const liveYaml: string; // kubectl get configmap istio-sidecar-injector -o yaml
 * const report = compareInjector(liveYaml, wantedRanges(resolveValues({ provider: 'iks' })));
 * if (!report.inSync) console.log(report.configMaps[0]?.lists);
 * ```
 */
export function compareInjector(stream: string, wanted: WantedRanges, options: CompareOptions = {}): DriftReport {
  const source = options.source ?? '-';
  const all: InjectorConfigMap[] = [];
  for (const { doc, number } of composeStream(stream, source, 'failsafe')) {
    all.push(...findInjectorConfigMaps(doc, number, [doc.range[0], doc.range[2]]));
  }
  if (all.length === 0 && options.revision === undefined) {
    throw new RenderInjectorError('E_STREAM', 'the stream has no injector ConfigMap (istio-sidecar-injector or istio-sidecar-injector-<revision>)', {
      place: { file: source },
      hint: 'give the ConfigMap, e.g. kubectl get cm istio-sidecar-injector -n istio-system -o yaml',
    });
  }
  const warnings: Warning[] = [];
  const configMaps = selectInjectors(all, options.revision, source).map((injector): ConfigMapDrift => {
    const where = `document ${injector.document} (${injector.path})`;
    let found: { include?: string; exclude?: string };
    if (injector.shape === 'values') {
      const read = readValuesRanges(injector.node.value as string, where);
      found = {
        ...(read.includeIPRanges ? { include: read.includeIPRanges.value } : {}),
        ...(read.excludeIPRanges ? { exclude: read.excludeIPRanges.value } : {}),
      };
    } else {
      found = templateRanges(injector, where, warnings);
    }
    const want = wanted[injector.shape];
    if (found.include === undefined) {
      throw new RenderInjectorError('E_STREAM', `${where}: ConfigMap ${injector.name} holds no includeIPRanges to compare`, {
        hint: injector.shape === 'values' ? 'its data.values must hold global.proxy.includeIPRanges' : 'its template must pass a traffic.sidecar.istio.io/includeOutboundIPRanges default',
      });
    }
    const lists = [compareList('includeIPRanges', want.include, found.include, where)];
    if (want.exclude !== undefined) lists.push(compareList('excludeIPRanges', want.exclude, found.exclude ?? '', where));
    return {
      name: injector.name,
      document: injector.document,
      path: injector.path,
      shape: injector.shape,
      inSync: lists.every((l) => l.inSync),
      lists,
      unchecked: want.exclude === undefined ? ['excludeIPRanges'] : [],
    };
  });
  return { inSync: configMaps.every((c) => c.inSync), configMaps, warnings };
}

/** One family's lines of the text report. */
function familyLines(label: string, d: FamilyDrift, found: string): string[] {
  const lines: string[] = [];
  if (d.missing.length > 0) {
    const width = Math.max(...d.missing.map((m) => m.cidr.length));
    lines.push(`    ${label} missing:`, ...d.missing.map((m) => `      ${m.cidr.padEnd(width)}  from ${m.sources.join('; ')}`));
  }
  if (d.extra.length > 0) {
    lines.push(found === '*' ? `    ${label} extra: every other ${label} address (the ConfigMap says "*")` : `    ${label} extra: ${d.extra.join(', ')}`);
  }
  return lines;
}

/**
 * Formats a drift report as text: one verdict line per ConfigMap, then per list the wanted and found values and,
 * per family, the missing ranges (each with its sources) and the extra ones. Ends with a newline.
 *
 * @example
 * ```ts
 * import { checkDrift, formatDriftReport } from 'render-injector';
 * declare const liveYaml: string;
 * process.stdout.write(formatDriftReport(checkDrift(liveYaml, { provider: 'iks' })));
 * ```
 */
export function formatDriftReport(report: DriftReport): string {
  const lines: string[] = [];
  for (const c of report.configMaps) {
    lines.push(`${c.inSync ? 'in sync' : 'drift'}: ConfigMap ${c.name} (document ${c.document}, ${c.path})`);
    for (const l of c.lists) {
      lines.push(`  ${l.key}: ${l.inSync ? 'same ranges' : 'differs'}`, `    wanted: ${l.wanted || '""'}`, `    found:  ${l.found || '""'}`);
      lines.push(...familyLines('IPv4', l.ipv4, l.found), ...familyLines('IPv6', l.ipv6, l.found));
    }
    for (const key of c.unchecked) lines.push(`  ${key}: not compared (no exclude was given; the install's own stays)`);
  }
  return `${lines.join('\n')}\n`;
}
