import { createHash } from 'node:crypto';
import type { WorkflowDataSnapshot } from '@klikkflow/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, runCode, snapshot } from '../test/fixtures.js';
import { createIsolatedVmSandbox } from './isolated-vm-sandbox.js';

// The fixtures' clock: $now is 2024-03-10T12:34:56Z, a Sunday, in Europe/Oslo (+01:00, DST from 31 March).
const sandbox = createIsolatedVmSandbox();
afterAll(() => sandbox.dispose());

const fields = {
  text: 'Hello World',
  empty: '',
  nul: null,
  list: [1, 2, 3],
  obj: { a: 1, b: 'two' },
  iso: '2024-01-05T10:00:00.000Z',
  // Data fields named like extension methods stay plain data.
  keys: 'k',
  first: 'f',
  values: [4, 5],
  isEmpty: 'no',
};
const data = snapshot({ input: [{ json: fields }] });

async function run(
  code: string,
  json?: Record<string, unknown>,
  overrides: Partial<WorkflowDataSnapshot> = {},
) {
  const input = json ? [{ json }] : data.input;
  const outcome = await evaluate(sandbox, code, 0, snapshot({ ...overrides, input }));
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
  return 'value' in outcome ? outcome.value : undefined;
}

async function failure(code: string) {
  const outcome = await evaluate(sandbox, code, 0, data);
  if (outcome.ok) throw new Error(`expected ${code} to fail, got ${JSON.stringify(outcome)}`);
  return outcome.error;
}

