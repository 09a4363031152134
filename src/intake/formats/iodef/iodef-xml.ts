/**
 * Safe reading of an IODEF XML document with fast-xml-parser. A document type declaration
 * (`<!DOCTYPE …>`) is refused before parsing: IODEF is defined by an XML Schema and needs no
 * DTD, and refusing it rules out entity expansion attacks ("billion laughs") and external
 * entities (XXE). Only the five predefined XML entities and character references are decoded.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { IntakeFormatError } from '../../intake-item.js';

export const IODEF_FORMAT = 'iodef';

/** An element: child elements by local name (always lists), attributes as `@name`, text as `#text`. */
export type XmlNode = { readonly [key: string]: XmlNode[] | string | undefined };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  removeNSPrefix: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
  alwaysCreateTextNode: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
});

/** The line (1-based) of character `offset` of `text`. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Parses the document, or throws an {@link IntakeFormatError} saying where it breaks. */
export function parseXml(text: string): XmlNode {
  const doctype = /<!DOCTYPE/i.exec(text);
  if (doctype !== null) {
    throw new IntakeFormatError(
      IODEF_FORMAT,
      `line ${lineOf(text, doctype.index)}: a document type declaration (<!DOCTYPE>) is refused: ` +
        'IODEF needs none, and its entities could expand without bound or read local files',
    );
  }
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) {
    const { line, col, msg } = verdict.err;
    throw new IntakeFormatError(
      IODEF_FORMAT,
      `not well-formed XML: line ${line}, column ${col}: ${msg}`,
    );
  }
  return parser.parse(text) as XmlNode;
}

/** The child elements called `name` (in any namespace). */
export function kids(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  return Array.isArray(value) ? value : [];
}

/** The text of a node, trimmed ('' when none). */
export function text(node: XmlNode | undefined): string {
  const value = node?.['#text'];
  return typeof value === 'string' ? value.trim() : '';
}

/** The texts of the children called `name`, without empty ones. */
export function texts(node: XmlNode | undefined, name: string): string[] {
  return kids(node, name)
    .map(text)
    .filter((t) => t !== '');
}

export function attr(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@${name}`];
  return typeof value === 'string' ? value : undefined;
}
