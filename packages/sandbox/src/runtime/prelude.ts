import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { arrayExtensionsRuntimeSource } from './array-extensions.runtime.js';
import { codeRuntimeSource } from './code.runtime.js';
import { customDataRuntimeSource } from './custom-data.runtime.js';
import { dataProxyRuntimeSource } from './data-proxy.runtime.js';
import { dateExtensionsRuntimeSource } from './date-extensions.runtime.js';
import { digestRuntimeSource } from './digest.runtime.js';
import { expressionRuntimeSource } from './expression.runtime.js';
import { extensionDispatchRuntimeSource } from './extension-dispatch.runtime.js';
import { extensionRewriteRuntimeSource } from './extension-rewrite.runtime.js';
import { hardenRuntimeSource } from './harden.runtime.js';
import { numberExtensionsRuntimeSource } from './number-extensions.runtime.js';
import { objectExtensionsRuntimeSource } from './object-extensions.runtime.js';
import { sharedRuntimeSource } from './shared.runtime.js';
import { stringExtensionsRuntimeSource } from './string-extensions.runtime.js';

const require = createRequire(import.meta.url);

/** Reads a library's browser ("global") build, which defines one variable and needs no module system. */
function librarySource(packageName: string, relativePath: string): string {
  return readFileSync(join(dirname(require.resolve(`${packageName}/package.json`)), relativePath), 'utf8');
}

let cached: string | undefined;

/**
 * The script evaluated once per isolate context. Its completion value is the runtime API object
 * `{ expr, code, logs }`; nothing of it is left on the global object, which the script freezes last.
 * The libraries are wrapped in functions so their top-level `var`s stay local.
 */
export function preludeSource(): string {
  cached ??= [
    '(function () {',
    `var luxon = (function () {\n${librarySource('luxon', 'build/global/luxon.js')}\nreturn luxon;\n})();`,
    `var jmespath = (function () { var exports = {};\n${librarySource('jmespath', 'jmespath.js')}\nreturn exports;\n})();`,
    'return (function (luxon, jmespath) {',
    "'use strict';",
    hardenRuntimeSource,
    sharedRuntimeSource,
    customDataRuntimeSource,
    dataProxyRuntimeSource,
    // The extension tables are read by the dispatcher's top-level code, so they come first.
    digestRuntimeSource,
    objectExtensionsRuntimeSource,
    arrayExtensionsRuntimeSource,
    stringExtensionsRuntimeSource,
    numberExtensionsRuntimeSource,
    dateExtensionsRuntimeSource,
    extensionDispatchRuntimeSource,
    extensionRewriteRuntimeSource,
    expressionRuntimeSource,
    codeRuntimeSource,
    'hardenRealm();',
    'return Object.freeze({ expr: runExpressions, code: runCode, logs: takeLogs });',
    '})(luxon, jmespath);',
    '})()',
  ].join('\n');
  return cached;
}
