import { defineNode, derivedItem, type NodeExecutionContext, pairedTo } from '@klikkflow/plugin-sdk';
import type { Item, PropertySpec } from '@klikkflow/types';
import type { CleanOptions } from './html-extract.js';
import { htmlTable } from './html-table.js';
import { choice } from './shared/choice.js';
import { setField } from './shared/field-path.js';
import { invalidParameter } from './shared/parameter-error.js';
import {
  booleanOption,
  checkTextLength,
  fieldParameter,
  stringOption,
  textField,
} from './shared/text-parameters.js';

type Operation = 'extractHtmlContent' | 'convertToHtmlTable';

const show = (...operation: Operation[]) => ({ show: { operation } });
const styleOption = (name: string, displayName: string, what: string): PropertySpec => ({
  name,
  displayName,
  type: 'string',
  default: '',
  placeholder: 'e.g. color: #333',
  description: `Table: CSS declarations for every ${what} when Custom Styling is on`,
});

const properties: PropertySpec[] = [
  {
    name: 'operation',
    displayName: 'Operation',
    type: 'options',
    default: 'extractHtmlContent',
    description: 'What to do with the HTML',
    options: [
      {
        name: 'Extract HTML Content',
        value: 'extractHtmlContent',
        description: 'Take values out of an HTML document with CSS selectors, per item',
      },
      {
        name: 'Convert to HTML Table',
        value: 'convertToHtmlTable',
        description: 'Render all items as one HTML table',
      },
    ],
  },
  {
    name: 'sourceData',
    displayName: 'Source Data',
    type: 'options',
    default: 'json',
    description: 'Where the HTML document is',
    options: [
      { name: 'JSON', value: 'json', description: 'A text field of the item' },
      { name: 'Binary', value: 'binary', description: 'A binary property of the item (read as UTF-8)' },
    ],
    displayOptions: show('extractHtmlContent'),
  },
  {
    name: 'dataPropertyName',
    displayName: 'Property Name',
    type: 'string',
    default: 'data',
    placeholder: 'e.g. body',
    description: 'Field (dots reach into objects) or binary property holding the HTML',
    displayOptions: show('extractHtmlContent'),
  },
  {
    name: 'extractionValues',
    displayName: 'Extraction Values',
    type: 'fixedCollection',
    default: [],
    multipleValues: true,
    description: 'Values to extract; the output item holds only these keys',
    displayOptions: show('extractHtmlContent'),
    properties: [
      {
        name: 'key',
        displayName: 'Key',
        type: 'string',
        default: '',
        placeholder: 'e.g. title',
        description: 'Output field of the value; dots create nested objects',
      },
      {
        name: 'cssSelector',
        displayName: 'CSS Selector',
        type: 'string',
        default: '',
        placeholder: 'e.g. .price > span',
        description: 'Elements to read; without Return Array only the first match',
      },
      {
        name: 'returnValue',
        displayName: 'Return Value',
        type: 'options',
        default: 'text',
        description: 'What to take from each matched element',
        options: [
          { name: 'Text', value: 'text', description: 'Its text content, entities decoded' },
          { name: 'HTML', value: 'html', description: 'Its inner HTML as written' },
          { name: 'Attribute', value: 'attribute', description: 'One attribute (null when absent)' },
          { name: 'Value', value: 'value', description: 'The value of an input, textarea or select' },
        ],
      },
      {
        name: 'attribute',
        displayName: 'Attribute',
        type: 'string',
        default: '',
        placeholder: 'e.g. href',
        description: 'Name of the attribute to return',
        displayOptions: { show: { returnValue: ['attribute'] } },
      },
      {
        name: 'returnArray',
        displayName: 'Return Array',
        type: 'boolean',
        default: false,
        description: 'Whether to return the values of all matches as a list instead of the first (or null)',
      },
    ],
  },
  {
    name: 'destinationKey',
    displayName: 'Output Field',
    type: 'string',
    default: 'table',
    description: 'Field of the single output item that receives the table HTML',
    displayOptions: show('convertToHtmlTable'),
  },
  {
    name: 'options',
    displayName: 'Options',
    type: 'collection',
    default: {},
    description: 'Extra settings',
    properties: [
      {
        name: 'trimValues',
        displayName: 'Trim Values',
        type: 'boolean',
        default: true,
        description: 'Extract: whether leading and trailing whitespace is removed from every value',
      },
      {
        name: 'cleanUpText',
        displayName: 'Clean Up Text',
        type: 'boolean',
        default: true,
        description:
          'Extract: whether text values have line breaks and runs of spaces condensed to one space',
      },
      {
        name: 'capitalize',
        displayName: 'Capitalize Headers',
        type: 'boolean',
        default: false,
        description: 'Table: whether keys are shown as words with capitals (first_name → First Name)',
      },
      {
        name: 'customStyling',
        displayName: 'Custom Styling',
        type: 'boolean',
        default: false,
        description: 'Table: whether the styles below replace the default borders and padding',
      },
      {
        name: 'caption',
        displayName: 'Caption',
        type: 'string',
        default: '',
        description: 'Table: caption text above the table',
      },
      styleOption('tableStyle', 'Table Style', 'table element'),
      styleOption('headerStyle', 'Header Cell Style', 'header cell'),
      styleOption('rowStyle', 'Row Style', 'body row'),
      styleOption('cellStyle', 'Cell Style', 'body cell'),
    ],
  },
];

