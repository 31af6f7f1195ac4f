/**
 * The messages between {@link createProcessSandbox}'s host side and its worker process (IPC, advanced
 * serialisation). Requests and results travel as JSON text, as they do into the isolate.
 */

/** A ScriptSandbox method the worker serves. */
export type WorkerMethod = 'evaluateExpressions' | 'runCode';

/** Host → worker: run `method` with the JSON `request`. */
export interface WorkerRequest {
  id: number;
  method: WorkerMethod;
  request: string;
}

/** Worker → host. */
export type WorkerMessage =
  /** The worker has started and warmed its default isolate: calls may be sent. */
  | { type: 'ready' }
  /** The JSON outcome of request `id`. */
  | { type: 'result'; id: number; result: string }
  /** Request `id` failed outside user code (a bug or a broken request). */
  | { type: 'failed'; id: number; message: string }
  /** V8 lost control of an isolate: the worker kills itself right after this message. */
  | { type: 'crash'; message: string };
