// The post-render stage as the public entry points run it: range text a caller gives goes through the boundary
// (checkPatchRanges: E_CIDR / E_RANGE_LIST), and only checked ranges reach patchStream.
import { checkPatchRanges, patchStream, type PostRenderResult } from '../../lib/postrender/index.js';

/** The stage's options with the ranges as plain text. */
export interface TextPatchOptions {
  includeIPRanges: string;
  excludeIPRanges?: string;
  values?: { includeIPRanges: string; excludeIPRanges?: string };
  strict?: boolean;
  source?: string;
  revision?: string;
}

/** Checks the range text, then patches the stream with it. */
export function patchText(input: string, options: TextPatchOptions): PostRenderResult {
  const { includeIPRanges, excludeIPRanges, values, ...rest } = options;
  return patchStream(input, {
    ...rest,
    ...checkPatchRanges({ includeIPRanges, ...(excludeIPRanges !== undefined ? { excludeIPRanges } : {}) }),
    ...(values !== undefined ? { values: checkPatchRanges(values) } : {}),
  });
}
