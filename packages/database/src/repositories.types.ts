import type { ExecutionState } from '@klikkflow/engine';
import type { ExecutionMode, ExecutionStatus, NodeRun, RunData, Workflow } from '@klikkflow/types';

/** One page of a list, newest first; pass `nextCursor` back to get the next page. */
export interface Page<T> {
  items: T[];
  /** Opaque; null on the last page. */
  nextCursor: string | null;
}

/** Paging arguments. */
export interface PageQuery {
  /** 1..500. */
  limit: number;
  cursor?: string;
}

// ---------------------------------------------------------------- workflows, versions, tags

/** A stored workflow without its definition, for lists. */
export interface WorkflowSummary {
  id: string;
  name: string;
  active: boolean;
  /** Increases by one on every update. */
  version: number;
  /** Tag names. */
  tags: string[];
  createdAt: number;
  updatedAt: number;
}

/** A stored workflow. `definition.tags` equals `tags`. */
export interface WorkflowRecord extends WorkflowSummary {
  definition: Workflow;
}

/** Workflows with their version history. Tags are linked by name from `definition.tags`. */
export interface WorkflowRepository {
  /** Stores version 1. A taken id throws `UserError` `DB_CONFLICT`. */
  create(workflow: Workflow, options?: { active?: boolean }): Promise<WorkflowRecord>;
  get(id: string): Promise<WorkflowRecord | undefined>;
  /** Newest `updatedAt` first; filters combine with AND; `name` matches a case-insensitive substring. */
  list(query: PageQuery & { active?: boolean; tag?: string; name?: string }): Promise<Page<WorkflowSummary>>;
  /** All active workflows (for registering triggers on start). */
  listActive(): Promise<WorkflowRecord[]>;
  /**
   * Replaces the definition (its `id` must equal `id`), bumps the version and keeps the old one in history.
   * Unknown id: `UserError` `DB_NOT_FOUND`. `expectedVersion` given and not current: `UserError` `DB_VERSION_CONFLICT`.
   */
  update(id: string, workflow: Workflow, expectedVersion?: number): Promise<WorkflowRecord>;
  /** Unknown id: `UserError` `DB_NOT_FOUND`. Does not bump the version. */
  setActive(id: string, active: boolean): Promise<WorkflowRecord>;
  /** False when there was nothing to delete. Versions, tags links, webhooks and schedules go with it. */
  delete(id: string): Promise<boolean>;
  /** Newest first. */
  listVersions(id: string): Promise<{ version: number; createdAt: number }[]>;
  getVersion(id: string, version: number): Promise<Workflow | undefined>;
}

/** A tag with how many workflows carry it. */
export interface TagRecord {
  id: string;
  name: string;
  createdAt: number;
  usageCount: number;
}

/** Tags. Names are unique (a taken name throws `UserError` `DB_CONFLICT`). */
export interface TagRepository {
  list(): Promise<TagRecord[]>;
  create(name: string): Promise<TagRecord>;
  /** Renames the tag and every workflow definition's `tags` entry. Unknown id: `DB_NOT_FOUND`. */
  rename(id: string, name: string): Promise<TagRecord>;
  /** Removes it from every workflow. */
  delete(id: string): Promise<boolean>;
}

// ---------------------------------------------------------------- executions

/** How an execution fails, as stored on the execution row. */
export interface ExecutionErrorSummary {
  code: string;
  message: string;
  nodeId?: string;
}

/** An execution row. */
export interface ExecutionRecord {
  id: string;
  workflowId: string;
  mode: ExecutionMode;
  status: ExecutionStatus;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  /** Set while `waiting`. */
  waitTill?: number;
  /** The execution this one retries. */
  retryOf?: string;
  idempotencyKey?: string;
  error?: ExecutionErrorSummary;
}

/** An execution with everything needed to show, resume or retry it. */
export interface ExecutionDetail {
  record: ExecutionRecord;
  /** The workflow snapshot the execution runs. */
  workflow: Workflow;
  /** The start request (trigger items, start node, partial-run options) as JSON. */
  start: unknown;
  /** Last committed engine state, with `runData` filled from the node run rows; absent before the first commit. */
  state?: ExecutionState;
  /** Saved node runs, in run order per node. */
  runData: RunData;
}

