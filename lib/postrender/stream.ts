/**
 * The Helm post-renderer: patches the `istio-sidecar-injector` ConfigMap inside a rendered manifest stream and
 * leaves every other byte alone. A first pass over the bytes (lib/postrender/scan.ts) splits the stream into
 * documents and proves most of them plain: well-formed YAML that cannot be the ConfigMap. The rest are composed
 * with the `yaml` package, as every document once was (to be sure they are YAML, and to find the ConfigMap and the
 * exact source range of its `data.config` or `data.values`), so the same streams are refused with the same
 * messages. The output is the input with a few characters replaced: nothing is ever re-serialised except, in rare
 * styles, the one scalar that changes.
 */
import { Buffer } from 'node:buffer';
import { Composer, Document, LineCounter, Parser, isMap, isScalar, parseDocument, type Scalar } from 'yaml';
import { RenderInjectorError, type Warning } from '../errors.js';
import { readKey } from './keys.js';
import type { CheckedRanges } from './ranges.js';
import { scalarSourceEdits } from './scalar.js';
import { applyEdits, templateEdits, type TextEdit } from './template.js';
import { findInjectorConfigMaps, selectInjectors, type InjectorConfigMap, type InjectorShape } from './injectors.js';
import { valuesJsonEdits } from './values-json.js';
import { scanStream, type ScannedDocument } from './scan.js';

/**
 * The final range values to write (comma-joined, as Istio's `-i`/`-x` take them).
 *
 * @example
 * ```ts
 * const ranges: PatchRanges = { includeIPRanges: '10.0.0.0/8,172.30.0.0/16', excludeIPRanges: '' };
 * ```
 */
export interface PatchRanges {
  /** The new include ranges: `*`, empty, or `a,b` of canonical CIDRs. Always replaced. */
  includeIPRanges: string;
  /** The new exclude ranges, same form; replaced only when given. */
  excludeIPRanges?: string;
}

/**
 * Options of {@link patchStream}.
 *
 * @example
 * ```ts
 * import { checkPatchRanges } from '../lib/postrender/ranges.js';
 * import type { PostRenderOptions } from '../lib/postrender/stream.js';
 * const options: PostRenderOptions = { ...checkPatchRanges({ includeIPRanges: '10.0.0.0/8' }), strict: true, source: 'istio.yaml' };
 * ```
 */
export interface PostRenderOptions extends CheckedRanges {
  /** Make "no injector ConfigMap in the stream" an `E_STREAM` error instead of a warning. */
  strict?: boolean;
  /** The stream's name for error places (default `-`, stdin). */
  source?: string;
  /**
   * The values for today's shape (Istio 1.5 on: `global.proxy.*` in the `data.values` JSON), which carry both
   * families and keep the include and exclude lists apart; default: the same as the template's.
   */
  values?: CheckedRanges;
  /** Patch `istio-sidecar-injector-<revision>` (`default` or `''`: the bare name); needed when a stream holds several. */
  revision?: string;
}

/**
 * What {@link postRender} produced.
 *
 * @example
 * ```ts
 * import { postRender, type PostRenderResult } from 'render-injector';
 * declare const stream: string; // the manifests Helm rendered
 * const { output, patched, warnings }: PostRenderResult = postRender(stream, { provider: 'minikube' });
 * ```
 */
export interface PostRenderResult {
  /** The stream with the injector ConfigMap patched; byte-identical to the input elsewhere. */
  output: string;
  /** How many injector ConfigMaps were changed. */
  patched: number;
  /** Things the user should know that did not stop the patch. */
  warnings: Warning[];
  /** The shape of the injector ConfigMap(s) found, when there was one. */
  shape?: InjectorShape;
  /** Facts to tell the user after a patch (e.g. that running pods keep their old rules until restarted). */
  notes: string[];
}

/**
 * The name of the ConfigMap the post-renderer patches.
 *
 * @example
 * ```ts
 * INJECTOR_CONFIGMAP; // 'istio-sidecar-injector'
 * ```
 */
export const INJECTOR_CONFIGMAP = 'istio-sidecar-injector';

const YAML_OPTIONS = { keepSourceTokens: true, uniqueKeys: false, prettyErrors: false } as const;

