import type { ReportMessages } from './en.js';

/** Italiano: la procedura guidata «Segnala un incidente». */
export const reportIt: ReportMessages = {
  'nav.report': 'Segnala un incidente',
  'report.title': 'Segnala un incidente',
  'report.intro':
    'Raccontaci che cosa è successo in cinque brevi passaggi. Prima dell’invio puoi tornare indietro e cambiare ogni risposta.',
  'report.progress': 'Passaggio {current} di {total}',
  'report.step.what': 'Che cosa è successo',
  'report.step.when': 'Quando',
  'report.step.who': 'Chi è colpito',
  'report.step.saw': 'Che cosa hai visto',
  'report.step.review': 'Controlla e invia',
  'report.next': 'Avanti',
  'report.back': 'Indietro',
  'report.send': 'Invia la segnalazione',
  'report.notAllowed':
    'Il tuo ruolo non consente di inviare segnalazioni. Se necessario, rivolgiti all’amministratore del tuo nodo.',
  'report.sending': 'Invio in corso…',
  'report.what.legend': 'Che cosa è successo?',
  'report.what.hint': 'Scegli la voce più adatta. Se non lo sai, scegli «Non sono sicuro».',
  'report.offence.BC-2-illegal-access.name':
    'Qualcuno è entrato in un computer o in un account senza permesso',
  'report.offence.BC-2-illegal-access.help':
    'Per esempio una casella di posta, un server o una rete violati da qualcuno che non ne aveva il diritto.',
  'report.offence.BC-3-illegal-interception.name':
    'Qualcuno ha ascoltato o copiato comunicazioni di nascosto',
  'report.offence.BC-3-illegal-interception.help':
    'Messaggi, chiamate o traffico di rete sono stati intercettati da qualcuno che non doveva vederli.',
  'report.offence.BC-4-data-interference.name':
    'Dei dati sono stati cancellati, danneggiati, modificati o bloccati',
  'report.offence.BC-4-data-interference.help':
    'Per esempio file cifrati da un ransomware, archivi cancellati o dati alterati.',
  'report.offence.BC-5-system-interference.name':
    'Un sistema informatico o un sito web è stato disturbato',
  'report.offence.BC-5-system-interference.help':
    'Per esempio un sito sommerso di richieste fino al blocco (attacco «denial of service») o un sistema sabotato.',
  'report.offence.BC-6-misuse-of-devices.name':
    'Strumenti di pirateria o password rubate vengono offerti o usati',
  'report.offence.BC-6-misuse-of-devices.help':
    'Qualcuno vende, condivide o detiene software dannoso, oppure password e codici di accesso, per entrare nei sistemi.',
  'report.offence.BC-7-computer-forgery.name':
    'Documenti o dati falsi sono stati fatti passare per autentici',
  'report.offence.BC-7-computer-forgery.help':
    'Per esempio una fattura falsa, il sito falso di una banca o registri alterati presentati come veri.',
  'report.offence.BC-8-computer-fraud.name':
    'Sono stati persi denaro o beni a causa di una truffa online',
  'report.offence.BC-8-computer-fraud.help':
    'Per esempio un’e-mail di phishing che ha portato a un pagamento, un negozio falso o un bonifico manipolato.',
  'report.offence.BC-9-csam.name': 'Immagini sessuali di minori',
  'report.offence.BC-9-csam.help':
    'Materiale che mostra abusi sessuali su minori. Non copiarlo né inoltrarlo; segnala dove lo hai visto.',
  'report.offence.BC-10-ip-infringement.name': 'Pirateria del diritto d’autore su larga scala',
  'report.offence.BC-10-ip-infringement.help':
    'Software, film, musica o altre opere copiati e distribuiti a scopo commerciale senza autorizzazione.',
  'report.offence.AP1-3-racist-material.name': 'Materiale razzista o xenofobo diffuso online',
  'report.offence.AP1-3-racist-material.help':
    'Testi, immagini o video che incitano all’odio o alla violenza contro persone per razza, colore, origine o religione.',
  'report.offence.AP1-4-racist-threat.name': 'Una minaccia di matrice razzista o xenofoba',
  'report.offence.AP1-4-racist-threat.help':
    'Qualcuno è stato minacciato online di un reato grave a causa della sua razza, colore, origine o religione.',
  'report.offence.AP1-5-racist-insult.name': 'Un insulto pubblico di matrice razzista o xenofoba',
  'report.offence.AP1-5-racist-insult.help':
    'Qualcuno è stato insultato pubblicamente online a causa della sua razza, colore, origine o religione.',
  'report.offence.AP1-6-genocide-denial.name':
    'Negazione o approvazione di genocidi o crimini contro l’umanità',
  'report.offence.AP1-6-genocide-denial.help':
    'Materiale online che nega, minimizza grossolanamente, approva o giustifica genocidi o crimini contro l’umanità.',
  'report.offence.not-sure.name': 'Non sono sicuro',
  'report.offence.not-sure.help':
    'Descrivi ciò che hai visto nei passaggi successivi; un analista lo classificherà.',
  'report.offence.citation': 'Riferimento giuridico: {citation}',
  'report.when.legend': 'Quando è successo?',
  'report.when.at': 'In un momento preciso',
  'report.when.between': 'In un periodo di tempo',
  'report.when.ongoing': 'Sta ancora succedendo',
  'report.when.atLabel': 'Data e ora',
  'report.when.from': 'Inizio',
  'report.when.until': 'Fine',
  'report.when.since': 'Inizio (se lo sai)',
  'report.when.hint': 'La tua ora locale. Un orario approssimativo va bene.',
  'report.who.legend': 'Chi è colpito?',
  'report.who.me': 'Io',
  'report.who.organisation': 'La mia organizzazione',
  'report.who.customers': 'I nostri clienti o utenti',
  'report.who.others': 'Altre persone o organizzazioni',
  'report.who.count': 'Quanti sono colpiti (se lo sai)?',
  'report.who.countHint': 'Un numero approssimativo va bene.',
  'report.saw.text': 'Che cosa hai visto?',
  'report.saw.textHint':
    'Con parole tue: che cosa hai notato, quando, che cosa hai fatto e che cosa è andato perso o danneggiato.',
  'report.saw.observables': 'Indirizzi e numeri',
  'report.saw.observablesHint':
    'Aggiungi uno alla volta gli indirizzi web, gli indirizzi e-mail, i numeri di telefono o gli indirizzi IP che hai visto.',
  'report.saw.kind': 'Tipo',
  'report.saw.value': 'Indirizzo o numero',
  'report.saw.add': 'Aggiungi',
  'report.saw.remove': 'Rimuovi {value}',
  'report.saw.files': 'File o l’e-mail',
  'report.saw.filesHint':
    'Schermate, documenti o l’e-mail sospetta salvata come file .eml. Al massimo {count} file da {size} ciascuno.',
  'report.saw.fileRemove': 'Rimuovi il file {name}',
  'report.kind.url': 'Indirizzo web (URL)',
  'report.kind.domain': 'Nome di dominio',
  'report.kind.email': 'Indirizzo e-mail',
  'report.kind.ip': 'Indirizzo IP',
  'report.kind.phone': 'Numero di telefono',
  'report.review.tlp': 'Chi può vedere questa segnalazione?',
  'report.review.tlpHint': 'Se hai dubbi, mantieni la scelta proposta.',
  'report.tlp.clear': 'Chiunque (TLP:CLEAR)',
  'report.tlp.green': 'La comunità della sicurezza informatica (TLP:GREEN)',
  'report.tlp.amber':
    'Le organizzazioni destinatarie e i loro clienti, se devono saperlo (TLP:AMBER)',
  'report.tlp.amber+strict': 'Solo le organizzazioni destinatarie (TLP:AMBER+STRICT)',
  'report.tlp.red': 'Solo le persone che la ricevono (TLP:RED)',
  'report.review.change': 'Modifica',
  'report.review.notGiven': 'Non indicato',
  'report.review.files': 'File allegati',
  'report.done.title': 'Grazie. La tua segnalazione è stata inviata.',
  'report.done.incident': 'È stata registrata come incidente.',
  'report.done.view': 'Vedi l’incidente',
  'report.done.linked': 'Collegati all’incidente',
  'report.done.another': 'Segnala un altro incidente',
  'report.errors.title': 'Controlla queste risposte',
  'report.error.required': 'Questa risposta è necessaria.',
  'report.error.unknown-offence': 'Scegli una delle descrizioni proposte.',
  'report.error.invalid-time': 'Inserisci una data e un’ora complete.',
  'report.error.in-future': 'Questa data è nel futuro.',
  'report.error.range-reversed': 'La fine è prima dell’inizio.',
  'report.error.invalid-count': 'Inserisci un numero intero di almeno 1.',
  'report.error.too-long': 'Questo testo è troppo lungo.',
  'report.error.too-many-observables': 'Troppi indirizzi e numeri per una sola segnalazione.',
  'report.error.invalid-url':
    'Questo non è un indirizzo web. Deve iniziare con http:// o https://.',
  'report.error.invalid-domain': 'Questo non è un nome di dominio, come esempio.it.',
  'report.error.invalid-email': 'Questo non è un indirizzo e-mail, come nome@esempio.it.',
  'report.error.invalid-ip': 'Questo non è un indirizzo IP, come 192.0.2.1.',
  'report.error.invalid-phone': 'Questo non è un numero di telefono.',
  'report.error.invalid-file-name': 'Questo nome di file non può essere usato.',
  'report.error.invalid-base64': 'Non è stato possibile leggere il file. Allegalo di nuovo.',
  'report.error.empty-file': 'Questo file è vuoto.',
  'report.error.too-many-files': 'Troppi file per una sola segnalazione.',
  'report.error.file-too-large': 'Questo file è troppo grande.',
  'report.error.total-too-large': 'I file insieme sono troppo grandi.',
};