/** What creating an execution stores, in one transaction. */
export interface NewExecution {
  id: string;
  workflowId: string;
  mode: ExecutionMode;
  /** `new` or `running` for an execution about to run; any status for one stored after it ran. */
  status: ExecutionStatus;
  workflow: Workflow;
  start: unknown;
  createdAt: number;
  startedAt?: number;
  retryOf?: string;
  /** Unique per workflow: a second create with the same key returns the first execution (G2). */
  idempotencyKey?: string;
  finishedAt?: number;
  waitTill?: number;
  error?: ExecutionErrorSummary;
  /**
   * Engine state and node runs, for an execution stored only once it has run (or is part way): the
   * whole record lands in the same transaction as the row, one commit instead of one per step.
   */
  state?: ExecutionState;
  runs?: readonly NewNodeRun[];
  /**
   * Outbox messages committed in the same transaction as the execution (scale mode: the job that runs
   * it), so an accepted execution is never without its job. A repeated idempotency key adds none.
   */
  outbox?: readonly NewOutboxMessage[];
}

/** Fields a status transition may set at the same time; `null` clears. */
export interface ExecutionPatch {
  startedAt?: number;
  finishedAt?: number;
  waitTill?: number | null;
  error?: ExecutionErrorSummary | null;
}

/** A node run to append at a checkpoint. */
export interface NewNodeRun {
  nodeId: string;
  run: NodeRun;
}

/** Filters of {@link ExecutionRepository.list}. */
export interface ExecutionQuery extends PageQuery {
  status?: ExecutionStatus[];
  workflowId?: string;
  /** `createdAt >= createdAfter`. */
  createdAfter?: number;
  /** `createdAt < createdBefore`. */
  createdBefore?: number;
}

/** Executions, their committed state and per-node run data. */
export interface ExecutionRepository {
  /**
   * Inserts the row and its data in one transaction, committed when this resolves (G1). With an
   * `idempotencyKey` already used for the workflow, inserts nothing and returns the first one (G2).
   */
  create(execution: NewExecution): Promise<{ record: ExecutionRecord; created: boolean }>;
  get(id: string): Promise<ExecutionRecord | undefined>;
  getDetail(id: string): Promise<ExecutionDetail | undefined>;
  /** Newest `createdAt` first (ties by id). */
  list(query: ExecutionQuery): Promise<Page<ExecutionRecord>>;
  /**
   * Compare-and-set (G7): moves the execution to `to` only if its status is one of `from`, applying
   * `patch` in the same statement. True when it moved.
   */
  transition(
    id: string,
    from: readonly ExecutionStatus[],
    to: ExecutionStatus,
    patch?: ExecutionPatch,
  ): Promise<boolean>;
  /**
   * Commits engine state (stored without `runData`) plus the node runs finished since the last
   * checkpoint, in one transaction. Only a higher `state.sequence` than the stored one is written;
   * false (and nothing written) otherwise, so a stale writer cannot go back in time.
   */
  checkpoint(id: string, state: ExecutionState, newRuns: readonly NewNodeRun[]): Promise<boolean>;
  /** Drops the saved node runs and state (execution saving "errors only" or "none" after a success). */
  clearData(id: string): Promise<void>;
  /** Deletes executions with their data; returns how many. */
  delete(ids: readonly string[]): Promise<number>;
  /**
   * Deletes terminal executions finished before `finishedBefore`, then the oldest terminal ones beyond
   * the newest `keep`. Returns how many were deleted.
   */
  prune(options: { finishedBefore: number; keep: number }): Promise<number>;
  /** Executions in one of these statuses, oldest first (for recovery on start). */
  listByStatus(statuses: readonly ExecutionStatus[]): Promise<ExecutionRecord[]>;
  /** `waiting` executions whose `waitTill` <= `now`, oldest first. */
  listWaitingDue(now: number, limit: number): Promise<ExecutionRecord[]>;
  /** Count per status (metrics). */
  countByStatus(): Promise<Partial<Record<ExecutionStatus, number>>>;
}