/**
 * A `data.config` scalar of an injector ConfigMap found in a composed document.
 *
 * @example
 * ```ts
 * import { parseDocument } from 'yaml';
 * import { findInjectorConfigMaps } from '../lib/postrender/injectors.js';
 * import type { InjectorConfig } from '../lib/postrender/stream.js';
 * declare const text: string; // one document: the bare-named injector ConfigMap with data.config
 * const doc = parseDocument(text, { keepSourceTokens: true });
 * const [config]: InjectorConfig[] = findInjectorConfigMaps(doc, 1, [0, text.length]); // config.path: 'data.config'
 * ```
 */
export interface InjectorConfig {
  /** The `data.config` node (a string scalar), with offsets into the composed source. */
  node: Scalar;
  /** Where it is, e.g. `data.config` or `items[3].data.config`. */
  path: string;
}

/** The line end a text uses: `\r\n` when its first line break is CRLF. */
function lineEnd(text: string, from: number): string {
  const nl = text.indexOf('\n', from);
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

/**
 * Computes the edits on `source` that replace the ranges in one injector ConfigMap's `data.config`, going
 * through the three layers (outer YAML scalar → inner config YAML → Go template), and proves the result by
 * parsing both layers back. `docRange` is the `[start, end)` of the document holding the ConfigMap. Throws `E_STREAM` when the config or its template cannot be read.
 *
 * @example
 * ```ts
 * import { parseDocument } from 'yaml';
 * import { findInjectorConfigMaps } from '../lib/postrender/injectors.js';
 * import { configEdits } from '../lib/postrender/stream.js';
 * declare const text: string; // one document: the bare-named injector ConfigMap with data.config
 * const doc = parseDocument(text, { keepSourceTokens: true });
 * const [config] = findInjectorConfigMaps(doc, 1, [0, text.length]);
 * if (config) {
 *   const edits = configEdits(text, [0, text.length], config, { includeIPRanges: '10.0.0.0/8' }, 'document 1');
 * }
 * ```
 */
export function configEdits(
  source: string,
  docRange: readonly [number, number],
  config: InjectorConfig,
  ranges: PatchRanges,
  where: string,
): TextEdit[] {
  const configText = config.node.value as string;
  const inner = parseDocument(configText, YAML_OPTIONS);
  const at = `${where} (${config.path})`;
  if (inner.errors.length > 0) {
    throw new RenderInjectorError('E_STREAM', `${at}: the injector config is not YAML: ${firstLine((inner.errors[0] as Error).message)}`, {
      hint: 'data.config must be YAML with "policy" and "template" keys',
    });
  }
  const found = isMap(inner.contents) ? readKey(inner, inner.contents, 'template', 'template', at) : undefined;
  const template = found?.shared ? undefined : found?.node;
  if (!isScalar(template) || typeof template.value !== 'string') {
    throw new RenderInjectorError('E_STREAM', `${at}: the injector config has no string "template"${found?.shared ? ' of its own (it is an alias)' : ''}`, {
      hint: 'data.config must be YAML with "policy" and "template" keys',
    });
  }
  const templateText = template.value;
  const tEdits = templateEdits(templateText, ranges, at);
  const newTemplate = applyEdits(templateText, tEdits);
  const cEdits = scalarSourceEdits(configText, template, newTemplate, tEdits, lineEnd(configText, 0));
  const newConfig = applyEdits(configText, cEdits);
  const check = parseDocument(newConfig, YAML_OPTIONS);
  /* c8 ignore next 3 -- a guard: the edits above are built to pass it */
  if (check.errors.length > 0 || check.get('template') !== newTemplate) {
    throw new RenderInjectorError('E_STREAM', `${at}: could not rewrite the injector config safely`);
  }
  const edits = scalarSourceEdits(source, config.node, newConfig, cEdits, lineEnd(source, (config.node.range as [number, number, number])[0]));
  const [docStart, docEnd] = docRange;
  const newDoc = applyEdits(
    source.slice(docStart, docEnd),
    edits.map((e) => ({ start: e.start - docStart, end: e.end - docStart, text: e.text })),
  );
  const reparsed = parseDocument(newDoc, YAML_OPTIONS);
  /* c8 ignore next 4 -- a guard: the edits above are built to pass it */
  const same = reparsed.errors.length === 0 && findInjectorConfigMaps(reparsed, 0, [0, newDoc.length]).some((c) => c.path === config.path && c.node.value === newConfig);
  if (!same) {
    throw new RenderInjectorError('E_STREAM', `${at}: could not rewrite the injector ConfigMap safely`);
  }
  return edits;
}

/** The first line of a message. */
function firstLine(message: string): string {
  return message.split('\n')[0] as string;
}

/**
 * One composed document with its 1-based number.
 *
 * @example
 * ```ts
 * const [{ doc, number }] = [...composeStream('kind: Service\n', '-')]; // number: 1
 * ```
 */
export interface StreamDocument {
  doc: Document.Parsed;
  number: number;
}

/**
 * Composes a YAML stream document by document and throws `E_STREAM` at the first error, naming the document
 * number and the line. Offsets in the yielded documents are offsets into `text`. The `failsafe` schema (every
 * scalar a string) checks the same syntax about a fifth faster; the post-renderer only compares strings. `from`
 * places `text` in a larger stream: the documents and lines that come before it there.
 *
 * @example
 * ```ts
 * declare const text: string; // a YAML stream, e.g. from standard input
 * for (const { doc, number } of composeStream(text, '-')) console.log(number, doc.get('kind'));
 * ```
 */
export function* composeStream(
  text: string,
  source: string,
  schema: 'core' | 'failsafe' = 'core',
  from: { documents: number; lines: number } = { documents: 0, lines: 0 },
): Generator<StreamDocument> {
  const lines = new LineCounter();
  const parser = new Parser(lines.addNewLine);
  const composer = new Composer({ ...YAML_OPTIONS, schema });
  let number = from.documents;
  const fail = (doc: Document.Parsed, n: number): never => {
    const error = doc.errors[0] as { message: string; pos: [number, number] };
    const { line, col } = lines.linePos(error.pos[0]);
    throw new RenderInjectorError('E_STREAM', `document ${n} of the stream is not YAML: ${firstLine(error.message)}`, {
      place: { file: source, line: line + from.lines, col },
      hint: 'give well-formed YAML manifests, e.g. the output of "helm template"',
    });
  };
  for (const doc of composer.compose(parser.parse(text), true, text.length)) {
    number += 1;
    if (doc.errors.length > 0) fail(doc, number);
    yield { doc, number };
  }
}

/**
 * Patches the Istio sidecar injector ConfigMap in a rendered Helm stream: replaces the include ranges (and,
 * when given, the exclude ranges) inside its injection template, in the 0.8 and 1.0 template shapes, and keeps
 * every other byte of the stream as it was (documents, `---` lines, `# Source:` comments, Helm 4's
 * `postrenderer.helm.sh/postrender-filename` annotations, CRLF line ends, order).
 *
 * The ranges come checked (the settings' `rangeValues`, or `checkPatchRanges` for text a caller gives). Throws
 * `E_STREAM` when the stream is not YAML, when the ConfigMap's template has no recognisable range argument, or
 * (with `strict`) when there is no ConfigMap. `scan` (see {@link Scan}) picks the documents that are composed; the
 * others are proven plain without it. The text is patched as its UTF-8 bytes ({@link patchStreamBytes}): a lone
 * surrogate, which has no UTF-8 of its own, comes back as U+FFFD in a patched stream, as writing the text would
 * turn it.
 *
 * @example
 * ```ts
 * import { patchStream } from '../lib/postrender/stream.js';
 * import { checkPatchRanges } from '../lib/postrender/ranges.js';
 * declare const helmStream: string;
 * const { output, patched, warnings } = patchStream(helmStream, checkPatchRanges({ includeIPRanges: '10.0.0.0/8,172.30.0.0/16' }));
 * ```
 */
export function patchStream(input: string, options: PostRenderOptions, scan: Scan = scanStream): PostRenderResult {
  const { output, ...result } = patchStreamBytes(Buffer.from(input, 'utf8'), options, scan);
  // Unpatched, the output is the input itself; patched, it is the patched bytes as text.
  return { output: output.length === 1 ? input : Buffer.concat(output).toString('utf8'), ...result };
}

/**
 * What {@link patchStreamBytes} produced: as {@link PostRenderResult}, with the output as pieces of bytes (most
 * of them views into the input) to write in order.
 *
 * @example
 * ```ts
 * import { patchStreamBytes, type PostRenderBytesResult } from '../lib/postrender/stream.js';
 * import { checkPatchRanges } from '../lib/postrender/ranges.js';
 * declare const bytes: Uint8Array; // the stream Helm wrote, UTF-8
 * const { output }: PostRenderBytesResult = patchStreamBytes(bytes, checkPatchRanges({ includeIPRanges: '10.0.0.0/8' }));
 * ```
 */
export interface PostRenderBytesResult extends Omit<PostRenderResult, 'output'> {
  /** The patched stream, in order: unchanged spans are views into the input, not copies. */
  output: Uint8Array[];
}

/**
 * {@link patchStream} over UTF-8 bytes (checked to be UTF-8 by the caller, as the CLI does when it reads them):
 * only the documents that need composing are decoded, and the output shares the input's bytes, so a stream of
 * many megabytes is neither decoded nor copied whole.
 *
 * @example
 * ```ts
 * import { patchStreamBytes } from '../lib/postrender/stream.js';
 * import { checkPatchRanges } from '../lib/postrender/ranges.js';
 * declare const bytes: Uint8Array; // the stream Helm wrote, UTF-8
 * for (const piece of patchStreamBytes(bytes, checkPatchRanges({ includeIPRanges: '10.0.0.0/8' })).output) process.stdout.write(piece);
 * ```
 */
export function patchStreamBytes(input: Uint8Array, options: PostRenderOptions, scan: Scan = scanStream): PostRenderBytesResult {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const { pieces, ...result } = patchSpans(bytes, options, scan);
  // Each patched piece is its own text with its edits applied (valid UTF-8 decodes and encodes back exactly);
  // the bytes between pieces are views into the input.
  const output: Uint8Array[] = [];
  let at = 0;
  for (const { start, end, text, edits } of pieces) {
    output.push(bytes.subarray(at, start), Buffer.from(applyEdits(text, edits)));
    at = end;
  }
  output.push(bytes.subarray(at));
  return { output, ...result };
}

/**
 * How the post-renderer finds the documents it need not compose: {@link scanStream}; `() => undefined` composes
 * the whole stream (what test/postrender-scan.test.ts holds the scan against).
 */
export type Scan = (bytes: Uint8Array) => ScannedDocument[] | undefined;

/** A composed span of the stream: where its bytes start and end, its text, and the edits on that text. */
interface Piece {
  start: number;
  end: number;
  text: string;
  edits: TextEdit[];
}

/**
 * The work of {@link patchStreamBytes}: scans the stream, composes what the scan could not prove plain (the whole
 * stream when it has directives or `...` markers), finds and patches the injector ConfigMaps.
 */
function patchSpans(bytes: Buffer, options: PostRenderOptions, scan: Scan): Omit<PostRenderResult, 'output'> & { pieces: Piece[] } {
  const textOf = (start: number, end: number): string => bytes.toString('utf8', start, end);
  const ranges: CheckedRanges = options;
  const values = options.values ?? ranges;
  const source = options.source ?? '-';
  const scanned = scan(bytes);
  // Documents to compose that follow each other are composed together, as `yaml` read them (it blames a `}` that
  // opens a document on the one before).
  const spans = scanned === undefined ? [{ start: 0, end: bytes.length, line: 0, documents: 0 }] : [];
  scanned?.forEach((d, i) => {
    if (d.plain) return;
    const last = spans[spans.length - 1];
    if (last !== undefined && last.end === d.start) last.end = d.end;
    else spans.push({ start: d.start, end: d.end, line: d.line, documents: i });
  });
  const all: InjectorConfigMap[] = [];
  const pieceOf = new Map<InjectorConfigMap, Piece>();
  for (const span of spans) {
    const piece: Piece = { start: span.start, end: span.end, text: textOf(span.start, span.end), edits: [] };
    const from = { documents: span.documents, lines: span.line };
    // Document by document, as the stream was always read: a document's keys are checked before the syntax of
    // the one after it.
    const docs = composeStream(piece.text, source, 'failsafe', from);
    // A document that fails is composed again with the rest of the stream after it (see nextDocument); `index` is
    // the scan's number of the document composed next.
    let index = span.documents;
    const retry = (): void => {
      const d = scanned?.[index];
      if (d !== undefined && span.end < bytes.length) void composeStream(textOf(d.start, bytes.length), source, 'failsafe', { documents: index, lines: d.line }).next();
    };
    for (let next = nextDocument(docs, retry); !next.done; next = nextDocument(docs, retry)) {
      index += 1;
      const { doc, number } = next.value;
      for (const injector of findInjectorConfigMaps(doc, number, [doc.range[0], doc.range[2]])) {
        all.push(injector);
        pieceOf.set(injector, piece);
      }
    }
  }
  const chosen = all.length === 0 && options.revision === undefined ? [] : selectInjectors(all, options.revision, source);
  const found = chosen.length;
  const pieces: Piece[] = [];
  let patched = 0;
  for (const injector of chosen) {
    const where = `document ${injector.document}`;
    const piece = pieceOf.get(injector)!;
    const docEdits =
      injector.shape === 'values'
        ? valuesEdits(piece.text, injector, values)
        : configEdits(piece.text, injector.docRange, { node: injector.node, path: injector.path }, ranges, where);
    if (docEdits.some((e) => piece.text.slice(e.start, e.end) !== e.text)) patched += 1;
    piece.edits.push(...docEdits);
    if (!pieces.includes(piece)) pieces.push(piece);
  }
  const warnings: Warning[] = [];
  if (found === 0) {
    const message = `the stream has no ConfigMap named ${INJECTOR_CONFIGMAP}; passed it through unchanged`;
    if (options.strict) {
      throw new RenderInjectorError('E_STREAM', message.replace(/; .*/, ''), {
        place: { file: source },
        hint: 'post-render the Istio chart itself, or drop --strict to pass other charts through',
      });
    }
    warnings.push({ code: 'W_NO_INJECTOR', message, place: { file: source } });
  }
  const notes: string[] = [];
  for (const injector of chosen) {
    if (injector.owner === undefined) continue;
    warnings.push({
      code: 'W_OPERATOR_OWNED',
      message: `ConfigMap ${injector.name} (document ${injector.document}) is owned by ${injector.owner}, which reverts a direct change; set the ranges in the Istio resource instead (render-injector ranges --format sail), or annotate it sailoperator.io/ignore: "true"`,
      place: { file: source },
    });
  }
  if (patched > 0) {
    notes.push('running pods keep their old capture rules until they are restarted (e.g. kubectl rollout restart deployment -n NAMESPACE); pods created from now on get the new ranges');
  }
  pieces.sort((a, b) => a.start - b.start);
  return { pieces, patched, warnings, notes, ...(chosen[0] ? { shape: chosen[0].shape } : {}) };
}

/**
 * The next composed document. When composing it fails, the error `retry` throws is thrown instead, if it throws:
 * it composes the failing document again with the rest of the stream after it (when the span ends before the
 * stream does), as composing the whole stream would, since an unclosed quote runs on to a closing one further
 * on, which moves the place `yaml` names.
 */
function nextDocument(docs: Generator<StreamDocument>, retry: () => void): IteratorResult<StreamDocument> {
  try {
    return docs.next();
  } catch (e) {
    retry();
    throw e;
  }
}

/**
 * The edits on the stream that set the ranges in one injector ConfigMap's `data.values` JSON, carried through
 * the YAML scalar that holds the JSON, proven by composing the patched document again and reading the JSON back.
 */
function valuesEdits(source: string, injector: InjectorConfigMap, values: PatchRanges): TextEdit[] {
  const where = `document ${injector.document} (${injector.path})`;
  const json = injector.node.value as string;
  const jEdits = valuesJsonEdits(json, values, where);
  const newJson = applyEdits(json, jEdits);
  const eol = lineEnd(source, (injector.node.range as [number, number, number])[0]);
  const edits = scalarSourceEdits(source, injector.node, newJson, jEdits, eol);
  const [docStart, docEnd] = injector.docRange;
  const newDoc = applyEdits(
    source.slice(docStart, docEnd),
    edits.map((e) => ({ start: e.start - docStart, end: e.end - docStart, text: e.text })),
  );
  const reparsed = parseDocument(newDoc, YAML_OPTIONS);
  /* c8 ignore next 4 -- a guard: the edits above are built to pass it */
  const same = reparsed.errors.length === 0 && findInjectorConfigMaps(reparsed, injector.document, [0, newDoc.length]).some((c) => c.path === injector.path && c.node.value === newJson);
  if (!same) {
    throw new RenderInjectorError('E_STREAM', `${where}: could not rewrite the injector ConfigMap safely`);
  }
  return edits;
}