describe('string extensions', () => {
  it('tests and converts', async () => {
    expect(
      await run('[$json.text.isEmpty(), $json.empty.isEmpty(), $json.text.isNotEmpty(), "  ".isBlank()]'),
    ).toEqual([false, true, true, true]);
    expect(await run('$json.text.length()')).toBe(11);
    expect(
      await run(
        "['123'.toNumber(), '1.23E10'.toNumber(), '$1000'.toNumber(), '42.9'.toInt(), '1.5'.toFloat()]",
      ),
    ).toEqual([123, 12300000000, 1000, 42, 1.5]);
    expect(await run("['true', 'false', '0', 'no', 'hello', ''].map((s) => s.toBoolean())")).toEqual([
      true,
      false,
      false,
      false,
      true,
      false,
    ]);
    expect(
      await run("['1.2234'.isNumeric(), 'hello'.isNumeric(), '123E23'.isNumeric(), '1 2'.isNumeric()]"),
    ).toEqual([true, false, true, false]);
  });

  it('encodes, decodes and parses JSON', async () => {
    expect(await run("['name=Nathan Automat'.urlEncode(), 'name=Nathan Automat'.urlEncode(true)]")).toEqual([
      'name%3DNathan%20Automat',
      'name=Nathan%20Automat',
    ]);
    expect(
      await run("['name%3DNathan%20Automat'.urlDecode(), 'name%3DNathan%20Automat'.urlDecode(true)]"),
    ).toEqual(['name=Nathan Automat', 'name%3DNathan Automat']);
    const unicode = 'Grüße, 世界 🎉';
    expect(
      await run('[$json.u.base64Encode(), $json.b.base64Decode(), "aGVsbG8".base64Decode()]', {
        u: unicode,
        b: Buffer.from(unicode).toString('base64url'),
      }),
    ).toEqual([Buffer.from(unicode).toString('base64'), unicode, 'hello']);
    expect(await run('$json.s.toJsonString()', { s: 'The "best"\nline' })).toBe('"The \\"best\\"\\nline"');
    expect(await run('\'{"name":"Nathan","n":[1]}\'.parseJson()')).toEqual({ name: 'Nathan', n: [1] });
  });

  it('extracts and validates emails, domains and URLs', async () => {
    expect(
      await run(`[
        'me@example.com'.extractDomain(), 'http://n8n.io/workflows'.extractDomain(),
        'https://acme.atlassian.net/rest/api/2/issue/1'.extractDomain(), 'hello'.extractDomain(),
        'My email is me@example.com'.extractEmail(), 'Check out http://n8n.io/a?b=1 now'.extractUrl(),
        'http://n8n.io/workflows?x=1'.extractUrlPath(), 'http://n8n.io'.extractUrlPath()]`),
    ).toEqual([
      'example.com',
      'n8n.io',
      'acme.atlassian.net',
      null,
      'me@example.com',
      'http://n8n.io/a?b=1',
      '/workflows',
      '/',
    ]);
    expect(
      await run(`[
        'me@example.com'.isEmail(), "It's me@example.com".isEmail(), 'hello'.isEmail(),
        'https://n8n.io'.isUrl(), 'n8n.io'.isUrl(), 'n8n.io'.isDomain(), 'http://n8n.io'.isDomain()]`),
    ).toEqual([true, false, false, true, false, true, false]);
  });

  it('edits text', async () => {
    expect(await run("'*bold*, [link]()'.removeMarkdown()")).toBe('bold, link');
    expect(await run("'# Title\\n\\n- item **one**\\n> quoted ~~old~~ `code`'.removeMarkdown()")).toBe(
      'Title\n\nitem one\nquoted old code',
    );
    expect(await run('\'<b>bold</b>, <a href="x">link</a>\'.removeTags()')).toBe('bold, link');
    expect(await run("'déjà vu Straße'.replaceSpecialChars()")).toBe('deja vu Strasse');
    expect(await run(`'Nathan says "hi"'.quote()`)).toBe('"Nathan says \\"hi\\""');
    expect(await run(`"it's".quote("'")`)).toBe("'it\\'s'");
    expect(await run("'quick! brown FOX. and more'.toSentenceCase()")).toBe('Quick! Brown fox. And more');
    expect(await run("'quick brown $FOX-trot'.toSnakeCase()")).toBe('quick_brown_fox_trot');
    expect(await run("'the quick a brown FOX (yes) 3rd'.toTitleCase()")).toBe(
      'The Quick a Brown FOX (Yes) 3rd',
    );
  });

  it('converts to dates in the workflow time zone', async () => {
    expect(
      await run(`[
        '2024-03-29T18:06:31.798+01:00'.toDateTime().toISO(),
        'Fri, 29 Mar 2024 18:08:01 +0100'.toDateTime().toISO(),
        '2024-01-05 10:00'.toDateTime().toISO(),
        '1711732132990'.toDateTime('ms').toMillis(),
        '31-01-2024'.toDateTime('dd-MM-yyyy').toISODate(),
        '2024-03-01T10:00:00Z'.toDate()]`),
    ).toEqual([
      '2024-03-29T18:06:31.798+01:00',
      '2024-03-29T18:08:01.000+01:00',
      '2024-01-05T10:00:00.000+01:00',
      1711732132990,
      '2024-01-31',
      '2024-03-01T10:00:00.000Z',
    ]);
    // Each call gets its own zone, also when the code never names $now.
    expect(
      await run("'2024-01-05 10:00'.toDateTime().toISO()", undefined, { timezone: 'America/New_York' }),
    ).toBe('2024-01-05T10:00:00.000-05:00');
  });

  it('fails clearly on input it cannot convert', async () => {
    expect((await failure("'not a date'.toDateTime()")).message).toBe(
      'cannot convert "not a date" to a Luxon DateTime',
    );
    expect((await failure("'31/01/2024'.toDateTime('dd-MM-yyyy')")).message).toContain(
      'with format "dd-MM-yyyy"',
    );
    expect((await failure("'abc'.toNumber()")).message).toBe('cannot convert "abc" to a number');
    expect((await failure("'1,5'.toFloat()")).message).toContain('use . as the decimal separator');
    expect((await failure('"{\'a\': 1}".parseJson()')).message).toContain("Check you're using double quotes");
    expect((await failure("'x'.hash('crc32')")).message).toContain('unknown algorithm crc32');
  });
});