// ---------------------------------------------------------------- execution leases (scale mode)

/** A worker's claim of an execution: what it must present (the epoch) on every later write. */
export interface ExecutionClaim {
  executionId: string;
  /** The fencing token: one more than any earlier claim's. */
  epoch: number;
  owner: string;
  /** Epoch ms the lease runs until unless renewed. */
  leaseUntil: number;
  /** True when the claim took over an expired lease (the previous holder died or stalled). */
  takeover: boolean;
  /** Consecutive takeovers at the same committed checkpoint sequence (3 = the step kills its workers: quarantine). */
  recoveries: number;
  /** A cancel was requested: the holder must end the execution as canceled instead of running it. */
  cancelRequested: boolean;
}

/** What a lease holder presents to write: its epoch, the current time and the lease length to renew for. */
export interface Fence {
  epoch: number;
  /** Epoch ms, from the caller's clock. */
  now: number;
  leaseMs: number;
}

/**
 * Leases of executions among scale-mode workers (G5, G6, G7). Times are epoch ms from the caller, never
 * the database clock. Every status change is a compare-and-set, safe between connections and processes.
 * A lease is held by epoch `e` while the execution is `running` with epoch `e` and a lease owner; an
 * expired lease is still held until someone else claims it.
 */
export interface ExecutionLeaseRepository {
  /**
   * Claims a `new` execution, or a `running` one whose lease is absent (handed over or released) or
   * expired (`leaseUntil < now`): status running, epoch + 1, this owner, lease until `now + leaseMs`,
   * `startedAt` kept or set to `now`. undefined when not claimable (unknown, terminal, waiting, or leased
   * by a live holder). Taking over an expired lease counts a recovery: `recoveries` + 1 when the committed
   * sequence equals the one of the last takeover, else 1. Claiming an absent lease counts nothing.
   */
  claim(id: string, owner: string, now: number, leaseMs: number): Promise<ExecutionClaim | undefined>;
  /** Extends the lease to `now + leaseMs`; `held` false when this epoch no longer holds it. */
  renew(id: string, fence: Fence): Promise<{ held: boolean; cancelRequested: boolean }>;
  /**
   * The fenced checkpoint (G3, G6), in one transaction: verifies the fence holds the lease, writes the
   * sequence-guarded state and node runs (as {@link ExecutionRepository.checkpoint}) and renews the lease.
   * `stale`: the fence does not hold the lease or the sequence is not newer; nothing written. `cancel`:
   * written, but a cancel was requested and the holder must stop.
   */
  checkpoint(
    id: string,
    fence: Fence,
    state: ExecutionState,
    runs: readonly NewNodeRun[],
  ): Promise<'ok' | 'stale' | 'cancel'>;
  /**
   * Ends the holder's run: `running` → `to` (`success`, `error`, `canceled` or `waiting`) only while
   * `epoch` holds the lease, which it gives up; `patch` applies in the same statement. False when stale.
   * Another `to` throws `UnexpectedError` `DB_TRANSITION_INVALID`.
   */
  finish(id: string, epoch: number, to: ExecutionStatus, patch?: ExecutionPatch): Promise<boolean>;
  /**
   * Gives the lease back without ending the execution (graceful drain), while `epoch` holds it: the next
   * claim is immediate and counts no recovery. False when stale.
   */
  release(id: string, epoch: number): Promise<boolean>;
  /**
   * Moves the execution from one of `from` that may lead to `running` (`waiting`, `new`) to `running`
   * with no lease, applying `patch`, and adds `outbox` messages, in one transaction: a due waiting
   * execution handed to the workers. False (nothing written) when the compare-and-set failed.
   */
  handOver(
    id: string,
    from: readonly ExecutionStatus[],
    patch: ExecutionPatch,
    outbox: readonly NewOutboxMessage[],
  ): Promise<boolean>;
  /**
   * Cancels: `new` or `waiting` → `canceled` at once (`finishedAt` = `now`): `canceled`. `running`: marks
   * the cancel request, and its holder (or, for an expired lease, its next claimer) ends it: `requested`.
   * Terminal: `conflict`. Unknown: `missing`.
   */
  requestCancel(id: string, now: number): Promise<'canceled' | 'requested' | 'conflict' | 'missing'>;
  /**
   * What the reconciler must enqueue again: `new` executions created before `now - newGraceMs` and
   * `running` ones whose lease is absent or expired, oldest first, at most `limit`, with their epoch.
   */
  listRecoverable(
    now: number,
    newGraceMs: number,
    limit: number,
  ): Promise<{ id: string; status: 'new' | 'running'; epoch: number }[]>;
}

