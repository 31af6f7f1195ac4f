import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkDependencyArrows,
  importsOf,
  readWorkspace,
  type WorkspacePackage,
} from './dependency-rules.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function pkg(dir: string, overrides: Partial<WorkspacePackage> = {}): WorkspacePackage {
  const name = `@klikkflow/${dir.split('/')[1]}`;
  return {
    dir,
    name,
    dependencies: [],
    devDependencies: [],
    references: [],
    sources: new Map(),
    ...overrides,
  };
}

describe('dependency arrows of this repository', () => {
  it('finds the workspace packages', () => {
    const names = readWorkspace(root).map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['@klikkflow/types', '@klikkflow/engine', '@klikkflow/cli']),
    );
  });

  it('has no arrow pointing the wrong way, no undeclared import and an I/O-free engine', () => {
    expect(checkDependencyArrows(readWorkspace(root))).toEqual([]);
  });
});

describe('checkDependencyArrows', () => {
  const types = pkg('packages/types');
  const sdk = pkg('packages/plugin-sdk', { dependencies: ['@klikkflow/types'], references: ['../types'] });

  it('accepts the allowed direction', () => {
    const engine = pkg('packages/engine', {
      dependencies: ['@klikkflow/types', '@klikkflow/plugin-sdk', 'zod'],
      references: ['../types', '../plugin-sdk'],
      sources: new Map([['packages/engine/src/a.ts', "import { x } from '@klikkflow/types';\n"]]),
    });
    expect(checkDependencyArrows([types, sdk, engine])).toEqual([]);
  });

  it('rejects a dependency that points down the layers', () => {
    const bad = pkg('packages/types', { dependencies: ['@klikkflow/engine'] });
    const engine = pkg('packages/engine', { dependencies: ['@klikkflow/core'] });
    expect(checkDependencyArrows([bad, engine])).toEqual([
      'packages/types: dependencies @klikkflow/types → @klikkflow/engine points the wrong way',
      'packages/engine: dependencies @klikkflow/engine → @klikkflow/core points the wrong way',
    ]);
  });

  it('allows nodes to dev-depend on engine and sandbox, but not core to', () => {
    const nodes = pkg('packages/nodes', { devDependencies: ['@klikkflow/engine', '@klikkflow/sandbox'] });
    const core = pkg('packages/core', { devDependencies: ['@klikkflow/engine'] });
    expect(checkDependencyArrows([nodes, core])).toEqual([
      'packages/core: devDependencies @klikkflow/core → @klikkflow/engine points the wrong way',
    ]);
  });

  it('rejects an app depending on another app (but the CLI hosting the server), and a package missing from the table', () => {
    const cli = pkg('apps/cli', { dependencies: ['@klikkflow/server'] });
    const server = pkg('apps/server', { dependencies: ['@klikkflow/cli'] });
    const odd = pkg('packages/odd');
    expect(checkDependencyArrows([cli, server, odd])).toEqual([
      'apps/server: dependencies @klikkflow/server → @klikkflow/cli points the wrong way',
      'packages/odd: @klikkflow/odd is not in the arrow table; add it to test/dependency-rules.ts',
    ]);
  });

  it('catches imports that are not declared, or only declared for tests', () => {
    const sandbox = pkg('packages/sandbox', {
      dependencies: ['@klikkflow/types'],
      devDependencies: ['@klikkflow/engine'],
      references: ['../types'],
      sources: new Map([
        ['packages/sandbox/src/a.ts', "import type { ScriptSandbox } from '@klikkflow/engine';"],
        ['packages/sandbox/src/a.test.ts', "import { createEngine } from '@klikkflow/engine';"],
      ]),
    });
    const engine = pkg('packages/engine');
    expect(checkDependencyArrows([sandbox, engine, types])).toEqual([
      'packages/sandbox/src/a.ts: imports @klikkflow/engine, which @klikkflow/sandbox does not declare in dependencies',
      'packages/sandbox/src/a.ts: imports @klikkflow/engine, but packages/sandbox/tsconfig.json has no reference to it',
    ]);
  });

  it('keeps the engine free of I/O modules and process.env, ignoring comments and tests', () => {
    const engine = pkg('packages/engine', {
      sources: new Map([
        ['packages/engine/src/io.ts', "import { readFile } from 'node:fs/promises';\nimport net from 'net';"],
        ['packages/engine/src/env.ts', 'export const level = process.env.LEVEL;'],
        [
          'packages/engine/src/doc.ts',
          '/** Never reads process.env. */\n// import vm from "node:vm"\nexport {};',
        ],
        ['packages/engine/src/x.test.ts', "import { readFileSync } from 'node:fs';"],
      ]),
    });
    expect(checkDependencyArrows([engine])).toEqual([
      'packages/engine/src/io.ts: the engine is pure and must not import node:fs/promises',
      'packages/engine/src/io.ts: the engine is pure and must not import net',
      'packages/engine/src/env.ts: the engine is pure and must not read process.env',
    ]);
  });
});

describe('importsOf', () => {
  it('finds static, type-only, re-export, side-effect and dynamic imports', () => {
    const source = [
      "import { a } from 'x';",
      "import type { B } from '@klikkflow/types';",
      "export * from './y.js';",
      "import 'side-effect';",
      "const m = await import('node:vm');",
      "import {\n  c,\n  d,\n} from 'multi';",
    ].join('\n');
    expect(importsOf(source).sort()).toEqual(
      ['./y.js', '@klikkflow/types', 'multi', 'node:vm', 'side-effect', 'x'].sort(),
    );
  });
});
