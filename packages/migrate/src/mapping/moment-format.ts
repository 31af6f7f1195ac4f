import { unsupportedVariant } from './node-mapping.types.js';

/**
 * Moment.js format tokens (Date & Time v1) and the Luxon tokens that write the same thing; null for tokens
 * Luxon cannot write (ordinals, locale weeks, Sunday-based weekday numbers).
 */
const tokens: Record<string, string | null> = {
  Do: null,
  DDDo: null,
  Mo: null,
  Qo: null,
  Wo: null,
  wo: null,
  ww: null,
  w: null,
  dd: null,
  d: null,
  e: null,
  YYYY: 'yyyy',
  YY: 'yy',
  Q: 'q',
  MMMM: 'MMMM',
  MMM: 'MMM',
  MM: 'MM',
  M: 'M',
  DDDD: 'ooo',
  DDD: 'o',
  DD: 'dd',
  D: 'd',
  dddd: 'cccc',
  ddd: 'ccc',
  E: 'E',
  WW: 'WW',
  W: 'W',
  GGGG: 'kkkk',
  HH: 'HH',
  H: 'H',
  hh: 'hh',
  h: 'h',
  mm: 'mm',
  m: 'm',
  ss: 'ss',
  s: 's',
  SSS: 'SSS',
  S: 'S',
  A: 'a',
  a: 'a',
  ZZ: 'ZZZ',
  Z: 'ZZ',
  X: 'X',
  x: 'x',
};

/** Longest first, so `MMMM` wins over `MM`. */
const tokenNames = Object.keys(tokens).sort((a, b) => b.length - a.length);

/** Literal text in Luxon quotes (a quote itself is doubled). */
function quoted(text: string): string {
  return text === '' ? '' : `'${text.replace(/'/g, "''")}'`;
}

/**
 * A Moment.js format as a Luxon format. Text in `[…]` and non-letters stay literal; a Moment token Luxon has
 * no equivalent of (`Do`, `d`, …) makes the node an unsupported variant.
 */
export function momentToLuxon(format: string): string {
  let out = '';
  let index = 0;
  while (index < format.length) {
    const char = format[index]!;
    if (char === '[') {
      const end = format.indexOf(']', index);
      const stop = end < 0 ? format.length : end;
      out += quoted(format.slice(index + 1, stop));
      index = stop + 1;
      continue;
    }
    const token = tokenNames.find((name) => format.startsWith(name, index));
    const luxon = token === undefined ? undefined : tokens[token];
    if (token !== undefined && luxon) {
      out += luxon;
      index += token.length;
    } else if (/[A-Za-z]/.test(char)) {
      const shown = token ?? /^[A-Za-z]+/.exec(format.slice(index))?.[0] ?? char;
      return unsupportedVariant(
        `its date format uses the Moment.js token "${shown}", which has no Luxon equivalent`,
      );
    } else {
      out += char === "'" ? "''" : char;
      index += 1;
    }
  }
  return out;
}