describe('hash()', () => {
  const inputs = [
    '',
    'hello',
    'Grüße, 世界 🎉',
    'x'.repeat(55),
    'x'.repeat(56),
    'y'.repeat(72),
    'z'.repeat(200),
  ];
  const algorithms: [string, string][] = [
    ['md5', 'md5'],
    ['sha1', 'sha1'],
    ['sha224', 'sha224'],
    ['sha256', 'sha256'],
    ['sha384', 'sha384'],
    ['sha512', 'sha512'],
    ['sha3', 'sha3-512'],
  ];

  it('matches node:crypto for every algorithm, across block boundaries and UTF-8', async () => {
    const code = `$json.inputs.map((s) => [${algorithms.map(([name]) => `s.hash('${name}')`).join(', ')}])`;
    const expected = inputs.map((input) =>
      algorithms.map(([, node]) => createHash(node).update(input, 'utf8').digest('hex')),
    );
    expect(await run(code, { inputs })).toEqual(expected);
  });

  it('defaults to md5 and also does base64', async () => {
    expect(await run("['hello'.hash(), 'hello'.hash('BASE64')]")).toEqual([
      '5d41402abc4b2a76b9719d911017c592',
      'aGVsbG8=',
    ]);
  });
});

describe('array extensions', () => {
  it('reads elements and aggregates numbers', async () => {
    expect(
      await run('[$json.list.first(), $json.list.last(), [].first(), $json.list.isEmpty(), [].isNotEmpty()]'),
    ).toEqual([1, 3, null, false, false]);
    expect(
      await run('[[12, 1, 5].sum(), [12, 1, 5].min(), [12, 1, 5].max(), [12, 1, 5].average(), [].average()]'),
    ).toEqual([18, 1, 12, 6, 0]);
    expect((await failure("[1, '2'].sum()")).message).toBe('sum(): all array elements must be numbers');
    expect(await run('$json.list.includes($json.list.randomItem())')).toBe(true);
  });

  it('reshapes lists', async () => {
    const people = "[{ name: 'Nathan', age: 42 }, { name: 'Jan', city: 'Berlin' }, 'not an object']";
    expect(
      await run(`[${people}.pluck('name'), ${people}.pluck('age'), ${people}.pluck('name', 'age')]`),
    ).toEqual([['Nathan', 'Jan'], [42], [['Nathan', 42], 'Jan']]);
    expect(await run('[1, 2, 2, { a: 1 }, { a: 1 }, [1], [1]].unique()')).toEqual([1, 2, { a: 1 }, [1]]);
    expect(await run("[{ id: 1, v: 'a' }, { id: 1, v: 'b' }, { id: 2 }].removeDuplicates('id')")).toEqual([
      { id: 1, v: 'a' },
      { id: 2 },
    ]);
    expect(await run("[2, null, 1, '', 'nil', {}, [], { a: null, b: 1 }, [null, 3]].compact()")).toEqual([
      2,
      1,
      { b: 1 },
      [3],
    ]);
    expect(await run('[1, 2, 3, 4, 5].chunk(2)')).toEqual([[1, 2], [3, 4], [5]]);
    expect(
      await run('[[1, 2, 3, 3].difference([2]), [1, 2].intersection([2, 3]), [1, 2].union([2, 3])]'),
    ).toEqual([[1, 3], [2], [1, 2, 3]]);
    expect(
      await run(
        "[{ name: 'Nathan' }, { age: 42 }].merge([{ city: 'Berlin', name: 'x' }, { country: 'Germany' }])",
      ),
    ).toEqual({ name: 'Nathan', city: 'Berlin', age: 42, country: 'Germany' });
    expect(await run('[{ a: 1 }, { a: 2, b: 3 }, 4].merge()')).toEqual({ a: 1, b: 3 });
    expect(await run("[{ name: 'bob' }, { name: 'meg', n: 1 }, 3].renameKeys('name', 'x')")).toEqual([
      { x: 'bob' },
      { n: 1, x: 'meg' },
      3,
    ]);
    expect(await run("[{ k: 'a', v: 1 }, { k: 'b', v: 2 }, { k: 'c' }].smartJoin('k', 'v')")).toEqual({
      a: 1,
      b: 2,
    });
    expect(await run("['forget', 'me'].append('not', 'now')")).toEqual(['forget', 'me', 'not', 'now']);
    expect(await run('$json.list.toJsonString()')).toBe('[1,2,3]');
  });
});

