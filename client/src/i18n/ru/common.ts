import type en from '../en/common.ts';

export default {
  appName: 'Plenary',
  connection: {
    connecting: 'Подключение…',
    online: 'Подключено',
    offline: 'Связь потеряна — показано последнее известное состояние. Переподключение…',
    offlineAttempt: 'Связь потеряна — переподключение (попытка {attempt})…',
    signedOut: 'Это устройство больше не авторизовано: {reason}',
    paused: 'Сервер закрыл это соединение: {reason} Переподключение произойдёт само в {time}.',
    full: 'Сервер сейчас переполнен и не может принять это подключение. Новая попытка будет сделана автоматически в {time}.',
    joinAgain: 'Войти снова',
  },
  roles: {
    organiser: 'Организатор',
    moderator: 'Модератор',
    panellist: 'Участник панели',
    participant: 'Участник',
    audience: 'Слушатель',
    display: 'Экран',
  },
  attendance: { hall: 'В зале', remote: 'Онлайн' },
  actions: { retry: 'Отправить снова', cancel: 'Отмена', save: 'Сохранить', close: 'Закрыть', back: 'Назад' },
  sendFailed: 'Не отправлено: {message}',
  unconfirmed: 'Сервер не подтвердил получение — возможно, не доставлено.',
  language: 'Язык',
  timer: { overtime: 'Сверх времени', paused: 'Пауза', warning: 'Время почти вышло', danger: 'Время скоро выйдет', idle: 'Не запущен' },
  pollTime: { left: 'Осталось', leftAria: 'До конца голосования {time}', tenSeconds: 'До конца голосования 10 секунд', up: 'Время вышло' },
  presence: '{count} человек | {count} человека | {count} человек',
  loading: 'Загрузка…',
} satisfies typeof en;
