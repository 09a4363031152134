import type { ReportMessages } from './en.js';

/** Русский: мастер «Сообщить об инциденте». */
export const reportRu: ReportMessages = {
  'nav.report': 'Сообщить об инциденте',
  'report.title': 'Сообщить об инциденте',
  'report.intro':
    'Расскажите, что произошло, за пять коротких шагов. До отправки можно вернуться и изменить любой ответ.',
  'report.progress': 'Шаг {current} из {total}',
  'report.step.what': 'Что произошло',
  'report.step.when': 'Когда',
  'report.step.who': 'Кто пострадал',
  'report.step.saw': 'Что вы видели',
  'report.step.review': 'Проверка и отправка',
  'report.next': 'Далее',
  'report.back': 'Назад',
  'report.send': 'Отправить сообщение',
  'report.notAllowed':
    'Ваша роль не позволяет отправлять сообщения. При необходимости обратитесь к администратору узла.',
  'report.sending': 'Отправка…',
  'report.what.legend': 'Что произошло?',
  'report.what.hint': 'Выберите наиболее подходящий вариант. Если не знаете, выберите «Не уверен».',
  'report.offence.BC-2-illegal-access.name':
    'Кто-то без разрешения проник в компьютер или учётную запись',
  'report.offence.BC-2-illegal-access.help':
    'Например, взломанная почта, сервер или сеть, в которые кто-то вошёл, не имея на это права.',
  'report.offence.BC-3-illegal-interception.name':
    'Кто-то тайно прослушивал или копировал переписку',
  'report.offence.BC-3-illegal-interception.help':
    'Сообщения, звонки или сетевой трафик перехватил тот, кто не должен был их видеть.',
  'report.offence.BC-4-data-interference.name':
    'Данные удалены, повреждены, изменены или заблокированы',
  'report.offence.BC-4-data-interference.help':
    'Например, файлы, зашифрованные программой-вымогателем, удалённые записи или изменённые данные.',
  'report.offence.BC-5-system-interference.name': 'Нарушена работа компьютерной системы или сайта',
  'report.offence.BC-5-system-interference.help':
    'Например, сайт, заваленный запросами до отказа (атака «отказ в обслуживании»), или выведенная из строя система.',
  'report.offence.BC-6-misuse-of-devices.name':
    'Предлагаются или используются хакерские инструменты или украденные пароли',
  'report.offence.BC-6-misuse-of-devices.help':
    'Кто-то продаёт, передаёт или хранит вредоносные программы, пароли или коды доступа для проникновения в системы.',
  'report.offence.BC-7-computer-forgery.name':
    'Поддельные документы или данные выданы за подлинные',
  'report.offence.BC-7-computer-forgery.help':
    'Например, поддельный счёт, фальшивый сайт банка или изменённые записи, выданные за настоящие.',
  'report.offence.BC-8-computer-fraud.name':
    'Из-за мошенничества в интернете потеряны деньги или имущество',
  'report.offence.BC-8-computer-fraud.help':
    'Например, фишинговое письмо, после которого был сделан платёж, поддельный магазин или подменённый банковский перевод.',
  'report.offence.BC-9-csam.name': 'Сексуальные изображения детей',
  'report.offence.BC-9-csam.help':
    'Материалы с сексуальным насилием над детьми. Не копируйте и не пересылайте их; сообщите, где вы их видели.',
  'report.offence.BC-10-ip-infringement.name': 'Массовое нарушение авторских прав',
  'report.offence.BC-10-ip-infringement.help':
    'Программы, фильмы, музыка или другие произведения копируются и распространяются в коммерческих целях без разрешения.',
  'report.offence.AP1-3-racist-material.name': 'Расистские или ксенофобские материалы в интернете',
  'report.offence.AP1-3-racist-material.help':
    'Тексты, изображения или видео, призывающие к ненависти или насилию из-за расы, цвета кожи, происхождения или религии.',
  'report.offence.AP1-4-racist-threat.name': 'Угроза на почве расизма или ксенофобии',
  'report.offence.AP1-4-racist-threat.help':
    'Кому-то в интернете угрожали тяжким преступлением из-за расы, цвета кожи, происхождения или религии.',
  'report.offence.AP1-5-racist-insult.name':
    'Публичное оскорбление на почве расизма или ксенофобии',
  'report.offence.AP1-5-racist-insult.help':
    'Кого-то публично оскорбили в интернете из-за расы, цвета кожи, происхождения или религии.',
  'report.offence.AP1-6-genocide-denial.name':
    'Отрицание или одобрение геноцида или преступлений против человечности',
  'report.offence.AP1-6-genocide-denial.help':
    'Материалы в интернете, которые отрицают, грубо преуменьшают, одобряют или оправдывают геноцид или преступления против человечности.',
  'report.offence.not-sure.name': 'Не уверен',
  'report.offence.not-sure.help':
    'Опишите увиденное на следующих шагах; аналитик определит вид правонарушения.',
  'report.offence.citation': 'Правовая основа: {citation}',
  'report.when.legend': 'Когда это произошло?',
  'report.when.at': 'В определённый момент',
  'report.when.between': 'В течение периода',
  'report.when.ongoing': 'Это продолжается',
  'report.when.atLabel': 'Дата и время',
  'report.when.from': 'Начало',
  'report.when.until': 'Окончание',
  'report.when.since': 'Начало (если известно)',
  'report.when.hint': 'По вашему местному времени. Можно указать примерно.',
  'report.who.legend': 'Кто пострадал?',
  'report.who.me': 'Я',
  'report.who.organisation': 'Моя организация',
  'report.who.customers': 'Наши клиенты или пользователи',
  'report.who.others': 'Другие люди или организации',
  'report.who.count': 'Сколько пострадавших (если известно)?',
  'report.who.countHint': 'Можно указать примерно.',
  'report.saw.text': 'Что вы видели?',
  'report.saw.textHint':
    'Своими словами: что вы заметили, когда, что вы сделали и что было потеряно или повреждено.',
  'report.saw.observables': 'Адреса и номера',
  'report.saw.observablesHint':
    'Добавьте по одному веб-адреса, адреса электронной почты, номера телефонов или IP-адреса, которые вы видели.',
  'report.saw.kind': 'Вид',
  'report.saw.value': 'Адрес или номер',
  'report.saw.add': 'Добавить',
  'report.saw.remove': 'Удалить {value}',
  'report.saw.files': 'Файлы или письмо',
  'report.saw.filesHint':
    'Снимки экрана, документы или подозрительное письмо, сохранённое как файл .eml. Не более {count} файлов по {size}.',
  'report.saw.fileRemove': 'Удалить файл {name}',
  'report.kind.url': 'Веб-адрес (URL)',
  'report.kind.domain': 'Доменное имя',
  'report.kind.email': 'Адрес электронной почты',
  'report.kind.ip': 'IP-адрес',
  'report.kind.phone': 'Номер телефона',
  'report.review.tlp': 'Кто может видеть это сообщение?',
  'report.review.tlpHint': 'Если сомневаетесь, оставьте предложенный вариант.',
  'report.tlp.clear': 'Все (TLP:CLEAR)',
  'report.tlp.green': 'Сообщество кибербезопасности (TLP:GREEN)',
  'report.tlp.amber': 'Организации-получатели и их клиенты, если им нужно знать (TLP:AMBER)',
  'report.tlp.amber+strict': 'Только организации-получатели (TLP:AMBER+STRICT)',
  'report.tlp.red': 'Только получившие его люди (TLP:RED)',
  'report.review.change': 'Изменить',
  'report.review.notGiven': 'Не указано',
  'report.review.files': 'Файлы',
  'report.done.title': 'Спасибо. Ваше сообщение отправлено.',
  'report.done.incident': 'Оно зарегистрировано как инцидент.',
  'report.done.view': 'Открыть инцидент',
  'report.done.linked': 'Связано с инцидентом',
  'report.done.another': 'Сообщить о другом инциденте',
  'report.errors.title': 'Проверьте эти ответы',
  'report.error.required': 'Нужен ответ.',
  'report.error.unknown-offence': 'Выберите одно из предложенных описаний.',
  'report.error.invalid-time': 'Укажите полную дату и время.',
  'report.error.in-future': 'Эта дата в будущем.',
  'report.error.range-reversed': 'Окончание раньше начала.',
  'report.error.invalid-count': 'Введите целое число не меньше 1.',
  'report.error.too-long': 'Текст слишком длинный.',
  'report.error.too-many-observables': 'Слишком много адресов и номеров для одного сообщения.',
  'report.error.invalid-url': 'Это не веб-адрес. Он должен начинаться с http:// или https://.',
  'report.error.invalid-domain': 'Это не доменное имя, например example.ru.',
  'report.error.invalid-email': 'Это не адрес электронной почты, например name@example.ru.',
  'report.error.invalid-ip': 'Это не IP-адрес, например 192.0.2.1.',
  'report.error.invalid-phone': 'Это не номер телефона.',
  'report.error.invalid-file-name': 'Это имя файла использовать нельзя.',
  'report.error.invalid-base64': 'Не удалось прочитать файл. Прикрепите его ещё раз.',
  'report.error.empty-file': 'Файл пустой.',
  'report.error.too-many-files': 'Слишком много файлов для одного сообщения.',
  'report.error.file-too-large': 'Файл слишком большой.',
  'report.error.total-too-large': 'Файлы вместе слишком большие.',
};
