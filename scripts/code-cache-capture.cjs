// Preloaded (node --require) by scripts/bundle-cli.mjs into one run of the bundled CLI at build time: records the
// vm.Script the loader in dist/lib/cli/bin.cjs compiles, and when the run ends writes V8's code cache for it, after
// its code (length, then UTF-8 bytes), to the file RENDER_INJECTOR_CODE_CACHE_OUT names. Not part of the package.
'use strict';
const vm = require('node:vm');
const { writeFileSync } = require('node:fs');

const out = process.env.RENDER_INJECTOR_CODE_CACHE_OUT;
if (!out) throw new Error('RENDER_INJECTOR_CODE_CACHE_OUT names no file');
const Original = vm.Script;
let compiled;
vm.Script = class extends Original {
  constructor(source, options) {
    super(source, options);
    compiled = { source, script: this };
  }
};
process.on('exit', () => {
  if (!compiled) throw new Error('the loader compiled no script');
  const code = Buffer.from(compiled.source);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(code.length);
  writeFileSync(out, Buffer.concat([length, code, compiled.script.createCachedData()]));
});
