import { Marked } from 'marked';
import { TextNode } from 'node-html-parser';
import TurndownService from 'turndown';
import { escapeHtml } from './shared/html-escape.js';

/** Markdown to HTML settings. */
export interface MarkdownToHtmlOptions {
  /** Show raw HTML of the input as text and drop script-capable links, so the output is safe to embed. */
  escapeHtml: boolean;
  gfm: boolean;
  breaks: boolean;
}

/** HTML to Markdown settings (Turndown's). */
export interface HtmlToMarkdownOptions {
  headingStyle: 'atx' | 'setext';
  bulletListMarker: '-' | '*' | '+';
  codeBlockStyle: 'fenced' | 'indented';
  emDelimiter: '_' | '*';
  strongDelimiter: '**' | '__';
}

/** URLs a browser would run as code or load as a document: never written as a link or image source. */
function isUnsafeUrl(href: string): boolean {
  // Browsers decode character references in attributes (`&#106;avascript:`, `&colon;`) and ignore
  // whitespace and control characters inside the scheme, so neither may hide it here.
  const decoded = new TextNode(href).text;
  const scheme = [...decoded]
    .filter((char) => char.charCodeAt(0) > 0x20)
    .join('')
    .toLowerCase();
  return /^(?:javascript|vbscript|data):/.test(scheme);
}

function createMarked(options: MarkdownToHtmlOptions): Marked {
  const marked = new Marked({ gfm: options.gfm, breaks: options.breaks, async: false });
  if (options.escapeHtml) {
    marked.use({
      renderer: {
        // A block of raw HTML becomes a paragraph of text, as the author wrote it.
        html: ({ text, block }) => (block ? `<p>${escapeHtml(text.trim())}</p>\n` : escapeHtml(text)),
        link({ href, tokens }) {
          return isUnsafeUrl(href) ? this.parser.parseInline(tokens) : false;
        },
        image: ({ href, text }) => (isUnsafeUrl(href) ? escapeHtml(text) : false),
      },
    });
  }
  return marked;
}

// One configured instance per option combination (at most 8), built on first use.
const markedInstances = new Map<string, Marked>();

/**
 * Markdown rendered as HTML (marked). With `escapeHtml` off, raw HTML in the Markdown passes through
 * unchanged: only use that on trusted input.
 */
export function markdownToHtml(markdown: string, options: MarkdownToHtmlOptions): string {
  const key = `${options.escapeHtml}:${options.gfm}:${options.breaks}`;
  let marked = markedInstances.get(key);
  if (!marked) {
    marked = createMarked(options);
    markedInstances.set(key, marked);
  }
  return marked.parse(markdown, { async: false });
}

/** HTML converted to Markdown (Turndown); scripts, styles, titles and the document head are dropped. */
export function htmlToMarkdown(html: string, options: HtmlToMarkdownOptions): string {
  const service = new TurndownService(options);
  service.remove(['script', 'style', 'head', 'title', 'noscript', 'template']);
  return service.turndown(html);
}
