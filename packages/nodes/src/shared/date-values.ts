import { DateTime, Info } from 'luxon';
import { invalidParameter } from './parameter-error.js';

/** Where a date value comes from, for error messages. */
export interface DateSite {
  parameter: string;
  itemIndex: number;
}

/**
 * A time zone setting: an IANA name (`Europe/Oslo`), or the workflow's zone when blank. Anything else is a
 * `NODE_PARAMETER_INVALID` naming the parameter and item.
 */
export function resolveTimezone(value: unknown, fallback: string, site: DateSite): string {
  const zone = typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;
  if (Info.isValidIANAZone(zone)) return zone;
  throw invalidParameter(
    `"${site.parameter}" (item ${site.itemIndex}): unknown time zone ${JSON.stringify(zone)}`,
    {
      ...site,
    },
  );
}

function parseText(text: string, zone: string, fromFormat: string | undefined): DateTime {
  if (fromFormat) return DateTime.fromFormat(text, fromFormat, { zone });
  const attempts = [DateTime.fromISO, DateTime.fromRFC2822, DateTime.fromHTTP, DateTime.fromSQL];
  for (const parse of attempts) {
    const parsed = parse(text, { zone });
    if (parsed.isValid) return parsed;
  }
  // Digits only: epoch milliseconds, as a number would be (an ISO year like "2024" was tried first).
  return /^-?\d+$/.test(text) ? DateTime.fromMillis(Number(text), { zone }) : DateTime.invalid('unparsable');
}

/**
 * Reads a date value in a time zone: a Luxon DateTime or JS Date, epoch milliseconds, or text (ISO 8601
 * such as `2024-05-01` or `2024-05-01T10:00:00+02:00`, RFC 2822, HTTP or SQL dates, digits as epoch ms, or
 * the given `fromFormat` in Luxon tokens). Dates without an offset are read in `zone`. An unreadable value
 * is a `NODE_PARAMETER_INVALID` naming the parameter and item.
 */
export function parseDateValue(value: unknown, zone: string, site: DateSite, fromFormat?: string): DateTime {
  let parsed: DateTime | undefined;
  if (DateTime.isDateTime(value)) parsed = value.setZone(zone);
  else if (value instanceof Date) parsed = DateTime.fromJSDate(value, { zone });
  else if (typeof value === 'number' && Number.isFinite(value)) parsed = DateTime.fromMillis(value, { zone });
  else if (typeof value === 'string' && value.trim() !== '')
    parsed = parseText(value.trim(), zone, fromFormat);
  if (parsed?.isValid) return parsed;
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  const hint = fromFormat ? ` in the format ${JSON.stringify(fromFormat)}` : '';
  throw invalidParameter(
    `"${site.parameter}" (item ${site.itemIndex}): ${shown} is not a valid date${hint}`,
    {
      ...site,
    },
  );
}
