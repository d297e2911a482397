import type en from '../en/stage.ts';

export default {
  pageTitle: 'Экран сцены — {room}',
  turnTimer: 'Время выступления',
  sessionTimer: 'Сессия',
  nowSpeaking: 'Сейчас выступает',
  next: 'Следующий',
  nobody: 'Слово никому не предоставлено',
  nobodyNext: 'Очередь пуста',
  pointOfOrder: 'По порядку ведения',
  reply: 'Реплика',
  question: 'Вопрос из зала',
  messages: 'От модератора',
  roomClosed: 'Сессия не открыта',
  interrupted: 'Прервано — продолжит',
  interruptedSpeaking: '{name}: время остановлено до конца выступления по порядку ведения',
  interruptedWaiting: '{name} продолжит с оставшимся временем',
  timeLeft: 'Осталось {time}',
  fullscreen: 'Во весь экран',
} satisfies typeof en;
