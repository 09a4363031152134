/**
 * English strings of the "report an incident" wizard (issue 4), spread into the English
 * dictionary. Offences are named in plain language here; their official titles come from
 * `src/legal/offence-taxonomy.ts`. Errors are `report.error.<code>`, the API's problem codes.
 */
export const reportEn = {
  'nav.report': 'Report an incident',
  'report.title': 'Report an incident',
  'report.intro':
    'Tell us what happened in five short steps. You can go back and change any answer before you send.',
  'report.progress': 'Step {current} of {total}',
  'report.step.what': 'What happened',
  'report.step.when': 'When',
  'report.step.who': 'Who is affected',
  'report.step.saw': 'What you saw',
  'report.step.review': 'Check and send',
  'report.next': 'Next',
  'report.back': 'Back',
  'report.send': 'Send the report',
  'report.notAllowed':
    'Your role does not allow sending reports. Ask your node administrator if you need to.',
  'report.sending': 'Sending…',
  'report.what.legend': 'What happened?',
  'report.what.hint': 'Choose what fits best. If you cannot tell, choose “I am not sure”.',
  'report.offence.BC-2-illegal-access.name':
    'Someone got into a computer or account without permission',
  'report.offence.BC-2-illegal-access.help':
    'For example a hacked e-mail account, server or network that someone entered without the right to.',
  'report.offence.BC-3-illegal-interception.name':
    'Someone secretly listened to or copied communications',
  'report.offence.BC-3-illegal-interception.help':
    'Messages, calls or network traffic were captured by someone who was not meant to see them.',
  'report.offence.BC-4-data-interference.name': 'Data was deleted, damaged, changed or locked',
  'report.offence.BC-4-data-interference.help':
    'For example files encrypted by ransomware, deleted records or changed data.',
  'report.offence.BC-5-system-interference.name': 'A computer system or website was disrupted',
  'report.offence.BC-5-system-interference.help':
    'For example a website flooded until it went down (a “denial of service” attack) or a system sabotaged.',
  'report.offence.BC-6-misuse-of-devices.name':
    'Hacking tools or stolen passwords are offered or used',
  'report.offence.BC-6-misuse-of-devices.help':
    'Someone sells, shares or holds malicious software, or passwords and access codes, to break into systems.',
  'report.offence.BC-7-computer-forgery.name': 'Fake documents or data were made to look genuine',
  'report.offence.BC-7-computer-forgery.help':
    'For example a forged invoice, a fake website of a bank, or altered records presented as real.',
  'report.offence.BC-8-computer-fraud.name': 'Money or property was lost through online fraud',
  'report.offence.BC-8-computer-fraud.help':
    'For example a phishing e-mail that led to a payment, a fake shop, or a manipulated bank transfer.',
  'report.offence.BC-9-csam.name': 'Sexual images of children',
  'report.offence.BC-9-csam.help':
    'Material that shows the sexual abuse of children. Do not copy or forward it; report where you saw it.',
  'report.offence.BC-10-ip-infringement.name': 'Copyright piracy on a large scale',
  'report.offence.BC-10-ip-infringement.help':
    'Software, films, music or other works copied and distributed commercially without permission.',
  'report.offence.AP1-3-racist-material.name': 'Racist or xenophobic material spread online',
  'report.offence.AP1-3-racist-material.help':
    'Texts, images or videos that promote hatred or violence against people because of race, colour, origin or religion.',
  'report.offence.AP1-4-racist-threat.name': 'A threat motivated by racism or xenophobia',
  'report.offence.AP1-4-racist-threat.help':
    'Someone was threatened with a serious crime online because of their race, colour, origin or religion.',
  'report.offence.AP1-5-racist-insult.name': 'A public insult motivated by racism or xenophobia',
  'report.offence.AP1-5-racist-insult.help':
    'Someone was insulted in public online because of their race, colour, origin or religion.',
  'report.offence.AP1-6-genocide-denial.name':
    'Denial or approval of genocide or crimes against humanity',
  'report.offence.AP1-6-genocide-denial.help':
    'Online material that denies, grossly minimises, approves or justifies genocide or crimes against humanity.',
  'report.offence.not-sure.name': 'I am not sure',
  'report.offence.not-sure.help':
    'Describe what you saw in the next steps; an analyst will classify it.',
  'report.offence.citation': 'Legal reference: {citation}',
  'report.when.legend': 'When did it happen?',
  'report.when.at': 'At one moment',
  'report.when.between': 'Over a period of time',
  'report.when.ongoing': 'It is still going on',
  'report.when.atLabel': 'Date and time',
  'report.when.from': 'Started',
  'report.when.until': 'Ended',
  'report.when.since': 'Started (if you know)',
  'report.when.hint': 'Your local time. An approximate time is fine.',
  'report.who.legend': 'Who is affected?',
  'report.who.me': 'Me',
  'report.who.organisation': 'My organisation',
  'report.who.customers': 'Our customers or users',
  'report.who.others': 'Other people or organisations',
  'report.who.count': 'How many are affected (if you know)?',
  'report.who.countHint': 'A rough number is fine.',
  'report.saw.text': 'What did you see?',
  'report.saw.textHint':
    'In your own words: what you noticed, when, what you did, and what was lost or damaged.',
  'report.saw.observables': 'Addresses and numbers',
  'report.saw.observablesHint':
    'Add the web addresses, e-mail addresses, phone numbers or IP addresses you saw, one at a time.',
  'report.saw.kind': 'Kind',
  'report.saw.value': 'Address or number',
  'report.saw.add': 'Add',
  'report.saw.remove': 'Remove {value}',
  'report.saw.files': 'Files or the e-mail',
  'report.saw.filesHint':
    'Screenshots, documents, or the suspicious e-mail saved as an .eml file. At most {count} files of {size} each.',
  'report.saw.fileRemove': 'Remove the file {name}',
  'report.kind.url': 'Web address (URL)',
  'report.kind.domain': 'Domain name',
  'report.kind.email': 'E-mail address',
  'report.kind.ip': 'IP address',
  'report.kind.phone': 'Phone number',
  'report.review.tlp': 'Who may see this report?',
  'report.review.tlpHint': 'If you are not sure, keep the suggested choice.',
  'report.tlp.clear': 'Anyone (TLP:CLEAR)',
  'report.tlp.green': 'The cyber-security community (TLP:GREEN)',
  'report.tlp.amber':
    'The receiving organisations and their clients, if they need to know (TLP:AMBER)',
  'report.tlp.amber+strict': 'The receiving organisations only (TLP:AMBER+STRICT)',
  'report.tlp.red': 'Only the people who receive it (TLP:RED)',
  'report.review.change': 'Change',
  'report.review.notGiven': 'Not given',
  'report.review.files': 'Files',
  'report.done.title': 'Thank you. Your report was sent.',
  'report.done.incident': 'It was recorded as an incident.',
  'report.done.view': 'View the incident',
  'report.done.linked': 'Linked to the incident',
  'report.done.another': 'Report another incident',
  'report.errors.title': 'Please check these answers',
  'report.error.required': 'This answer is needed.',
  'report.error.unknown-offence': 'Choose one of the offered descriptions.',
  'report.error.invalid-time': 'Enter a complete date and time.',
  'report.error.in-future': 'This date is in the future.',
  'report.error.range-reversed': 'The end is before the start.',
  'report.error.invalid-count': 'Enter a whole number of at least 1.',
  'report.error.too-long': 'This text is too long.',
  'report.error.too-many-observables': 'Too many addresses and numbers for one report.',
  'report.error.invalid-url':
    'This is not a web address. It should start with http:// or https://.',
  'report.error.invalid-domain': 'This is not a domain name, such as example.com.',
  'report.error.invalid-email': 'This is not an e-mail address, such as name@example.com.',
  'report.error.invalid-ip': 'This is not an IP address, such as 192.0.2.1.',
  'report.error.invalid-phone': 'This is not a phone number.',
  'report.error.invalid-file-name': 'This file name cannot be used.',
  'report.error.invalid-base64': 'This file could not be read. Attach it again.',
  'report.error.empty-file': 'This file is empty.',
  'report.error.too-many-files': 'Too many files for one report.',
  'report.error.file-too-large': 'This file is too large.',
  'report.error.total-too-large': 'The files are too large together.',
} as const;
export type ReportMessages = Readonly<Record<keyof typeof reportEn, string>>;
