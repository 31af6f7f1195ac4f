import type { ExpressionBuilder } from 'kysely';
import type { DatabaseSchema } from './schema.js';

/*
 * The lease conditions on an `executions` row, shared by both dialects' statements so the fence and the
 * claim rule are written once.
 */

type ExecutionsWhere = ExpressionBuilder<DatabaseSchema, 'executions'>;

/** The fence: `epoch` holds the lease (running, this epoch, not released). Expired but not taken over still holds. */
export const heldBy = (epoch: number) => (eb: ExecutionsWhere) =>
  eb.and([eb('status', '=', 'running'), eb('epoch', '=', epoch), eb('lease_owner', 'is not', null)]);

/** No lease, or one that ran out before `now`. */
export const leaseFree = (now: number) => (eb: ExecutionsWhere) =>
  eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]);

/** Claimable at `now`: new, or running without a live lease. */
export const claimable = (now: number) => (eb: ExecutionsWhere) =>
  eb.or([eb('status', '=', 'new'), eb.and([eb('status', '=', 'running'), leaseFree(now)(eb)])]);
