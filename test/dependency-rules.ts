import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A workspace package as the checks see it. */
export interface WorkspacePackage {
  /** Folder relative to the repo root, e.g. `packages/engine`. */
  dir: string;
  name: string;
  dependencies: string[];
  devDependencies: string[];
  /** Paths (relative to the package's tsconfig) of its project references. */
  references: string[];
  /** Source files under `src/`: path relative to the repo root → text. */
  sources: Map<string, string>;
}

const SCOPE = '@klikkflow/';
const base = ['types'];
const sdk = [...base, 'plugin-sdk'];
const engineLayer = [...sdk, 'engine'];

/**
 * Which of our packages each package may depend on. `*` = any library package (the apps).
 * The direction is `types ← plugin-sdk ← engine ← (sandbox, database, queue, security, nodes) ← apps`;
 * core is app plumbing on top of types only, so the engine layer never drags config or logging along.
 */
export const ALLOWED_DEPENDENCIES: Record<string, readonly string[] | '*'> = {
  types: [],
  'plugin-sdk': base,
  engine: sdk,
  core: base,
  sandbox: engineLayer,
  nodes: engineLayer,
  database: engineLayer,
  queue: engineLayer,
  security: engineLayer,
  migrate: engineLayer,
  editor: sdk,
  cli: '*',
  server: '*',
  worker: '*',
};

/** Extra development-only arrows: nodes run integration tests on the real engine and sandbox. */
export const ALLOWED_DEV_DEPENDENCIES: Record<string, readonly string[]> = {
  nodes: ['engine', 'sandbox'],
  migrate: ['nodes', 'sandbox'],
};

/** What the pure engine must never import (I/O lives behind its ports). */
export const ENGINE_FORBIDDEN_MODULES = [
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'http2',
  'tls',
  'dgram',
  'dns',
  'child_process',
  'vm',
  'worker_threads',
  'cluster',
];

const APP_NAMES = new Set(['cli', 'server', 'worker', 'editor']);

/** Apps that host another app: the CLI's `start` command runs the server in its process. */
const APP_HOSTS: Record<string, readonly string[]> = { cli: ['server'] };

function shortName(name: string): string {
  return name.startsWith(SCOPE) ? name.slice(SCOPE.length) : name;
}

/** Import specifiers of a TypeScript source: static, re-exports, side-effect and dynamic imports. */
export function importsOf(source: string): string[] {
  const code = stripComments(source);
  const found: string[] = [];
  const pattern =
    /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const match of code.matchAll(pattern)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (specifier) found.push(specifier);
  }
  return found;
}

/** Drops comments so TSDoc that mentions `process.env` or an import does not count as code. */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function isTestFile(path: string): boolean {
  return /\.test\.ts$/.test(path) || /\/test\//.test(path);
}

/** Every problem with the arrows between workspace packages, as readable lines (empty = all good). */
export function checkDependencyArrows(packages: readonly WorkspacePackage[]): string[] {
  const problems: string[] = [];
  const ours = new Set(packages.map((p) => shortName(p.name)));
  for (const pkg of packages) {
    const self = shortName(pkg.name);
    const allowed = ALLOWED_DEPENDENCIES[self];
    if (allowed === undefined) {
      problems.push(`${pkg.dir}: ${pkg.name} is not in the arrow table; add it to test/dependency-rules.ts`);
      continue;
    }
    const mayUse = (target: string) =>
      allowed === '*'
        ? !APP_NAMES.has(target) || (APP_HOSTS[self] ?? []).includes(target)
        : allowed.includes(target);
    const mayDevUse = (target: string) =>
      mayUse(target) || (ALLOWED_DEV_DEPENDENCIES[self] ?? []).includes(target);

    const check = (deps: string[], field: string, permitted: (target: string) => boolean) => {
      for (const dep of deps.filter((d) => d.startsWith(SCOPE))) {
        const target = shortName(dep);
        if (target === self) problems.push(`${pkg.dir}: ${pkg.name} lists itself in ${field}`);
        else if (!permitted(target)) {
          problems.push(`${pkg.dir}: ${field} ${pkg.name} → ${dep} points the wrong way`);
        }
      }
    };
    check(pkg.dependencies, 'dependencies', mayUse);
    check(pkg.devDependencies, 'devDependencies', mayDevUse);

    for (const [file, text] of pkg.sources) {
      const test = isTestFile(file);
      for (const specifier of importsOf(text)) {
        if (!specifier.startsWith(SCOPE)) continue;
        const target = shortName(specifier.split('/').slice(0, 2).join('/'));
        if (!ours.has(target) || target === self) continue;
        const declared =
          pkg.dependencies.includes(`${SCOPE}${target}`) ||
          (test && pkg.devDependencies.includes(`${SCOPE}${target}`));
        if (!declared) {
          const where = test ? 'dependencies or devDependencies' : 'dependencies';
          problems.push(`${file}: imports ${SCOPE}${target}, which ${pkg.name} does not declare in ${where}`);
        }
        if (!test && !pkg.references.some((ref) => ref.endsWith(`/${target}`))) {
          problems.push(
            `${file}: imports ${SCOPE}${target}, but ${pkg.dir}/tsconfig.json has no reference to it`,
          );
        }
      }
    }
    if (self === 'engine') problems.push(...checkEnginePurity(pkg));
  }
  return problems;
}

function checkEnginePurity(pkg: WorkspacePackage): string[] {
  const problems: string[] = [];
  for (const [file, text] of pkg.sources) {
    if (isTestFile(file)) continue;
    for (const specifier of importsOf(text)) {
      const bare = specifier.replace(/^node:/, '');
      if (ENGINE_FORBIDDEN_MODULES.includes(bare)) {
        problems.push(`${file}: the engine is pure and must not import ${specifier}`);
      }
    }
    if (/\bprocess\s*\.\s*env\b|\bprocess\s*\[\s*['"]env['"]\s*\]/.test(stripComments(text))) {
      problems.push(`${file}: the engine is pure and must not read process.env`);
    }
  }
  return problems;
}

function readSources(root: string, dir: string): Map<string, string> {
  const sources = new Map<string, string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder)) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|tsx|mts)$/.test(entry)) sources.set(relative(root, path), readFileSync(path, 'utf8'));
    }
  };
  for (const sub of ['src', 'test']) {
    try {
      walk(join(root, dir, sub));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return sources;
}

/** Package folders: the root package.json's workspaces plus any `packages/*` or `apps/*` with a manifest. */
function workspaceDirs(root: string): string[] {
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    workspaces: string[];
  };
  const dirs = new Set(rootManifest.workspaces);
  for (const parent of ['packages', 'apps']) {
    for (const entry of readdirSync(join(root, parent))) {
      const dir = `${parent}/${entry}`;
      if (existsSync(join(root, dir, 'package.json'))) dirs.add(dir);
    }
  }
  return [...dirs].sort();
}

/** Reads every workspace package with its manifest, project references and sources. */
export function readWorkspace(root: string): WorkspacePackage[] {
  return workspaceDirs(root).map((dir) => {
    const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as {
      name: string;
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    const tsconfig = JSON.parse(readFileSync(join(root, dir, 'tsconfig.json'), 'utf8')) as {
      references?: { path: string }[];
    };
    return {
      dir,
      name: manifest.name,
      dependencies: Object.keys(manifest.dependencies ?? {}),
      devDependencies: Object.keys(manifest.devDependencies ?? {}),
      references: (tsconfig.references ?? []).map((ref) => ref.path.replace(/\/$/, '')),
      sources: readSources(root, dir),
    };
  });
}
