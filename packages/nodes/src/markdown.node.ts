import { defineNode, derivedItem, type NodeExecutionContext } from '@klikkflow/plugin-sdk';
import type { Item, PropertySpec } from '@klikkflow/types';
import type { HtmlToMarkdownOptions, MarkdownToHtmlOptions } from './markdown-convert.js';
import { choice } from './shared/choice.js';
import { setField } from './shared/field-path.js';
import { booleanOption, fieldParameter, textField } from './shared/text-parameters.js';

type Mode = 'markdownToHtml' | 'htmlToMarkdown';

const choices = <T extends string>(
  name: keyof HtmlToMarkdownOptions,
  displayName: string,
  values: readonly (readonly [T, string])[],
  description: string,
): PropertySpec => ({
  name,
  displayName,
  type: 'options',
  default: values[0]?.[0],
  description: `HTML to Markdown: ${description}`,
  options: values.map(([value, label]) => ({ name: label, value })),
});

const headingStyles = [
  ['atx', 'ATX (# Heading)'],
  ['setext', 'Setext (underlined; levels 1-2 only)'],
] as const;
const bulletMarkers = [
  ['-', '-'],
  ['*', '*'],
  ['+', '+'],
] as const;
const codeBlockStyles = [
  ['fenced', 'Fenced (```)'],
  ['indented', 'Indented'],
] as const;
const emDelimiters = [
  ['_', '_'],
  ['*', '*'],
] as const;
const strongDelimiters = [
  ['**', '**'],
  ['__', '__'],
] as const;

const values = <T extends string>(list: readonly (readonly [T, string])[]): T[] =>
  list.map(([value]) => value);

const properties: PropertySpec[] = [
  {
    name: 'mode',
    displayName: 'Mode',
    type: 'options',
    default: 'htmlToMarkdown',
    description: 'Direction of the conversion',
    options: [
      { name: 'HTML to Markdown', value: 'htmlToMarkdown', description: 'Convert HTML text to Markdown' },
      { name: 'Markdown to HTML', value: 'markdownToHtml', description: 'Render Markdown text as HTML' },
    ],
  },
  {
    name: 'dataPropertyName',
    displayName: 'Property Name',
    type: 'string',
    default: 'data',
    placeholder: 'e.g. body',
    description: 'Field holding the text to convert; dots reach into objects',
  },
  {
    name: 'destinationKey',
    displayName: 'Destination Key',
    type: 'string',
    default: 'data',
    description: 'Field receiving the result (other fields are kept); dots create nested objects',
  },
  {
    name: 'options',
    displayName: 'Options',
    type: 'collection',
    default: {},
    description: 'Extra settings',
    properties: [
      {
        name: 'escapeHtml',
        displayName: 'Escape HTML',
        type: 'boolean',
        default: true,
        description:
          'Markdown to HTML: whether raw HTML is shown as text and javascript:/vbscript:/data: links are dropped; off passes HTML through unchecked',
      },
      {
        name: 'gfm',
        displayName: 'GitHub Flavored',
        type: 'boolean',
        default: true,
        description: 'Markdown to HTML: whether GitHub extensions (tables, strikethrough, autolinks) apply',
      },
      {
        name: 'breaks',
        displayName: 'Line Breaks',
        type: 'boolean',
        default: false,
        description: 'Markdown to HTML: whether a single line break becomes <br> (needs GitHub Flavored)',
      },
      choices('headingStyle', 'Heading Style', headingStyles, 'how headings are written'),
      choices('bulletListMarker', 'Bullet Marker', bulletMarkers, 'character starting list items'),
      choices('codeBlockStyle', 'Code Block Style', codeBlockStyles, 'how code blocks are written'),
      choices('emDelimiter', 'Emphasis Delimiter', emDelimiters, 'character around emphasized text'),
      choices('strongDelimiter', 'Strong Delimiter', strongDelimiters, 'characters around strong text'),
    ],
  },
];

function toHtmlOptions(ctx: NodeExecutionContext, itemIndex: number): MarkdownToHtmlOptions {
  const flag = (name: string, fallback: boolean) =>
    booleanOption(ctx, `options.${name}`, itemIndex, fallback);
  return { escapeHtml: flag('escapeHtml', true), gfm: flag('gfm', true), breaks: flag('breaks', false) };
}

function toMarkdownOptions(ctx: NodeExecutionContext, itemIndex: number): HtmlToMarkdownOptions {
  const pick = <T extends string>(
    name: keyof HtmlToMarkdownOptions,
    list: readonly (readonly [T, string])[],
  ): T => {
    const allowed = values(list);
    const value = ctx.getParameter<unknown>(`options.${name}`, itemIndex);
    return choice(value ?? allowed[0], allowed, `options.${name}`, itemIndex);
  };
  return {
    headingStyle: pick('headingStyle', headingStyles),
    bulletListMarker: pick('bulletListMarker', bulletMarkers),
    codeBlockStyle: pick('codeBlockStyle', codeBlockStyles),
    emDelimiter: pick('emDelimiter', emDelimiters),
    strongDelimiter: pick('strongDelimiter', strongDelimiters),
  };
}

/** The converters (marked, turndown, an HTML parser): loaded on the first run, not with the server. */
type Converters = typeof import('./markdown-convert.js');

function convert(converters: Converters, ctx: NodeExecutionContext, item: Item, itemIndex: number): Item {
  const mode = choice<Mode>(
    ctx.getParameter('mode', itemIndex),
    ['markdownToHtml', 'htmlToMarkdown'],
    'mode',
    itemIndex,
  );
  const source = textField(
    item.json,
    fieldParameter(ctx, 'dataPropertyName', itemIndex),
    'dataPropertyName',
    itemIndex,
  );
  const destination = fieldParameter(ctx, 'destinationKey', itemIndex);
  const result =
    mode === 'markdownToHtml'
      ? converters.markdownToHtml(source, toHtmlOptions(ctx, itemIndex))
      : converters.htmlToMarkdown(source, toMarkdownOptions(ctx, itemIndex));
  const json = { ...item.json };
  setField(json, destination, result);
  return derivedItem(item, itemIndex, json);
}

/** Markdown: converts Markdown to HTML (marked) or HTML to Markdown (Turndown), per item. */
export const markdownNode = defineNode({
  type: 'core.markdown',
  version: 1,
  displayName: 'Markdown',
  description: 'Converts between Markdown and HTML',
  group: 'data',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  properties,
  async execute(ctx, inputs) {
    const converters = await import('./markdown-convert.js');
    return [(inputs[0] ?? []).map((item, itemIndex) => convert(converters, ctx, item, itemIndex))];
  },
});
