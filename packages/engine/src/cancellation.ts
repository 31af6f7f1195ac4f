/**
 * What the engine reads of a cancel signal: a standard `AbortSignal` fits, and so does {@link Cancellation}.
 */
export interface AbortSource {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * A cancel flag with listeners, for one execution or one node try. It exists because Node's
 * `AbortController` costs several microseconds to create and abort (an `EventTarget`, an `Event` per abort,
 * and garbage-collector work), which a server starting thousands of executions a second pays for nothing:
 * almost no execution is ever canceled. A real `AbortSignal` (for `fetch`, timers, the sandbox) is built
 * only when something asks for {@link signal}, and follows this one.
 */
export class Cancellation implements AbortSource {
  #aborted = false;
  #reason: unknown;
  #listeners: (() => void)[] = [];
  #controller: AbortController | undefined;

  get aborted(): boolean {
    return this.#aborted;
  }

  get reason(): unknown {
    return this.#reason;
  }

  /** A standard `AbortSignal` that aborts with this cancellation, built on first use. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** Cancels once, with `reason`; later calls do nothing. Listeners run in the order they were added. */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const listener of listeners) listener();
  }

  /** Runs `listener` once on abort (never when already aborted: check {@link aborted} first). */
  addEventListener(_type: 'abort', listener: () => void): void {
    if (!this.#aborted) this.#listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const index = this.#listeners.indexOf(listener);
    if (index >= 0) this.#listeners.splice(index, 1);
  }

  /**
   * Aborts this cancellation when `parent` aborts (at once if it already has); returns the function that
   * stops following, to call when this cancellation's work is over so the parent does not keep it alive.
   */
  follow(parent: AbortSource | undefined): () => void {
    if (!parent) return noop;
    if (parent.aborted) {
      this.abort(parent.reason);
      return noop;
    }
    const onAbort = (): void => this.abort(parent.reason);
    parent.addEventListener('abort', onAbort, { once: true });
    return () => parent.removeEventListener('abort', onAbort);
  }
}

const noop = (): void => undefined;
