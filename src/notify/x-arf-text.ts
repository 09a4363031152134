/**
 * The human-readable part of notification e-mail, in the languages nohaven's UI speaks (the G8
 * languages, DESIGN.md §11). A contact gets the first of its languages found here, else English.
 */
export const MAIL_LANGUAGES = ['en', 'fr', 'de', 'it', 'ja', 'ru'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

/** The first of `tags` (BCP 47) whose primary language is one of {@link MAIL_LANGUAGES}. */
export function messageLanguage(tags: readonly string[]): MailLanguage {
  for (const tag of tags) {
    const primary = tag.trim().toLowerCase().split('-')[0];
    const found = MAIL_LANGUAGES.find((l) => l === primary);
    if (found) return found;
  }
  return 'en';
}

export interface MailText {
  subject(n: number, node: string): string;
  greeting: string;
  intro(n: number): string;
  routed: string;
  alert: string;
  withheld: string;
  readOnNode: string;
  attached: string;
  footer(node: string): string;
}

export const MAIL_TEXT: Readonly<Record<MailLanguage, MailText>> = {
  en: {
    subject: (n, node) => `[${node}] ${n} abuse report${n === 1 ? '' : 's'} for you`,
    greeting: 'Hello,',
    intro: (n) =>
      `${n} finding${n === 1 ? ' was' : 's were'} routed to you because you are responsible for it or for the country concerned.`,
    routed: 'Finding routed to you',
    alert: 'Outbreak alert',
    withheld:
      'Its content may not be sent outside the platform (marking or distribution); sign in to read it',
    readOnNode: 'Read it on the node',
    attached:
      'Each report is attached in the X-ARF format (report-N.txt) with its evidence (evidence-N.json).',
    footer: (node) => `This message was sent automatically by ${node} (nohaven).`,
  },
  fr: {
    subject: (n, node) => `[${node}] ${n} signalement${n === 1 ? '' : 's'} d’abus pour vous`,
    greeting: 'Bonjour,',
    intro: (n) =>
      `${n} constat${n === 1 ? ' vous a été transmis' : 's vous ont été transmis'} parce que vous en êtes responsable ou responsable du pays concerné.`,
    routed: 'Constat qui vous est transmis',
    alert: 'Alerte d’épidémie',
    withheld:
      'Son contenu ne peut pas être envoyé hors de la plateforme (marquage ou diffusion) ; connectez-vous pour le lire',
    readOnNode: 'À lire sur le nœud',
    attached:
      'Chaque signalement est joint au format X-ARF (report-N.txt) avec ses preuves (evidence-N.json).',
    footer: (node) => `Ce message a été envoyé automatiquement par ${node} (nohaven).`,
  },
  de: {
    subject: (n, node) => `[${node}] ${n} Missbrauchsmeldung${n === 1 ? '' : 'en'} für Sie`,
    greeting: 'Guten Tag,',
    intro: (n) =>
      `${n} Befund${n === 1 ? ' wurde' : 'e wurden'} an Sie weitergeleitet, weil Sie dafür oder für das betroffene Land zuständig sind.`,
    routed: 'An Sie weitergeleiteter Befund',
    alert: 'Ausbruchswarnung',
    withheld:
      'Sein Inhalt darf die Plattform nicht verlassen (Kennzeichnung oder Verteilung); melden Sie sich an, um ihn zu lesen',
    readOnNode: 'Auf dem Knoten lesen',
    attached:
      'Jede Meldung ist im X-ARF-Format angehängt (report-N.txt), mit ihren Belegen (evidence-N.json).',
    footer: (node) => `Diese Nachricht wurde automatisch von ${node} (nohaven) gesendet.`,
  },
  it: {
    subject: (n, node) => `[${node}] ${n} segnalazion${n === 1 ? 'e' : 'i'} di abuso per voi`,
    greeting: 'Buongiorno,',
    intro: (n) =>
      `${n} rilevament${n === 1 ? 'o vi è stato inoltrato' : 'i vi sono stati inoltrati'} perché ne siete responsabili o responsabili del paese interessato.`,
    routed: 'Rilevamento inoltrato a voi',
    alert: 'Allerta di epidemia',
    withheld:
      'Il contenuto non può essere inviato fuori dalla piattaforma (marcatura o distribuzione); accedete per leggerlo',
    readOnNode: 'Leggere sul nodo',
    attached:
      'Ogni segnalazione è allegata in formato X-ARF (report-N.txt) con le sue prove (evidence-N.json).',
    footer: (node) => `Questo messaggio è stato inviato automaticamente da ${node} (nohaven).`,
  },
  ja: {
    subject: (n, node) => `[${node}] 不正利用の報告 ${n} 件`,
    greeting: 'ご担当者様',
    intro: (n) =>
      `貴組織が担当する対象または国に関する検出結果 ${n} 件が貴組織に振り分けられました。`,
    routed: '貴組織に振り分けられた検出結果',
    alert: '感染拡大アラート',
    withheld:
      '内容は(マーキングまたは配布範囲により)プラットフォーム外に送信できません。サインインしてご確認ください',
    readOnNode: 'ノードで確認する',
    attached: '各報告は X-ARF 形式(report-N.txt)で証拠(evidence-N.json)とともに添付されています。',
    footer: (node) => `このメッセージは ${node}(nohaven)から自動送信されました。`,
  },
  ru: {
    subject: (n, node) => `[${node}] Сообщения о нарушениях для вас: ${n}`,
    greeting: 'Здравствуйте!',
    intro: (n) =>
      `Вам направлено находок: ${n}, поскольку вы отвечаете за них или за соответствующую страну.`,
    routed: 'Находка, направленная вам',
    alert: 'Предупреждение о вспышке',
    withheld:
      'Её содержимое нельзя отправлять за пределы платформы (маркировка или круг распространения); войдите, чтобы прочитать',
    readOnNode: 'Открыть на узле',
    attached:
      'Каждое сообщение приложено в формате X-ARF (report-N.txt) вместе с доказательствами (evidence-N.json).',
    footer: (node) => `Это сообщение отправлено автоматически узлом ${node} (nohaven).`,
  },
};
