export default {
  pageTitle: 'Stage display — {room}',
  turnTimer: 'Speaking time',
  sessionTimer: 'Session',
  nowSpeaking: 'Now speaking',
  next: 'Next',
  nobody: 'No one has the floor',
  nobodyNext: 'No one is waiting',
  pointOfOrder: 'Point of order',
  reply: 'Reply',
  messages: 'From the moderator',
  roomClosed: 'The room is not open',
  fullscreen: 'Full screen',
};
