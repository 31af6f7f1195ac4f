import { defineNode, derivedItem, type NodeExecutionContext } from '@klikkflow/plugin-sdk';
import type { Item, PropertySpec } from '@klikkflow/types';
import { type JsonToXmlOptions, jsonToXml } from './json-to-xml.js';
import { choice } from './shared/choice.js';
import { setField } from './shared/field-path.js';
import { invalidParameter } from './shared/parameter-error.js';
import {
  booleanOption,
  fieldParameter,
  isPrototypeKey,
  stringOption,
  textField,
} from './shared/text-parameters.js';
import type { XmlToJsonOptions } from './xml-to-json.js';

/** The XML parser: loaded on the first XML-to-JSON run, not with the server. */
type XmlParser = typeof import('./xml-to-json.js');

type Mode = 'jsonToXml' | 'xmlToJson';

const option = (
  name: string,
  displayName: string,
  type: 'string' | 'boolean',
  defaultValue: string | boolean,
  description: string,
): PropertySpec => ({ name, displayName, type, default: defaultValue, description });

const properties: PropertySpec[] = [
  {
    name: 'mode',
    displayName: 'Mode',
    type: 'options',
    default: 'xmlToJson',
    description: 'Direction of the conversion',
    options: [
      {
        name: 'JSON to XML',
        value: 'jsonToXml',
        description: "Render the item's JSON as XML text in a field",
      },
      {
        name: 'XML to JSON',
        value: 'xmlToJson',
        description: 'Parse XML text from a field into the item JSON',
      },
    ],
  },
  {
    name: 'dataPropertyName',
    displayName: 'Property Name',
    type: 'string',
    default: 'data',
    placeholder: 'e.g. body',
    description:
      'JSON to XML: field receiving the XML; XML to JSON: field holding it (dots reach into objects)',
  },
  {
    name: 'options',
    displayName: 'Options',
    type: 'collection',
    default: {},
    description: 'Extra settings',
    properties: [
      option(
        'attrkey',
        'Attribute Key',
        'string',
        '$',
        'Both modes: key of the object holding an element’s attributes',
      ),
      option(
        'charkey',
        'Character Key',
        'string',
        '_',
        'Both modes: key of an element’s text next to attributes or children',
      ),
      option(
        'rootName',
        'Root Name',
        'string',
        '',
        'JSON to XML: root element; blank: the single top-level key, else root',
      ),
      option(
        'headless',
        'Headless',
        'boolean',
        false,
        'JSON to XML: whether to leave out the <?xml?> declaration',
      ),
      option(
        'attributePrefix',
        'Attribute Prefix',
        'string',
        '',
        'JSON to XML: keys starting with it become attributes (e.g. @); blank: off',
      ),
      option(
        'cdata',
        'CDATA',
        'boolean',
        false,
        'JSON to XML: whether text with <, > or & goes in CDATA instead of being escaped',
      ),
      option(
        'pretty',
        'Pretty Print',
        'boolean',
        true,
        'JSON to XML: whether to indent, one element per line',
      ),
      option(
        'explicitArray',
        'Explicit Array',
        'boolean',
        false,
        'XML to JSON: whether every child element is a list, even when it occurs once',
      ),
      option(
        'explicitRoot',
        'Explicit Root',
        'boolean',
        true,
        'XML to JSON: whether the root element stays the single top-level key',
      ),
      option(
        'ignoreAttributes',
        'Ignore Attributes',
        'boolean',
        false,
        'XML to JSON: whether attributes are dropped',
      ),
      option(
        'mergeAttrs',
        'Merge Attributes',
        'boolean',
        false,
        'XML to JSON: whether attributes become plain keys of their element instead of sitting under the attribute key',
      ),
      option('trim', 'Trim', 'boolean', false, 'XML to JSON: whether whitespace around text is removed'),
    ],
  },
];

