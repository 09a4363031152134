import type { ReportMessages } from './en.js';

/** 日本語：「インシデントを報告」ウィザード。 */
export const reportJa: ReportMessages = {
  'nav.report': 'インシデントを報告',
  'report.title': 'インシデントを報告',
  'report.intro':
    '5つの短いステップで、何が起きたかを教えてください。送信する前なら、戻って答えを変更できます。',
  'report.progress': 'ステップ {current}／{total}',
  'report.step.what': '何が起きたか',
  'report.step.when': 'いつ',
  'report.step.who': '被害を受けた人',
  'report.step.saw': '見たこと',
  'report.step.review': '確認して送信',
  'report.next': '次へ',
  'report.back': '戻る',
  'report.send': '報告を送信',
  'report.notAllowed':
    'あなたのロールでは報告を送信できません。必要な場合はノードの管理者に相談してください。',
  'report.sending': '送信中…',
  'report.what.legend': '何が起きましたか？',
  'report.what.hint':
    'いちばん近いものを選んでください。わからない場合は「よくわからない」を選んでください。',
  'report.offence.BC-2-illegal-access.name': '誰かが許可なくコンピューターやアカウントに入った',
  'report.offence.BC-2-illegal-access.help':
    '例：権限のない人に侵入されたメールアカウント、サーバー、ネットワーク。',
  'report.offence.BC-3-illegal-interception.name': '誰かが通信をひそかに盗聴・コピーした',
  'report.offence.BC-3-illegal-interception.help':
    'メッセージ、通話、ネットワーク通信が、見るはずのない人に傍受された。',
  'report.offence.BC-4-data-interference.name': 'データが削除・破損・改ざん・ロックされた',
  'report.offence.BC-4-data-interference.help':
    '例：ランサムウェアで暗号化されたファイル、消された記録、書き換えられたデータ。',
  'report.offence.BC-5-system-interference.name':
    'コンピューターシステムやウェブサイトが妨害された',
  'report.offence.BC-5-system-interference.help':
    '例：アクセスを大量に送られて止まったウェブサイト（サービス妨害攻撃）、破壊工作を受けたシステム。',
  'report.offence.BC-6-misuse-of-devices.name':
    'ハッキングツールや盗まれたパスワードが売られている・使われている',
  'report.offence.BC-6-misuse-of-devices.help':
    'システムに侵入するための不正なソフトウェアやパスワード、アクセスコードを、誰かが販売・共有・所持している。',
  'report.offence.BC-7-computer-forgery.name': '偽の文書やデータが本物のように見せかけられた',
  'report.offence.BC-7-computer-forgery.help':
    '例：偽の請求書、銀行の偽サイト、本物として示された改ざん記録。',
  'report.offence.BC-8-computer-fraud.name': 'オンライン詐欺でお金や財産を失った',
  'report.offence.BC-8-computer-fraud.help':
    '例：支払いにつながったフィッシングメール、偽の通販サイト、操作された銀行振込。',
  'report.offence.BC-9-csam.name': '子どもの性的な画像',
  'report.offence.BC-9-csam.help':
    '子どもへの性的虐待を写したもの。コピーや転送はせず、どこで見たかを報告してください。',
  'report.offence.BC-10-ip-infringement.name': '大規模な著作権侵害',
  'report.offence.BC-10-ip-infringement.help':
    'ソフトウェア、映画、音楽などの作品が、許可なく商業的にコピー・配布されている。',
  'report.offence.AP1-3-racist-material.name': 'オンラインで広められた人種差別的・排外的な内容',
  'report.offence.AP1-3-racist-material.help':
    '人種、肌の色、出身、宗教を理由に、憎しみや暴力をあおる文章、画像、動画。',
  'report.offence.AP1-4-racist-threat.name': '人種差別的・排外的な動機による脅迫',
  'report.offence.AP1-4-racist-threat.help':
    '人種、肌の色、出身、宗教を理由に、オンラインで重大な犯罪を行うと脅された。',
  'report.offence.AP1-5-racist-insult.name': '人種差別的・排外的な動機による公然の侮辱',
  'report.offence.AP1-5-racist-insult.help':
    '人種、肌の色、出身、宗教を理由に、オンラインで公然と侮辱された。',
  'report.offence.AP1-6-genocide-denial.name': 'ジェノサイドや人道に対する罪の否定・是認',
  'report.offence.AP1-6-genocide-denial.help':
    'ジェノサイドや人道に対する罪を否定し、著しく矮小化し、是認し、または正当化するオンラインの内容。',
  'report.offence.not-sure.name': 'よくわからない',
  'report.offence.not-sure.help':
    '次のステップで見たことを書いてください。分析担当者が分類します。',
  'report.offence.citation': '法的根拠：{citation}',
  'report.when.legend': 'いつ起きましたか？',
  'report.when.at': 'ある時点',
  'report.when.between': 'ある期間',
  'report.when.ongoing': '今も続いている',
  'report.when.atLabel': '日時',
  'report.when.from': '開始',
  'report.when.until': '終了',
  'report.when.since': '開始（わかれば）',
  'report.when.hint': 'あなたの現地時間で入力してください。おおよその時刻でかまいません。',
  'report.who.legend': '被害を受けたのは誰ですか？',
  'report.who.me': '自分',
  'report.who.organisation': '自分の組織',
  'report.who.customers': '私たちの顧客や利用者',
  'report.who.others': 'ほかの人や組織',
  'report.who.count': '被害を受けた数（わかれば）',
  'report.who.countHint': 'おおよその数でかまいません。',
  'report.saw.text': '何を見ましたか？',
  'report.saw.textHint':
    'ご自分の言葉で：気づいたこと、その時期、取った行動、失われたものや壊れたもの。',
  'report.saw.observables': 'アドレスと番号',
  'report.saw.observablesHint':
    '見かけたウェブアドレス、メールアドレス、電話番号、IPアドレスを1つずつ追加してください。',
  'report.saw.kind': '種類',
  'report.saw.value': 'アドレスまたは番号',
  'report.saw.add': '追加',
  'report.saw.remove': '{value} を削除',
  'report.saw.files': 'ファイルまたはメール',
  'report.saw.filesHint':
    'スクリーンショット、文書、または .eml ファイルとして保存した不審なメール。最大 {count} ファイル、1つあたり {size} まで。',
  'report.saw.fileRemove': 'ファイル {name} を削除',
  'report.kind.url': 'ウェブアドレス（URL）',
  'report.kind.domain': 'ドメイン名',
  'report.kind.email': 'メールアドレス',
  'report.kind.ip': 'IPアドレス',
  'report.kind.phone': '電話番号',
  'report.review.tlp': 'この報告を見てよいのは誰ですか？',
  'report.review.tlpHint': '迷ったら、提案された選択のままにしてください。',
  'report.tlp.clear': '誰でも（TLP:CLEAR）',
  'report.tlp.green': 'サイバーセキュリティのコミュニティ（TLP:GREEN）',
  'report.tlp.amber': '受け取った組織とその顧客のうち、知る必要のある人（TLP:AMBER）',
  'report.tlp.amber+strict': '受け取った組織のみ（TLP:AMBER+STRICT）',
  'report.tlp.red': '受け取った本人のみ（TLP:RED）',
  'report.review.change': '変更',
  'report.review.notGiven': '未入力',
  'report.review.files': 'ファイル',
  'report.done.title': 'ありがとうございました。報告を送信しました。',
  'report.done.incident': 'インシデントとして記録されました。',
  'report.done.view': 'インシデントを見る',
  'report.done.linked': 'インシデントに関連付けられたもの',
  'report.done.another': '別のインシデントを報告',
  'report.errors.title': '次の回答を確認してください',
  'report.error.required': 'この回答が必要です。',
  'report.error.unknown-offence': '表示された説明から1つ選んでください。',
  'report.error.invalid-time': '日付と時刻をすべて入力してください。',
  'report.error.in-future': 'この日付は未来です。',
  'report.error.range-reversed': '終了が開始より前になっています。',
  'report.error.invalid-count': '1以上の整数を入力してください。',
  'report.error.too-long': 'この文章は長すぎます。',
  'report.error.too-many-observables': '1件の報告にはアドレスと番号が多すぎます。',
  'report.error.invalid-url':
    'ウェブアドレスではありません。http:// または https:// で始めてください。',
  'report.error.invalid-domain': 'example.jp のようなドメイン名ではありません。',
  'report.error.invalid-email': 'name@example.jp のようなメールアドレスではありません。',
  'report.error.invalid-ip': '192.0.2.1 のようなIPアドレスではありません。',
  'report.error.invalid-phone': '電話番号ではありません。',
  'report.error.invalid-file-name': 'このファイル名は使えません。',
  'report.error.invalid-base64': 'このファイルを読み込めませんでした。もう一度添付してください。',
  'report.error.empty-file': 'このファイルは空です。',
  'report.error.too-many-files': '1件の報告にはファイルが多すぎます。',
  'report.error.file-too-large': 'このファイルは大きすぎます。',
  'report.error.total-too-large': 'ファイルの合計サイズが大きすぎます。',
};
