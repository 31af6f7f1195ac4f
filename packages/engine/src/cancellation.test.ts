import { describe, expect, it } from 'vitest';
import { Cancellation } from './cancellation.js';

describe('Cancellation', () => {
  it('aborts once, keeping the first reason, and runs each listener once in order', () => {
    const cancellation = new Cancellation();
    const heard: string[] = [];
    cancellation.addEventListener('abort', () => heard.push('first'));
    cancellation.addEventListener('abort', () => heard.push('second'));
    cancellation.abort('why');
    cancellation.abort('later');
    expect(cancellation.aborted).toBe(true);
    expect(cancellation.reason).toBe('why');
    expect(heard).toEqual(['first', 'second']);
  });

  it('does not call a removed listener', () => {
    const cancellation = new Cancellation();
    let called = false;
    const listener = () => {
      called = true;
    };
    cancellation.addEventListener('abort', listener);
    cancellation.removeEventListener('abort', listener);
    cancellation.abort(new Error('stop'));
    expect(called).toBe(false);
  });

  it('builds a standard AbortSignal on demand that follows it, before and after the abort', () => {
    const early = new Cancellation();
    const signal = early.signal;
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(signal.aborted).toBe(false);
    early.abort('stop');
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe('stop');

    const late = new Cancellation();
    late.abort('gone');
    expect(late.signal.aborted).toBe(true);
    expect(late.signal.reason).toBe('gone');
  });

  it('follows a parent signal until told to stop following', () => {
    const parent = new AbortController();
    const child = new Cancellation();
    const stopFollowing = child.follow(parent.signal);
    parent.abort('parent stopped');
    expect(child.reason).toBe('parent stopped');

    const other = new AbortController();
    const detached = new Cancellation();
    detached.follow(other.signal)();
    other.abort('ignored');
    expect(detached.aborted).toBe(false);
    stopFollowing();
  });

  it('aborts at once when the parent already has, and follows another Cancellation', () => {
    const parent = new Cancellation();
    parent.abort('before');
    const child = new Cancellation();
    child.follow(parent);
    expect(child.reason).toBe('before');

    const live = new Cancellation();
    const follower = new Cancellation();
    follower.follow(live);
    live.abort('now');
    expect(follower.reason).toBe('now');
  });
});
