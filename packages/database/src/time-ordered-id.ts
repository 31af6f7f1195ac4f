import { randomFillSync } from 'node:crypto';

/** Random bytes drawn from the system in one call and handed out in slices: one syscall per 256 ids. */
const ID_BYTES = 10;
const POOL_BYTES = ID_BYTES * 256;
const pool = Buffer.alloc(POOL_BYTES);
let poolOffset = POOL_BYTES;

function randomBytes(): Buffer {
  if (poolOffset === POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const slice = pool.subarray(poolOffset, poolOffset + ID_BYTES);
  poolOffset += ID_BYTES;
  return slice;
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
/** The 12-bit counter starts each millisecond below this, leaving room to count up within it. */
const COUNTER_START_RANGE = 0x800;
const COUNTER_MAX = 0xfff;

let lastMs = -1;
let counter = 0;

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, a 12-bit counter that keeps ids made in the
 * same millisecond in order (it starts at a random value each millisecond and, when it runs out, borrows the
 * next millisecond), and 62 random bits. Ids made by one process sort in the order they were made, even if
 * the clock steps back.
 *
 * Why: rows keyed by random (v4) UUIDs land on random pages of every index over the key, so each new
 * execution dirtied its own pages in three B-trees; time-ordered keys append to the same few pages, which
 * lets one group commit write many executions for the pages of one.
 */
export function timeOrderedId(now: number = Date.now()): string {
  const random = randomBytes();
  if (now > lastMs) {
    lastMs = now;
    counter = (((random[8] as number) << 8) | (random[9] as number)) % COUNTER_START_RANGE;
  } else if (counter < COUNTER_MAX) {
    counter++;
  } else {
    lastMs++;
    counter = 0;
  }
  const high = Math.floor(lastMs / 0x10000);
  const low = lastMs % 0x10000;
  return (
    HEX[(high >>> 24) & 0xff]! +
    HEX[(high >>> 16) & 0xff]! +
    HEX[(high >>> 8) & 0xff]! +
    HEX[high & 0xff]! +
    '-' +
    HEX[low >>> 8]! +
    HEX[low & 0xff]! +
    '-' +
    HEX[0x70 | (counter >>> 8)]! +
    HEX[counter & 0xff]! +
    '-' +
    HEX[0x80 | ((random[0] as number) & 0x3f)]! +
    HEX[random[1] as number]! +
    '-' +
    HEX[random[2] as number]! +
    HEX[random[3] as number]! +
    HEX[random[4] as number]! +
    HEX[random[5] as number]! +
    HEX[random[6] as number]! +
    HEX[random[7] as number]!
  );
}
