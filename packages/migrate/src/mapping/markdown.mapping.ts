import {
  type ExportMapping,
  type MappingContext,
  type N8nParameters,
  type NativeParameters,
  type NodeMapping,
  unsupportedVariant,
} from './node-mapping.types.js';
import {
  isExpression,
  jsonFieldExpression,
  jsonFieldOf,
  recordAt,
  warnIgnoredOptions,
} from './parameter-shapes.js';

const MARKDOWN = 'core.markdown';

/** n8n's HTML-to-Markdown options (node-html-markdown) without a native equivalent, with their defaults. */
const ignoredToMarkdown = {
  globalEscape: undefined,
  ignore: '',
  keepDataImages: false,
  lineStartEscape: undefined,
  maxConsecutiveNewlines: 3,
  useLinkReferenceDefinitions: false,
  textReplace: undefined,
  blockElements: '',
};

/** n8n's Markdown-to-HTML options (showdown) without a native equivalent, with their defaults. */
const ignoredToHtml = {
  openLinksInNewWindow: false,
  simplifiedAutoLink: false,
  backslashEscapesHTMLTags: false,
  completeHTMLDocument: false,
  customizedHeaderId: false,
  emoji: false,
  encodeEmails: true,
  excludeTrailingPunctuationFromURLs: false,
  ghCodeBlocks: true,
  ghCompatibleHeaderId: false,
  ghMentionsLink: 'https://github.com/{u}',
  ghMentions: false,
  headerLevelStart: 1,
  requireSpaceBeforeHeadingText: false,
  literalMidWordAsterisks: false,
  literalMidWordUnderscores: false,
  noHeaderId: false,
  parseImgDimensions: false,
  prefixHeaderId: 'section',
  rawHeaderId: false,
  rawPrefixHeaderId: false,
  smartIndentationFix: false,
  disableForced4SpacesIndentedSublists: false,
  splitAdjacentBlockquotes: false,
  tablesHeaderId: false,
};

/** Showdown's GitHub-style extensions; the native node switches them on together. */
const githubExtensions = ['tables', 'strikethrough', 'tasklists'];

/**
 * n8n converts the value of its `html`/`markdown` parameter, the native node a field of the item: an
 * expression that only reads one field (`{{ $json.text }}`) becomes that field.
 */
function sourceField(value: unknown, parameter: string): string {
  const field = jsonFieldOf(value);
  if (field !== undefined) return field;
  const what = isExpression(value) ? 'an expression' : 'fixed text';
  return unsupportedVariant(`its "${parameter}" is ${what}, and KlikkFlow converts one field of the item`);
}

function toHtmlOptions(options: Record<string, unknown>, context: MappingContext): NativeParameters {
  warnIgnoredOptions(options, ignoredToHtml, context);
  // Showdown passes raw HTML through and adds GitHub extensions only when asked to.
  return {
    escapeHtml: false,
    gfm: githubExtensions.some((name) => options[name] === true),
    breaks: options.simpleLineBreaks === true,
  };
}

function toMarkdownOptions(options: Record<string, unknown>, context: MappingContext): NativeParameters {
  warnIgnoredOptions(options, { ...ignoredToMarkdown, codeFence: '```' }, context);
  return {
    bulletListMarker: options.bulletMarker ?? '*',
    codeBlockStyle: options.codeBlockStyle === 'indented' ? 'indented' : 'fenced',
    emDelimiter: options.emDelimiter ?? '_',
    strongDelimiter: options.strongDelimiter ?? '**',
  };
}

function markdownToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const options = recordAt(parameters, 'options');
  const toHtml = parameters.mode === 'markdownToHtml';
  return {
    mode: parameters.mode,
    dataPropertyName: toHtml
      ? sourceField(parameters.markdown, 'markdown')
      : sourceField(parameters.html, 'html'),
    destinationKey: parameters.destinationKey,
    options: toHtml ? toHtmlOptions(options, context) : toMarkdownOptions(options, context),
  };
}

/** n8n → KlikkFlow for the Markdown node (v1). */
export const markdownMappings: NodeMapping[] = [
  {
    n8nType: 'n8n-nodes-base.markdown',
    minVersion: 1,
    maxVersion: 1,
    nativeType: MARKDOWN,
    defaults: { mode: 'htmlToMarkdown', html: '', markdown: '', destinationKey: 'data', options: {} },
    toNative: markdownToNative,
  },
];

/** The entries of `values` that differ from `defaults`. */
function changed(values: Record<string, unknown>, defaults: Record<string, unknown>): N8nParameters {
  return Object.fromEntries(
    Object.entries(values).filter(([name, value]) => value !== defaults[name] && value !== false),
  );
}

function markdownToN8n(parameters: NativeParameters): N8nParameters {
  const { mode = 'htmlToMarkdown', dataPropertyName = 'data', destinationKey = 'data' } = parameters;
  const source = jsonFieldExpression(String(dataPropertyName));
  const options = recordAt(parameters, 'options');
  if (mode === 'markdownToHtml') {
    const gfm = options.gfm !== false;
    const flags = {
      simpleLineBreaks: options.breaks === true,
      tables: gfm,
      strikethrough: gfm,
      tasklists: gfm,
    };
    return { mode, markdown: source, destinationKey, options: changed(flags, {}) };
  }
  const {
    bulletListMarker = '-',
    codeBlockStyle = 'fenced',
    emDelimiter = '_',
    strongDelimiter = '**',
  } = options;
  const chosen = {
    bulletMarker: bulletListMarker,
    codeBlockStyle: codeBlockStyle === 'indented' ? 'indented' : 'fence',
    emDelimiter,
    strongDelimiter,
  };
  return {
    mode,
    html: source,
    destinationKey,
    options: changed(chosen, {
      bulletMarker: '*',
      codeBlockStyle: 'fence',
      emDelimiter: '_',
      strongDelimiter: '**',
    }),
  };
}

/** KlikkFlow → n8n: Markdown v1, reading the native source field with an expression. */
export const markdownExport: ExportMapping = {
  nativeType: MARKDOWN,
  n8nType: 'n8n-nodes-base.markdown',
  typeVersion: 1,
  toN8n: markdownToN8n,
};
