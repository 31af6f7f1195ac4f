import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UserError } from '@klikkflow/types';

/** Which confinement rule refused a path (also in the error's `details.rule`). */
export type FileAccessRule = 'empty-path' | 'nul-byte' | 'traversal' | 'outside-roots' | 'symlink-escape';

const ruleText: Record<FileAccessRule, string> = {
  'empty-path': 'a path is required',
  'nul-byte': 'paths may not contain NUL bytes',
  traversal: '".." path segments are not allowed',
  'outside-roots': 'absolute paths must lie inside an allowed folder',
  'symlink-escape': 'symbolic links may not lead outside the allowed folders',
};

/** A `FILE_ACCESS_DENIED` error naming the refused path and the rule. */
export function accessDenied(path: string, rule: FileAccessRule): UserError {
  return new UserError('FILE_ACCESS_DENIED', `access to "${path}" denied: ${ruleText[rule]}`, {
    details: { path, rule },
  });
}

/** True when `candidate` is `root` itself or lies below it (both absolute and normalized). */
export function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** The lexical result of checking a user path: where it points and which configured root holds it. */
export interface ConfinedPath {
  absolute: string;
  /** The configured root (resolved, not yet real-pathed) the path lies in. */
  root: string;
}

/**
 * Applies the lexical rules: no NUL byte, no `..` segment (with `/` or `\` as separator, so Windows-style
 * traversal is refused too), relative paths resolve against the first root, absolute paths must lie in a root.
 * Symlinks are checked later, against the real file system.
 */
export function confinePath(path: unknown, roots: readonly string[]): ConfinedPath {
  if (typeof path !== 'string' || path.trim() === '') throw accessDenied(String(path ?? ''), 'empty-path');
  if (path.includes('\0')) throw accessDenied(path.replaceAll('\0', '\\0'), 'nul-byte');
  if (path.split(/[\\/]/).includes('..')) throw accessDenied(path, 'traversal');
  const [first] = roots;
  if (!isAbsolute(path)) return { absolute: resolve(first as string, path), root: first as string };
  const absolute = resolve(path);
  const root = roots.find((candidate) => isInside(candidate, absolute));
  if (!root) throw accessDenied(path, 'outside-roots');
  return { absolute, root };
}
