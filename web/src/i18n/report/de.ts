import type { ReportMessages } from './en.js';

/** Deutsch: der Assistent „Vorfall melden“. */
export const reportDe: ReportMessages = {
  'nav.report': 'Vorfall melden',
  'report.title': 'Vorfall melden',
  'report.intro':
    'Sagen Sie uns in fünf kurzen Schritten, was passiert ist. Vor dem Absenden können Sie zurückgehen und jede Antwort ändern.',
  'report.progress': 'Schritt {current} von {total}',
  'report.step.what': 'Was ist passiert',
  'report.step.when': 'Wann',
  'report.step.who': 'Wer ist betroffen',
  'report.step.saw': 'Was Sie gesehen haben',
  'report.step.review': 'Prüfen und absenden',
  'report.next': 'Weiter',
  'report.back': 'Zurück',
  'report.send': 'Meldung absenden',
  'report.notAllowed':
    'Ihre Rolle erlaubt es nicht, Meldungen zu senden. Wenden Sie sich bei Bedarf an die Administration Ihres Knotens.',
  'report.sending': 'Wird gesendet…',
  'report.what.legend': 'Was ist passiert?',
  'report.what.hint':
    'Wählen Sie, was am besten passt. Wenn Sie es nicht wissen, wählen Sie „Ich bin nicht sicher“.',
  'report.offence.BC-2-illegal-access.name':
    'Jemand ist ohne Erlaubnis in einen Computer oder ein Konto eingedrungen',
  'report.offence.BC-2-illegal-access.help':
    'Zum Beispiel ein gehacktes E-Mail-Konto, ein Server oder ein Netz, in das jemand unberechtigt eingedrungen ist.',
  'report.offence.BC-3-illegal-interception.name':
    'Jemand hat heimlich Kommunikation abgehört oder kopiert',
  'report.offence.BC-3-illegal-interception.help':
    'Nachrichten, Anrufe oder Netzverkehr wurden von jemandem abgefangen, der sie nicht sehen sollte.',
  'report.offence.BC-4-data-interference.name':
    'Daten wurden gelöscht, beschädigt, verändert oder gesperrt',
  'report.offence.BC-4-data-interference.help':
    'Zum Beispiel von Erpressersoftware verschlüsselte Dateien, gelöschte Datensätze oder veränderte Daten.',
  'report.offence.BC-5-system-interference.name':
    'Ein Computersystem oder eine Website wurde gestört',
  'report.offence.BC-5-system-interference.help':
    'Zum Beispiel eine Website, die bis zum Ausfall überlastet wurde („Denial of Service“), oder ein sabotiertes System.',
  'report.offence.BC-6-misuse-of-devices.name':
    'Hacker-Werkzeuge oder gestohlene Passwörter werden angeboten oder benutzt',
  'report.offence.BC-6-misuse-of-devices.help':
    'Jemand verkauft, teilt oder besitzt Schadsoftware oder Passwörter und Zugangscodes, um in Systeme einzudringen.',
  'report.offence.BC-7-computer-forgery.name':
    'Gefälschte Dokumente oder Daten wurden als echt ausgegeben',
  'report.offence.BC-7-computer-forgery.help':
    'Zum Beispiel eine gefälschte Rechnung, die falsche Website einer Bank oder veränderte Unterlagen, die als echt gelten sollen.',
  'report.offence.BC-8-computer-fraud.name':
    'Durch Online-Betrug wurden Geld oder Sachwerte verloren',
  'report.offence.BC-8-computer-fraud.help':
    'Zum Beispiel eine Phishing-E-Mail, die zu einer Zahlung führte, ein Fake-Shop oder eine manipulierte Überweisung.',
  'report.offence.BC-9-csam.name': 'Sexuelle Darstellungen von Kindern',
  'report.offence.BC-9-csam.help':
    'Material, das sexuellen Missbrauch von Kindern zeigt. Nicht kopieren oder weiterleiten; melden Sie, wo Sie es gesehen haben.',
  'report.offence.BC-10-ip-infringement.name': 'Urheberrechtsverletzungen in großem Umfang',
  'report.offence.BC-10-ip-infringement.help':
    'Software, Filme, Musik oder andere Werke, die ohne Erlaubnis gewerbsmäßig kopiert und verbreitet werden.',
  'report.offence.AP1-3-racist-material.name':
    'Online verbreitetes rassistisches oder fremdenfeindliches Material',
  'report.offence.AP1-3-racist-material.help':
    'Texte, Bilder oder Videos, die zu Hass oder Gewalt gegen Menschen wegen ihrer Rasse, Hautfarbe, Herkunft oder Religion aufrufen.',
  'report.offence.AP1-4-racist-threat.name':
    'Eine rassistisch oder fremdenfeindlich motivierte Drohung',
  'report.offence.AP1-4-racist-threat.help':
    'Jemand wurde online wegen seiner Rasse, Hautfarbe, Herkunft oder Religion mit einer schweren Straftat bedroht.',
  'report.offence.AP1-5-racist-insult.name':
    'Eine rassistisch oder fremdenfeindlich motivierte öffentliche Beleidigung',
  'report.offence.AP1-5-racist-insult.help':
    'Jemand wurde online öffentlich wegen seiner Rasse, Hautfarbe, Herkunft oder Religion beleidigt.',
  'report.offence.AP1-6-genocide-denial.name':
    'Leugnung oder Billigung von Völkermord oder Verbrechen gegen die Menschlichkeit',
  'report.offence.AP1-6-genocide-denial.help':
    'Online-Material, das Völkermord oder Verbrechen gegen die Menschlichkeit leugnet, grob verharmlost, billigt oder rechtfertigt.',
  'report.offence.not-sure.name': 'Ich bin nicht sicher',
  'report.offence.not-sure.help':
    'Beschreiben Sie in den nächsten Schritten, was Sie gesehen haben; eine Fachkraft ordnet es ein.',
  'report.offence.citation': 'Rechtsgrundlage: {citation}',
  'report.when.legend': 'Wann ist es passiert?',
  'report.when.at': 'Zu einem Zeitpunkt',
  'report.when.between': 'Über einen Zeitraum',
  'report.when.ongoing': 'Es dauert noch an',
  'report.when.atLabel': 'Datum und Uhrzeit',
  'report.when.from': 'Beginn',
  'report.when.until': 'Ende',
  'report.when.since': 'Beginn (falls bekannt)',
  'report.when.hint': 'Ihre Ortszeit. Eine ungefähre Zeit genügt.',
  'report.who.legend': 'Wer ist betroffen?',
  'report.who.me': 'Ich',
  'report.who.organisation': 'Meine Organisation',
  'report.who.customers': 'Unsere Kunden oder Nutzer',
  'report.who.others': 'Andere Personen oder Organisationen',
  'report.who.count': 'Wie viele sind betroffen (falls bekannt)?',
  'report.who.countHint': 'Eine ungefähre Zahl genügt.',
  'report.saw.text': 'Was haben Sie gesehen?',
  'report.saw.textHint':
    'In Ihren eigenen Worten: was Ihnen aufgefallen ist, wann, was Sie getan haben und was verloren ging oder beschädigt wurde.',
  'report.saw.observables': 'Adressen und Nummern',
  'report.saw.observablesHint':
    'Fügen Sie die Webadressen, E-Mail-Adressen, Telefonnummern oder IP-Adressen, die Sie gesehen haben, einzeln hinzu.',
  'report.saw.kind': 'Art',
  'report.saw.value': 'Adresse oder Nummer',
  'report.saw.add': 'Hinzufügen',
  'report.saw.remove': '{value} entfernen',
  'report.saw.files': 'Dateien oder die E-Mail',
  'report.saw.filesHint':
    'Bildschirmfotos, Dokumente oder die verdächtige E-Mail als .eml-Datei. Höchstens {count} Dateien mit je {size}.',
  'report.saw.fileRemove': 'Datei {name} entfernen',
  'report.kind.url': 'Webadresse (URL)',
  'report.kind.domain': 'Domainname',
  'report.kind.email': 'E-Mail-Adresse',
  'report.kind.ip': 'IP-Adresse',
  'report.kind.phone': 'Telefonnummer',
  'report.review.tlp': 'Wer darf diese Meldung sehen?',
  'report.review.tlpHint': 'Wenn Sie unsicher sind, behalten Sie die vorgeschlagene Wahl.',
  'report.tlp.clear': 'Alle (TLP:CLEAR)',
  'report.tlp.green': 'Die Cybersicherheits-Gemeinschaft (TLP:GREEN)',
  'report.tlp.amber':
    'Die empfangenden Organisationen und ihre Kunden, wenn sie es wissen müssen (TLP:AMBER)',
  'report.tlp.amber+strict': 'Nur die empfangenden Organisationen (TLP:AMBER+STRICT)',
  'report.tlp.red': 'Nur die Personen, die sie erhalten (TLP:RED)',
  'report.review.change': 'Ändern',
  'report.review.notGiven': 'Keine Angabe',
  'report.review.files': 'Dateien',
  'report.done.title': 'Danke. Ihre Meldung wurde gesendet.',
  'report.done.incident': 'Sie wurde als Vorfall erfasst.',
  'report.done.view': 'Vorfall ansehen',
  'report.done.linked': 'Mit dem Vorfall verknüpft',
  'report.done.another': 'Einen weiteren Vorfall melden',
  'report.errors.title': 'Bitte prüfen Sie diese Antworten',
  'report.error.required': 'Diese Angabe wird benötigt.',
  'report.error.unknown-offence': 'Wählen Sie eine der angebotenen Beschreibungen.',
  'report.error.invalid-time': 'Geben Sie ein vollständiges Datum mit Uhrzeit ein.',
  'report.error.in-future': 'Dieses Datum liegt in der Zukunft.',
  'report.error.range-reversed': 'Das Ende liegt vor dem Beginn.',
  'report.error.invalid-count': 'Geben Sie eine ganze Zahl ab 1 ein.',
  'report.error.too-long': 'Dieser Text ist zu lang.',
  'report.error.too-many-observables': 'Zu viele Adressen und Nummern für eine Meldung.',
  'report.error.invalid-url':
    'Das ist keine Webadresse. Sie sollte mit http:// oder https:// beginnen.',
  'report.error.invalid-domain': 'Das ist kein Domainname wie beispiel.de.',
  'report.error.invalid-email': 'Das ist keine E-Mail-Adresse wie name@beispiel.de.',
  'report.error.invalid-ip': 'Das ist keine IP-Adresse wie 192.0.2.1.',
  'report.error.invalid-phone': 'Das ist keine Telefonnummer.',
  'report.error.invalid-file-name': 'Dieser Dateiname kann nicht verwendet werden.',
  'report.error.invalid-base64':
    'Diese Datei konnte nicht gelesen werden. Hängen Sie sie erneut an.',
  'report.error.empty-file': 'Diese Datei ist leer.',
  'report.error.too-many-files': 'Zu viele Dateien für eine Meldung.',
  'report.error.file-too-large': 'Diese Datei ist zu groß.',
  'report.error.total-too-large': 'Die Dateien sind zusammen zu groß.',
};
