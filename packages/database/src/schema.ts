import type { Generated } from 'kysely';

/*
 * The tables, as Kysely sees them. One schema for SQLite and PostgreSQL: times are epoch milliseconds
 * (bigint), booleans are 0/1 integers and structured values are JSON text, so both dialects store the
 * same bytes and the repositories never branch on the dialect for data.
 */

/** `users`: accounts. `role` is `owner` for now; teams and projects come later. */
export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  first_name: string;
  last_name: string;
  role: string;
  created_at: number;
  updated_at: number;
}

/** `sessions`: login sessions; the id is the SHA-256 of the cookie token, never the token itself. */
export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: number;
  expires_at: number;
}

/** `api_keys`: hashed API keys; `prefix` is the first characters, shown in lists. */
export interface ApiKeysTable {
  id: string;
  user_id: string;
  label: string;
  key_hash: string;
  prefix: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

/** `workflows`: the current version of each workflow; `definition` is the native workflow JSON. */
export interface WorkflowsTable {
  id: string;
  name: string;
  active: number;
  definition: string;
  version: number;
  created_at: number;
  updated_at: number;
}

/** `workflow_versions`: every saved version of every workflow. */
export interface WorkflowVersionsTable {
  workflow_id: string;
  version: number;
  definition: string;
  created_at: number;
}

/** `tags`. */
export interface TagsTable {
  id: string;
  name: string;
  created_at: number;
}

/** `workflow_tags`: which workflow carries which tag. */
export interface WorkflowTagsTable {
  workflow_id: string;
  tag_id: string;
}

/**
 * The lease columns of `executions` (migration 0002), through which scale-mode workers claim, fence and
 * recover executions (G5, G6).
 */
export interface ExecutionLeaseColumns {
  /** Increases with every claim; a writer whose epoch is not the current one is stale. */
  epoch: Generated<number>;
  /** The worker holding the lease; null when nobody does (never claimed, released, handed over, ended). */
  lease_owner: string | null;
  /** Epoch ms the lease runs until; it has expired when `lease_until < now`. */
  lease_until: number | null;
  /** 1 once a cancel was asked for while running: the holder stops and ends the execution. */
  cancel_requested: Generated<number>;
  /** Consecutive takeovers of an expired lease at the same committed sequence (quarantine at 3). */
  recoveries: Generated<number>;
  /** The `execution_data.sequence` at the last takeover. */
  recovery_sequence: number | null;
}

/** `executions`: one lean row per execution, for lists and status. */
export interface ExecutionsTable extends ExecutionLeaseColumns {
  id: string;
  workflow_id: string;
  mode: string;
  status: string;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  wait_till: number | null;
  retry_of: string | null;
  idempotency_key: string | null;
  error_code: string | null;
  error_message: string | null;
  error_node: string | null;
}

/**
 * `execution_data`: what an execution needs to run and resume: the workflow snapshot it runs, the
 * start request, and the last committed engine state (without run data, which lives per node run).
 */
export interface ExecutionDataTable {
  execution_id: string;
  workflow: string;
  start: string;
  state: string | null;
  sequence: number;
}

/** `execution_node_runs`: one row per node run: its inputs, outputs, error and timing as JSON. */
export interface ExecutionNodeRunsTable {
  execution_id: string;
  node_id: string;
  run_index: number;
  data: string;
}

/** `credentials`: `data` is the encrypted envelope, never plaintext. */
export interface CredentialsTable {
  id: string;
  name: string;
  type: string;
  data: string;
  created_at: number;
  updated_at: number;
}

/** `webhooks`: production webhook routes of active workflows. */
export interface WebhooksTable {
  method: string;
  path: string;
  workflow_id: string;
  node_id: string;
}

/** `schedules`: one row per schedule trigger of an active workflow, with the last slot handled. */
export interface SchedulesTable {
  workflow_id: string;
  node_id: string;
  last_slot_at: number | null;
}

/** `schedule_slots`: a unique row per fired slot, so a slot fires at most once (G8). */
export interface ScheduleSlotsTable {
  workflow_id: string;
  node_id: string;
  slot_at: number;
  fired_at: number;
  execution_id: string | null;
  /** `fired` or `skipped` (missed while down, by the catch-up policy). */
  outcome: string;
}

/** `settings`: instance-wide key/value settings, JSON values. */
export interface SettingsTable {
  key: string;
  value: string;
}

/** `variables`: `$vars`. */
export interface VariablesTable {
  id: string;
  key: string;
  value: string;
  created_at: number;
  updated_at: number;
}

/** `outbox`: messages committed with the change that caused them, relayed after commit. */
export interface OutboxTable {
  id: string;
  topic: string;
  payload: string;
  created_at: number;
  attempts: Generated<number>;
}

/** All tables. */
export interface DatabaseSchema {
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  workflows: WorkflowsTable;
  workflow_versions: WorkflowVersionsTable;
  tags: TagsTable;
  workflow_tags: WorkflowTagsTable;
  executions: ExecutionsTable;
  execution_data: ExecutionDataTable;
  execution_node_runs: ExecutionNodeRunsTable;
  credentials: CredentialsTable;
  webhooks: WebhooksTable;
  schedules: SchedulesTable;
  schedule_slots: ScheduleSlotsTable;
  settings: SettingsTable;
  variables: VariablesTable;
  outbox: OutboxTable;
}