// ---------------------------------------------------------------- credentials

/** A stored credential; `data` is the encrypted envelope. */
export interface CredentialRecord {
  id: string;
  name: string;
  type: string;
  data: string;
  createdAt: number;
  updatedAt: number;
}

/** Credentials (encrypted data only; the vault encrypts and decrypts). */
export interface CredentialRepository {
  create(credential: { id?: string; name: string; type: string; data: string }): Promise<CredentialRecord>;
  get(id: string): Promise<CredentialRecord | undefined>;
  /** Oldest first. */
  list(filter?: { type?: string }): Promise<CredentialRecord[]>;
  /** Unknown id: `UserError` `DB_NOT_FOUND`. */
  update(id: string, patch: { name?: string; data?: string }): Promise<CredentialRecord>;
  delete(id: string): Promise<boolean>;
}

// ---------------------------------------------------------------- users, sessions, API keys

/** An account. */
export interface UserRecord {
  id: string;
  email: string;
  passwordHash: string;
  firstName: string;
  lastName: string;
  role: string;
  createdAt: number;
  updatedAt: number;
}

/** Users. Emails are stored lower-cased and unique (`DB_CONFLICT`). */
export interface UserRepository {
  create(user: {
    email: string;
    passwordHash: string;
    firstName: string;
    lastName: string;
    role: string;
  }): Promise<UserRecord>;
  get(id: string): Promise<UserRecord | undefined>;
  /** Case-insensitive. */
  findByEmail(email: string): Promise<UserRecord | undefined>;
  count(): Promise<number>;
}

/** A login session. `id` is the SHA-256 hex of the cookie token. */
export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
}

/** Sessions. */
export interface SessionRepository {
  create(session: SessionRecord): Promise<void>;
  /** The session and its user, when it exists and `expiresAt > now`. */
  find(id: string, now: number): Promise<{ session: SessionRecord; user: UserRecord } | undefined>;
  delete(id: string): Promise<void>;
  deleteExpired(now: number): Promise<number>;
}

/** An API key as listed (never the key itself). */
export interface ApiKeyRecord {
  id: string;
  userId: string;
  label: string;
  prefix: string;
  createdAt: number;
  lastUsedAt?: number;
  revokedAt?: number;
}

/** API keys, stored as hashes. */
export interface ApiKeyRepository {
  create(key: { userId: string; label: string; keyHash: string; prefix: string }): Promise<ApiKeyRecord>;
  /** The key and its user when the hash matches a key that is not revoked. */
  findActiveByHash(keyHash: string): Promise<{ key: ApiKeyRecord; user: UserRecord } | undefined>;
  listForUser(userId: string): Promise<ApiKeyRecord[]>;
  /** False when no such key of this user, or already revoked. */
  revoke(id: string, userId: string, now: number): Promise<boolean>;
  touch(id: string, now: number): Promise<void>;
}

// ---------------------------------------------------------------- triggers

/** A production webhook route. */
export interface WebhookRoute {
  method: string;
  /** Without leading or trailing slash. */
  path: string;
  workflowId: string;
  nodeId: string;
}

