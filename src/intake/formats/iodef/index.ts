/** IODEF XML intake format, versions 1 (RFC 5070) and 2 (RFC 7970) (issue 4). */
export {
  name,
  detect,
  parseIodef,
  createIodefParser,
  type IodefParserOptions,
} from './iodef-parser.js';
