import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type PrivateRedis, startPrivateRedis } from '../../../test/support/private-redis.js';
import { describeEventBusContract } from '../test/event-bus.contract.js';
import { connectionsNamed, eventually, SHARED_REDIS_URL, uniquePrefix } from '../test/redis-test-support.js';
import { createRedisEventBus, type RedisEventBus, redisEventChannel } from './redis-event-bus.js';

describeEventBusContract('createRedisEventBus', (options) =>
  createRedisEventBus<unknown>({ url: SHARED_REDIS_URL, prefix: uniquePrefix('bus'), ...options }),
);

describe('createRedisEventBus (real Redis)', () => {
  let buses: RedisEventBus<unknown>[] = [];
  let errors: unknown[] = [];
  let admin: Redis;
  const open = (prefix: string, url = SHARED_REDIS_URL) => {
    const bus = createRedisEventBus<unknown>({ url, prefix, onError: (error) => errors.push(error) });
    buses.push(bus);
    return bus;
  };

  beforeAll(() => {
    admin = new Redis(SHARED_REDIS_URL);
  });
  afterAll(() => admin.disconnect());
  afterEach(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
    buses = [];
    errors = [];
  });

  it("lets two processes see each other's events, each delivered once, the publisher's own included", async () => {
    const prefix = uniquePrefix('bus');
    const [one, two] = [open(prefix), open(prefix)];
    const seen: string[] = [];
    one.subscribe('execution:1', (event) => seen.push(`one:${event}`));
    two.subscribe('execution:1', (event) => seen.push(`two:${event}`));
    await Promise.all([one.ready(), two.ready()]);
    one.publish('execution:1', 'from-one');
    await eventually(() => expect(seen.sort()).toEqual(['one:from-one', 'two:from-one']));
    two.publish('execution:1', 'from-two');
    await eventually(() => expect(seen).toHaveLength(4));
    expect(seen.sort()).toEqual(['one:from-one', 'one:from-two', 'two:from-one', 'two:from-two']);
    expect(errors).toEqual([]);
  });

  it('holds a Redis subscription exactly while the topic has a local listener', async () => {
    const prefix = uniquePrefix('bus');
    const bus = open(prefix);
    const channel = redisEventChannel(prefix, 'workflow:1');
    const subscribers = async () => ((await admin.pubsub('NUMSUB', channel)) as [string, number])[1];
    expect(await subscribers()).toBe(0);
    const first = bus.subscribe('workflow:1', () => {});
    const second = bus.subscribe('workflow:1', () => {});
    await bus.ready();
    expect(await subscribers()).toBe(1);
    first();
    await bus.ready();
    expect(await subscribers()).toBe(1);
    second();
    await bus.ready();
    expect(await subscribers()).toBe(0);
  });

  it('reports an undecodable message and an unencodable event, and keeps delivering', async () => {
    const prefix = uniquePrefix('bus');
    const bus = open(prefix);
    const seen: unknown[] = [];
    bus.subscribe('t', (event) => seen.push(event));
    await bus.ready();
    await admin.publish(redisEventChannel(prefix, 't'), '{not json');
    bus.publish('t', { big: 1n });
    bus.publish('t', undefined);
    bus.publish('t', 'fine');
    await eventually(() => expect(seen).toEqual(['fine']));
    // The foreign message may arrive before or after the local failures are reported.
    expect(errors.map((error) => (error as { code?: string }).code).sort()).toEqual([
      'EVENT_UNDECODABLE',
      'EVENT_UNENCODABLE',
      'EVENT_UNENCODABLE',
    ]);
  });

  it('after close, refuses subscribe, reports publish and holds no connection', async () => {
    const prefix = uniquePrefix('bus');
    const bus = open(prefix);
    const unsubscribe = bus.subscribe('t', () => {});
    await bus.ready();
    expect(await connectionsNamed(prefix)).toHaveLength(2);
    await bus.close();
    await bus.close();
    expect(() => bus.subscribe('t', () => {})).toThrow(expect.objectContaining({ code: 'EVENT_BUS_CLOSED' }));
    unsubscribe();
    bus.publish('t', 1);
    expect(errors).toEqual([expect.objectContaining({ code: 'EVENT_BUS_CLOSED' })]);
    await eventually(async () => expect(await connectionsNamed(prefix)).toEqual([]));
  });

  describe('with a private Redis that restarts', () => {
    let redis: PrivateRedis;
    beforeAll(async () => {
      redis = await startPrivateRedis();
    });
    afterAll(() => redis.dispose());

    it('subscribes again after reconnecting', async () => {
      const bus = open(uniquePrefix('bus'), redis.url);
      const seen: unknown[] = [];
      bus.subscribe('t', (event) => seen.push(event));
      await bus.ready();
      await redis.kill();
      await redis.start();
      let attempt = 0;
      await eventually(
        () => {
          bus.publish('t', ++attempt);
          expect(seen.length).toBeGreaterThan(0);
        },
        { timeoutMs: 8_000, intervalMs: 100 },
      );
    });
  });
});
