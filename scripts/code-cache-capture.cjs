// Preloaded (node --require) by scripts/bundle-cli.mjs into one run of the bundled CLI at build time: records the
// vm.Script the loader in dist/lib/cli/bin.cjs compiles, and when the run ends writes V8's code cache for it, after
// a copy of the bundle it compiled (length, then the bytes of the file the script is named after), to the file
// RENDER_INJECTOR_CODE_CACHE_OUT names. Not part of the package.
'use strict';
const vm = require('node:vm');
const { readFileSync, writeFileSync } = require('node:fs');

const out = process.env.RENDER_INJECTOR_CODE_CACHE_OUT;
if (!out) throw new Error('RENDER_INJECTOR_CODE_CACHE_OUT names no file');
const Original = vm.Script;
let compiled;
vm.Script = class extends Original {
  constructor(source, options) {
    super(source, options);
    // The loader's script only: the bundle, compiled first (any other script, later, is not the CLI's code).
    if (compiled === undefined && typeof options?.filename === 'string' && options.filename.endsWith('bin-bundle.cjs')) {
      compiled = { file: options.filename, script: this };
    }
  }
};
process.on('exit', () => {
  if (!compiled) throw new Error('the loader compiled no script');
  const code = readFileSync(compiled.file);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(code.length);
  writeFileSync(out, Buffer.concat([length, code, compiled.script.createCachedData()]));
});
