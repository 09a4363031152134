/** STIX 2.0 bundles upgraded to 2.1, and repairs of real-world STIX 2.1 (issue 4). */
export {
  name,
  detect,
  parseStix20,
  createStix20Parser,
  type Stix20ParserOptions,
} from './stix20-parser.js';
export { upgradeStix20, toMilliseconds, type UpgradeResult } from './stix20-upgrade.js';
export { repairStix21, type Stix21Repair } from './stix21-repair.js';