async function htmlSource(ctx: NodeExecutionContext, item: Item, itemIndex: number): Promise<string> {
  const source = choice(
    ctx.getParameter('sourceData', itemIndex),
    ['json', 'binary'],
    'sourceData',
    itemIndex,
  );
  const field = fieldParameter(ctx, 'dataPropertyName', itemIndex);
  if (source === 'json') return textField(item.json, field, 'dataPropertyName', itemIndex);
  const ref = item.binary?.[field];
  if (!ref) {
    throw invalidParameter(
      `item ${itemIndex} has no binary property "${field}" (set in "dataPropertyName")`,
      {
        parameter: 'dataPropertyName',
        field,
        itemIndex,
      },
    );
  }
  const text = new TextDecoder().decode(await ctx.helpers.readBinary(ref));
  return checkTextLength(text, `binary property "${field}" of item ${itemIndex}`, {
    parameter: 'dataPropertyName',
    field,
    itemIndex,
  });
}

async function extractFrom(ctx: NodeExecutionContext, item: Item, itemIndex: number): Promise<Item> {
  // The HTML parser loads on the first extraction, not with the server.
  const { extractionsOf, extractValue, parseHtml } = await import('./html-extract.js');
  const root = parseHtml(await htmlSource(ctx, item, itemIndex));
  const options: CleanOptions = {
    trimValues: booleanOption(ctx, 'options.trimValues', itemIndex, true),
    cleanUpText: booleanOption(ctx, 'options.cleanUpText', itemIndex, true),
  };
  const json: Record<string, unknown> = {};
  for (const [index, extraction] of extractionsOf(ctx, itemIndex).entries()) {
    setField(json, extraction.key, extractValue(root, extraction, options, { index, itemIndex }));
  }
  return derivedItem(item, itemIndex, json);
}

function tableOf(ctx: NodeExecutionContext, items: readonly Item[]): Item {
  const flag = (name: string) => booleanOption(ctx, `options.${name}`, 0, false);
  const text = (name: string) => stringOption(ctx, `options.${name}`, 0, '');
  const table = htmlTable(
    items.map((item) => item.json),
    {
      capitalize: flag('capitalize'),
      customStyling: flag('customStyling'),
      caption: text('caption'),
      tableStyle: text('tableStyle'),
      headerStyle: text('headerStyle'),
      rowStyle: text('rowStyle'),
      cellStyle: text('cellStyle'),
    },
  );
  const json: Record<string, unknown> = {};
  setField(json, fieldParameter(ctx, 'destinationKey', 0), table);
  return { json, pairedItem: items.map((_item, index) => pairedTo(index)) };
}

/** HTML: extracts values from HTML with CSS selectors, or renders all items as an HTML table. */
export const htmlNode = defineNode({
  type: 'core.html',
  version: 1,
  displayName: 'HTML',
  description: 'Extracts content from HTML or converts items to an HTML table',
  group: 'data',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  properties,
  async execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    if (items.length === 0) return [[]];
    const operation = choice<Operation>(
      ctx.getParameter('operation', 0),
      ['extractHtmlContent', 'convertToHtmlTable'],
      'operation',
    );
    if (operation === 'convertToHtmlTable') return [[tableOf(ctx, items)]];
    const out: Item[] = [];
    for (const [itemIndex, item] of items.entries()) out.push(await extractFrom(ctx, item, itemIndex));
    return [out];
  },
});