/** A key option that may not be blank or reach into a prototype. */
function keyOption(ctx: NodeExecutionContext, name: string, fallback: string, itemIndex: number): string {
  const key = stringOption(ctx, `options.${name}`, itemIndex, fallback);
  if (isPrototypeKey(key)) {
    throw invalidParameter(`"options.${name}" (item ${itemIndex}) may not be ${key}`, {
      parameter: `options.${name}`,
      itemIndex,
    });
  }
  return key;
}

function toXml(ctx: NodeExecutionContext, item: Item, itemIndex: number): Item {
  const flag = (name: string, fallback: boolean) =>
    booleanOption(ctx, `options.${name}`, itemIndex, fallback);
  const options: JsonToXmlOptions = {
    rootName: stringOption(ctx, 'options.rootName', itemIndex, ''),
    headless: flag('headless', false),
    attrkey: keyOption(ctx, 'attrkey', '$', itemIndex),
    charkey: keyOption(ctx, 'charkey', '_', itemIndex),
    attributePrefix: stringOption(ctx, 'options.attributePrefix', itemIndex, ''),
    cdata: flag('cdata', false),
    pretty: flag('pretty', true),
  };
  const field = fieldParameter(ctx, 'dataPropertyName', itemIndex);
  let xml: string;
  try {
    xml = jsonToXml(item.json, options);
  } catch (error) {
    throw invalidParameter(`item ${itemIndex} cannot be written as XML: ${(error as Error).message}`, {
      itemIndex,
    });
  }
  const json: Record<string, unknown> = {};
  setField(json, field, xml);
  return derivedItem(item, itemIndex, json);
}

function fromXml(parser: XmlParser, ctx: NodeExecutionContext, item: Item, itemIndex: number): Item {
  const flag = (name: string, fallback: boolean) =>
    booleanOption(ctx, `options.${name}`, itemIndex, fallback);
  const options: XmlToJsonOptions = {
    explicitArray: flag('explicitArray', false),
    explicitRoot: flag('explicitRoot', true),
    ignoreAttributes: flag('ignoreAttributes', false),
    attrkey: keyOption(ctx, 'attrkey', '$', itemIndex),
    charkey: keyOption(ctx, 'charkey', '_', itemIndex),
    mergeAttrs: flag('mergeAttrs', false),
    trim: flag('trim', false),
  };
  const field = fieldParameter(ctx, 'dataPropertyName', itemIndex);
  const xml = textField(item.json, field, 'dataPropertyName', itemIndex);
  try {
    return derivedItem(item, itemIndex, parser.xmlToJson(xml, options));
  } catch (error) {
    throw invalidParameter(
      `field "${field}" of item ${itemIndex} is not valid XML: ${(error as Error).message}`,
      {
        parameter: 'dataPropertyName',
        field,
        itemIndex,
      },
    );
  }
}

/**
 * XML: converts between XML text and JSON, per item. XML to JSON replaces the item's JSON with the parsed
 * document; JSON to XML outputs only the XML field (as n8n's XML node does).
 */
export const xmlNode = defineNode({
  type: 'core.xml',
  version: 1,
  displayName: 'XML',
  description: 'Converts XML to JSON and JSON to XML',
  group: 'data',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  properties,
  async execute(ctx, inputs) {
    let parser: XmlParser | undefined;
    const items = inputs[0] ?? [];
    if (items.some((_, itemIndex) => ctx.getParameter<unknown>('mode', itemIndex) !== 'jsonToXml')) {
      parser = await import('./xml-to-json.js');
    }
    return [
      items.map((item, itemIndex) => {
        // n8n spells the JSON-to-XML mode `jsonToxml`; accept it so imported workflows run unchanged.
        const raw = ctx.getParameter<unknown>('mode', itemIndex);
        const mode = choice<Mode>(
          raw === 'jsonToxml' ? 'jsonToXml' : raw,
          ['jsonToXml', 'xmlToJson'],
          'mode',
          itemIndex,
        );
        return mode === 'jsonToXml'
          ? toXml(ctx, item, itemIndex)
          : fromXml(parser as XmlParser, ctx, item, itemIndex);
      }),
    ];
  },
});
