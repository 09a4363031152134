import type { ReportMessages } from './en.js';

/** Français : l’assistant « Signaler un incident ». */
export const reportFr: ReportMessages = {
  'nav.report': 'Signaler un incident',
  'report.title': 'Signaler un incident',
  'report.intro':
    'Dites-nous ce qui s’est passé en cinq courtes étapes. Vous pouvez revenir en arrière et modifier chaque réponse avant l’envoi.',
  'report.progress': 'Étape {current} sur {total}',
  'report.step.what': 'Ce qui s’est passé',
  'report.step.when': 'Quand',
  'report.step.who': 'Qui est touché',
  'report.step.saw': 'Ce que vous avez vu',
  'report.step.review': 'Vérifier et envoyer',
  'report.next': 'Suivant',
  'report.back': 'Retour',
  'report.send': 'Envoyer le signalement',
  'report.notAllowed':
    'Votre rôle ne permet pas d’envoyer des signalements. Adressez-vous à l’administrateur de votre nœud si nécessaire.',
  'report.sending': 'Envoi en cours…',
  'report.what.legend': 'Que s’est-il passé ?',
  'report.what.hint':
    'Choisissez ce qui correspond le mieux. Si vous ne savez pas, choisissez « Je ne suis pas sûr ».',
  'report.offence.BC-2-illegal-access.name':
    'Quelqu’un est entré dans un ordinateur ou un compte sans autorisation',
  'report.offence.BC-2-illegal-access.help':
    'Par exemple une messagerie, un serveur ou un réseau piraté, dans lequel quelqu’un est entré sans en avoir le droit.',
  'report.offence.BC-3-illegal-interception.name':
    'Quelqu’un a écouté ou copié des communications en secret',
  'report.offence.BC-3-illegal-interception.help':
    'Des messages, des appels ou du trafic réseau ont été captés par quelqu’un qui ne devait pas les voir.',
  'report.offence.BC-4-data-interference.name':
    'Des données ont été effacées, abîmées, modifiées ou bloquées',
  'report.offence.BC-4-data-interference.help':
    'Par exemple des fichiers chiffrés par un rançongiciel, des enregistrements supprimés ou des données modifiées.',
  'report.offence.BC-5-system-interference.name':
    'Un système informatique ou un site web a été perturbé',
  'report.offence.BC-5-system-interference.help':
    'Par exemple un site submergé jusqu’à tomber en panne (attaque par « déni de service ») ou un système saboté.',
  'report.offence.BC-6-misuse-of-devices.name':
    'Des outils de piratage ou des mots de passe volés sont proposés ou utilisés',
  'report.offence.BC-6-misuse-of-devices.help':
    'Quelqu’un vend, partage ou détient des logiciels malveillants, ou des mots de passe et codes d’accès, pour pénétrer dans des systèmes.',
  'report.offence.BC-7-computer-forgery.name':
    'De faux documents ou de fausses données ont été présentés comme authentiques',
  'report.offence.BC-7-computer-forgery.help':
    'Par exemple une fausse facture, le faux site d’une banque ou des registres modifiés présentés comme vrais.',
  'report.offence.BC-8-computer-fraud.name':
    'De l’argent ou des biens ont été perdus à cause d’une fraude en ligne',
  'report.offence.BC-8-computer-fraud.help':
    'Par exemple un courriel d’hameçonnage qui a conduit à un paiement, une fausse boutique ou un virement manipulé.',
  'report.offence.BC-9-csam.name': 'Images sexuelles d’enfants',
  'report.offence.BC-9-csam.help':
    'Contenus montrant des abus sexuels sur des enfants. Ne les copiez pas et ne les transférez pas ; signalez où vous les avez vus.',
  'report.offence.BC-10-ip-infringement.name': 'Piratage d’œuvres à grande échelle',
  'report.offence.BC-10-ip-infringement.help':
    'Logiciels, films, musique ou autres œuvres copiés et diffusés commercialement sans autorisation.',
  'report.offence.AP1-3-racist-material.name': 'Contenus racistes ou xénophobes diffusés en ligne',
  'report.offence.AP1-3-racist-material.help':
    'Textes, images ou vidéos qui incitent à la haine ou à la violence contre des personnes en raison de leur race, couleur, origine ou religion.',
  'report.offence.AP1-4-racist-threat.name': 'Une menace à motivation raciste ou xénophobe',
  'report.offence.AP1-4-racist-threat.help':
    'Quelqu’un a été menacé en ligne d’un crime grave en raison de sa race, de sa couleur, de son origine ou de sa religion.',
  'report.offence.AP1-5-racist-insult.name':
    'Une insulte publique à motivation raciste ou xénophobe',
  'report.offence.AP1-5-racist-insult.help':
    'Quelqu’un a été insulté publiquement en ligne en raison de sa race, de sa couleur, de son origine ou de sa religion.',
  'report.offence.AP1-6-genocide-denial.name':
    'Négation ou approbation d’un génocide ou de crimes contre l’humanité',
  'report.offence.AP1-6-genocide-denial.help':
    'Contenus en ligne qui nient, minimisent grossièrement, approuvent ou justifient un génocide ou des crimes contre l’humanité.',
  'report.offence.not-sure.name': 'Je ne suis pas sûr',
  'report.offence.not-sure.help':
    'Décrivez ce que vous avez vu aux étapes suivantes ; un analyste le classera.',
  'report.offence.citation': 'Référence juridique : {citation}',
  'report.when.legend': 'Quand cela s’est-il passé ?',
  'report.when.at': 'À un moment précis',
  'report.when.between': 'Sur une période',
  'report.when.ongoing': 'Cela continue encore',
  'report.when.atLabel': 'Date et heure',
  'report.when.from': 'Début',
  'report.when.until': 'Fin',
  'report.when.since': 'Début (si vous le savez)',
  'report.when.hint': 'Votre heure locale. Une heure approximative suffit.',
  'report.who.legend': 'Qui est touché ?',
  'report.who.me': 'Moi',
  'report.who.organisation': 'Mon organisation',
  'report.who.customers': 'Nos clients ou utilisateurs',
  'report.who.others': 'D’autres personnes ou organisations',
  'report.who.count': 'Combien sont touchés (si vous le savez) ?',
  'report.who.countHint': 'Un nombre approximatif suffit.',
  'report.saw.text': 'Qu’avez-vous vu ?',
  'report.saw.textHint':
    'Avec vos mots : ce que vous avez remarqué, quand, ce que vous avez fait, et ce qui a été perdu ou endommagé.',
  'report.saw.observables': 'Adresses et numéros',
  'report.saw.observablesHint':
    'Ajoutez une par une les adresses web, adresses électroniques, numéros de téléphone ou adresses IP que vous avez vus.',
  'report.saw.kind': 'Nature',
  'report.saw.value': 'Adresse ou numéro',
  'report.saw.add': 'Ajouter',
  'report.saw.remove': 'Retirer {value}',
  'report.saw.files': 'Fichiers ou le courriel',
  'report.saw.filesHint':
    'Captures d’écran, documents, ou le courriel suspect enregistré en fichier .eml. Au plus {count} fichiers de {size} chacun.',
  'report.saw.fileRemove': 'Retirer le fichier {name}',
  'report.kind.url': 'Adresse web (URL)',
  'report.kind.domain': 'Nom de domaine',
  'report.kind.email': 'Adresse électronique',
  'report.kind.ip': 'Adresse IP',
  'report.kind.phone': 'Numéro de téléphone',
  'report.review.tlp': 'Qui peut voir ce signalement ?',
  'report.review.tlpHint': 'Si vous hésitez, gardez le choix proposé.',
  'report.tlp.clear': 'Tout le monde (TLP:CLEAR)',
  'report.tlp.green': 'La communauté de la cybersécurité (TLP:GREEN)',
  'report.tlp.amber':
    'Les organisations destinataires et leurs clients, s’ils en ont besoin (TLP:AMBER)',
  'report.tlp.amber+strict': 'Les organisations destinataires seulement (TLP:AMBER+STRICT)',
  'report.tlp.red': 'Seulement les personnes qui le reçoivent (TLP:RED)',
  'report.review.change': 'Modifier',
  'report.review.notGiven': 'Non indiqué',
  'report.review.files': 'Fichiers',
  'report.done.title': 'Merci. Votre signalement a été envoyé.',
  'report.done.incident': 'Il a été enregistré comme incident.',
  'report.done.view': 'Voir l’incident',
  'report.done.linked': 'Lié à l’incident',
  'report.done.another': 'Signaler un autre incident',
  'report.errors.title': 'Veuillez vérifier ces réponses',
  'report.error.required': 'Cette réponse est nécessaire.',
  'report.error.unknown-offence': 'Choisissez l’une des descriptions proposées.',
  'report.error.invalid-time': 'Saisissez une date et une heure complètes.',
  'report.error.in-future': 'Cette date est dans le futur.',
  'report.error.range-reversed': 'La fin est avant le début.',
  'report.error.invalid-count': 'Saisissez un nombre entier d’au moins 1.',
  'report.error.too-long': 'Ce texte est trop long.',
  'report.error.too-many-observables': 'Trop d’adresses et de numéros pour un seul signalement.',
  'report.error.invalid-url':
    'Ce n’est pas une adresse web. Elle doit commencer par http:// ou https://.',
  'report.error.invalid-domain': 'Ce n’est pas un nom de domaine, comme exemple.fr.',
  'report.error.invalid-email': 'Ce n’est pas une adresse électronique, comme nom@exemple.fr.',
  'report.error.invalid-ip': 'Ce n’est pas une adresse IP, comme 192.0.2.1.',
  'report.error.invalid-phone': 'Ce n’est pas un numéro de téléphone.',
  'report.error.invalid-file-name': 'Ce nom de fichier ne peut pas être utilisé.',
  'report.error.invalid-base64': 'Ce fichier n’a pas pu être lu. Joignez-le à nouveau.',
  'report.error.empty-file': 'Ce fichier est vide.',
  'report.error.too-many-files': 'Trop de fichiers pour un seul signalement.',
  'report.error.file-too-large': 'Ce fichier est trop volumineux.',
  'report.error.total-too-large': 'Les fichiers sont trop volumineux ensemble.',
};