describe('number and boolean extensions', () => {
  it('rounds and tests numbers', async () => {
    expect(
      await run(
        '[(1.256).round(), (1.256).round(1), 1.256.round(2), (1.5).floor(), (1.2).ceil(), (-1.7).abs()]',
      ),
    ).toEqual([1, 1.3, 1.26, 1, 2, 1.7]);
    expect(
      await run(
        '[(42).isEven(), (33).isOdd(), (-3).isOdd(), (4.1).isInteger(), (0).toBoolean(), (1.6).toInt()]',
      ),
    ).toEqual([true, true, true, false, false, 2]);
    expect((await failure('(1.5).isEven()')).message).toBe('isEven() is only callable on integers');
  });

  it('formats with Intl and converts timestamps in the workflow time zone', async () => {
    const euro = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(123456.789);
    expect(
      await run(
        "[(123456.789).format(), (123456.789).format('de-DE'), (123456.789).format('de-DE', { style: 'currency', currency: 'EUR' })]",
      ),
    ).toEqual(['123,456.789', '123.456,789', euro]);
    expect(
      await run(`[(1708695471).toDateTime('s').toISO(), (1708695471000).toDateTime().toISO(),
        (1708695471000000).toDateTime('us').toMillis(), (45345).toDateTime('excel').toUTC().toISO()]`),
    ).toEqual([
      '2024-02-23T14:37:51.000+01:00',
      '2024-02-23T14:37:51.000+01:00',
      1708695471000,
      '2024-02-23T00:00:00.000Z',
    ]);
  });

  it('converts booleans', async () => {
    expect(
      await run('[true.toNumber(), false.toInt(), true.toFloat(), false.toBoolean(), true.toString()]'),
    ).toEqual([1, 0, 1, false, 'true']);
  });
});

describe('object extensions', () => {
  const person = "({ name: 'Mr Nathan', city: 'hanoi', age: 42 })";

  it('inspects and copies objects', async () => {
    expect(
      await run(
        `[({}).isEmpty(), ${person}.isEmpty(), ${person}.isNotEmpty(), ${person}.hasField('name'), ${person}.hasField('Name')]`,
      ),
    ).toEqual([true, false, true, true, false]);
    expect(await run(`[${person}.keys(), ${person}.values()]`)).toEqual([
      ['name', 'city', 'age'],
      ['Mr Nathan', 'hanoi', 42],
    ]);
    expect(
      await run(
        `[${person}.removeField('name'), ${person}.removeFieldsContaining('Nathan'), ${person}.keepFieldsContaining('han')]`,
      ),
    ).toEqual([
      { city: 'hanoi', age: 42 },
      { city: 'hanoi', age: 42 },
      { name: 'Mr Nathan', city: 'hanoi' },
    ]);
    expect(await run("({ x: null, y: 2, z: '', w: { v: 'nil', u: 1 } }).compact()")).toEqual({
      y: 2,
      w: { u: 1 },
    });
    expect(await run('({ name: \'Mr Nathan\', q: "a&b=c!" }).urlEncode()')).toBe(
      'name=Mr+Nathan&q=a%26b%3Dc%21',
    );
    expect(await run('[$json.obj.toJsonString(), ({ a: 1 }).merge({ a: 2, b: 3 })]')).toEqual([
      '{"a":1,"b":"two"}',
      { a: 1, b: 3 },
    ]);
    expect(await run('$json.scores.values().sum()', { scores: { x: 1.5, y: 2 } })).toBe(3.5);
  });
});

