/**
 * One leader among several processes (the main that fires schedules and reconciles), with failover:
 * when the leader dies or is cut off, another takes over. A process acts as leader only while
 * `isLeader` is true; the adapter turns it false before another process can become leader.
 */
export interface LeaderLock {
  readonly isLeader: boolean;
  /** Starts trying to become (and stay) leader. Idempotent. */
  start(): void;
  /** Gives the lock up (if held) and stops trying. */
  stop(): Promise<void>;
}
