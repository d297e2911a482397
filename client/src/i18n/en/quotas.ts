export default {
  heading: 'Time per delegation',
  summary: '{warnings} to watch',
  delegation: 'Delegation',
  used: 'Used',
  left: 'Left',
  of: 'of {quota}',
  warning: 'Little time left',
  exhausted: 'Quota used up',
  hint: 'A turn gets at most what its delegation has left. A used-up quota is a warning: you decide.',
  stageLine: '{delegation}: {left} left of {quota}',
  stageOver: '{delegation}: quota used up ({left})',
};