describe('date extensions', () => {
  it('formats and shifts DateTimes, with n8n units', async () => {
    expect(
      await run(`[$now.format('yyyy-MM-dd'), $now.format('dd/LL/yyyy HH:mm'), $now.minus(1, 'days').toISO(),
        $now.minus(1, 'day').toISODate(), $now.plus(1, 'month').toISO(), $now.plus(2, 'hrs').toISO(),
        $now.minus({ days: 7 }).toISODate(), $now.plus(5).toMillis() - $now.toMillis(), $today.minus({ days: 14 }).toISO()]`),
    ).toEqual([
      '2024-03-10',
      '10/03/2024 13:34',
      '2024-03-09T13:34:56.000+01:00',
      '2024-03-09',
      '2024-04-10T13:34:56.000+02:00',
      '2024-03-10T15:34:56.000+01:00',
      '2024-03-03',
      5,
      '2024-02-25T00:00:00.000+01:00',
    ]);
  });

  it('reads parts and compares moments', async () => {
    expect(
      await run(`[$now.extract('month'), $now.extract(), $now.extract('yearDayNumber'), $now.extract('hour'),
        $now.isWeekend(), $now.isDst(), $now.isBetween('2024-01-01', '2025-01-01'), $now.isBetween('2025', '2024'),
        $now.isBetween('2020', '2021'), $now.minus(30, 'minutes').isInLast(1, 'hour'), $now.minus(2, 'hours').isInLast(1, 'hour')]`),
    ).toEqual([3, 10, 70, 13, true, false, true, true, false, true, false]);
    expect(
      await run(`[DateTime.fromISO('2025-01-01').diffTo('2024-12-25', 'days'),
        DateTime.fromISO('2025-01-01').diffTo('2024-10-30', ['months', 'days']), $now.minus(3, 'days').diffToNow()]`),
    ).toEqual([7, { months: 2, days: 2 }, -3]);
  });

  it('moves to the start and end of periods and converts', async () => {
    expect(
      await run(`[$now.beginningOf('month').toISO(), $now.endOfMonth().toISO(), $now.toDateTime() === $now,
        $now.toInt() === $now.toMillis(), new Date(0).toDateTime().toMillis(), new Date(0).plus(1, 'day')]`),
    ).toEqual([
      '2024-03-01T00:00:00.000+01:00',
      '2024-03-31T23:59:59.999+02:00',
      true,
      true,
      0,
      '1970-01-02T00:00:00.000Z',
    ]);
  });

  it('treats an exact ISO timestamp string as a date, like n8n', async () => {
    expect(
      await run("[$json.iso.plus(1, 'day'), $json.iso.format('yyyy'), $json.iso.toDateTime().toUTC().hour]"),
    ).toEqual(['2024-01-06T10:00:00.000Z', '2024', 10]);
  });

  it('needs a format string', async () => {
    expect((await failure('$now.format()')).message).toContain('expected a format string');
  });
});

