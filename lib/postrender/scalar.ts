/**
 * Carries edits made to a YAML string's decoded value back to the YAML source text, touching as few bytes as
 * possible: inside a literal block scalar (`|`, `|-`, `|+`) each value line is a source line behind the block's
 * indentation, so an edit within one line maps to the same characters in the source; a double-quoted scalar is
 * rewritten whole as a one-line JSON string (which YAML reads the same, and which keeps JSON input JSON); any
 * other style (single-quoted, plain, folded) is re-encoded whole in its own style by the `yaml` CST writer.
 */
import { CST, type Scalar } from 'yaml';
import type { TextEdit } from './template.js';

/** Offsets of the starts of the lines of `text` (split at `\n`). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Maps single-line value edits into a literal block scalar's source; `undefined` when it cannot. */
function mapIntoLiteralBlock(source: string, node: Scalar, value: string, edits: readonly TextEdit[]): TextEdit[] | undefined {
  const [blockStart, blockEnd] = node.range as [number, number, number];
  const headerEnd = source.indexOf('\n', blockStart);
  /* c8 ignore next -- a composed block scalar always has a header line ending in a newline */
  if (headerEnd < 0 || headerEnd >= blockEnd) return undefined;
  const contentStart = headerEnd + 1;
  const content = source.slice(contentStart, blockEnd);
  const sourceLines = lineStarts(content);
  const valueLines = lineStarts(value);
  const mapped: TextEdit[] = [];
  for (const edit of edits) {
    /* c8 ignore next -- template edits replace one quoted value on one line */
    if (value.slice(edit.start, edit.end).includes('\n') || /[\r\n]/.test(edit.text)) return undefined;
    let k = 0;
    while (k + 1 < valueLines.length && (valueLines[k + 1] as number) <= edit.start) k += 1;
    const valueLineStart = valueLines[k] as number;
    const valueLineEnd = k + 1 < valueLines.length ? (valueLines[k + 1] as number) - 1 : value.length;
    const valueLine = value.slice(valueLineStart, valueLineEnd);
    const srcStart = sourceLines[k];
    /* c8 ignore next -- every value line of a literal block comes from a content line */
    if (srcStart === undefined) return undefined;
    const srcEndRaw = k + 1 < sourceLines.length ? (sourceLines[k + 1] as number) - 1 : content.length;
    const srcLine = content.slice(srcStart, srcEndRaw).replace(/\r$/, '');
    const indent = srcLine.length - valueLine.length;
    /* c8 ignore next -- a literal block's value line is its source line minus the indentation */
    if (indent < 0 || !srcLine.endsWith(valueLine) || srcLine.slice(0, indent).trim() !== '') return undefined;
    const at = contentStart + srcStart + indent + (edit.start - valueLineStart);
    mapped.push({ start: at, end: at + (edit.end - edit.start), text: edit.text });
  }
  return mapped;
}

/**
 * Returns the edits on `source` that turn the scalar `node` (composed from `source` with `keepSourceTokens`)
 * from its current value into `newValue`, where `edits` are the changes on the decoded value.
 *
 * @param source the YAML text the node was composed from (offsets are relative to it)
 * @param node the scalar node, with `range` and `srcToken`
 * @param newValue the value after `edits`
 * @param edits the changes on the decoded value, non-overlapping
 * @param eol the line end to use for new line breaks (`\n` or `\r\n`)
 * @example
 * ```ts
 * import { parseDocument, type Scalar } from 'yaml';
 * import { scalarSourceEdits } from '../lib/postrender/scalar.js';
 * import { applyEdits, type TextEdit } from '../lib/postrender/template.js';
 * const src = 'template: |\n  -i 10.0.0.0/8\n';
 * const node = parseDocument(src, { keepSourceTokens: true }).get('template', true) as Scalar;
 * const edits: TextEdit[] = [{ start: 3, end: 13, text: '*' }]; // on the value '-i 10.0.0.0/8\n'
 * const srcEdits = scalarSourceEdits(src, node, applyEdits(String(node.value), edits), edits, '\n');
 * applyEdits(src, srcEdits); // 'template: |\n  -i *\n'
 * ```
 */
export function scalarSourceEdits(
  source: string,
  node: Scalar,
  newValue: string,
  edits: readonly TextEdit[],
  eol: string,
): TextEdit[] {
  if (node.type === 'BLOCK_LITERAL') {
    const mapped = mapIntoLiteralBlock(source, node, String(node.value), edits);
    if (mapped !== undefined) return mapped;
  }
  const token = node.srcToken as CST.Token;
  if (node.type === 'QUOTE_DOUBLE') {
    // A JSON string is a YAML double-quoted scalar on one line: right for JSON input, and valid YAML anywhere.
    const [start, end] = node.range as [number, number, number];
    return [{ start, end, text: JSON.stringify(newValue) }];
  }
  const before = CST.stringify(token);
  const start = token.offset;
  // the scalars edited here are map values (`config:`, `template:`): their lines indent past the key
  CST.setScalarValue(token, newValue, { afterKey: true, type: node.type as Scalar.Type });
  let after = CST.stringify(token);
  if (eol === '\r\n') after = after.replace(/\r?\n/g, '\r\n');
  return [{ start, end: start + before.length, text: after }];
}
