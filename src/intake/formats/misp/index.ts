/** MISP event JSON intake format (issue 4). */
export {
  name,
  detect,
  parseMisp,
  createMispParser,
  type MispParserOptions,
} from './misp-parser.js';
export { MISP_NOTE_TYPES, MISP_OBSERVABLE_TYPES } from './misp-types.js';
