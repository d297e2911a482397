import type en from '../en/agenda.ts';

export default {
  calendar: 'Добавить в календарь (iCalendar)',
  timesIn: 'Время указано в часовом поясе {zone}',
  code: 'Код для зала #{code}',
  signedInAs: 'Вы вошли как {name} · {role}',
  notYou: 'Это не вы? Войти заново',
  organiser: 'Панель организатора',
  yourRoom: 'Ваша сессия ({role})',
  yourRoomTag: 'Ваш',
  nowNextHeading: 'Сейчас и далее',
  now: 'Сейчас',
  next: 'Далее',
  ended: 'Программа завершена. Сессии остаются доступны для просмотра.',
  startsOn: 'Программа начнётся: {day}.',
  enter: 'Войти',
  stageDisplay: 'Экран для сцены',
  projector: 'Проектор',
  andMore: '{names} и ещё {count} | {names} и ещё {count} | {names} и ещё {count}',
  kinds: {
    plenary: 'Пленарное заседание',
    keynote: 'Основной доклад',
    panel: 'Панельная сессия',
    roundtable: 'Круглый стол',
    workshop: 'Семинар',
    breakout: 'Секция',
  },
} satisfies typeof en;
