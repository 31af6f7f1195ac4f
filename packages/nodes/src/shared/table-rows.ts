/** Rows and columns shared by the CSV and spreadsheet conversions. */

type JsonRecord = Record<string, unknown>;

/** Every key of the records, in order of first appearance: the columns of a table. */
export function columnsOf(records: readonly JsonRecord[]): string[] {
  const columns = new Set<string>();
  for (const record of records) for (const key of Object.keys(record)) columns.add(key);
  return [...columns];
}

/** A JSON value as a table cell: scalars stay, objects and arrays become JSON text, missing is null. */
export function cellOf(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/** The records as rows of cells, optionally led by a header row of column names. */
export function recordsToRows(records: readonly JsonRecord[], headerRow: boolean): unknown[][] {
  const columns = columnsOf(records);
  const rows = records.map((record) => columns.map((column) => cellOf(record[column])));
  return headerRow ? [columns, ...rows] : rows;
}

/**
 * Rows read from a file as item json: with a header row, one field per column name (blank names become
 * `column_<n>`, missing cells null); without, the row's cells as `{ row: [...] }`.
 */
export function rowsToRecords(rows: readonly unknown[][], headerRow: boolean): JsonRecord[] {
  if (!headerRow) return rows.map((row) => ({ row: [...row] }));
  const [header = [], ...body] = rows;
  const names = header.map((name, index) =>
    name === null || name === undefined || String(name).trim() === '' ? `column_${index + 1}` : String(name),
  );
  return body.map((row) => {
    const record: JsonRecord = {};
    const width = Math.max(names.length, row.length);
    for (let index = 0; index < width; index++) {
      record[names[index] ?? `column_${index + 1}`] = row[index] ?? null;
    }
    return record;
  });
}
