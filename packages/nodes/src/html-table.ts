import { escapeHtml } from './shared/html-escape.js';

/** How Convert to HTML Table renders. */
export interface TableOptions {
  capitalize: boolean;
  customStyling: boolean;
  caption: string;
  tableStyle: string;
  headerStyle: string;
  rowStyle: string;
  cellStyle: string;
}

/** Inline (not `<style>`) so the table looks the same in e-mail clients, which drop style sheets. */
const defaultStyles = {
  tableStyle: 'border-collapse: collapse',
  headerStyle: 'border: 1px solid #ccc; padding: 4px 8px; text-align: left; background: #f2f2f2',
  rowStyle: '',
  cellStyle: 'border: 1px solid #ccc; padding: 4px 8px; text-align: left',
};

/** `first_name` / `firstName` / `first-name` → `First Name`. */
function headerLabel(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function tag(name: string, style: string, content: string): string {
  const attribute = style === '' ? '' : ` style="${escapeHtml(style)}"`;
  return `<${name}${attribute}>${content}</${name}>`;
}

/**
 * An HTML table of rows: one column per top-level key (in first-seen order), one row per object. Every
 * header and cell is escaped; objects and arrays are shown as JSON.
 */
export function htmlTable(rows: readonly Record<string, unknown>[], options: TableOptions): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const styles = options.customStyling ? options : defaultStyles;
  const headerCells = columns
    .map((column) =>
      tag('th', styles.headerStyle, escapeHtml(options.capitalize ? headerLabel(column) : column)),
    )
    .join('');
  const bodyRows = rows.map((row) =>
    tag(
      'tr',
      styles.rowStyle,
      columns
        .map((column) =>
          tag('td', styles.cellStyle, escapeHtml(cellText(Object.hasOwn(row, column) ? row[column] : ''))),
        )
        .join(''),
    ),
  );
  const caption = options.caption === '' ? [] : [`<caption>${escapeHtml(options.caption)}</caption>`];
  const inner = [
    ...caption,
    `<thead><tr>${headerCells}</tr></thead>`,
    `<tbody>\n${bodyRows.join('\n')}\n</tbody>`,
  ].join('\n');
  return tag('table', styles.tableStyle, `\n${inner}\n`);
}
