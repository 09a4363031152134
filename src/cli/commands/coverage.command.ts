import { coverageView } from '../../route/coverage.view.js';
import type { CountryCoverage } from '../../route/coverage-rules.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliCommand } from '../command.js';
import { operatorActor, withNode } from '../node-command.js';

const orDash = (n: number | null, unit = '') => (n === null ? '-' : `${Math.round(n)}${unit}`);

function line(c: CountryCoverage): string {
  return [
    c.country,
    c.level.padEnd(12),
    `poc ${c.pointsOfContact}`,
    `cert ${c.certs}`,
    `abuse ${c.abuseContacts}`,
    `routed ${c.routed}`,
    `acknowledged ${c.acknowledged}`,
    `actioned ${c.actioned}`,
    `rejected ${c.rejected}`,
    `new ${c.unanswered}`,
    `median-ack ${orDash(c.medianAcknowledgeSeconds, 's')}`,
    `oldest-new ${orDash(c.oldestUnansweredSeconds, 's')}`,
  ].join('  ');
}

/** `nohaven coverage [--gaps] [--json] [--answer-within SECONDS]` (issue 5, item 5). */
export const coverageCommand: CliCommand = {
  name: ['coverage'],
  summary: 'Coverage per country: contacts, findings routed and answered, gaps',
  usage:
    'nohaven coverage [--gaps] [--json] [--answer-within SECONDS]\n' +
    '  Lists the countries with a contact or a routed finding, one line each, then a summary.\n' +
    '  --gaps            list only the gaps: countries without a 24/7 point of contact\n' +
    '                    (no-point-of-contact) or with findings none answered in time (no-answer)\n' +
    '  --json            print the whole coverage as JSON (as GET /api/v1/coverage)\n' +
    '  --answer-within   seconds within which a country should answer (default 86400)',
  async run(ctx, args) {
    const { options } = parseCommandArgs(
      args,
      { gaps: { type: 'boolean' }, json: { type: 'boolean' }, 'answer-within': { type: 'string' } },
      { min: 0, max: 0 },
    );
    const within = options['answer-within'];
    if (within !== undefined && !/^\d+$/.test(within))
      throw new UsageError(`--answer-within must be a number of seconds, not "${within}"`);
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli', 'oversight');
      const c = await node.services.coverage.coverage(actor, {
        ...(within !== undefined ? { answerWithinSeconds: Number(within) } : {}),
      });
      if (options.json === true) {
        const view = coverageView(c);
        const out = options.gaps === true ? { gaps: view.gaps } : view;
        ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        return EXIT.ok;
      }
      if (options.gaps === true) {
        for (const g of c.gaps) ctx.stdout.write(`${g.country}  ${g.reasons.join(', ')}\n`);
        ctx.stdout.write(`${c.gaps.length} gaps of ${c.countries.length} countries\n`);
        return EXIT.ok;
      }
      const listed = c.countries.filter(
        (k) => k.pointsOfContact + k.certs + k.abuseContacts + k.routed > 0,
      );
      for (const k of listed) ctx.stdout.write(`${line(k)}\n`);
      const count = (level: string) => c.countries.filter((k) => k.level === level).length;
      ctx.stdout.write(
        `${c.countries.length} countries: ${count('covered')} covered, ${count('partial')} partial, ` +
          `${count('unresponsive')} unresponsive, ${count('none')} without contact; ` +
          `${c.gaps.length} gaps\n`,
      );
      if (c.withoutCountry.contacts > 0)
        ctx.stdout.write(
          `${c.withoutCountry.contacts} contacts name no country (${c.withoutCountry.routed} findings routed to them)\n`,
        );
      return EXIT.ok;
    });
  },
};
