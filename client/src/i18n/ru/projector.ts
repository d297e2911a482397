import type en from '../en/projector.ts';

export default {
  pageTitle: 'Проектор — {room}',
  join: 'Подключайтесь:',
  code: 'Код',
  qrLabel: 'QR-код для подключения: {url}',
  resultsHidden: 'Результаты появятся, когда модератор их откроет',
  responses: 'Пока {count} ответ | Пока {count} ответа | Пока {count} ответов',
  noResponses: 'Ответов пока нет',
  votingOpen: 'Голосование открыто — голосуйте с телефона',
  votingClosed: 'Голосование завершено',
  noPoll: 'Опрос, который здесь показывался, больше недоступен',
  pinnedQuestion: 'Вопрос',
  anonymous: 'Анонимно',
  addressedTo: 'Кому: {name}',
  votes: '{count} голос | {count} голоса | {count} голосов',
  topQuestions: 'Популярные вопросы',
  noQuestions: 'Вопросов пока нет — задайте свой с телефона',
  noPinned: 'Нет закреплённого вопроса',
  nextOnAgenda: 'Далее в программе',
  endOfAgenda: 'Это последняя сессия мероприятия',
  timeRange: '{start}–{end}',
} satisfies typeof en;
