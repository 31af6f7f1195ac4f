import type ExcelJS from 'exceljs';

let excel: Promise<typeof ExcelJS> | undefined;

/** exceljs, loaded on first use: it costs about 0.4 s and 25 MB, which a server that never reads XLSX should not pay. */
function loadExcel(): Promise<typeof ExcelJS> {
  excel ??= import('exceljs').then((module) => module.default);
  return excel;
}

/** A one-sheet `.xlsx` workbook holding the rows as given. */
export async function writeXlsx(rows: readonly unknown[][], sheetName: string): Promise<Uint8Array> {
  const workbook = new (await loadExcel()).Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow(row as unknown[]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

type CellValue = ExcelJS.CellValue;

/** A cell as a JSON value: formulas give their result, rich text and links their text, dates ISO text. */
function cellJson(value: CellValue): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'object') return value;
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellJson((value.result ?? null) as CellValue);
  if ('hyperlink' in value)
    return typeof value.text === 'string' ? value.text : cellJson(value.text as CellValue);
  if ('error' in value) return value.error;
  return null;
}

/**
 * The rows of one sheet of an `.xlsx` (the first when `sheetName` is blank) as arrays of JSON values; empty
 * rows are skipped, as blank lines are in CSV.
 */
export async function readXlsx(data: Uint8Array, sheetName: string): Promise<unknown[][]> {
  const workbook = new (await loadExcel()).Workbook();
  // A copy with its own ArrayBuffer: what exceljs declares it takes, whatever the view was over.
  await workbook.xlsx.load(new Uint8Array(data).buffer);
  const sheet = sheetName === '' ? workbook.worksheets[0] : workbook.getWorksheet(sheetName);
  if (!sheet) {
    const names = workbook.worksheets.map((candidate) => candidate.name);
    throw new Error(`it has no sheet "${sheetName}" (sheets: ${names.join(', ') || 'none'})`);
  }
  const rows: unknown[][] = [];
  sheet.eachRow((row) => {
    // exceljs rows are 1-based arrays: index 0 is always empty.
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    rows.push(Array.from(values, (value) => cellJson(value as CellValue)));
  });
  return rows;
}
