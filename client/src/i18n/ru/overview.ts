import type en from '../en/overview.ts';

export default {
  heading: 'Обзор столов',
  intro: 'Залы этой сессии в реальном времени.',
  open: 'Открыт',
  closed: 'Закрыт',
  speaking: 'Выступает',
  nobodySpeaking: 'Слово никому не предоставлено',
  waiting: 'ждёт слова: {n} | ждут слова: {n} | ждут слова: {n}',
  present: '{n} человек в зале | {n} человека в зале | {n} человек в зале',
  poll: 'Опрос',
  voters: '{n} голос | {n} голоса | {n} голосов',
  noPoll: 'Открытого опроса нет',
  countdownShown: 'Обратный отсчёт',
  message: {
    heading: 'Сообщение всем столам',
    label: 'Появится на пульте модератора и экране сцены каждого стола',
    send: 'Отправить всем столам',
    sent: 'Отправлено столам: {n}.',
  },
  countdown: {
    heading: 'Общий обратный отсчёт',
    label: 'Подпись',
    minutes: 'Минуты',
    defaultLabel: 'Возвращаемся в главный зал',
    start: 'Запустить во всех залах',
    started: 'Запущено в залах: {n}.',
  },
} satisfies typeof en;
