import { parseFeedDefinition, type FeedDefinition } from '../feed-definition.js';
import abusechFeodotracker from './abusech-feodotracker.json' with { type: 'json' };
import blocklistdeImap from './blocklistde-imap.json' with { type: 'json' };
import dshieldBlock from './dshield-block.json' with { type: 'json' };
import microsoftCtip from './microsoft-ctip.json' with { type: 'json' };
import openphish from './openphish.json' with { type: 'json' };
import phishtank from './phishtank.json' with { type: 'json' };
import shadowserverSmb from './shadowserver-smb.json' with { type: 'json' };
import shadowserverTelnet from './shadowserver-telnet.json' with { type: 'json' };
import spamhausAsndrop from './spamhaus-asndrop.json' with { type: 'json' };
import spamhausDrop from './spamhaus-drop.json' with { type: 'json' };

/**
 * The feed definitions that ship with nohaven, by name (the `name` inside each file). Imported
 * as data, so they travel inside the bundled CLI; operators add their own as files.
 */
export const SHIPPED_FEED_DEFINITIONS: ReadonlyMap<string, unknown> = new Map(
  [
    abusechFeodotracker,
    blocklistdeImap,
    dshieldBlock,
    microsoftCtip,
    openphish,
    phishtank,
    shadowserverSmb,
    shadowserverTelnet,
    spamhausAsndrop,
    spamhausDrop,
  ].map((d) => [d.name, d]),
);

/** A shipped feed definition by name, validated; `undefined` if no shipped feed has it. */
export function shippedFeedDefinition(name: string): FeedDefinition | undefined {
  const raw = SHIPPED_FEED_DEFINITIONS.get(name);
  if (raw === undefined) return undefined;
  const parsed = parseFeedDefinition(raw);
  if (!parsed.ok) throw new Error(`shipped feed ${name} is invalid: ${parsed.errors.join('; ')}`);
  return parsed.definition;
}