/** Production webhook routes of active workflows. */
export interface WebhookRepository {
  /**
   * Replaces the workflow's routes in one transaction. A (method, path) held by another workflow throws
   * `UserError` `WEBHOOK_PATH_TAKEN` with `details: { method, path, workflowId }` and changes nothing.
   */
  replaceForWorkflow(workflowId: string, routes: readonly Omit<WebhookRoute, 'workflowId'>[]): Promise<void>;
  removeForWorkflow(workflowId: string): Promise<void>;
  find(method: string, path: string): Promise<WebhookRoute | undefined>;
  list(): Promise<WebhookRoute[]>;
}

/** A schedule trigger of an active workflow. */
export interface ScheduleRecord {
  workflowId: string;
  nodeId: string;
  /** The latest slot fired or skipped. */
  lastSlotAt?: number;
}

/** Schedules and their fired slots (G8). */
export interface ScheduleRepository {
  /** Makes the workflow's schedule rows exactly `nodeIds` (keeping `lastSlotAt` of those that stay). */
  syncForWorkflow(workflowId: string, nodeIds: readonly string[]): Promise<void>;
  list(): Promise<ScheduleRecord[]>;
  /**
   * Claims one slot: inserts its unique row and advances `lastSlotAt`, in one transaction. False when the
   * slot was already claimed (by this or another process): the caller must not fire it.
   */
  claimSlot(slot: {
    workflowId: string;
    nodeId: string;
    slotAt: number;
    firedAt: number;
    outcome: 'fired' | 'skipped';
    executionId?: string;
  }): Promise<boolean>;
  /** How many slots were fired and skipped, in all. */
  countSlots(): Promise<{ fired: number; skipped: number }>;
}

// ---------------------------------------------------------------- settings, variables, outbox

/** Instance-wide settings (JSON values). */
export interface SettingsRepository {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
}

/** A variable (`$vars.key`). */
export interface VariableRecord {
  id: string;
  key: string;
  value: string;
  createdAt: number;
  updatedAt: number;
}

/** Variables. Keys are unique (`DB_CONFLICT`). */
export interface VariableRepository {
  list(): Promise<VariableRecord[]>;
  create(variable: { key: string; value: string }): Promise<VariableRecord>;
  /** Unknown id: `DB_NOT_FOUND`. */
  update(id: string, patch: { key?: string; value?: string }): Promise<VariableRecord>;
  delete(id: string): Promise<boolean>;
  /** key → value. */
  asRecord(): Promise<Record<string, string>>;
}

/** A message to put in the outbox; `payload` must be JSON-serializable (`DB_VALUE_NOT_JSON` otherwise). */
export interface NewOutboxMessage {
  topic: string;
  payload: unknown;
}

/** An outbox message. */
export interface OutboxMessage {
  id: string;
  topic: string;
  payload: unknown;
  createdAt: number;
  /** Deliveries that failed so far. */
  attempts: number;
}

/** Messages to relay after commit (scale mode feeds the queue from here). */
export interface OutboxRepository {
  add(message: NewOutboxMessage): Promise<OutboxMessage>;
  /**
   * Relays up to `limit` of the oldest messages, in one transaction: selects them (rows another relay
   * holds are skipped, so concurrent relays never hand out the same row at once), calls `deliver`,
   * deletes them and commits; returns how many were relayed (0 when none, or `limit` < 1). When `deliver`
   * throws, nothing is deleted, their `attempts` go up by one and the error is rethrown. Delivery is
   * at least once (a commit that fails after `deliver` relays them again), so `deliver` must be
   * idempotent (stable job ids). It must not use this database: on SQLite it holds the connection.
   */
  relay(limit: number, deliver: (messages: OutboxMessage[]) => Promise<void>): Promise<number>;
}

/** Every repository over one connection. */
export interface Repositories {
  workflows: WorkflowRepository;
  tags: TagRepository;
  executions: ExecutionRepository;
  credentials: CredentialRepository;
  users: UserRepository;
  sessions: SessionRepository;
  apiKeys: ApiKeyRepository;
  webhooks: WebhookRepository;
  schedules: ScheduleRepository;
  settings: SettingsRepository;
  variables: VariableRepository;
  outbox: OutboxRepository;
  leases: ExecutionLeaseRepository;
}
