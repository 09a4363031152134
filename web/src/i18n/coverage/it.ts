import type { CoverageMessages } from './en.js';

/** Testi italiani della pagina di copertura (issue 5, punto 5). */
export const coverageIt: CoverageMessages = {
  'nav.coverage': 'Copertura',
  'coverage.title': 'Copertura: nessun rifugio sicuro',
  'coverage.intro':
    'Per ogni paese: se una segnalazione può raggiungere qualcuno che agisce sul posto (un punto di contatto 24/7, un CERT, contatti abuse per le sue reti), quante segnalazioni vi sono state inoltrate e come è stato risposto. La tabella contiene le stesse informazioni della mappa.',
  'coverage.map': 'Mappa del mondo della copertura per paese',
  'coverage.mapLoading': 'Disegno della mappa…',
  'coverage.mapError':
    'Non è stato possibile disegnare la mappa. La tabella contiene le stesse informazioni.',
  'coverage.legend': 'Legenda',
  'coverage.level.none': 'Nessun contatto',
  'coverage.level.partial': 'Copertura parziale',
  'coverage.level.covered': 'Coperto',
  'coverage.level.unresponsive': 'Nessuna risposta',
  'coverage.level.unknown': 'Senza codice paese ISO',
  'coverage.help.none': 'nessun contatto nella rubrica',
  'coverage.help.partial': 'una parte di: punto di contatto 24/7, CERT, contatto abuse',
  'coverage.help.covered': 'punto di contatto 24/7, CERT e contatto abuse',
  'coverage.help.unresponsive': 'segnalazioni inoltrate, nessuna risposta entro {window}',
  'coverage.shapeTitle':
    '{country}: {level}; {routed} segnalazioni inoltrate, {acknowledged} prese in carico',
  'coverage.table': 'Copertura per paese',
  'coverage.sort': 'Ordine della tabella',
  'coverage.sort.gaps': 'Prima le lacune',
  'coverage.sort.name': 'Per nome del paese',
  'coverage.sort.routed': 'Prima i più segnalati',
  'coverage.col.country': 'Paese',
  'coverage.col.level': 'Copertura',
  'coverage.col.poc': 'Punti di contatto 24/7',
  'coverage.col.certs': 'CERT',
  'coverage.col.abuse': 'Contatti abuse',
  'coverage.col.routed': 'Segnalazioni inoltrate',
  'coverage.col.acknowledged': 'Prese in carico',
  'coverage.col.actioned': 'Trattate',
  'coverage.col.rejected': 'Respinte',
  'coverage.col.unanswered': 'Senza risposta',
  'coverage.col.median': 'Tempo mediano di presa in carico',
  'coverage.col.oldest': 'Più vecchia senza risposta',
  'coverage.gaps': 'Lacune',
  'coverage.gaps.noAnswer': '{country}: segnalazioni inoltrate, nessuna risposta entro {window}',
  'coverage.gaps.noPoc': 'Paesi senza punto di contatto 24/7: {count}',
  'coverage.gaps.none': 'Nessuna lacuna.',
  'coverage.withoutCountry':
    '{contacts} contatti non indicano alcun paese; {routed} segnalazioni sono state inoltrate a loro. Non sono conteggiati sopra.',
};
