/**
 * The offence taxonomy of the Convention on Cybercrime (ETS 185, Budapest 2001, Arts 2–12) and
 * of its First Additional Protocol (ETS 189, Arts 3–6), as digested in
 * `reference/cooperation-law.md` §1.2. Pure data: the report wizard offers the offences, and
 * legal-cooperation requests name them (each request carries "an offence from the convention's
 * taxonomy", DESIGN.md §8). Codes are stable identifiers; titles are the articles' official
 * English headings. Plain-language names and explanations live in the UI dictionaries.
 */

/** The instrument an article belongs to. */
export type LegalInstrument = 'ETS-185' | 'ETS-189';

/**
 * `offence`: a conduct a Party criminalises (what happened). `modifier`: an article that
 * extends offences (aiding, attempt, corporate liability); it qualifies an offence and is
 * never chosen alone.
 */
export type OffenceKind = 'offence' | 'modifier';

export interface OffenceDefinition {
  /** Stable code, e.g. `BC-8-computer-fraud`. */
  readonly code: string;
  readonly instrument: LegalInstrument;
  /** The article (with paragraph when the code covers one paragraph only), e.g. `8`, `11(2)`. */
  readonly article: string;
  /** The article's official English heading (or the paragraph's subject for modifiers). */
  readonly title: string;
  readonly kind: OffenceKind;
  /**
   * For modifiers: the offence codes they may qualify. Attempt (Art 11(2)) covers only Arts
   * 3–5, 7, 8 and 9(1)(a),(c); aiding (11(1)) and corporate liability (12) Arts 2–11.
   */
  readonly appliesTo?: readonly string[];
  /** True when cooperation-law.md marks the source as secondary only ([S]), not checked. */
  readonly secondarySource?: true;
}

const BC = (
  article: string,
  slug: string,
  title: string,
  kind: OffenceKind = 'offence',
): OffenceDefinition => ({
  code: `BC-${article.replace(/\(.*$/, '')}-${slug}`,
  instrument: 'ETS-185',
  article,
  title,
  kind,
});

const AP1 = (article: string, slug: string, title: string): OffenceDefinition => ({
  code: `AP1-${article}-${slug}`,
  instrument: 'ETS-189',
  article,
  title,
  kind: 'offence',
  secondarySource: true,
});

const BC_OFFENCES: readonly OffenceDefinition[] = [
  BC('2', 'illegal-access', 'Illegal access'),
  BC('3', 'illegal-interception', 'Illegal interception'),
  BC('4', 'data-interference', 'Data interference'),
  BC('5', 'system-interference', 'System interference'),
  BC('6', 'misuse-of-devices', 'Misuse of devices'),
  BC('7', 'computer-forgery', 'Computer-related forgery'),
  BC('8', 'computer-fraud', 'Computer-related fraud'),
  BC('9', 'csam', 'Offences related to child pornography'),
  BC('10', 'ip-infringement', 'Offences related to infringements of copyright and related rights'),
];

const BC_2_TO_10 = BC_OFFENCES.map((o) => o.code);
const codeOfArticle = (article: string) =>
  BC_OFFENCES.find((o) => o.article === article)?.code ?? '';

/** Every article of the taxonomy, in the order of the instruments. */
export const OFFENCES: readonly OffenceDefinition[] = Object.freeze([
  ...BC_OFFENCES,
  {
    ...BC('11(1)', 'aiding', 'Aiding or abetting', 'modifier'),
    appliesTo: BC_2_TO_10,
  },
  {
    ...BC('11(2)', 'attempt', 'Attempt', 'modifier'),
    // Art 11(2): Arts 3–5, 7, 8 and 9(1)(a),(c) only.
    appliesTo: ['3', '4', '5', '7', '8', '9'].map(codeOfArticle),
  },
  {
    ...BC('12', 'legal-person', 'Corporate liability', 'modifier'),
    appliesTo: [...BC_2_TO_10, 'BC-11-aiding', 'BC-11-attempt'],
  },
  AP1(
    '3',
    'racist-material',
    'Dissemination of racist and xenophobic material through computer systems',
  ),
  AP1('4', 'racist-threat', 'Racist and xenophobic motivated threat'),
  AP1('5', 'racist-insult', 'Racist and xenophobic motivated insult'),
  AP1(
    '6',
    'genocide-denial',
    'Denial, gross minimisation, approval or justification of genocide or crimes against humanity',
  ),
]);

const BY_CODE: ReadonlyMap<string, OffenceDefinition> = new Map(OFFENCES.map((o) => [o.code, o]));

/** The definition of `code`, or undefined when the taxonomy has no such code. */
export function offenceByCode(code: string): OffenceDefinition | undefined {
  return BY_CODE.get(code);
}

/** True when `code` names an offence (not a modifier) of the taxonomy. */
export function isOffenceCode(code: string): boolean {
  return BY_CODE.get(code)?.kind === 'offence';
}

/** The offences a person can report (modifiers excluded), in taxonomy order. */
export const REPORTABLE_OFFENCES: readonly OffenceDefinition[] = Object.freeze(
  OFFENCES.filter((o) => o.kind === 'offence'),
);

/** A short citation, e.g. `Art. 8 ETS 185` or `Art. 11(2) ETS 185`. */
export function citationOf(offence: OffenceDefinition): string {
  return `Art. ${offence.article} ${offence.instrument.replace('-', ' ')}`;
}