describe('which method runs', () => {
  it('lets native methods win, including the n8n proxies and Luxon', async () => {
    expect(await run("'a,b'.split(',').last()")).toBe('b');
    expect(await run("Object.assign([1, 2], { first: () => 'own' }).first()")).toBe('own');
    expect(await run("({ keys() { return 'own keys'; } }).keys()")).toBe('own keys');
    expect(
      await run("[$('Fetch').first(0, 0).json.id, $('Fetch').last().json.id, $input.first().json.text]"),
    ).toEqual(['old', 'f1', 'Hello World']);
    expect(await run("[$now.toISO(), $now.toFormat('yyyy'), $now.minus({ days: 1 }).toISODate()]")).toEqual([
      '2024-03-10T13:34:56.000+01:00',
      '2024',
      '2024-03-09',
    ]);
    expect(
      await run('[Math.round(2.5), Math.max(1, 4), Object.keys($json.obj), [...new Map([[7, 8]]).keys()]]'),
    ).toEqual([3, 4, ['a', 'b'], [7]]);
  });

  it('leaves data fields named like extension methods alone, and assignments to them', async () => {
    expect(
      await run('[$json.keys, $json.first, $json.values.sum(), $json.isEmpty, $json.isEmpty()]'),
    ).toEqual(['k', 'f', 9, 'no', false]);
    expect(await run('(() => { const o = {}; o.values = 1; o.first = 2; return o; })()')).toEqual({
      values: 1,
      first: 2,
    });
  });

  it('treats empty values as n8n does: isEmpty() on null or undefined is true', async () => {
    expect(
      await run('[$json.missing.isEmpty(), $json.nul.isNotEmpty(), (0).isEmpty(), !$json.isEmpty()]'),
    ).toEqual([true, false, true, true]);
  });

  it('short-circuits optional calls and the rest of their chain', async () => {
    expect(
      await run(`[$json.missing?.isEmpty(), $json.text?.isEmpty(), $json.missing?.toDateTime().format('yyyy'),
        $json.obj?.c.isEmpty(), $json.missing?.c.isEmpty().length, $json.text.isEmpty?.(), (5)?.hash(),
        $json.iso?.toDateTime()?.plus(1, 'day').format('dd')]`),
    ).toEqual([null, false, null, true, null, false, null, '06']);
  });

  it('rewrites calls in nested and chained positions', async () => {
    expect(
      await run(`[
        $json.list.map((n) => n.isEven()).compact().length,
        $input.all().map((i) => i.json.list.sum()).sum(),
        \`\${$json.list.sum()}-\${$json.text.hash().length()}\`,
        $json.list.first().isEven() ? 'even' : 'odd',
        $json
          .list // a comment
          .last(),
        { a: 1 }.keys(),
        typeof $json.text.toSnakeCase(),
      ]`),
    ).toEqual([3, 6, '6-32', 'odd', 3, ['a'], 'string']);
  });

  it('leaves strings, template text, comments and regular expressions untouched', async () => {
    expect(
      await run(`[
        '.isEmpty()', "x.first()", \`a.isEmpty() \${'b'.isEmpty()}\`, 1 /* x.isEmpty() */ + 1,
        /\\.isEmpty\\(\\)/.test('a.isEmpty()'), 6 / 2 / 3,
      ] // .isEmpty(`),
    ).toEqual(['.isEmpty()', 'x.first()', 'a.isEmpty() false', 2, true, 1]);
    const mixed = await sandbox.evaluateExpressions({
      programs: [{ parts: [{ text: 'x.isEmpty() ' }, { code: '$json.text.isEmpty()' }] }],
      jobs: [[0, 0]],
      data,
      limits: { timeoutMs: 2_000, memoryMb: 128 },
    });
    expect(mixed.results[0]).toEqual({ ok: true, value: 'x.isEmpty() false' });
  });

  it('fails with n8n-like messages when no method applies', async () => {
    expect((await failure('(5).toSnakeCase()')).message).toBe(
      'toSnakeCase() is only callable on type "String", not on 5',
    );
    expect((await failure("'x'.format('y')")).message).toBe(
      'format() is only callable on types "Number" and "Date", not on "x"',
    );
    const onUndefined = await failure('$json.missing.toDateTime()');
    expect(onUndefined.code).toBe('EXPR_ERROR');
    expect(onUndefined.message).toContain("toDateTime() can't be used on undefined value");
  });

  it('gives Code nodes no extensions, as n8n does', async () => {
    const outcome = await runCode(
      sandbox,
      "const o = { keys: 1 }; o.values = 2; return [{ json: { o, type: typeof ''.isEmpty, n: Object.keys(o).length } }];",
    );
    expect(outcome).toEqual({
      ok: true,
      items: [{ json: { o: { keys: 1, values: 2 }, type: 'undefined', n: 2 } }],
      logs: [],
    });
    const failed = await runCode(sandbox, "return [{ json: { e: ''.isEmpty() } }];");
    expect(failed).toMatchObject({ ok: false, error: { code: 'CODE_ERROR' } });
  });
});
