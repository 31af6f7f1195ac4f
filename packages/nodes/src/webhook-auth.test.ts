import { createHmac, generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { webhookHmacAuthCredential } from './credentials/webhook-hmac-auth.credential.js';
import {
  safeEqual,
  verifyWebhookAuth,
  type WebhookAuthMode,
  type WebhookAuthRequest,
  webhookAuthMode,
} from './webhook-auth.js';

const now = Date.parse('2025-06-01T12:00:00Z');
const body = new TextEncoder().encode('{"order": 42, "note": "ü"}');
const request = (headers: Record<string, string>, rawBody = body, at = now): WebhookAuthRequest => ({
  headers,
  rawBody,
  now: at,
});
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('webhookAuthMode', () => {
  it('accepts the five modes and n8n’s jwtAuth, refusing others', () => {
    expect(webhookAuthMode('hmac')).toBe('hmac');
    expect(webhookAuthMode('jwtAuth')).toBe('jwt');
    expect(() => webhookAuthMode('oauth')).toThrow(
      expect.objectContaining({ code: 'NODE_PARAMETER_INVALID' }),
    );
  });
});

describe('safeEqual', () => {
  it('compares values of any lengths', () => {
    expect(safeEqual('secret', 'secret')).toBe(true);
    expect(safeEqual('secret', 'secret!')).toBe(false);
    expect(safeEqual('', 'x')).toBe(false);
  });
});

describe('verifyWebhookAuth: none and missing credentials', () => {
  it('lets anything through with none', async () => {
    expect(await verifyWebhookAuth('none', undefined, request({}))).toEqual({ ok: true });
  });

  it('refuses an unknown mode instead of letting it through', async () => {
    const mode = 'jwtAuth' as WebhookAuthMode;
    expect(await verifyWebhookAuth(mode, { secret: 's' }, request({}))).toMatchObject({
      ok: false,
      code: 'WEBHOOK_AUTH_MISCONFIGURED',
    });
  });

  it('refuses every other mode without a credential', async () => {
    for (const mode of ['headerAuth', 'basicAuth', 'hmac', 'jwt'] as const) {
      expect(await verifyWebhookAuth(mode, undefined, request({}))).toMatchObject({
        ok: false,
        status: 500,
        code: 'WEBHOOK_AUTH_MISCONFIGURED',
      });
    }
  });
});

describe('verifyWebhookAuth: headerAuth', () => {
  const credential = { name: 'X-Api-Key', value: 'k3y' };

  it('accepts the right value, header name in any case', async () => {
    expect(await verifyWebhookAuth('headerAuth', credential, request({ 'x-api-key': 'k3y' }))).toEqual({
      ok: true,
    });
  });

  it('refuses a missing, wrong or longer value', async () => {
    expect(await verifyWebhookAuth('headerAuth', credential, request({}))).toMatchObject({
      status: 401,
      code: 'WEBHOOK_AUTH_MISSING',
    });
    for (const value of ['k3Y', 'k3y ', 'k3yk3y', '']) {
      expect(
        await verifyWebhookAuth('headerAuth', credential, request({ 'X-Api-Key': value })),
      ).toMatchObject({
        status: 403,
        code: 'WEBHOOK_AUTH_INVALID',
      });
    }
  });

  it('refuses a credential with an empty value instead of matching an empty header', async () => {
    const empty = { name: 'X-Api-Key', value: '' };
    expect(await verifyWebhookAuth('headerAuth', empty, request({ 'x-api-key': '' }))).toMatchObject({
      code: 'WEBHOOK_AUTH_MISCONFIGURED',
    });
  });
});

describe('verifyWebhookAuth: basicAuth', () => {
  const credential = { user: 'ann', password: 'p:ss wörd' };

  it('accepts the right user and password (password may hold a colon)', async () => {
    const headers = { Authorization: basic('ann', 'p:ss wörd') };
    expect(await verifyWebhookAuth('basicAuth', credential, request(headers))).toEqual({ ok: true });
  });

  it('refuses missing auth with a Basic challenge', async () => {
    expect(await verifyWebhookAuth('basicAuth', credential, request({}))).toEqual({
      ok: false,
      status: 401,
      code: 'WEBHOOK_AUTH_MISSING',
      message: 'basic authorization is missing',
      headers: { 'WWW-Authenticate': 'Basic realm="Webhook"' },
    });
  });

  it('refuses a wrong user, a wrong password, other schemes and malformed values', async () => {
    for (const authorization of [
      basic('bob', 'p:ss wörd'),
      basic('ann', 'p:ss word'),
      'Bearer abc',
      'Basic !!!notbase64',
      `Basic ${Buffer.from('annonly').toString('base64')}`,
    ]) {
      expect(await verifyWebhookAuth('basicAuth', credential, request({ authorization }))).toMatchObject({
        status: 403,
        code: 'WEBHOOK_AUTH_INVALID',
      });
    }
  });
});

describe('verifyWebhookAuth: hmac', () => {
  const secret = 'whsec_test';
  const sign = (payload: string | Uint8Array, algorithm = 'sha256', encoding: 'hex' | 'base64' = 'hex') =>
    createHmac(algorithm, secret).update(payload).digest(encoding);
  const credential = { secret };

  it('accepts a GitHub-style signature of the raw bytes with the defaults', async () => {
    const headers = { 'x-signature-256': `sha256=${sign(body)}` };
    expect(await verifyWebhookAuth('hmac', credential, request(headers))).toEqual({ ok: true });
  });

  it('works with the credential form’s defaults as stored', async () => {
    const defaults = Object.fromEntries(webhookHmacAuthCredential.properties.map((p) => [p.name, p.default]));
    const headers = { 'X-Signature-256': `sha256=${sign(body)}` };
    expect(await verifyWebhookAuth('hmac', { ...defaults, secret }, request(headers))).toEqual({ ok: true });
  });

  it('accepts upper-case hex, a custom header, sha512, base64 and no prefix', async () => {
    const upper = { 'X-Signature-256': `sha256=${sign(body).toUpperCase()}` };
    expect(await verifyWebhookAuth('hmac', credential, request(upper))).toEqual({ ok: true });
    const custom = {
      secret,
      header: 'X-Shopify-Hmac-Sha256',
      algorithm: 'sha512',
      encoding: 'base64',
      prefix: '',
    };
    const headers = { 'x-shopify-hmac-sha256': sign(body, 'sha512', 'base64') };
    expect(await verifyWebhookAuth('hmac', custom, request(headers))).toEqual({ ok: true });
  });

  it('refuses a missing signature, a wrong secret, a missing prefix and a tampered body', async () => {
    expect(await verifyWebhookAuth('hmac', credential, request({}))).toMatchObject({
      code: 'WEBHOOK_AUTH_MISSING',
    });
    const wrongSecret = createHmac('sha256', 'other').update(body).digest('hex');
    const tampered = new TextEncoder().encode('{"order": 43, "note": "ü"}');
    const cases: [Record<string, string>, typeof body][] = [
      [{ 'x-signature-256': `sha256=${wrongSecret}` }, body],
      [{ 'x-signature-256': sign(body) }, body],
      [{ 'x-signature-256': `sha256=${sign(body)}` }, tampered],
    ];
    for (const [headers, raw] of cases) {
      expect(await verifyWebhookAuth('hmac', credential, request(headers, raw))).toMatchObject({
        status: 403,
        code: 'WEBHOOK_AUTH_INVALID',
      });
    }
  });

  it('refuses the same JSON re-serialized: the signature covers the bytes as received', async () => {
    const headers = { 'x-signature-256': `sha256=${sign(body)}` };
    const reserialized = new TextEncoder().encode(JSON.stringify(JSON.parse(new TextDecoder().decode(body))));
    expect(await verifyWebhookAuth('hmac', credential, request(headers, reserialized))).toMatchObject({
      code: 'WEBHOOK_AUTH_INVALID',
    });
  });

  describe('with a timestamp header', () => {
    const stamped = { secret, timestampHeader: 'X-Timestamp' };
    const signedAt = (seconds: number, raw = body) => ({
      'x-timestamp': String(seconds),
      'x-signature-256': `sha256=${sign(Buffer.concat([Buffer.from(`${seconds}.`), raw]))}`,
    });
    const nowSeconds = now / 1000;

    it('accepts a fresh "<timestamp>.<body>" signature', async () => {
      expect(await verifyWebhookAuth('hmac', stamped, request(signedAt(nowSeconds - 299)))).toEqual({
        ok: true,
      });
    });

    it('refuses a replayed (old) or future-dated request even when correctly signed', async () => {
      for (const seconds of [nowSeconds - 301, nowSeconds + 301]) {
        expect(await verifyWebhookAuth('hmac', stamped, request(signedAt(seconds)))).toMatchObject({
          status: 403,
          code: 'WEBHOOK_AUTH_REPLAYED',
        });
      }
      const wide = { ...stamped, toleranceSeconds: 3600 };
      expect(await verifyWebhookAuth('hmac', wide, request(signedAt(nowSeconds - 1800)))).toEqual({
        ok: true,
      });
    });

    it('refuses a missing timestamp, a changed timestamp and a body-only signature', async () => {
      const { 'x-timestamp': _ts, ...withoutTimestamp } = signedAt(nowSeconds);
      expect(await verifyWebhookAuth('hmac', stamped, request(withoutTimestamp))).toMatchObject({
        code: 'WEBHOOK_AUTH_MISSING',
      });
      const moved = { ...signedAt(nowSeconds - 600), 'x-timestamp': String(nowSeconds) };
      const bodyOnly = { 'x-timestamp': String(nowSeconds), 'x-signature-256': `sha256=${sign(body)}` };
      for (const headers of [moved, bodyOnly]) {
        expect(await verifyWebhookAuth('hmac', stamped, request(headers))).toMatchObject({
          code: 'WEBHOOK_AUTH_INVALID',
        });
      }
    });
  });

  it('refuses an empty secret or an unknown algorithm as misconfigured', async () => {
    const headers = { 'x-signature-256': 'sha256=00' };
    for (const bad of [{ secret: '' }, { secret, algorithm: 'md5' }]) {
      expect(await verifyWebhookAuth('hmac', bad, request(headers))).toMatchObject({
        code: 'WEBHOOK_AUTH_MISCONFIGURED',
      });
    }
  });
});

describe('verifyWebhookAuth: jwt', () => {
  const secret = 'a-long-shared-secret-of-32-bytes!';
  const hsKey = new TextEncoder().encode(secret);
  const seconds = now / 1000;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const hs256 = (claims: Record<string, unknown> = {}, alg = 'HS256', key: Uint8Array = hsKey) =>
    new SignJWT({ sub: 'caller', ...claims }).setProtectedHeader({ alg }).sign(key);

  it('accepts a valid HS256 token and returns its claims', async () => {
    const token = await hs256({ exp: seconds + 60, nbf: seconds - 60 });
    expect(await verifyWebhookAuth('jwt', { secret, algorithm: 'HS256' }, request(bearer(token)))).toEqual({
      ok: true,
      jwtPayload: { sub: 'caller', exp: seconds + 60, nbf: seconds - 60 },
    });
  });

  it('refuses a missing token with a Bearer challenge, and other schemes', async () => {
    expect(await verifyWebhookAuth('jwt', { secret }, request({}))).toMatchObject({
      status: 401,
      code: 'WEBHOOK_AUTH_MISSING',
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
    expect(
      await verifyWebhookAuth('jwt', { secret }, request({ authorization: basic('a', 'b') })),
    ).toMatchObject({
      code: 'WEBHOOK_AUTH_INVALID',
    });
  });

  it('refuses expired and not-yet-valid tokens at the given now', async () => {
    const expired = await hs256({ exp: seconds - 1 });
    expect(await verifyWebhookAuth('jwt', { secret }, request(bearer(expired)))).toMatchObject({
      status: 403,
      code: 'WEBHOOK_AUTH_EXPIRED',
    });
    const early = await hs256({ nbf: seconds + 120 });
    expect(await verifyWebhookAuth('jwt', { secret }, request(bearer(early)))).toMatchObject({
      code: 'WEBHOOK_AUTH_INVALID',
      message: expect.stringContaining('nbf'),
    });
    // The same token passes once its time has come: the check really uses `now`.
    expect(
      await verifyWebhookAuth('jwt', { secret }, request(bearer(early), body, now + 180_000)),
    ).toMatchObject({
      ok: true,
    });
  });

  it('refuses a wrong secret, another algorithm and garbage', async () => {
    const wrong = await hs256({}, 'HS256', new TextEncoder().encode('another-secret-of-enough-length!!'));
    const hs512 = await hs256({}, 'HS512');
    for (const token of [wrong, hs512, 'not.a.jwt']) {
      expect(await verifyWebhookAuth('jwt', { secret }, request(bearer(token)))).toMatchObject({
        code: 'WEBHOOK_AUTH_INVALID',
      });
    }
  });

  it('verifies RS256 and ES256 tokens with a PEM public key, refusing other keys', async () => {
    for (const [alg, type, options] of [
      ['RS256', 'rsa', { modulusLength: 2048 }],
      ['ES256', 'ec', { namedCurve: 'P-256' }],
    ] as const) {
      const pair = generateKeyPairSync(type as 'rsa', options as { modulusLength: number });
      const other = generateKeyPairSync(type as 'rsa', options as { modulusLength: number });
      const publicKey = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const credential = { algorithm: alg, publicKey };
      const token = await new SignJWT({ sub: 'svc' })
        .setProtectedHeader({ alg })
        .setExpirationTime(seconds + 60)
        .sign(pair.privateKey);
      expect(await verifyWebhookAuth('jwt', credential, request(bearer(token)))).toMatchObject({ ok: true });
      const forged = await new SignJWT({ sub: 'svc' }).setProtectedHeader({ alg }).sign(other.privateKey);
      expect(await verifyWebhookAuth('jwt', credential, request(bearer(forged)))).toMatchObject({
        code: 'WEBHOOK_AUTH_INVALID',
      });
    }
  });

  it('does not accept an HS256 token signed with the public key text (algorithm confusion)', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const confused = await hs256({}, 'HS256', new TextEncoder().encode(pem));
    expect(
      await verifyWebhookAuth('jwt', { algorithm: 'RS256', publicKey: pem }, request(bearer(confused))),
    ).toMatchObject({
      code: 'WEBHOOK_AUTH_INVALID',
    });
  });

  it('refuses misconfigured credentials', async () => {
    const token = await hs256();
    for (const credential of [
      { algorithm: 'HS256' },
      { algorithm: 'RS256', publicKey: 'nope' },
      { algorithm: 'none', secret },
    ]) {
      expect(await verifyWebhookAuth('jwt', credential, request(bearer(token)))).toMatchObject({
        status: 500,
        code: 'WEBHOOK_AUTH_MISCONFIGURED',
      });
    }
  });
});
