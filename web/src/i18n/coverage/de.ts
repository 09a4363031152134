import type { CoverageMessages } from './en.js';

/** Deutsche Texte der Abdeckungsseite (Issue 5, Punkt 5). */
export const coverageDe: CoverageMessages = {
  'nav.coverage': 'Abdeckung',
  'coverage.title': 'Abdeckung: keine sicheren Häfen',
  'coverage.intro':
    'Für jedes Land: ob ein Befund jemanden erreicht, der dort handelt (eine 24/7-Kontaktstelle, ein CERT, Abuse-Kontakte für seine Netze), wie viele Befunde dorthin geleitet wurden und wie sie beantwortet wurden. Die Tabelle enthält dieselben Angaben wie die Karte.',
  'coverage.map': 'Weltkarte der Abdeckung nach Land',
  'coverage.mapLoading': 'Karte wird gezeichnet…',
  'coverage.mapError':
    'Die Karte konnte nicht gezeichnet werden. Die Tabelle enthält dieselben Angaben.',
  'coverage.legend': 'Legende',
  'coverage.level.none': 'Kein Kontakt',
  'coverage.level.partial': 'Teilweise abgedeckt',
  'coverage.level.covered': 'Abgedeckt',
  'coverage.level.unresponsive': 'Keine Antwort',
  'coverage.level.unknown': 'Kein ISO-Ländercode',
  'coverage.help.none': 'kein Kontakt im Verzeichnis',
  'coverage.help.partial': 'ein Teil von: 24/7-Kontaktstelle, CERT, Abuse-Kontakt',
  'coverage.help.covered': '24/7-Kontaktstelle, CERT und Abuse-Kontakt',
  'coverage.help.unresponsive': 'Befunde weitergeleitet, keiner innerhalb von {window} beantwortet',
  'coverage.shapeTitle':
    '{country}: {level}; {routed} Befunde weitergeleitet, {acknowledged} bestätigt',
  'coverage.table': 'Abdeckung nach Land',
  'coverage.sort': 'Reihenfolge der Tabelle',
  'coverage.sort.gaps': 'Lücken zuerst',
  'coverage.sort.name': 'Nach Ländername',
  'coverage.sort.routed': 'Meiste Befunde zuerst',
  'coverage.col.country': 'Land',
  'coverage.col.level': 'Abdeckung',
  'coverage.col.poc': '24/7-Kontaktstellen',
  'coverage.col.certs': 'CERTs',
  'coverage.col.abuse': 'Abuse-Kontakte',
  'coverage.col.routed': 'Weitergeleitete Befunde',
  'coverage.col.acknowledged': 'Bestätigt',
  'coverage.col.actioned': 'Bearbeitet',
  'coverage.col.rejected': 'Abgelehnt',
  'coverage.col.unanswered': 'Unbeantwortet',
  'coverage.col.median': 'Median bis zur Bestätigung',
  'coverage.col.oldest': 'Ältester unbeantworteter',
  'coverage.gaps': 'Lücken',
  'coverage.gaps.noAnswer':
    '{country}: Befunde weitergeleitet, keiner innerhalb von {window} beantwortet',
  'coverage.gaps.noPoc': 'Länder ohne 24/7-Kontaktstelle: {count}',
  'coverage.gaps.none': 'Keine Lücken.',
  'coverage.withoutCountry':
    '{contacts} Kontakte nennen kein Land; {routed} Befunde wurden an sie geleitet. Sie sind oben nicht mitgezählt.',
};
