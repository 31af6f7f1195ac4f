import { OperationalError, UserError } from '@klikkflow/types';

/**
 * Turns a Node.js file-system error into a KlikkFlow error with a stable code. `label` names the file the
 * way the user wrote it, so messages never reveal where the operator's folders are.
 */
export function fileSystemError(error: unknown, label: string, action: 'read' | 'write'): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const details = { path: label, errno: code };
  switch (code) {
    case 'ENOENT':
      return new UserError('FILE_NOT_FOUND', `file "${label}" does not exist`, { details });
    case 'EISDIR':
    case 'ENOTDIR':
    case 'EEXIST':
      return new UserError('FILE_NOT_A_FILE', `"${label}" is a folder or lies under a file, not a file`, {
        details,
      });
    case 'EACCES':
    case 'EPERM':
      return new UserError('FILE_PERMISSION_DENIED', `the server may not ${action} "${label}"`, { details });
    default:
      return new OperationalError('FILE_IO_FAILED', `could not ${action} "${label}": ${String(code)}`, {
        details,
        cause: error,
      });
  }
}
