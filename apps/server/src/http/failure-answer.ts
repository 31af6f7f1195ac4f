import { isDatabaseUnavailable } from '@klikkflow/database';
import { type ErrorBody, errorResponse } from './error-response.js';

/**
 * The answer to a failed request: the error's own status and body, except that any server-side failure
 * while the database does not answer a ping is a 503 `DB_UNAVAILABLE` (G1: a store that is down is never a
 * 2xx and never an opaque 500). A closed pool or an unknown driver reports the outage in words no list of
 * codes can foresee, hence the ping.
 */
export async function failureAnswer(
  error: unknown,
  database: { ping(): Promise<void> },
): Promise<{ status: number; body: ErrorBody }> {
  const answer = errorResponse(error);
  const down =
    isDatabaseUnavailable(error) ||
    (answer.status >= 500 &&
      (await database.ping().then(
        () => false,
        () => true,
      )));
  if (!down) return answer;
  return {
    status: 503,
    body: { code: 'DB_UNAVAILABLE', message: 'the database does not answer; try again later' },
  };
}
